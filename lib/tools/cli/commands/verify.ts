/** `cdk-telemetry verify`: after `cdk deploy`, check that the account matches the cloud assembly. */
import type { Command } from 'commander';
import type * as Verify from '../../verify/verify';
import { endIfPartial, readAssemblyOption } from '../assembly-option';
import {
  allowPartialOption,
  asUsageError,
  choice,
  cloudWatchClient,
  emit,
  parseDurationOption,
  xrayClient,
} from '../options';
import { EXIT, UsageError, type CliIo } from '../program';

interface VerifyOptions {
  app: string;
  region?: string;
  profile?: string;
  prefix?: string;
  roundTrip?: string | boolean;
  timeout: string;
  format: string;
  out?: string;
  all?: boolean;
  strict?: boolean;
  allowPartial?: boolean;
}

const ROUND_TRIPS = ['metrics', 'traces'] as const;

function roundTrips(value: string | boolean | undefined): ('metrics' | 'traces')[] {
  if (value === undefined || value === false) return [];
  if (value === true) return [...ROUND_TRIPS];
  return value.split(',').map((v) => choice('--round-trip', v.trim(), ROUND_TRIPS));
}

async function run(opts: VerifyOptions, io: CliIo): Promise<void> {
  const format = choice('--format', opts.format, ['table', 'md', 'json'] as const);
  const { read, alarms } = readAssemblyOption(opts.app, io, '--app ');
  if (opts.prefix === '') throw new UsageError('--prefix must not be empty');
  // Loaded on use: the verifier brings the CloudWatch and X-Ray SDKs, which no other command needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a fast start
  const { verify, verifySummary, verifyTable } = require('../../verify/verify') as typeof Verify;
  const report = await verify({
    stacks: read.stacks,
    alarms,
    cloudwatch: cloudWatchClient(opts),
    xray: xrayClient(opts),
    ...(opts.prefix ? { prefix: opts.prefix } : {}),
    roundTrips: roundTrips(opts.roundTrip),
    roundTrip: { timeoutSeconds: parseDurationOption('--timeout', opts.timeout) },
  });
  const text =
    format === 'json'
      ? JSON.stringify(
          { prefix: report.prefix, summary: verifySummary(report), checks: report.checks },
          null,
          2,
        )
      : verifyTable(report, format === 'md' ? 'md' : 'text', opts.all);
  emit(io, text, opts.out);
  endIfPartial([{ read, label: '--app ' }], 'verification', opts.allowPartial);
  const s = verifySummary(report);
  if (s.fail > 0 || (opts.strict && s.warn > 0)) process.exitCode = EXIT.FOUND;
}

export function registerVerify(program: Command, io: CliIo): void {
  program
    .command('verify')
    .description(
      'After cdk deploy: check that the alarms, X-Ray sampling rules and groups in the account match the assembly.',
    )
    .option('--app <dir>', 'cloud assembly (cdk.out), a folder of templates, or one template file', 'cdk.out')
    .option('--region <region>', 'AWS region (default: the standard chain)')
    .option('--profile <profile>', 'AWS profile (default: the standard chain)')
    .option(
      '--prefix <prefix>',
      'deployed alarms with this prefix must be in the assembly (default: "<app>-" from the alarms)',
    )
    .option(
      '--round-trip [kinds]',
      'also send and read back test telemetry: metrics, traces, or both (the default)',
    )
    .option('--timeout <duration>', 'how long a round trip may wait for its data', '3m')
    .option('--format <format>', 'table, md or json', 'table')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--all', 'list passing checks too')
    .option('--strict', 'exit 1 on warnings too')
    .addOption(allowPartialOption())
    .action(async (opts: VerifyOptions) => {
      try {
        await run(opts, io);
      } catch (e) {
        throw asUsageError(e);
      }
    });
}
