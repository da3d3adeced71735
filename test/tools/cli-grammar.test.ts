/**
 * One grammar for every command: the shared options are spelled, described and checked the same way everywhere,
 * because every command is declared with the builders of `lib/tools/cli/builders.ts`. A new command that spells
 * an option its own way fails here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import {
  allowPartialOption,
  appOption,
  awsOptions,
  formatOption,
  outputOption,
} from '../../lib/tools/cli/builders';
import { ConfigError } from '../../lib/config/errors';
import { asUsageError } from '../../lib/tools/cli/options';
import { buildProgram, runCli, UsageError, type CliIo } from '../../lib/tools/cli/program';
import { run } from '../helpers/cli';

const io: CliIo = { out: () => undefined, err: () => undefined, isTTY: false };
const commands = buildProgram(io).commands as Command[];
const names = commands.map((c) => c.name());

/** What a user sees of an option: its flags, its description and its default. */
const shape = (o: Option) => ({ flags: o.flags, description: o.description, default: o.defaultValue });
const optionOf = (c: Command, long: string) => c.options.find((o) => o.long === long);

/** The shared options, as the builders make them, by their long flag. */
const SHARED: Record<string, Option> = {
  '--app': appOption(),
  '--allow-partial': allowPartialOption(),
  '--output': outputOption(),
  ...Object.fromEntries(awsOptions().map((o) => [o.long!, o])),
};

describe('every command speaks one grammar', () => {
  test('the commands', () => {
    expect(names).toEqual([
      'catalog',
      'review',
      'diff',
      'cost',
      'backtest',
      'test',
      'verify',
      'runtime-config',
    ]);
  });

  test.each(names)('%s: shared options come from the builders', (name) => {
    const command = commands.find((c) => c.name() === name)!;
    for (const [long, built] of Object.entries(SHARED)) {
      const option = optionOf(command, long);
      if (!option) continue;
      if (long === '--app' && name === 'test') {
        // Each test file names its assembly; --app overrides it, so it has no default.
        expect(shape(option)).toEqual(shape(appOption(true)));
        continue;
      }
      if (long === '--output' && name === 'runtime-config') {
        // It writes a module, not a report: same flags and folder check, its own words.
        expect(option.flags).toBe(built.flags);
        expect(option.description).toMatch(/^write a module: .*\(its folder must exist\)$/);
        continue;
      }
      expect(shape(option)).toEqual(shape(built));
    }
    // No command spells a shared concept its own way.
    for (const o of command.options) {
      expect(['--out', '--assembly', '--cdk-out', '--output-file']).not.toContain(o.long);
      if (o.short === '-o') expect(o.long).toBe('--output');
      if (o.short === '-a') expect(o.long).toBe('--app');
    }
    // A command that reads an assembly reads it with --app and takes --allow-partial; none takes it as an argument.
    expect(Boolean(optionOf(command, '--app'))).toBe(Boolean(optionOf(command, '--allow-partial')));
    expect(command.registeredArguments.map((a) => a.name())).not.toContain('cdk.out');
    // A command with --format has -o, and its formats are checked by one list with one message.
    const format = optionOf(command, '--format');
    if (name !== 'runtime-config') expect(Boolean(format)).toBe(Boolean(optionOf(command, '--output')));
    if (format) {
      const formats = format.argChoices as ('table' | 'md' | 'json' | 'html')[];
      expect(shape(format)).toEqual(shape(formatOption(formats)));
      expect(format.defaultValue).toBe('table');
    }
  });

  test('every command takes --format table|md|json|html except test (table|json)', () => {
    const formats = Object.fromEntries(commands.map((c) => [c.name(), optionOf(c, '--format')?.argChoices]));
    expect(formats).toEqual({
      catalog: ['table', 'md', 'json', 'html'],
      review: ['table', 'md', 'json', 'html'],
      diff: ['table', 'md', 'json', 'html'],
      cost: ['table', 'md', 'json', 'html'],
      backtest: ['table', 'md', 'json', 'html'],
      test: ['table', 'json'],
      verify: ['table', 'md', 'json', 'html'],
      'runtime-config': undefined, // it writes a module or a variable's value, not a report
    });
  });

  /** The least each command needs to get past its arguments. */
  const ARGS: Record<string, string[]> = { diff: ['base.cdk.out'], test: ['tests.yaml'] };

  const reporting = names.filter((n) => n !== 'runtime-config');
  test.each(reporting)('%s: a format it does not take is refused in one line, exit 2', async (name) => {
    const r = await run(name, ...(ARGS[name] ?? []), '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: option '--format <format>' argument 'pdf' is invalid\. Allowed choices are [a-z, ]+\.\n$/,
    );
  });

  test('runtime-config takes no --format: one line, exit 2', async () => {
    const r = await run('runtime-config', '--format', 'json');
    expect(r).toMatchObject({ code: 2, err: "error: unknown option '--format'\n" });
  });

  test.each(names)(
    '%s: -o under a folder that does not exist is refused before anything runs',
    async (name) => {
      const r = await run(name, ...(ARGS[name] ?? []), '-o', 'no-such-folder/out.txt');
      expect(r.code).toBe(2);
      expect(r.err).toBe(
        'error: --output no-such-folder/out.txt: the folder no-such-folder does not exist (create it first)\n',
      );
    },
  );

  test('--junit is checked the same way', async () => {
    const r = await run('test', 'tests.yaml', '--junit', 'no-such-folder/junit.xml');
    expect(r.err).toBe(
      'error: --junit no-such-folder/junit.xml: the folder no-such-folder does not exist (create it first)\n',
    );
  });

  test("the help command is described like -h, not in commander's words", async () => {
    const r = await run('--help');
    expect(r.out).toMatch(/^ {2}help \[command\] +show the help of cdk-telemetry or of a command$/m);
    expect(r.out).not.toContain('display help for command');
  });

  test('--version prints the package version, exit 0', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
    for (const flag of ['--version', '-V']) {
      const r = await run(flag);
      expect(r).toEqual({ code: 0, out: `${version}\n`, err: '' });
    }
  });

  test('usage errors from the parser are one line, with the suggestion on it', async () => {
    const r = await run('review', '--out', 'x.txt');
    expect(r).toMatchObject({ code: 2, err: "error: unknown option '--out' (Did you mean --output?)\n" });
  });

  test('an assembly given as an argument, as it used to be, gets the right spelling', async () => {
    expect(await run('review', 'main.cdk.out')).toMatchObject({
      code: 2,
      err: 'error: unexpected argument "main.cdk.out": the assembly is given with --app (cdk-telemetry review --app main.cdk.out)\n',
    });
    expect((await run('diff', 'main.cdk.out', 'cdk.out')).err).toBe(
      'error: unexpected argument "cdk.out": the assembly is given with --app (cdk-telemetry diff main.cdk.out --app cdk.out)\n',
    );
  });

  test('a file with several problems prints each on its own error: line (a ConfigError lists them all)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-grammar-'));
    try {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, 'tests:\n  - name: 1\n    bogus: 2\n  - nam: x\n');
      const r = await run('test', file);
      expect(r.code).toBe(2);
      const lines = r.err.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(4);
      for (const line of lines) expect(line).toMatch(/^error: .*bad\.yaml:\d+:\d+: tests\[\d\]/);
      expect(lines).toContain(`error: ${file}:3:5: tests[0]: Unrecognized key: "bogus"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([...names.map((n) => [n, '--help']), ['catalog', '--coverage']])(
    '%s %s fits 80 columns: help epilogues and report subtitles wrap too',
    async (...argv) => {
      let out = '';
      const code = await runCli(argv, {
        out: (t) => (out += t),
        err: () => undefined,
        isTTY: false,
        columns: 80,
      });
      expect(code).toBe(0);
      const wide = out.split('\n').filter((line) => line.length > 80);
      expect(wide).toEqual([]);
    },
  );

  test('a ConfigError becomes a usage error with a line per problem; a message with line breaks too', () => {
    const error = ConfigError.of('x.yaml', [
      { path: ['a'], problem: 'first' },
      { path: ['b'], problem: 'second' },
    ]);
    const usage = asUsageError(error) as UsageError;
    expect(usage).toBeInstanceOf(UsageError);
    expect(usage.lines).toEqual(['x.yaml: a: first', 'x.yaml: b: second']);
    expect(new UsageError('one\ntwo').lines).toEqual(['one', 'two']);
  });
});
