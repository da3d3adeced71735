/**
 * The `withTelemetry` wrapper: times a sync or async function, records its outcome, and returns exactly what the
 * function returns (or throws exactly what it throws). The telemetry around the call cannot throw: every step that
 * could is inside the runtime's own try/catch, and the function is called once whatever happens there.
 */
import { CallSite, type CallOptions, type EventName, type Telemetry } from './telemetry';

function thenable(v: unknown): v is PromiseLike<unknown> {
  if ((typeof v !== 'object' || v === null) && typeof v !== 'function') return false;
  try {
    return typeof (v as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}

/** Wraps `fn`; `resolve` gives the runtime instance at call time (the default one may be reconfigured). */
export function instrument<T, A extends unknown[], R>(
  resolve: () => Telemetry | undefined,
  name: EventName,
  fn: (this: T, ...args: A) => R,
  options?: CallOptions,
): (this: T, ...args: A) => R {
  if (typeof fn !== 'function') return fn;
  const site = new CallSite(name, options);
  const wrapped = function (this: T): R {
    // `arguments` through apply: V8 passes them on without building an array (a rest parameter would allocate one)
    // eslint-disable-next-line prefer-rest-params
    const args = arguments as unknown as A;
    let t: Telemetry | undefined;
    try {
      t = resolve();
    } catch {
      t = undefined;
    }
    if (!t || !t.enabled) return fn.apply(this, args);
    const start = performance.now();
    t.enter();
    let result: R;
    try {
      result = fn.apply(this, args);
    } catch (e) {
      t.exit(site, performance.now() - start, e, true);
      throw e;
    }
    if (thenable(result)) return t.settle<R>(site, start, result);
    t.exit(site, performance.now() - start, undefined, false);
    return result;
  };
  try {
    Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
    Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  } catch {
    // a frozen function name is cosmetic
  }
  return wrapped as (this: T, ...args: A) => R;
}
