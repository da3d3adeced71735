/** A one-line progress bar on stderr, drawn only when the output is a terminal. */
import type { CliIo } from './program';

export interface Progress {
  update(done: number, total: number, detail?: string): void;
  finish(): void;
}

export function progressBar(io: CliIo, label: string, width = 28): Progress {
  if (!io.isTTY) return { update: () => undefined, finish: () => undefined };
  let drawn = false;
  return {
    update(done, total, detail = '') {
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const full = Math.round(frac * width);
      io.err(
        `\r${label} [${'#'.repeat(full)}${'-'.repeat(width - full)}] ${done}/${total}${detail ? ` ${detail}` : ''}\x1b[K`,
      );
      drawn = true;
    },
    finish() {
      if (drawn) io.err('\n');
      drawn = false;
    },
  };
}
