/**
 * The README check reads shell blocks and the annotations in their comments right; `.ci/run` runs the commands
 * themselves (on a fresh clone, too slow for `npm test`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { annotationsOf, commentOf, parseReadme } from '../../scripts/check-readme';

describe('comments and annotations', () => {
  test.each([
    ['npx cdk synth   # writes cdk.out', ' writes cdk.out'],
    ["npx cdk-telemetry backtest --alarm 'a#b'  # quoted # is not a comment", ' quoted # is not a comment'],
    ['echo "x # y" # z', ' z'],
    ['echo a#b', undefined],
    ['# a whole line', ' a whole line'],
    ['echo \\# not a comment', undefined],
  ])('%s', (line, comment) => expect(commentOf(line)).toBe(comment));

  test.each([
    [' in CI: exit 1 on any finding', { allowed: [1] }],
    [' exit 1 or 2 when it fails', { allowed: [1, 2] }],
    [' exits 1, 3', { allowed: [1, 3] }],
    [' needs AWS: after cdk deploy', { skip: 'needs AWS', allowed: [] }],
    [' Needs aws, exit 2', { skip: 'needs AWS', allowed: [2] }],
    [' takes minutes: no README check', { skip: 'takes minutes: no README check', allowed: [] }],
    [' the exit of a process', { allowed: [] }],
    [undefined, { allowed: [] }],
  ])('%s', (comment, expected) => expect(annotationsOf(comment)).toEqual(expected));
});

describe('shell blocks', () => {
  const md = [
    '# Title',
    '```sh',
    'npm ci        # set up',
    '',
    'npx thing \\',
    '  --flag x    # exit 1 when it finds something',
    '```',
    '```yaml',
    'not: run',
    '```',
    '```bash',
    '# needs AWS: every command of this block',
    'npx cdk deploy --all',
    'npx cdk-telemetry verify  # exit 1 on a failed check',
    '```',
  ].join('\n');

  test('commands, continuation lines, block and line annotations; other languages are not shell', () => {
    expect(parseReadme(md)).toEqual([
      {
        line: 2,
        commands: [
          { line: 3, text: 'npm ci        # set up', allowed: [] },
          { line: 5, text: 'npx thing \\\n  --flag x    # exit 1 when it finds something', allowed: [1] },
        ],
      },
      {
        line: 11,
        commands: [
          { line: 13, text: 'npx cdk deploy --all', skip: 'needs AWS', allowed: [] },
          {
            line: 14,
            text: 'npx cdk-telemetry verify  # exit 1 on a failed check',
            skip: 'needs AWS',
            allowed: [1],
          },
        ],
      },
    ]);
  });

  test('an unclosed block is an error with its line', () => {
    expect(() => parseReadme('```sh\nnpm ci\n')).toThrow('README.md:1: the shell block is not closed');
  });

  test("this repository's README: the commands that need AWS are marked, the rest run", () => {
    const commands = parseReadme(readFileSync(join(__dirname, '../../README.md'), 'utf8')).flatMap(
      (b) => b.commands,
    );
    const first = (c: { text: string }) => c.text.split('#')[0].trim();
    expect(commands.filter((c) => c.skip === 'needs AWS').map(first)).toEqual([
      "npx cdk-telemetry backtest --live --from 7d --alarm 'sophie-api-*'",
      'npx cdk-telemetry verify --round-trip',
      'aws logs filter-log-events --log-group-name /aws/lambda/sophie-create-task > events.json',
      'npx cdk-telemetry verify --app-metrics 1h --strict',
    ]);
    const run = commands.filter((c) => !c.skip).map(first);
    expect(run.slice(0, 3)).toEqual(['npm ci', 'npx cdk synth', 'npm test']);
    expect(run.filter((c) => c.startsWith('npx cdk-telemetry ')).length).toBeGreaterThanOrEqual(10);
  });
});
