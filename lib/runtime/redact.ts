/**
 * The sensitive-data filter for metadata: rules on keys (a value under `password` is never written) and rules on
 * string values (an email address inside a message becomes `[EMAIL]`). The default rules cover emails, bearer and
 * JSON Web Tokens, API keys of well-known services, AWS access key ids, `password=...` pairs and payment card
 * numbers (13 to 19 digits that pass the Luhn check, so order numbers stay readable); the application adds its own,
 * and telemetry.yaml's `logs.dataProtection.custom` identifiers come through the settings.
 *
 * Every default pattern runs in linear time (no nested quantifiers) and only on strings a cheap test says may match.
 */

/** A rule of the filter. */
export interface RedactionRule {
  /** Shown in the replacement: `[NAME]`. */
  readonly name: string;
  /** Values matching this are replaced (every match inside a string). @default - none: give this or `key` */
  readonly pattern?: RegExp | string;
  /** Values under a key matching this are replaced whole. @default - none: give this or `pattern` */
  readonly key?: RegExp | string;
  /** @default `[<NAME>]` */
  readonly replacement?: string;
}

interface ValueRule {
  readonly re: RegExp;
  readonly test?: (s: string) => boolean;
  readonly replace: string | ((match: string, ...groups: string[]) => string);
}

/** Keys whose values are secrets or personal data, whatever they hold. */
const SECRET_KEY =
  /pass(?:word|wd|phrase)?$|^pwd$|secret|token|api[-_ ]?key|access[-_ ]?key|authori[sz]ation|^auth$|cookie|credential|private[-_ ]?key|^(?:ssn|cvv|cvc|pin|iban)$|card[-_ ]?(?:number|no|num)$|^(?:pan|cc)$|account[-_ ]?number|signature/i;

/** The Luhn check of a card number (digits only). */
export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const hasDigitRun = /\d{4}/;

const DEFAULT_VALUE_RULES: readonly ValueRule[] = [
  {
    re: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
    test: (s) => s.includes('eyJ'),
    replace: '[TOKEN]',
  },
  {
    re: /\b(Bearer|Basic|Token)[ \t]+[A-Za-z0-9._~+/=-]{8,}/gi,
    test: (s) => /bearer|basic|token/i.test(s),
    replace: (_m, scheme: string) => `${scheme} [TOKEN]`,
  },
  {
    re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[A-Z0-9]{16}\b/g,
    test: (s) => /A[KSGIRN][A-Z]A/.test(s),
    replace: '[SECRET]',
  },
  {
    re: /\b(?:(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20,})/g,
    replace: '[SECRET]',
  },
  {
    re: /\b(password|passwd|pwd|secret|api[_-]?key|access[_-]?key|token)([ \t]*[=:][ \t]*)[^\s&,;"']+/gi,
    test: (s) => s.includes('=') || s.includes(':'),
    replace: (_m, k: string, sep: string) => `${k}${sep}[REDACTED]`,
  },
  {
    re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
    test: (s) => s.includes('@'),
    replace: '[EMAIL]',
  },
  {
    re: /\b\d(?:[ -]?\d){12,18}\b/g,
    test: (s) => hasDigitRun.test(s),
    replace: (m) => {
      const digits = m.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? '[CARD]' : m;
    },
  },
];

const toRegExp = (p: RegExp | string, flags: string): RegExp => {
  if (typeof p === 'string') return new RegExp(p, flags);
  return new RegExp(p.source, [...new Set((p.flags + flags).split(''))].join(''));
};

/** The compiled filter: default rules first, then the application's, then the settings' custom identifiers. */
export class Redactor {
  private readonly valueRules: ValueRule[] = [];
  private readonly keyRules: Array<{ re: RegExp; replace: string }> = [];
  /** Rules that did not compile (name: reason), for one warning. */
  readonly problems: string[] = [];

  constructor(rules: readonly RedactionRule[] = [], defaults = true) {
    if (defaults) {
      this.keyRules.push({ re: SECRET_KEY, replace: '[REDACTED]' });
      this.valueRules.push(...DEFAULT_VALUE_RULES);
    }
    for (const r of rules.slice(0, 100)) {
      const replace = r.replacement ?? `[${String(r.name).toUpperCase()}]`;
      try {
        if (r.key !== undefined) this.keyRules.push({ re: toRegExp(r.key, 'i'), replace });
        if (r.pattern !== undefined) this.valueRules.push({ re: toRegExp(r.pattern, 'g'), replace });
      } catch (e) {
        this.problems.push(`${r.name}: ${(e as Error).message}`);
      }
    }
  }

  /** The replacement for everything under `key`, when the key is sensitive. */
  keyReplacement(key: string): string | undefined {
    for (const k of this.keyRules) {
      k.re.lastIndex = 0;
      if (k.re.test(key)) return k.replace;
    }
    return undefined;
  }

  /** `text` with every sensitive part replaced. */
  value(text: string): string {
    let out = text;
    for (const r of this.valueRules) {
      if (r.test && !r.test(out)) continue;
      r.re.lastIndex = 0;
      out = out.replace(r.re, r.replace as string);
    }
    return out;
  }
}
