/** Option parsing shared by the commands: times, durations, choices, AWS clients, and user errors. */
import type * as CloudWatchSdk from '@aws-sdk/client-cloudwatch';
import type * as XRaySdk from '@aws-sdk/client-xray';
import { ConfigError } from '../../config/errors';
import { durationProblem, parseDurationMs } from '../../model/duration';
import { AwsAccessError, AwsSetupError } from '../aws/call';
import { HistoryFileError, parseTimestamp } from '../history/timestamps';
import { InputLimitError } from '../limits';
import { UsageError } from './errors';

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

export interface AwsOptions {
  readonly region?: string;
  readonly profile?: string;
}

const clientConfig = (o: AwsOptions) => ({
  ...(o.region ? { region: o.region } : {}),
  ...(o.profile ? { profile: o.profile } : {}),
});

/**
 * The SDK prints a 9-line warning on Node.js 20 (its versions after January 2027 need Node.js 22) before
 * anything the command says, burying a one-line error; cdk-telemetry supports Node.js 20 (package.json
 * `engines`), so the warning is switched off the way the SDK documents (aws/aws-sdk-js-v3#7983), unless the
 * user set the variable.
 */
function quietSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/**
 * Clients with the standard credential and region chain; `--region`/`--profile` override it. The SDK is loaded
 * only when a command talks to AWS, so the CLI starts fast.
 */
export function cloudWatchClient(o: AwsOptions): CloudWatchSdk.CloudWatchClient {
  quietSdk();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a fast start
  const sdk = require('@aws-sdk/client-cloudwatch') as typeof CloudWatchSdk;
  return new sdk.CloudWatchClient(clientConfig(o));
}
export function xrayClient(o: AwsOptions): XRaySdk.XRayClient {
  quietSdk();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a fast start
  const sdk = require('@aws-sdk/client-xray') as typeof XRaySdk;
  return new sdk.XRayClient(clientConfig(o));
}

/** Mistakes of the person running the command become one-line usage errors (exit 2). */
export function asUsageError(e: unknown): unknown {
  // A config or test file lists every problem, one a line: each keeps its own line (and its `error: `).
  if (e instanceof ConfigError) return new UsageError(e.lines);
  if (
    e instanceof HistoryFileError ||
    e instanceof AwsAccessError ||
    e instanceof AwsSetupError ||
    e instanceof InputLimitError
  )
    return new UsageError(e.message);
  return e;
}
