/**
 * The README works verbatim: runs every shell block of README.md (```sh, ```bash, ```shell) in order, each
 * command from the root of a fresh clone of HEAD with a timeout, and fails on a non-zero exit status that the
 * README does not announce. `.ci/run` runs it after the tests.
 *
 * Annotations are words in a command's shell comment, so a reader sees them too (CONTRIBUTING.md):
 * - `needs AWS`: not run (it needs an account); in a comment line of its own, for the whole block;
 * - `exit 1` (or `exit 1 or 2`, `exits 1, 2`): the command may end with these statuses; 0 always may;
 * - `no README check`: not run, for another reason given beside it.
 * Each command runs on its own (a `cd` or a variable does not carry to the next line: chain with `&&`);
 * a line ending in `\` continues on the next.
 *
 * Usage: npx tsx scripts/check-readme.ts [--here] [--keep] [--timeout <seconds>] [--list]
 *   --here     run in this checkout instead of a fresh clone of HEAD (uncommitted changes count)
 *   --keep     keep the clone
 *   --timeout  seconds each command may take (default 1800)
 *   --list     print the commands and what would be done with them, run nothing
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One command of a shell block, with what its annotations say. */
export interface ReadmeCommand {
  /** Line of README.md where the command starts (1-based). */
  readonly line: number;
  /** The command as written (continuation lines joined), comment included. */
  readonly text: string;
  /** Why it is not run, when it is not. */
  readonly skip?: string;
  /** Non-zero exit statuses the README announces for it. */
  readonly allowed: readonly number[];
}

export interface ReadmeBlock {
  /** Line of the opening fence (1-based). */
  readonly line: number;
  readonly commands: readonly ReadmeCommand[];
}

const SHELL = /^```(sh|bash|shell)\s*$/;

/** The comment of a shell line (after an unquoted `#` at the start or after a space), if any. */
export function commentOf(line: string): string | undefined {
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(i + 1);
  }
  return undefined;
}

/** What a comment announces. */
export function annotationsOf(comment = ''): { skip?: string; allowed: number[] } {
  const allowed: number[] = [];
  for (const m of comment.matchAll(/\bexits? (\d+(?:(?:\s*,\s*|\s+or\s+)\d+)*)/gi))
    allowed.push(...m[1].split(/\s*,\s*|\s+or\s+/i).map(Number));
  if (/\bneeds AWS\b/i.test(comment)) return { skip: 'needs AWS', allowed };
  if (/\bno README check\b/i.test(comment)) return { skip: comment.trim(), allowed };
  return { allowed };
}

/** The shell blocks of a Markdown text, with their commands and annotations. */
export function parseReadme(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!SHELL.test(lines[i])) continue;
    const start = i;
    const body: { line: number; text: string }[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++)
      body.push({ line: i + 1, text: lines[i] });
    if (i === lines.length) throw new Error(`README.md:${start + 1}: the shell block is not closed`);
    const whole = body
      .filter((l) => /^\s*#/.test(l.text))
      .map((l) => annotationsOf(l.text.replace(/^\s*#/, '')));
    const commands: ReadmeCommand[] = [];
    for (let k = 0; k < body.length; k++) {
      const first = body[k];
      if (first.text.trim() === '' || /^\s*#/.test(first.text)) continue;
      let text = first.text;
      while (/\\$/.test(text.replace(/\s+#.*$/, '')) && k + 1 < body.length)
        text = `${text}\n${body[++k].text}`;
      const own = annotationsOf(commentOf(text.split('\n').pop()!));
      const skip = own.skip ?? whole.find((a) => a.skip)?.skip;
      commands.push({
        line: first.line,
        text,
        ...(skip ? { skip } : {}),
        allowed: [...new Set([...own.allowed, ...whole.flatMap((a) => a.allowed)])],
      });
    }
    blocks.push({ line: start + 1, commands });
  }
  return blocks;
}

interface Outcome {
  readonly code: number | null;
  readonly timedOut: boolean;
  readonly output: string;
  readonly seconds: number;
}

/** Most output a command may keep for the report of its failure. */
const KEEP_OUTPUT = 64 * 1024;

/** Runs one command with bash from `cwd`, in its own process group, killed with its children on timeout. */
function run(command: string, cwd: string, timeoutSeconds: number): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-KEEP_OUTPUT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** A fresh clone of the committed HEAD of the checkout at `root`. */
function freshClone(root: string): { dir: string; parent: string } {
  const git = (args: string[], cwd = root) => {
    const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
    return r.stdout.trim();
  };
  const head = git(['rev-parse', 'HEAD']);
  if (git(['status', '--porcelain']))
    console.log('note: uncommitted changes are not part of this check (--here)');
  const parent = mkdtempSync(join(tmpdir(), 'readme-check-'));
  const dir = join(parent, 'cdk-telemetry');
  git(['clone', '--quiet', '--no-checkout', root, dir], parent);
  git(['checkout', '--quiet', head], dir);
  return { dir, parent };
}

const oneLine = (text: string) => text.replace(/\s*\\\n\s*/g, ' ');

async function main(argv: readonly string[]): Promise<number> {
  const flag = (name: string) => argv.includes(name);
  const timeoutAt = argv.indexOf('--timeout');
  const timeout = timeoutAt >= 0 ? Number(argv[timeoutAt + 1]) : 1800;
  if (!(timeout > 0)) throw new Error('--timeout takes a number of seconds');
  const root = join(__dirname, '..');
  const blocks = parseReadme(readFileSync(join(root, 'README.md'), 'utf8'));
  if (flag('--list')) {
    for (const b of blocks)
      for (const c of b.commands)
        console.log(
          `README.md:${c.line}  ${c.skip ? `skip (${c.skip})` : `run${c.allowed.length ? ` (exit 0 or ${c.allowed.join(', ')})` : ''}`}  ${oneLine(c.text)}`,
        );
    return 0;
  }
  const clone = flag('--here') ? undefined : freshClone(root);
  const cwd = clone?.dir ?? root;
  console.log(
    `README check in ${cwd}: ${blocks.length} shell blocks, each command with a ${timeout} s timeout`,
  );
  const failures: string[] = [];
  for (const block of blocks) {
    for (const c of block.commands) {
      const where = `README.md:${c.line}`;
      if (c.skip) {
        console.log(`${where}  skip  ${oneLine(c.text)}  (${c.skip})`);
        continue;
      }
      const r = await run(c.text, cwd, timeout);
      const ok = !r.timedOut && (r.code === 0 || (r.code !== null && c.allowed.includes(r.code)));
      const status = r.timedOut ? `timed out after ${timeout} s` : `exit ${r.code}`;
      console.log(
        `${where}  ${ok ? 'ok  ' : 'FAIL'}  ${r.seconds.toFixed(1)} s  ${status}  ${oneLine(c.text)}`,
      );
      if (!ok) {
        failures.push(`${where}: ${oneLine(c.text)}: ${status}, which the README does not announce`);
        console.log(
          r.output
            .trimEnd()
            .split('\n')
            .slice(-40)
            .map((l) => `    | ${l}`)
            .join('\n'),
        );
      }
    }
  }
  if (clone && !flag('--keep') && failures.length === 0)
    rmSync(clone.parent, { recursive: true, force: true });
  else if (clone) console.log(`the clone is kept in ${clone.dir}`);
  if (failures.length) {
    console.log(
      `\n${failures.length} README command(s) failed:\n${failures.map((f) => `- ${f}`).join('\n')}`,
    );
    return 1;
  }
  console.log('\nevery README command that needs no AWS account works verbatim');
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      console.error(`check-readme: ${e.message}`);
      process.exitCode = 2;
    },
  );
}
