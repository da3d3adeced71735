/**
 * promtool's expanding notation for input series, so a test reads like the incident it describes:
 *
 * - `a+bxn` is `a a+b a+2b ... a+nb` (n + 1 values); `a-bxn` counts down; `axn` is `a` n + 1 times;
 * - `_` is a missing datapoint and `_xn` is n missing datapoints (a gap cannot count, as in promtool);
 * - `stale` is accepted as a missing datapoint.
 *
 * `'0x9 5x4 _x3'` is ten 0s, five 5s, then three missing datapoints. A series expands to at most `max` values
 * ({@link INPUT_LIMITS.testSeriesValues}), and every value is a finite number.
 */
import { quote } from '../echo';
import { formatLimit, INPUT_LIMITS } from '../limits';

const NUM = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
const GAP = /^_x(\d+)$/;
const SERIES = new RegExp(`^(${NUM})(?:([-+])(${NUM}))?x(\\d+)$`);
const SINGLE = new RegExp(`^${NUM}$`);

/** Expands the notation; `undefined` is a missing datapoint. Throws an Error naming the bad term or the limit. */
export function expandValues(
  text: string | number,
  max: number = INPUT_LIMITS.testSeriesValues,
): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  const room = (term: string, count: number) => {
    if (out.length + count > max)
      throw new Error(
        `${quote(term)} makes the series longer than ${formatLimit(max)} values (the limit for one series)`,
      );
  };
  const finite = (term: string, n: number) => {
    if (!Number.isFinite(n)) throw new Error(`${quote(term)} gives a number too large to hold (${n})`);
    return n;
  };
  const terms = String(text).trim().split(/\s+/).filter(Boolean);
  for (const term of terms) {
    if (term === '_' || term === 'stale') {
      room(term, 1);
      out.push(undefined);
      continue;
    }
    const gap = GAP.exec(term);
    if (gap) {
      room(term, Number(gap[1]));
      for (let i = 0; i < Number(gap[1]); i++) out.push(undefined);
      continue;
    }
    const m = SERIES.exec(term);
    if (m) {
      const n = Number(m[4]);
      room(term, n + 1);
      const a = finite(term, Number(m[1]));
      const b = m[2] ? finite(term, Number(m[3]) * (m[2] === '-' ? -1 : 1)) : 0;
      finite(term, a + n * b);
      for (let i = 0; i <= n; i++) out.push(a + i * b);
      continue;
    }
    if (SINGLE.test(term)) {
      room(term, 1);
      out.push(finite(term, Number(term)));
      continue;
    }
    throw new Error(`${quote(term)} is not a value (write a number, a+bxn, a-bxn, axn, _, _xn or stale)`);
  }
  return out;
}
