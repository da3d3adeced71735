/**
 * `cdk-telemetry runtime-config`: the settings of `cdk-telemetry/runtime` (budgets, redaction rules) from
 * telemetry.yaml, as a module the application imports or as the value of `CDK_TELEMETRY_RUNTIME`. `--check` fails
 * when the module on disk no longer matches the config: change a budget once, and CI keeps the code in step.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  RUNTIME_SETTINGS_ENV,
  encodeRuntimeSettings,
  type RuntimeSettings,
} from '../../../model/app-metrics';
import { defineCommand, fileOption } from '../builders';
import { EXIT, UsageError } from '../errors';
import type { CliIo } from '../io';
import { asUsageError } from '../options';
import { writeOptionFile } from '../output';

interface Options {
  readonly config: string;
  readonly output?: string;
  readonly service?: string;
  readonly operations?: string;
  readonly check?: boolean;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${file}: ${code === 'ENOENT' ? 'file not found' : `cannot read the file (${code})`}`,
    );
  }
}

export function registerRuntimeConfig(program: Command, io: CliIo): void {
  defineCommand(program, {
    name: 'runtime-config',
    description: `Write the runtime's settings (budgets, redaction rules) from telemetry.yaml: a module (-o) or the value of ${RUNTIME_SETTINGS_ENV}.`,
  })
    .option('-c, --config <file>', 'the config', 'telemetry.yaml')
    .addOption(fileOption('-o, --output <file>', 'write a module: .ts, .mts, .cts, .mjs, .cjs or .json'))
    .option('--service <name>', 'the module of event names without a dot (a service of the config)')
    .option(
      '--operations <list>',
      `only these budgets (comma-separated), to keep ${RUNTIME_SETTINGS_ENV} small`,
    )
    .option('--check', 'exit 1 when the module (-o) is not what the config gives (for CI)')
    .action(async (opts: Options) => {
      // Loaded on use: the config parser brings yaml, zod and aws-cdk-lib, which the other commands never need.
      const { ConfigError } = await import('../../../config/errors');
      const { renderSettingsModule, runtimeSettingsFromText } =
        await import('../../../config/runtime-settings');
      let settings: RuntimeSettings;
      try {
        settings = runtimeSettingsFromText(readText(opts.config), opts.config, opts.service);
      } catch (e) {
        if (e instanceof ConfigError) throw asUsageError(e);
        throw e;
      }
      const operations = opts.operations
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (operations) {
        const unknown = operations.filter((op) => !settings.budgets.operations.has(op));
        if (unknown.length)
          throw new UsageError(
            `--operations: no budget for ${unknown.join(', ')} (budgets: ${[...settings.budgets.operations.keys()].join(', ') || 'none'})`,
          );
        settings = {
          ...settings,
          budgets: {
            ...settings.budgets,
            operations: new Map([...settings.budgets.operations].filter(([op]) => operations.includes(op))),
          },
        };
      }
      if (!opts.output) {
        if (opts.check) throw new UsageError('--check needs the module to compare: give -o <file>');
        try {
          io.out(encodeRuntimeSettings(settings) + '\n');
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        return;
      }
      let text: string;
      try {
        text = renderSettingsModule(settings, opts.output, opts.config);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      if (opts.check) {
        let current: string | undefined;
        try {
          current = readFileSync(opts.output, 'utf8');
        } catch {
          current = undefined;
        }
        if (current === text) {
          io.err(`${opts.output} is up to date with ${opts.config}\n`);
          return;
        }
        io.err(
          `${opts.output} ${current === undefined ? 'does not exist' : `is out of date with ${opts.config}`}: run cdk-telemetry runtime-config -c ${opts.config} -o ${opts.output}\n`,
        );
        process.exitCode = EXIT.FOUND;
        return;
      }
      writeOptionFile('--output', opts.output, text);
      io.err(`wrote ${opts.output}\n`);
    });
}
