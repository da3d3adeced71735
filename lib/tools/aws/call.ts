/**
 * Every AWS call of the live tools goes through {@link awsCall}: throttling (and 5xx) is retried with exponential
 * backoff and full jitter; access denied becomes an {@link AwsAccessError} that names the IAM permission the
 * command needs; missing credentials or region become an {@link AwsSetupError} that says how to provide them.
 * Credentials and region come from the SDK's standard chain (environment, shared config and credentials files,
 * SSO, container and instance roles).
 */

/** The account refused a call: the message names the missing IAM permission. */
export class AwsAccessError extends Error {
  constructor(
    readonly permission: string,
    detail: string,
  ) {
    super(`access denied: this needs the IAM permission ${permission} (AWS said: ${detail})`);
    this.name = 'AwsAccessError';
  }
}

/** No credentials, no region, expired credentials: a setup problem of the person running the command. */
export class AwsSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsSetupError';
  }
}

interface AwsErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
]);
const ACCESS = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'NotAuthorized']);
const EXPIRED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
]);

export function isThrottling(e: unknown): boolean {
  const err = e as AwsErrorLike;
  return (
    THROTTLING.has(err?.name ?? '') ||
    err?.$retryable?.throttling === true ||
    err?.$metadata?.httpStatusCode === 429
  );
}

function isTransient(e: unknown): boolean {
  const status = (e as AwsErrorLike)?.$metadata?.httpStatusCode ?? 0;
  return (
    status >= 500 ||
    ['InternalServiceError', 'InternalFailure', 'ServiceUnavailable'].includes(
      (e as AwsErrorLike)?.name ?? '',
    )
  );
}

export interface RetryOptions {
  /** Attempts in all, the first included. @default 8 */
  readonly attempts?: number;
  /** Milliseconds before the first retry (doubled each time, with full jitter). @default 200 */
  readonly baseDelayMs?: number;
  /** @default 20000 */
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Told before each retry (for progress output). */
  readonly onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends one command. `service` is the IAM prefix (`cloudwatch`, `xray`); the action is the command's name
 * without `Command`.
 */
export async function awsCall<T>(
  service: string,
  client: { send(command: never): Promise<unknown> },
  command: object,
  options: RetryOptions = {},
): Promise<T> {
  const action = command.constructor.name.replace(/Command$/, '');
  const attempts = options.attempts ?? 8;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return (await client.send(command as never)) as T;
    } catch (e) {
      const err = e as AwsErrorLike;
      const name = err?.name ?? '';
      if (
        ACCESS.has(name) ||
        (err?.$metadata?.httpStatusCode === 403 && !isThrottling(e) && !EXPIRED.has(name))
      )
        throw new AwsAccessError(`${service}:${action}`, err.message ?? name);
      if (EXPIRED.has(name))
        throw new AwsSetupError(
          `the AWS credentials were refused (${name}): refresh them (aws sso login, new keys) and retry`,
        );
      if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(err?.message ?? ''))
        throw new AwsSetupError(
          'no AWS credentials found: set AWS_PROFILE (or pass --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is available',
        );
      if (/Region is missing/i.test(err?.message ?? ''))
        throw new AwsSetupError(
          'no AWS region: pass --region, or set AWS_REGION, or a region in the profile',
        );
      if ((isThrottling(e) || isTransient(e)) && attempt < attempts) {
        const cap = Math.min(options.maxDelayMs ?? 20_000, (options.baseDelayMs ?? 200) * 2 ** (attempt - 1));
        const delay = Math.round(random() * cap);
        options.onRetry?.(attempt, delay, e);
        await sleep(delay);
        continue;
      }
      throw e;
    }
  }
}

/**
 * Follows `NextToken` until the last page: `page(token)` fetches one page, `each` takes its results. Returns the
 * number of requests.
 */
export async function forEachPage<Out extends { NextToken?: string }>(
  page: (token: string | undefined) => Promise<Out>,
  each: (out: Out) => void,
): Promise<number> {
  let token: string | undefined;
  let requests = 0;
  do {
    const out = await page(token);
    requests++;
    each(out);
    token = out.NextToken;
  } while (token);
  return requests;
}
