/**
 * Composite alarm rules: render an {@link AlarmRule} tree to CloudWatch's rule syntax and parse it back.
 *
 * Syntax (PutCompositeAlarm `AlarmRule`): `ALARM("name")`, `OK(...)`, `INSUFFICIENT_DATA(...)`, `TRUE`, `FALSE`,
 * `AND`, `OR`, `NOT`, parentheses, and `AT_LEAST(2 | 50%, [NOT] STATE, ("a", "b"))`.
 * Precedence when parsing: NOT binds tighter than AND, AND tighter than OR.
 */
import type { AlarmRule } from './alarm-spec';

type State = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';
const STATES: readonly string[] = ['ALARM', 'OK', 'INSUFFICIENT_DATA'];

const quote = (name: string) => `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Renders a rule; top-level `or`/`and` are not parenthesized, nested ones are. */
export function renderAlarmRule(rule: AlarmRule, nested = false): string {
  switch (rule.type) {
    case 'state':
      return `${rule.state}(${quote(rule.alarm)})`;
    case 'const':
      return rule.value ? 'TRUE' : 'FALSE';
    case 'not':
      return `NOT ${renderAlarmRule(rule.operand, true)}`;
    case 'atLeast':
      return `AT_LEAST(${rule.threshold}, ${rule.negate ? 'NOT ' : ''}${rule.state}, (${rule.alarms.map(quote).join(', ')}))`;
    case 'and':
    case 'or': {
      if (rule.operands.length === 1) return renderAlarmRule(rule.operands[0], nested);
      const body = rule.operands.map((o) => renderAlarmRule(o, true)).join(` ${rule.type.toUpperCase()} `);
      return nested ? `(${body})` : body;
    }
  }
}

/** Thrown when a rule string cannot be parsed; `position` is the 0-based character offset. */
export class AlarmRuleSyntaxError extends Error {
  constructor(
    message: string,
    /** Where the error is in the rule text: a 0-based character index. */
    readonly position: number,
  ) {
    super(`${message} at character ${position + 1}`);
    this.name = 'AlarmRuleSyntaxError';
  }
}

interface Token {
  kind: 'word' | 'string' | 'number' | '(' | ')' | ',';
  text: string;
  pos: number;
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, text: c, pos: i++ });
    } else if (c === '"') {
      const start = i++;
      let text = '';
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) i++;
        text += src[i++];
      }
      if (i >= src.length) throw new AlarmRuleSyntaxError('unterminated string', start);
      i++;
      tokens.push({ kind: 'string', text, pos: start });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?%?/.exec(src.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], pos: i });
      i += m[0].length;
    } else {
      // Bare words: keywords, or unquoted alarm names/ARNs (anything up to a delimiter).
      const m = /^[^\s(),"]+/.exec(src.slice(i))!;
      tokens.push({ kind: 'word', text: m[0], pos: i });
      i += m[0].length;
    }
  }
  return tokens;
}

/** Parses CloudWatch rule syntax into an {@link AlarmRule}. */
export function parseAlarmRule(src: string): AlarmRule {
  const tokens = tokenize(src);
  let at = 0;
  const peek = () => tokens[at];
  const fail = (msg: string): never => {
    throw new AlarmRuleSyntaxError(msg, peek()?.pos ?? src.length);
  };
  const expect = (kind: Token['kind']): Token => {
    const t = peek();
    if (!t || t.kind !== kind)
      fail(`expected "${kind}"${t ? ` but found "${t.text}"` : ' but the rule ended'}`);
    at++;
    return t;
  };
  const isWord = (w: string) => peek()?.kind === 'word' && peek().text.toUpperCase() === w;

  const flatten = (type: 'and' | 'or', operands: AlarmRule[]): AlarmRule =>
    operands.length === 1 ? operands[0] : { type, operands };

  function orExpr(): AlarmRule {
    const operands = [andExpr()];
    while (isWord('OR')) {
      at++;
      operands.push(andExpr());
    }
    return flatten('or', operands);
  }
  function andExpr(): AlarmRule {
    const operands = [unary()];
    while (isWord('AND')) {
      at++;
      operands.push(unary());
    }
    return flatten('and', operands);
  }
  function unary(): AlarmRule {
    if (isWord('NOT')) {
      at++;
      return { type: 'not', operand: unary() };
    }
    return primary();
  }
  function alarmRef(): string {
    const t = peek();
    if (t && (t.kind === 'string' || t.kind === 'word' || t.kind === 'number')) {
      at++;
      return t.text;
    }
    return fail('expected an alarm name');
  }
  function primary(): AlarmRule {
    const t = peek();
    if (!t) return fail('the rule ended too early');
    if (t.kind === '(') {
      at++;
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (t.kind !== 'word') return fail(`unexpected "${t.text}"`);
    const word = t.text.toUpperCase();
    if (word === 'TRUE' || word === 'FALSE') {
      at++;
      return { type: 'const', value: word === 'TRUE' };
    }
    if (STATES.includes(word)) {
      at++;
      expect('(');
      const alarm = alarmRef();
      expect(')');
      return { type: 'state', state: word as State, alarm };
    }
    if (word === 'AT_LEAST') {
      at++;
      expect('(');
      const n = expect('number').text;
      expect(',');
      let negate = false;
      if (isWord('NOT')) {
        at++;
        negate = true;
      }
      const stateTok = expect('word');
      const state = stateTok.text.toUpperCase();
      if (!STATES.includes(state)) {
        throw new AlarmRuleSyntaxError(
          `"${stateTok.text}" is not ALARM, OK or INSUFFICIENT_DATA`,
          stateTok.pos,
        );
      }
      expect(',');
      expect('(');
      const alarms = [alarmRef()];
      while (peek()?.kind === ',') {
        at++;
        alarms.push(alarmRef());
      }
      expect(')');
      expect(')');
      const threshold = n.endsWith('%') ? n : Number(n);
      return { type: 'atLeast', threshold, state: state as State, alarms, ...(negate ? { negate } : {}) };
    }
    return fail(`unexpected "${t.text}"`);
  }

  const rule = orExpr();
  if (at < tokens.length) fail(`unexpected "${peek().text}"`);
  return rule;
}
