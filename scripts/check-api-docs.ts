/**
 * Every name the package exports (lib/index.ts, lib/runtime/index.ts, and the namespaces they re-export such as
 * `alarmEngine`) has TSDoc, like aws-cdk-lib: each class, interface, type, function and constant; each public
 * property and method a class or interface declares; and every optional property of an interface says what happens
 * without it (`@default`). Part of `npm run lint`.
 *
 * The gaps that predate this check are listed in `api/undocumented.txt` (one `Name: problem` or
 * `Name.member: problem` a line): the check fails on any gap not listed there, and on a listed one that is gone, so
 * the list only shrinks (remove the lines you fixed, or `--write-baseline` after fixing).
 *
 * Usage: npx tsx scripts/check-api-docs.ts [--list] [--write-baseline]
 *   --list            print every problem (default: the first 50)
 *   --write-baseline  write the current gaps to api/undocumented.txt (only to shrink it: review its diff)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..');
const ENTRY_POINTS = ['lib/index.ts', 'lib/runtime/index.ts'];
const SHOWN = process.argv.includes('--list') ? Infinity : 50;
const BASELINE = join(ROOT, 'api', 'undocumented.txt');

/** A declaration's TSDoc comments (`/** ... *\/` right before it). */
function docsOf(node: ts.Node): readonly ts.JSDoc[] {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  if (docs?.length) return docs;
  // `export const X = ...`: the comment sits on the statement, not on the declaration.
  if (ts.isVariableDeclaration(node) && ts.isVariableDeclarationList(node.parent))
    return (node.parent.parent as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  return [];
}

const hasText = (docs: readonly ts.JSDoc[]) =>
  docs.some((d) => (typeof d.comment === 'string' ? d.comment.trim() : d.comment?.length) || d.tags?.length);
const hasTag = (docs: readonly ts.JSDoc[], tag: string) =>
  docs.some((d) => d.tags?.some((t) => t.tagName.text === tag));
const isInternal = (docs: readonly ts.JSDoc[]) => hasTag(docs, 'internal');

function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${file.fileName.slice(ROOT.length + 1)}:${line + 1}`;
}

/** A problem without its place: the key of the baseline, stable under edits elsewhere in the file. */
const keyOf = (problem: string) => problem.replace(/^[^ ]+: /, '');

function readBaseline(): Set<string> {
  if (!existsSync(BASELINE)) return new Set();
  return new Set(
    readFileSync(BASELINE, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}

const isPublicMember = (m: ts.ClassElement | ts.TypeElement) => {
  const mods = ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : [];
  if (mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword))
    return false;
  const name = m.name && ts.isIdentifier(m.name) ? m.name.text : m.name?.getText();
  return !(name?.startsWith('_') || (m.name && ts.isPrivateIdentifier(m.name)));
};

/** Problems of one exported declaration: its own doc, its members' docs, `@default` on optional props. */
function checkDeclaration(name: string, decl: ts.Declaration, problems: string[]): void {
  const docs = docsOf(decl);
  if (isInternal(docs)) {
    problems.push(`${where(decl)}: ${name} is exported but marked @internal`);
    return;
  }
  if (!hasText(docs)) problems.push(`${where(decl)}: ${name}: no TSDoc`);
  const members: readonly (ts.ClassElement | ts.TypeElement)[] = ts.isClassDeclaration(decl)
    ? decl.members
    : ts.isInterfaceDeclaration(decl)
      ? decl.members
      : ts.isTypeAliasDeclaration(decl) && ts.isTypeLiteralNode(decl.type)
        ? decl.type.members
        : [];
  for (const m of members) {
    if (!isPublicMember(m) || ts.isClassStaticBlockDeclaration(m)) continue;
    const memberName = ts.isConstructorDeclaration(m) ? 'constructor' : (m.name?.getText() ?? '(index)');
    if (ts.isConstructorDeclaration(m) || ts.isIndexSignatureDeclaration(m)) continue;
    const memberDocs = docsOf(m);
    if (isInternal(memberDocs)) continue;
    if (!hasText(memberDocs)) problems.push(`${where(m)}: ${name}.${memberName}: no TSDoc`);
    else if (
      !ts.isClassDeclaration(decl) &&
      ts.isPropertySignature(m) &&
      m.questionToken &&
      !hasTag(memberDocs, 'default')
    )
      problems.push(`${where(m)}: ${name}.${memberName}: optional, with no @default`);
  }
}

export function apiDocProblems(entryPoints = ENTRY_POINTS): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  );
  const program = ts.createProgram(
    entryPoints.map((e) => join(ROOT, e)),
    config?.options ?? {},
  );
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  const seen = new Set<ts.Declaration>();
  for (const entry of entryPoints) {
    const file = program.getSourceFile(join(ROOT, entry));
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`${entry}: not found`);
    const checkExports = (module: ts.Symbol, prefix: string): void => {
      for (const exported of checker.getExportsOfModule(module)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        for (const decl of symbol.declarations ?? []) {
          if (seen.has(decl)) continue;
          seen.add(decl);
          // A namespace re-export (`export * as alarmEngine`): its own exports, named `alarmEngine.Name`.
          if (ts.isSourceFile(decl)) checkExports(symbol, `${prefix}${exported.name}.`);
          else checkDeclaration(`${prefix}${exported.name}`, decl, problems);
        }
      }
    };
    checkExports(moduleSymbol, '');
  }
  return problems;
}

if (require.main === module) {
  const all = apiDocProblems();
  if (process.argv.includes('--write-baseline')) {
    const header =
      '# Exported names still without TSDoc (scripts/check-api-docs.ts): this list may only shrink.\n';
    writeFileSync(BASELINE, header + [...new Set(all.map(keyOf))].sort().join('\n') + '\n');
    process.stdout.write(`wrote ${all.length} gaps to api/undocumented.txt\n`);
  } else {
    const baseline = readBaseline();
    const problems = all.filter((p) => !baseline.has(keyOf(p)));
    const current = new Set(all.map(keyOf));
    const fixed = [...baseline].filter((k) => !current.has(k));
    for (const p of problems.slice(0, SHOWN)) process.stderr.write(`error: ${p}\n`);
    if (problems.length > SHOWN)
      process.stderr.write(`error: and ${problems.length - SHOWN} more (--list)\n`);
    for (const k of fixed.slice(0, SHOWN))
      process.stderr.write(
        `error: api/undocumented.txt: "${k}" is documented (or gone) now: remove the line\n`,
      );
    if (problems.length || fixed.length) {
      process.stderr.write(
        `${problems.length} exported names without TSDoc, ${fixed.length} stale lines in api/undocumented.txt\n`,
      );
      process.exitCode = 1;
    } else
      process.stdout.write(
        `every exported name has TSDoc, but for the ${baseline.size} gaps listed in api/undocumented.txt\n`,
      );
  }
}
