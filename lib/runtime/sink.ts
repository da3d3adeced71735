/**
 * Where documents go: standard output, written directly (not through `console`). In Lambda, `console` is replaced by
 * the runtime: with the JSON log format it wraps every line in `{"timestamp","level","requestId","message"}`, which
 * hides an EMF document from CloudWatch (its `_aws` member is no longer at the root), and with a log level above
 * INFO it drops `console.log` altogether. A line written to stdout reaches CloudWatch Logs as it is, in both formats.
 *
 * Never blocks, never throws, bounded memory: on Linux, Node writes to a pipe asynchronously, queueing what the
 * reader has not taken yet; once that backlog passes `maxPendingBytes` the sink refuses documents (the runtime
 * counts them as dropped) instead of queueing without bound.
 */

/** Where the runtime writes its lines. */
export interface TelemetrySink {
  /** Whether the sink takes a write now. When false the runtime drops the flush without serializing it. */
  ready?(): boolean;
  /** Writes whole lines (each ends with `\n`). Returns false when the text was not taken. May throw: caught. */
  write(text: string): boolean;
}

/** The part of a Node writable stream the stdout sink uses. */
export interface WritableLike {
  write(chunk: string): boolean;
  readonly writableLength: number;
  readonly destroyed?: boolean;
  on(event: 'error', listener: (e: unknown) => void): unknown;
  once(event: 'drain', listener: () => void): unknown;
  listenerCount(event: 'error'): number;
}

/**
 * Writes to standard output (or another stream), refusing writes while its backlog is over a bound. While the stream
 * has a backlog (its reader is slower than the writes), lines wait in one string of the sink's own and go out in one
 * write when the stream drains, instead of one queued write (and one system call) per flush.
 */
export class StreamSink implements TelemetrySink {
  private stream: WritableLike | undefined;
  private broken = false;
  private pending = '';

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
          this.pending = '';
          this.onError(e);
        });
      }
      this.stream = s;
    }
    return this.stream;
  }

  /** Bytes held: the stream's backlog and the lines waiting for it to drain (characters, close to bytes). */
  get backlog(): number {
    return this.out.writableLength + this.pending.length;
  }

  ready(): boolean {
    return !this.broken && !this.out.destroyed && this.backlog < this.maxPendingBytes;
  }

  write(text: string): boolean {
    if (!this.ready()) return false;
    const s = this.out;
    if (this.pending) {
      this.pending += text;
    } else if (s.writableLength > 0) {
      this.pending = text;
      s.once('drain', this.drain);
    } else {
      s.write(text);
    }
    return true;
  }

  private readonly drain = (): void => {
    const text = this.pending;
    this.pending = '';
    if (text && !this.broken) this.out.write(text);
  };
}

/** Keeps every line in memory: for tests and for reading what the runtime would write. */
export class MemorySink implements TelemetrySink {
  readonly lines: string[] = [];
  write(text: string): boolean {
    for (const line of text.split('\n')) if (line) this.lines.push(line);
    return true;
  }
  /** The lines parsed as JSON. */
  documents(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  clear(): void {
    this.lines.length = 0;
  }
}

/**
 * Resolves when standard output has written everything queued (the stdout sink's own waiting lines go out on the
 * first drain, so this waits again until nothing is left), or after `timeoutMs`.
 */
export function stdoutWritten(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const out = process.stdout;
    const timer = setTimeout(finish, timeoutMs);
    let done = false;
    function finish() {
      done = true;
      clearTimeout(timer);
      out.removeListener('drain', check);
      resolve();
    }
    function check() {
      if (done) return;
      if (out.writableLength === 0) finish();
      else out.once('drain', check);
    }
    // after the listeners already waiting for 'drain' (the sink's) have written what they hold
    setImmediate(check);
  });
}
