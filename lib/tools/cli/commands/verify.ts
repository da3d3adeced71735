/** `cdk-telemetry verify`: after `cdk deploy`, check that the account matches the cloud assembly. */
import type { Command } from 'commander';
import type * as Verify from '../../verify/verify';
import { verifyDoc } from '../../verify/verify-doc';
import { alarmsOf, endIfPartial, readAssembly, type AssemblyOptions } from '../assembly-option';
import { defineCommand } from '../builders';
import { EXIT, UsageError } from '../errors';
import type { CliIo } from '../io';
import {
  asUsageError,
  choice,
  cloudWatchClient,
  parseDurationOption,
  xrayClient,
  type AwsOptions,
} from '../options';
import { writeReport, type OutputOptions } from '../output';

interface VerifyOptions extends AssemblyOptions, OutputOptions, AwsOptions {
  prefix?: string;
  roundTrip?: string | boolean;
  timeout: string;
  all?: boolean;
  strict?: boolean;
  appMetrics?: string | boolean;
}

/** How recent an application metric's last datapoint must be, by default. */
const APP_METRICS_WINDOW = '1h';

const ROUND_TRIPS = ['metrics', 'traces'] as const;

function roundTrips(value: string | boolean | undefined): ('metrics' | 'traces')[] {
  if (value === undefined || value === false) return [];
  if (value === true) return [...ROUND_TRIPS];
  return value.split(',').map((v) => choice('--round-trip', v.trim(), ROUND_TRIPS));
}

async function run(opts: VerifyOptions, io: CliIo): Promise<void> {
  const read = readAssembly(opts.app, io);
  const alarms = alarmsOf(read);
  if (opts.prefix === '') throw new UsageError('--prefix must not be empty');
  // Loaded on use: the verifier brings the CloudWatch and X-Ray SDKs, which no other command needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a fast start
  const { verify, verifySummary } = require('../../verify/verify') as typeof Verify;
  const report = await verify({
    stacks: read.stacks,
    alarms,
    cloudwatch: cloudWatchClient(opts),
    xray: xrayClient(opts),
    ...(opts.prefix ? { prefix: opts.prefix } : {}),
    roundTrips: roundTrips(opts.roundTrip),
    roundTrip: { timeoutSeconds: parseDurationOption('--timeout', opts.timeout) },
    ...(opts.appMetrics
      ? {
          appMetrics: {
            windowSeconds: parseDurationOption(
              '--app-metrics',
              opts.appMetrics === true ? APP_METRICS_WINDOW : opts.appMetrics,
            ),
          },
        }
      : {}),
  });
  writeReport(
    io,
    opts,
    () => verifyDoc(report, { all: opts.all, root: read.root }),
    () => ({ prefix: report.prefix, summary: verifySummary(report), checks: report.checks }),
  );
  endIfPartial([{ read }], 'verification', opts.allowPartial);
  const s = verifySummary(report);
  if (s.fail > 0 || (opts.strict && s.warn > 0)) process.exitCode = EXIT.FOUND;
}

export function registerVerify(program: Command, io: CliIo): void {
  defineCommand(program, {
    name: 'verify',
    description:
      'After cdk deploy: check that the alarms, X-Ray sampling rules and groups in the account match the assembly.',
    assembly: true,
    formats: ['table', 'md', 'json', 'html'],
    aws: true,
  })
    .option(
      '--prefix <prefix>',
      'deployed alarms with this prefix must be in the assembly (default: "<app>-" from the alarms)',
    )
    .option(
      '--round-trip [kinds]',
      'also send and read back test telemetry: metrics, traces, or both (the default)',
    )
    .option(
      '--app-metrics [window]',
      `also check that the application emits every metric of its namespace the alarms and dashboards read: it exists (else fail) and has a datapoint in the window (else warn; default ${APP_METRICS_WINDOW})`,
    )
    .option('--timeout <duration>', 'how long a round trip may wait for its data', '3m')
    .option('--all', 'list passing checks too')
    .option('--strict', 'exit 1 on warnings too')
    .action(async (opts: VerifyOptions) => {
      try {
        await run(opts, io);
      } catch (e) {
        throw asUsageError(e);
      }
    });
}
