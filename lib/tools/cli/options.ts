/** Option parsing shared by the commands: times, durations, choices, AWS clients, and user errors. */
import type * as CloudWatchSdk from '@aws-sdk/client-cloudwatch';
import type * as XRaySdk from '@aws-sdk/client-xray';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Option } from 'commander';
import { ConfigError } from '../../config/errors';
import { durationProblem, parseDurationMs } from '../../model/duration';
import { AwsAccessError, AwsSetupError } from '../aws/call';
import { HistoryFileError, parseTimestamp } from '../history/timestamps';
import { InputLimitError } from '../limits';
import { UsageError, type CliIo } from './program';

/**
 * A time option: ISO 8601, epoch seconds, `now`, or a duration before now (`7d`, `36h`). Returns epoch seconds.
 */
export function parseTimeOption(flag: string, text: string, now: number): number {
  if (text === 'now') return now;
  if (/^\d+(\.\d+)?(ms|s|m|h|d)$/.test(text)) return now - parseDurationMs(text) / 1000;
  const t = parseTimestamp(text);
  if (t === undefined)
    throw new UsageError(
      `${flag} "${text}" is not a time (write ISO 8601 like 2026-03-01T00:00:00Z, epoch seconds, now, or a duration before now like 7d)`,
    );
  return t;
}

/** A duration option (`90s`, `5m`), in seconds. */
export function parseDurationOption(flag: string, text: string): number {
  const problem = durationProblem(text);
  if (problem) throw new UsageError(`${flag} ${problem}`);
  return parseDurationMs(text) / 1000;
}

export function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} "${value}" is not allowed (allowed: ${allowed.join(', ')})`);
  return value as T;
}

export function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} "${value}" is not a whole number of at least 1`);
  return n;
}

/**
 * `--allow-partial`: act on an assembly that could not be read in full. Its problems are printed either way;
 * without the option, a command that acted on a partial read ends with exit 2.
 */
export const allowPartialOption = () =>
  new Option(
    '--allow-partial',
    'accept an assembly with unreadable stacks or alarms (warnings still list them; without it, exit 2)',
  );

export interface AwsOptions {
  readonly region?: string;
  readonly profile?: string;
}

const clientConfig = (o: AwsOptions) => ({
  ...(o.region ? { region: o.region } : {}),
  ...(o.profile ? { profile: o.profile } : {}),
});

/**
 * Clients with the standard credential and region chain; `--region`/`--profile` override it. The SDK is loaded
 * only when a command talks to AWS, so the CLI starts fast.
 */
export function cloudWatchClient(o: AwsOptions): CloudWatchSdk.CloudWatchClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a fast start
  const sdk = require('@aws-sdk/client-cloudwatch') as typeof CloudWatchSdk;
  return new sdk.CloudWatchClient(clientConfig(o));
}
export function xrayClient(o: AwsOptions): XRaySdk.XRayClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a fast start
  const sdk = require('@aws-sdk/client-xray') as typeof XRaySdk;
  return new sdk.XRayClient(clientConfig(o));
}

/** Mistakes of the person running the command become one-line usage errors (exit 2). */
export function asUsageError(e: unknown): unknown {
  if (
    e instanceof HistoryFileError ||
    e instanceof AwsAccessError ||
    e instanceof AwsSetupError ||
    e instanceof ConfigError ||
    e instanceof InputLimitError
  )
    return new UsageError(e.message);
  return e;
}

/** Writes the file `--out`, `--output` or `--junit` names, creating its folder; a failure is a usage error. */
export function writeOptionFile(flag: string, file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot be written (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}

/** Writes a report to `--out` or to stdout. */
export function emit(io: CliIo, text: string, out?: string): void {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (!out) return io.out(body);
  writeOptionFile('--out', out, body);
  io.err(`wrote ${out}\n`);
}
