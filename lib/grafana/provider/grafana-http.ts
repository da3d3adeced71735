/**
 * A small client for the Grafana HTTP API of a workspace: bearer token, JSON in and out, a timeout per request,
 * and retries with exponential backoff on 5xx, 429, timeouts and network errors. The token is held in a closure
 * and never appears in an error message or a log line.
 */

export interface RetryPolicy {
  /** Attempts per request, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** Wait before attempt `n + 1` (n >= 1), in ms. @default 500 * 2^(n-1) with ±20 % jitter, at most 8 s */
  readonly backoffMs?: (attempt: number) => number;
  /** Per-request timeout in ms. @default 15000 */
  readonly timeoutMs?: number;
  /** How to wait (tests pass a fake). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const defaultBackoff = (attempt: number) =>
  Math.min(8000, 500 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A Grafana HTTP API call that failed for good. */
export class GrafanaHttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`${method} ${path}: ${status ? `HTTP ${status}` : 'no response'}${detail ? ` (${detail})` : ''}`);
    this.name = 'GrafanaHttpError';
  }
}

export interface GrafanaResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export type Logger = (line: string) => void;

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** Grafana answers errors as `{ message }`; keep it short and single-line. */
function detailOf(body: unknown, text: string): string {
  const message =
    body && typeof body === 'object' && 'message' in body
      ? String((body as { message: unknown }).message)
      : text;
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}

export class GrafanaHttp {
  private readonly baseUrl: string;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly authorization: () => string;

  constructor(
    endpoint: string,
    token: string,
    retry: RetryPolicy = {},
    private readonly log: Logger = () => undefined,
    /** Aborted when the invocation runs out of time: in-flight requests stop and nothing is retried. */
    private readonly signal?: AbortSignal,
  ) {
    this.baseUrl = (/^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`).replace(/\/+$/, '');
    this.maxAttempts = retry.maxAttempts ?? 5;
    this.backoffMs = retry.backoffMs ?? defaultBackoff;
    this.timeoutMs = retry.timeoutMs ?? 15_000;
    this.sleep = retry.sleep ?? realSleep;
    this.authorization = () => `Bearer ${token}`;
  }

  /**
   * Sends one request. Statuses in `accept` are returned to the caller (e.g. 404 on a lookup); other 4xx fail at
   * once; 5xx, 429, timeouts and network errors are retried.
   */
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    accept: readonly number[] = [],
  ): Promise<GrafanaResponse<T>> {
    let lastStatus: number | undefined;
    let lastDetail = '';
    let attempt = 0;
    while (attempt < this.maxAttempts) {
      attempt++;
      if (this.signal?.aborted) throw new GrafanaHttpError(method, path, lastStatus, 'out of time');
      if (attempt > 1) {
        const wait = Math.round(this.backoffMs(attempt - 1));
        this.log(`${method} ${path}: ${lastStatus ?? lastDetail}, retry ${attempt - 1} in ${wait} ms`);
        await this.sleep(wait);
      }
      let status: number;
      let text: string;
      try {
        const timeout = AbortSignal.timeout(this.timeoutMs);
        const res = await fetch(this.baseUrl + path, {
          method,
          headers: {
            authorization: this.authorization(),
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: this.signal ? AbortSignal.any([timeout, this.signal]) : timeout,
        });
        status = res.status;
        text = await res.text();
      } catch (e) {
        const err = e as Error;
        lastStatus = undefined;
        lastDetail = err.name === 'TimeoutError' ? `timed out after ${this.timeoutMs} ms` : err.message;
        if (this.signal?.aborted) break;
        continue;
      }
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON (an HTML error page from a proxy): the text is used as the detail.
      }
      if ((status >= 200 && status < 300) || accept.includes(status)) {
        this.log(`${method} ${path}: ${status}`);
        return { status, body: parsed as T };
      }
      lastStatus = status;
      lastDetail = detailOf(parsed, text);
      if (status === 401 || status === 403) {
        throw new GrafanaHttpError(
          method,
          path,
          status,
          `${lastDetail}; the service account token was refused: check the workspace id and that the workspace is ACTIVE`,
        );
      }
      if (!RETRYABLE.has(status)) throw new GrafanaHttpError(method, path, status, lastDetail);
    }
    throw new GrafanaHttpError(method, path, lastStatus, `${lastDetail}; gave up after ${attempt} attempts`);
  }
}
