/**
 * Flushing when a long-running process ends: `beforeExit` (the event loop is empty), `exit`, and the signals a
 * container is stopped with (ECS sends SIGTERM, then SIGKILL after the stop timeout; Ctrl-C sends SIGINT).
 *
 * A signal listener replaces Node's default action (exit), so when the runtime's listener is the only one it flushes,
 * waits briefly for standard output to take the lines, removes itself and raises the signal again: the process ends
 * as it would have without the runtime. When the application has its own listener, that listener decides.
 */
import { written } from './sink';

/** What the hooks need of a runtime instance. */
export interface Flushable {
  flush(): void;
}

const live = new Set<Flushable>();
let hooked = false;
let signalsHooked = false;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

function flushAll(): void {
  for (const t of live) {
    try {
      t.flush();
    } catch {
      // flush never throws; this is belt and braces at exit
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  flushAll();
  if (process.listenerCount(signal) > 1) return; // the application handles it
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  signalsHooked = false;
  void written(process.stdout, 500).then(() => process.kill(process.pid, signal));
}

/** Flushes `t` at exit (and on SIGTERM/SIGINT when `signals`). */
export function registerLive(t: Flushable, signals: boolean): void {
  live.add(t);
  try {
    if (!hooked) {
      hooked = true;
      process.on('beforeExit', flushAll);
      process.on('exit', flushAll);
    }
    if (signals && !signalsHooked) {
      signalsHooked = true;
      for (const s of SIGNALS) process.on(s, onSignal);
    }
  } catch {
    // a process without signals (a worker thread): the interval and beforeExit still flush
  }
}

export function unregisterLive(t: Flushable): void {
  live.delete(t);
}
