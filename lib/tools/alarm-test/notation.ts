/**
 * promtool's expanding notation for input series, so a test reads like the incident it describes:
 *
 * - `a+bxn` is `a a+b a+2b ... a+nb` (n + 1 values); `a-bxn` counts down; `axn` is `a` n + 1 times;
 * - `_` is a missing datapoint and `_xn` is n missing datapoints (a gap cannot count, as in promtool);
 * - `stale` is accepted as a missing datapoint.
 *
 * `'0x9 5x4 _x3'` is ten 0s, five 5s, then three missing datapoints.
 */

/** Expands the notation; `undefined` is a missing datapoint. Throws an Error naming the bad term. */
export function expandValues(text: string | number): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  const terms = String(text).trim().split(/\s+/).filter(Boolean);
  const NUM = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
  for (const term of terms) {
    if (term === '_' || term === 'stale') {
      out.push(undefined);
      continue;
    }
    const gap = /^_x(\d+)$/.exec(term);
    if (gap) {
      for (let i = 0; i < Number(gap[1]); i++) out.push(undefined);
      continue;
    }
    const m = new RegExp(`^(${NUM})(?:([-+])(${NUM}))?x(\\d+)$`).exec(term);
    if (m) {
      const a = Number(m[1]);
      const b = m[2] ? Number(m[3]) * (m[2] === '-' ? -1 : 1) : 0;
      for (let i = 0; i <= Number(m[4]); i++) out.push(a + i * b);
      continue;
    }
    if (new RegExp(`^${NUM}$`).test(term)) {
      out.push(Number(term));
      continue;
    }
    throw new Error(`"${term}" is not a value (write a number, a+bxn, a-bxn, axn, _, _xn or stale)`);
  }
  return out;
}
