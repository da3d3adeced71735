/**
 * Small PromQL and Prometheus-config writers: quoted strings, label selectors, durations, numbers. Everything a
 * rule expression is built from goes through here, so quoting is decided once.
 */

/** A PromQL string literal (double-quoted; JSON's escapes are valid PromQL escapes). */
export const promString = (value: string): string => JSON.stringify(value);

/** A label matcher: `=` for a value, `=~` for a regular expression. */
export type Matcher = string | { readonly regex: string };

/** `{a="x",b=~"y|z"}` from matchers in the order given; `{}` when there are none. */
export function selector(matchers: Readonly<Record<string, Matcher>>): string {
  const parts = Object.entries(matchers).map(([label, m]) =>
    typeof m === 'string' ? `${label}=${promString(m)}` : `${label}=~${promString(m.regex)}`,
  );
  return `{${parts.join(',')}}`;
}

/** Seconds as a Prometheus duration: 60 → `1m`, 299 → `4m59s`, 14400 → `4h`, 0 → `0s`. */
export function promDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`not a whole number of seconds: ${seconds}`);
  if (seconds === 0) return '0s';
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  let rest = seconds;
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

/** A number as PromQL writes it, without float noise: 0.2, 0.075, 5, 1e-7. */
export const promNumber = (value: number): string => String(Number(value.toPrecision(12)));

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|]/g;

/**
 * A regular expression that matches a route template as the application's framework writes it in `http.route`:
 * API Gateway's `/tasks/{id}` is `/tasks/{id}` in most frameworks and `/tasks/:id` in Express-style ones; a greedy
 * `{proxy+}` matches anything.
 */
export function routeRegex(path: string): string {
  let out = '';
  let last = 0;
  for (const m of path.matchAll(/\{([A-Za-z0-9_.-]+)(\+?)\}/g)) {
    out += path.slice(last, m.index).replace(REGEX_SPECIAL, '\\$&');
    const name = m[1].replace(REGEX_SPECIAL, '\\$&');
    out += m[2] ? '.*' : `(\\{${name}\\}|:${name})`;
    last = m.index + m[0].length;
  }
  return out + path.slice(last).replace(REGEX_SPECIAL, '\\$&');
}

/**
 * Annotation values are Go templates in Prometheus: text from the model is written so that a `{{` in it stays
 * literal.
 */
export const literalTemplate = (text: string): string => text.replace(/\{\{/g, '{{ "{{" }}');
