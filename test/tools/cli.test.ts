import { RESOURCE_KINDS } from '../../lib/model/kinds';
import { run } from '../helpers/cli';

describe('cdk-telemetry CLI', () => {
  test('--help lists the commands and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Commands:\n\s+catalog/);
  });

  test('an unknown command is a usage error (exit 2)', async () => {
    const r = await run('bogus');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'bogus'/);
  });

  test('catalog --format json lists every row with its source', async () => {
    const r = await run('catalog', '--format', 'json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Array<{ kind: string; id: string; source: string }>;
    expect(rows.find((x) => x.kind === 'lambda' && x.id === 'throttles')).toMatchObject({
      source: expect.stringMatching(/Best_Practice_Recommended_Alarms_AWS_Services\.html#Lambda$/),
    });
    expect(rows.every((x) => x.source.length > 0)).toBe(true);
  });

  test('catalog --kind with a bad value names the allowed kinds, one line, exit 2', async () => {
    const r = await run('catalog', '--kind', 'ec2');
    expect(r.code).toBe(2);
    // Too many kinds for one line: those sharing the input's first letters, the count, and how to list them all.
    expect(RESOURCE_KINDS.length).toBeGreaterThan(40);
    expect(r.err).toBe(
      `error: --kind "ec2" is not a kind (allowed: ec2Instance, ec2InstanceAgent, … ${RESOURCE_KINDS.length} kinds in all: \`cdk-telemetry catalog --format json\` lists them)\n`,
    );
  });

  test('catalog --format html is one page with the table, as every command writes it', async () => {
    const r = await run('catalog', '--kind', 'sqsDlq', '--format', 'html');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<!doctype html>/);
    expect(r.out).toContain('<h1>Recommended alarms</h1>');
    expect(r.out).toMatch(/<th>kind<\/th><th>id<\/th><th>metric<\/th>/);
    expect(r.out).toMatch(/<td>sqsDlq<\/td>/);
  });

  test('catalog --format md is a Markdown table', async () => {
    const r = await run('catalog', '--kind', 'sqsDlq', '--format', 'md');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('# Recommended alarms');
    expect(lines.slice(lines.indexOf('') + 3, lines.indexOf('') + 5)).toEqual([
      '| kind | id | metric | condition | window | missing | severity | enabled | source |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ]);
  });
});
