/**
 * Evaluates a parsed metric math expression over whole series at once (vectorized: one pass per operator, no
 * allocation per datapoint). Semantics follow the CloudWatch User Guide ("Metric math syntax and functions",
 * "Using IF expressions"):
 *
 * - arithmetic and comparisons between two time series treat a value missing in one of them as 0, and a result
 *   exists where either has a value; with a scalar, a missing value stays missing;
 * - a division by zero drops the datapoint;
 * - `IF(c, a, b)`: missing where `c` is missing; where `c` is true, `a` (0 if `a` is a series without a value
 *   there); where false, `b` (missing if `b` is omitted or has no value there);
 * - `FILL(x, v | series | REPEAT | LINEAR)` fills every missing datapoint of the range;
 * - `SUM/AVG/MIN/MAX/STDDEV/DATAPOINT_COUNT` of an array give a series, of a single series a scalar over the
 *   whole range (CloudWatch advises against these in alarms for that reason).
 */
import type { Grid, Series } from './grid';
import { mathIds, parseMath, type BinaryOp, type MathNode } from './math-parse';

/** A value inside a metric math evaluation: a scalar, one series, or an array of series (`METRICS()`). */
export type MathValue = number | Series | Series[];

/** An expression that cannot be evaluated: unknown id, unsupported function, wrong argument types. */
export class MathEvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MathEvalError';
  }
}

/** What a compiled expression is evaluated against: the grid and the series of each metric id. */
export interface MathContext {
  /** The periods every series is on. */
  readonly grid: Grid;
  /** The series of each metric id, in the order of the alarm's queries (for `METRICS()`). */
  readonly metrics: ReadonlyMap<string, Series>;
}

const isSeries = (v: MathValue): v is Series => v instanceof Float64Array;

const SUPPORTED = [
  'ABS',
  'AVG',
  'CEIL',
  'DATAPOINT_COUNT',
  'DATE',
  'DAY',
  'DIFF',
  'EPOCH',
  'FILL',
  'FLOOR',
  'HOUR',
  'IF',
  'LOG',
  'LOG10',
  'MAX',
  'METRICS',
  'MIN',
  'MINUTE',
  'MONTH',
  'PERIOD',
  'RATE',
  'STDDEV',
  'SUM',
  'TIME_SERIES',
  'YEAR',
];

function opFn(op: BinaryOp): (x: number, y: number) => number {
  switch (op) {
    case '+':
      return (x, y) => x + y;
    case '-':
      return (x, y) => x - y;
    case '*':
      return (x, y) => x * y;
    case '/':
      return (x, y) => (y === 0 ? NaN : x / y);
    case '^':
      return (x, y) => Math.pow(x, y);
    case '==':
      return (x, y) => (x === y ? 1 : 0);
    case '!=':
      return (x, y) => (x !== y ? 1 : 0);
    case '<=':
      return (x, y) => (x <= y ? 1 : 0);
    case '>=':
      return (x, y) => (x >= y ? 1 : 0);
    case '<':
      return (x, y) => (x < y ? 1 : 0);
    case '>':
      return (x, y) => (x > y ? 1 : 0);
    case 'AND':
      return (x, y) => (x !== 0 && y !== 0 ? 1 : 0);
    case 'OR':
      return (x, y) => (x !== 0 || y !== 0 ? 1 : 0);
  }
}

const finite = (r: number) => (r - r === 0 ? r : NaN);

function combine(f: (x: number, y: number) => number, a: MathValue, b: MathValue): MathValue {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length)
        throw new MathEvalError(`cannot combine arrays of ${a.length} and ${b.length} time series`);
      return a.map((s, i) => combine(f, s, b[i]) as Series);
    }
    return Array.isArray(a)
      ? a.map((s) => combine(f, s, b) as Series)
      : (b as Series[]).map((s) => combine(f, a, s) as Series);
  }
  if (typeof a === 'number' && typeof b === 'number') return finite(f(a, b));
  if (typeof a === 'number' || typeof b === 'number') {
    const s = (typeof a === 'number' ? b : a) as Series;
    const out = new Float64Array(s.length);
    if (typeof a === 'number')
      for (let i = 0; i < s.length; i++) out[i] = s[i] === s[i] ? finite(f(a, s[i])) : NaN;
    else {
      const k = b as number;
      for (let i = 0; i < s.length; i++) out[i] = s[i] === s[i] ? finite(f(s[i], k)) : NaN;
    }
    return out;
  }
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== x && y !== y) out[i] = NaN;
    else out[i] = finite(f(x === x ? x : 0, y === y ? y : 0));
  }
  return out;
}

function map(v: MathValue, f: (x: number) => number): MathValue {
  if (typeof v === 'number') return finite(f(v));
  if (Array.isArray(v)) return v.map((s) => map(s, f) as Series);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] === v[i] ? finite(f(v[i])) : NaN;
  return out;
}

function series(v: MathValue, fn: string, what = 'a time series'): Series {
  if (!isSeries(v)) throw new MathEvalError(`${fn} expects ${what}`);
  return v;
}

/**
 * One statistic over `count` values read with `at` (missing ones skipped). `avgOver` divides AVG by a fixed
 * count instead: the AVG of an array of series treats a missing value as 0 (User Guide).
 */
function reduceValues(fn: string, count: number, at: (j: number) => number, avgOver?: number): number {
  let n = 0;
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < count; j++) {
    const v = at(j);
    if (v !== v) continue;
    n++;
    sum += v;
    sq += v * v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (fn === 'DATAPOINT_COUNT') return n;
  if (n === 0) return NaN;
  switch (fn) {
    case 'SUM':
      return sum;
    case 'AVG':
      return sum / (avgOver ?? n);
    case 'MIN':
      return min;
    case 'MAX':
      return max;
    default:
      return Math.sqrt(Math.max(0, sq / n - (sum / n) ** 2));
  }
}

const reduceScalar = (s: Series, fn: string) => reduceValues(fn, s.length, (j) => s[j]);

function reduceArray(arr: Series[], fn: string, length: number): Series {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = reduceValues(fn, arr.length, (j) => arr[j][i], arr.length);
  return out;
}

function fill(x: Series, how: MathNode, value: MathValue | undefined): Series {
  const out = Float64Array.from(x);
  if (how.t === 'kw' && how.name === 'REPEAT') {
    let last = NaN;
    for (let i = 0; i < out.length; i++) {
      if (out[i] === out[i]) last = out[i];
      else out[i] = last;
    }
    return out;
  }
  if (how.t === 'kw' && how.name === 'LINEAR') {
    let prev = -1;
    for (let i = 0; i < out.length; i++) {
      if (out[i] !== out[i]) continue;
      if (prev >= 0 && i - prev > 1) {
        const step = (out[i] - out[prev]) / (i - prev);
        for (let j = prev + 1; j < i; j++) out[j] = out[prev] + step * (j - prev);
      }
      prev = i;
    }
    return out;
  }
  if (typeof value === 'number') {
    for (let i = 0; i < out.length; i++) if (out[i] !== out[i]) out[i] = value;
    return out;
  }
  if (value !== undefined && isSeries(value)) {
    for (let i = 0; i < out.length; i++) if (out[i] !== out[i]) out[i] = value[i];
    return out;
  }
  throw new MathEvalError('FILL expects a number, a time series, REPEAT or LINEAR as its second argument');
}

function ifFn(c: MathValue, a: MathValue, b: MathValue | undefined, length: number): MathValue {
  if (Array.isArray(c) || Array.isArray(a) || Array.isArray(b))
    throw new MathEvalError('IF works on single time series');
  if (typeof c === 'number') {
    if (c !== 0) return a;
    return b ?? new Float64Array(length).fill(NaN);
  }
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const cv = c[i];
    if (cv !== cv) out[i] = NaN;
    else if (cv !== 0) {
      const v = typeof a === 'number' ? a : a[i];
      out[i] = v === v ? v : 0;
    } else out[i] = b === undefined ? NaN : typeof b === 'number' ? b : b[i];
  }
  return out;
}

function timeParts(grid: Grid, fn: string): Series {
  const out = new Float64Array(grid.length);
  for (let i = 0; i < grid.length; i++) {
    const t = grid.start + i * grid.period;
    const d = new Date(t * 1000);
    switch (fn) {
      case 'MINUTE':
        out[i] = d.getUTCMinutes();
        break;
      case 'HOUR':
        out[i] = d.getUTCHours();
        break;
      case 'DAY':
        out[i] = ((d.getUTCDay() + 6) % 7) + 1; // 1 = Monday ... 7 = Sunday
        break;
      case 'DATE':
        out[i] = d.getUTCDate();
        break;
      case 'MONTH':
        out[i] = d.getUTCMonth() + 1;
        break;
      case 'YEAR':
        out[i] = d.getUTCFullYear();
        break;
      default:
        out[i] = t;
    }
  }
  return out;
}

function diff(s: Series, period: number, rate: boolean): Series {
  const out = new Float64Array(s.length).fill(NaN);
  let prev = -1;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== s[i]) continue;
    if (prev >= 0) out[i] = rate ? (s[i] - s[prev]) / ((i - prev) * period) : s[i] - s[prev];
    prev = i;
  }
  return out;
}

function evalNode(node: MathNode, ctx: MathContext): MathValue {
  const L = ctx.grid.length;
  switch (node.t) {
    case 'num':
      return node.v;
    case 'str':
      throw new MathEvalError(`a string ("${node.v}") is only allowed in METRICS("...")`);
    case 'kw':
      throw new MathEvalError(`${node.name} is only allowed as the second argument of FILL`);
    case 'id': {
      const s = ctx.metrics.get(node.name);
      if (!s)
        throw new MathEvalError(
          `unknown id "${node.name}" (known: ${[...ctx.metrics.keys()].join(', ') || 'none'})`,
        );
      return s;
    }
    case 'arr': {
      const items = node.items.map((n) => evalNode(n, ctx));
      return items.flatMap((v) => {
        if (typeof v === 'number') throw new MathEvalError('an array [ ... ] holds time series, not numbers');
        return Array.isArray(v) ? v : [v];
      });
    }
    case 'neg':
      return map(evalNode(node.a, ctx), (x) => -x);
    case 'bin':
      return combine(opFn(node.op), evalNode(node.a, ctx), evalNode(node.b, ctx));
    case 'call':
      return call(node, ctx, L);
  }
}

function call(node: Extract<MathNode, { t: 'call' }>, ctx: MathContext, L: number): MathValue {
  const { fn, args } = node;
  const arity = (min: number, max = min) => {
    if (args.length < min || args.length > max)
      throw new MathEvalError(
        `${fn} takes ${min === max ? min : `${min} to ${max}`} argument${max > 1 ? 's' : ''}, got ${args.length}`,
      );
  };
  const arg = (i: number) => evalNode(args[i], ctx);
  switch (fn) {
    case 'ABS':
    case 'CEIL':
    case 'FLOOR':
    case 'LOG':
    case 'LOG10': {
      arity(1);
      const f = { ABS: Math.abs, CEIL: Math.ceil, FLOOR: Math.floor, LOG: Math.log, LOG10: Math.log10 }[fn];
      return map(arg(0), f);
    }
    case 'IF':
      arity(2, 3);
      return ifFn(arg(0), arg(1), args.length > 2 ? arg(2) : undefined, L);
    case 'FILL': {
      arity(2);
      const x = arg(0);
      const how = args[1];
      const value = how.t === 'kw' ? undefined : arg(1);
      if (Array.isArray(x)) return x.map((s) => fill(s, how, value));
      return fill(series(x, fn), how, value);
    }
    case 'SUM':
    case 'AVG':
    case 'MIN':
    case 'MAX':
    case 'STDDEV':
    case 'DATAPOINT_COUNT': {
      arity(1);
      const x = arg(0);
      if (Array.isArray(x)) return reduceArray(x, fn, L);
      return reduceScalar(series(x, fn, 'a time series or an array of them'), fn);
    }
    case 'METRICS': {
      arity(0, 1);
      const filter = args.length ? args[0] : undefined;
      if (filter && filter.t !== 'str') throw new MathEvalError('METRICS takes an optional string');
      return [...ctx.metrics].filter(([id]) => !filter || id.includes(filter.v)).map(([, s]) => s);
    }
    case 'TIME_SERIES': {
      arity(1);
      const v = arg(0);
      if (typeof v !== 'number') throw new MathEvalError('TIME_SERIES expects a number');
      return new Float64Array(L).fill(v);
    }
    case 'PERIOD':
      arity(1);
      series(arg(0), fn);
      return ctx.grid.period;
    case 'DIFF':
    case 'RATE':
      arity(1);
      return diff(series(arg(0), fn), ctx.grid.period, fn === 'RATE');
    case 'MINUTE':
    case 'HOUR':
    case 'DAY':
    case 'DATE':
    case 'MONTH':
    case 'YEAR':
    case 'EPOCH':
      arity(1);
      series(arg(0), fn);
      return timeParts(ctx.grid, fn);
    default:
      throw new MathEvalError(
        `function ${fn} is not supported by the evaluator (supported: ${SUPPORTED.join(', ')})`,
      );
  }
}

/** A parsed expression, ready to evaluate on any grid. */
export interface CompiledMath {
  /** The expression as written. */
  readonly expression: string;
  /** The metric ids the expression refers to. */
  readonly ids: ReadonlySet<string>;
  /** Evaluates the expression on the context's grid: one value per period, `NaN` where the result is missing. */
  evaluate(ctx: MathContext): Series;
}

/** Parses an expression once; `evaluate` then runs it over whole series. */
export function compileMath(expression: string): CompiledMath {
  const tree = parseMath(expression);
  return {
    expression,
    ids: mathIds(tree),
    evaluate(ctx) {
      const v = evalNode(tree, ctx);
      if (isSeries(v)) return v;
      if (typeof v === 'number') return new Float64Array(ctx.grid.length).fill(v);
      if (v.length === 1) return v[0];
      throw new MathEvalError(`the expression returns ${v.length} time series; an alarm needs exactly one`);
    },
  };
}
