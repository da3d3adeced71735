/**
 * Parses CloudWatch metric math expressions into a small syntax tree: numbers, metric ids (`errors`), strings,
 * `[a, b]` arrays, function calls (`FILL(errors, 0)`), unary minus, `^ * / + -`, comparisons
 * (`== != <= >= < >`) and logical operators (`AND`/`&&`, `OR`/`||`). Precedence, tightest first: `^`, unary
 * minus, `* /`, `+ -`, comparisons, `AND`, `OR`.
 */

export type MathNode =
  | { readonly t: 'num'; readonly v: number }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'id'; readonly name: string }
  | { readonly t: 'kw'; readonly name: 'REPEAT' | 'LINEAR' }
  | { readonly t: 'call'; readonly fn: string; readonly args: readonly MathNode[] }
  | { readonly t: 'arr'; readonly items: readonly MathNode[] }
  | { readonly t: 'neg'; readonly a: MathNode }
  | { readonly t: 'bin'; readonly op: BinaryOp; readonly a: MathNode; readonly b: MathNode };

/** The binary operators of CloudWatch metric math, arithmetic, comparison and logical. */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '==' | '!=' | '<=' | '>=' | '<' | '>' | 'AND' | 'OR';

/** A syntax error in an expression, with the 1-based character position. */
export class MathSyntaxError extends Error {
  constructor(message: string, expression: string, position: number) {
    super(`metric math "${expression}": ${message} at character ${position + 1}`);
    this.name = 'MathSyntaxError';
  }
}

interface Token {
  readonly kind: 'num' | 'str' | 'word' | 'op' | '(' | ')' | '[' | ']' | ',';
  readonly text: string;
  readonly pos: number;
}

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '^'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ('()[],'.includes(c)) {
      out.push({ kind: c as Token['kind'], text: c, pos: i++ });
      continue;
    }
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ kind: 'num', text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    if (c === '"' || c === "'" || c === '“') {
      const close = c === '“' ? '”' : c;
      const end = src.indexOf(close, i + 1);
      if (end < 0) throw new MathSyntaxError('unterminated string', src, i);
      out.push({ kind: 'str', text: src.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (word) {
      out.push({ kind: 'word', text: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op, pos: i });
      i += op.length;
      continue;
    }
    throw new MathSyntaxError(`unexpected "${c}"`, src, i);
  }
  return out;
}

/** Parses an expression; throws {@link MathSyntaxError}. */
export function parseMath(src: string): MathNode {
  const tokens = tokenize(src);
  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const fail = (msg: string): never => {
    throw new MathSyntaxError(msg, src, peek()?.pos ?? src.length);
  };
  const isOp = (...ops: string[]) => {
    const t = peek();
    return (
      t !== undefined &&
      ((t.kind === 'op' && ops.includes(t.text)) || (t.kind === 'word' && ops.includes(t.text)))
    );
  };
  const expect = (kind: Token['kind']) => {
    const t = peek();
    if (!t || t.kind !== kind)
      fail(`expected "${kind}"${t ? ` but found "${t.text}"` : ' but the expression ended'}`);
    at++;
  };

  const binary = (next: () => MathNode, ops: string[], name: (t: string) => BinaryOp) => (): MathNode => {
    let a = next();
    while (isOp(...ops)) {
      const op = name(tokens[at++].text);
      a = { t: 'bin', op, a, b: next() };
    }
    return a;
  };
  const primary = (): MathNode => {
    const t = peek();
    if (!t) return fail('the expression ended too early');
    at++;
    switch (t.kind) {
      case 'num':
        return { t: 'num', v: Number(t.text) };
      case 'str':
        return { t: 'str', v: t.text };
      case '(': {
        const inner = orExpr();
        expect(')');
        return inner;
      }
      case '[': {
        const items = [orExpr()];
        while (peek()?.kind === ',') {
          at++;
          items.push(orExpr());
        }
        expect(']');
        return { t: 'arr', items };
      }
      case 'word': {
        if (peek()?.kind === '(') {
          at++;
          const args: MathNode[] = [];
          if (peek()?.kind !== ')') {
            args.push(orExpr());
            while (peek()?.kind === ',') {
              at++;
              args.push(orExpr());
            }
          }
          expect(')');
          return { t: 'call', fn: t.text.toUpperCase(), args };
        }
        if (t.text === 'REPEAT' || t.text === 'LINEAR') return { t: 'kw', name: t.text };
        return { t: 'id', name: t.text };
      }
      default:
        at--;
        return fail(`unexpected "${t.text}"`);
    }
  };
  const power = (): MathNode => {
    const a = primary();
    if (isOp('^')) {
      at++;
      return { t: 'bin', op: '^', a, b: unary() };
    }
    return a;
  };
  const unary = (): MathNode => {
    if (isOp('-')) {
      at++;
      return { t: 'neg', a: unary() };
    }
    if (isOp('+')) {
      at++;
      return unary();
    }
    return power();
  };
  const same = (t: string) => t as BinaryOp;
  const mul = binary(unary, ['*', '/'], same);
  const add = binary(mul, ['+', '-'], same);
  const cmp = binary(add, ['==', '!=', '<=', '>=', '<', '>'], same);
  const and = binary(cmp, ['AND', '&&'], () => 'AND');
  const orExpr = binary(and, ['OR', '||'], () => 'OR');

  const tree = orExpr();
  if (at < tokens.length) fail(`unexpected "${tokens[at].text}"`);
  return tree;
}

/** Every metric id an expression refers to. */
export function mathIds(node: MathNode, out = new Set<string>()): Set<string> {
  switch (node.t) {
    case 'id':
      out.add(node.name);
      break;
    case 'call':
      node.args.forEach((a) => mathIds(a, out));
      break;
    case 'arr':
      node.items.forEach((a) => mathIds(a, out));
      break;
    case 'neg':
      mathIds(node.a, out);
      break;
    case 'bin':
      mathIds(node.a, out);
      mathIds(node.b, out);
      break;
  }
  return out;
}
