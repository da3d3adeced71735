/**
 * Where documents go: standard output, written directly (not through `console`). In Lambda, `console` is replaced by
 * the runtime: with the JSON log format it wraps every line in `{"timestamp","level","requestId","message"}`, which
 * hides an EMF document from CloudWatch (its `_aws` member is no longer at the root), and with a log level above
 * INFO it drops `console.log` altogether. A line written to stdout reaches CloudWatch Logs as it is, in both formats.
 *
 * Never blocks, never throws, bounded memory: on Linux, Node writes to a pipe asynchronously, queueing what the
 * reader has not taken yet; once that backlog passes `maxPendingBytes` the sink refuses documents (the runtime
 * counts them as dropped) instead of queueing without bound.
 *
 * The usual write skips the stream: when nothing is queued, the text is encoded into a reused buffer and written to
 * the file descriptor in one `write` call (Node has made a pipe's descriptor non-blocking: a full pipe answers
 * EAGAIN at once). That halves the cost of an invocation in bench/runtime.ts (no write request, no string kept
 * for a later encoding pass), and the order of lines stays that of the writes: a direct write happens only when
 * the stream has nothing queued, and whatever the descriptor did not take is queued on the stream, as bytes.
 */
import { writeSync } from 'node:fs';

/** Where the runtime writes its lines. */
export interface TelemetrySink {
  /** Whether the sink takes a write now. When false the runtime drops the flush without serializing it. */
  ready?(): boolean;
  /** Writes whole lines (each ends with `\n`). Returns false when the text was not taken. May throw: caught. */
  write(text: string): boolean;
}

/** The part of a Node writable stream the stdout sink uses. */
export interface WritableLike {
  write(chunk: string | Uint8Array): boolean;
  /** The file descriptor (process.stdout has one): writes may go to it directly when nothing is queued. */
  readonly fd?: unknown;
  readonly writableLength: number;
  readonly destroyed?: boolean;
  on(event: 'error', listener: (e: unknown) => void): unknown;
  listenerCount(event: 'error'): number;
}

/**
 * Writes to standard output (or another stream), refusing writes while its backlog is over a bound. (While a write
 * is in flight, Node keeps later ones and sends them together in one writev call: no coalescing is needed here.)
 */
export class StreamSink implements TelemetrySink {
  private stream: WritableLike | undefined;
  private broken = false;
  /** The descriptor written to directly, or -1 (the stream has none, or its `write` was replaced). */
  private fd = -1;
  /** The reused buffer of direct writes (allocated on the first). */
  private buffer: Buffer | undefined;

  constructor(
    private readonly maxPendingBytes: number,
    private readonly open: () => WritableLike = () => process.stdout,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  private get out(): WritableLike {
    if (!this.stream) {
      const s = this.open();
      // A closed stdout (EPIPE) emits 'error' later; with no listener Node would crash the application over it.
      if (s.listenerCount('error') === 0) {
        s.on('error', (e) => {
          this.broken = true;
          this.onError(e);
        });
      }
      this.stream = s;
      // A replaced `write` (a log capture, a test) must see every line: then everything goes through it.
      const own = Object.prototype.hasOwnProperty.call(s, 'write');
      if (typeof s.fd === 'number' && Number.isInteger(s.fd) && s.fd >= 0 && !own) this.fd = s.fd;
    }
    return this.stream;
  }

  /** Bytes the stream has not written yet. */
  get backlog(): number {
    return this.out.writableLength;
  }

  /** Resolves when the stream has written everything queued, or after `timeoutMs`. */
  written(timeoutMs: number): Promise<void> {
    return written(this.out, timeoutMs);
  }

  /** Whether a write would be taken now: the stream is open and its queue is below the pending-bytes cap. */
  ready(): boolean {
    return !this.broken && !this.out.destroyed && this.out.writableLength < this.maxPendingBytes;
  }

  /** Queues text on the stream; `false` (and nothing written) when the sink is not `ready()`. */
  write(text: string): boolean {
    if (!this.ready()) return false;
    const out = this.out;
    if (this.fd < 0 || text.length > DIRECT_CHARS) {
      out.write(text);
      return true;
    }
    if (out.writableLength > 0) {
      this.queue(out, text);
      return true;
    }
    const buffer = (this.buffer ??= Buffer.allocUnsafe(DIRECT_CHARS * 3)); // UTF-8: at most 3 bytes per char
    const n = buffer.write(text, 0, 'utf8');
    let taken = 0;
    try {
      taken = writeSync(this.fd, buffer, 0, n);
    } catch (e) {
      const code = (e as { code?: unknown })?.code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') {
        this.broken = true; // EPIPE, EBADF: the stream would report the same later
        throw e;
      }
    }
    if (taken === 0) this.queue(out, text);
    else if (taken < n) {
      // the rest is queued: a copy, as the reused buffer is overwritten by the next write
      const rest = Buffer.allocUnsafe(n - taken);
      buffer.copy(rest, 0, taken, n);
      out.write(rest);
    }
    return true;
  }

  /**
   * Queues the text on the stream as bytes, not as the string: a backlog of strings costs an encoding pass per
   * string when the stream writes them, and keeps every string alive until then.
   */
  private queue(out: WritableLike, text: string): void {
    out.write(Buffer.from(text, 'utf8'));
  }
}

/** Texts up to this many characters are written directly (a flush is a few documents of a few hundred bytes). */
const DIRECT_CHARS = 16 * 1024;

/** Keeps every line in memory: for tests and for reading what the runtime would write. */
export class MemorySink implements TelemetrySink {
  /** Every non-empty line written, in order. */
  readonly lines: string[] = [];
  /** Keeps each non-empty line of `text`; always `true`. */
  write(text: string): boolean {
    for (const line of text.split('\n')) if (line) this.lines.push(line);
    return true;
  }
  /** The lines parsed as JSON. */
  documents(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  /** Forgets every line kept. */
  clear(): void {
    this.lines.length = 0;
  }
}

/**
 * Resolves when `stream` has written everything queued, or after `timeoutMs`. Polls: 'drain' is emitted only after a
 * write that returned false, so a small backlog would never announce its end.
 */
export async function written(
  stream: Pick<WritableLike, 'writableLength'>,
  timeoutMs: number,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (stream.writableLength > 0 && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
