/**
 * The example handler (examples/handler/create-task.ts), bundled as `NodejsFunction` bundles it (esbuild, Node 20)
 * and run as the Lambda Node.js runtime runs it with the JSON log format: the EMF it writes is valid, at the root of
 * its log line, and says what happened.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { runCli, type CliIo } from '../../lib/tools/cli/program';
import { emfProblems, parseLines, valuesOf } from '../runtime/emf-validate';

const ROOT = join(__dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/handler');

const token = (user: string, signedUpAt: number) => Buffer.from(`${user}:${signedUpAt}`).toString('base64');
const post = (body: unknown, auth?: string) => ({
  httpMethod: 'POST',
  path: '/tasks',
  headers: auth ? { authorization: `Bearer ${auth}` } : {},
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

let bundle: string;
let inputs: string[];
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'handler-'));
  bundle = join(dir, 'index.js');
  const out = buildSync({
    entryPoints: [join(EXAMPLE, 'create-task.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: bundle,
    alias: { 'cdk-telemetry/runtime': join(ROOT, 'lib/runtime/index.ts') },
    metafile: true,
    logLevel: 'silent',
  });
  inputs = Object.keys(out.metafile.inputs);
});

function invoke(events: unknown[], env: Record<string, string> = {}) {
  const r = spawnSync(
    process.execPath,
    [join(__dirname, 'lambda-harness.cjs'), bundle, JSON.stringify(events)],
    {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_LAMBDA_FUNCTION_NAME: 'sophie-create-task',
        AWS_LAMBDA_LOG_FORMAT: 'JSON',
        ...env,
      },
    },
  );
  expect(r.status).toBe(0);
  return {
    results: JSON.parse(r.stderr.trim().split('\n').pop()!) as Array<{ statusCode?: number; error?: string }>,
    ...parseLines(r.stdout.trim().split('\n')),
  };
}

test('the bundle holds the handler, the runtime and the contract, nothing else', () => {
  expect(
    inputs.filter((f) => !/^(examples\/handler|lib\/runtime)\/|^lib\/model\/app-metrics\.ts$/.test(f)),
  ).toEqual([]);
});

test('its settings module is what telemetry.yaml gives (change a budget once: this fails until it is regenerated)', async () => {
  const io: CliIo = { out: () => undefined, err: () => undefined, isTTY: false };
  const code = await runCli(
    [
      'runtime-config',
      '-c',
      join(ROOT, 'telemetry.yaml'),
      '-o',
      join(EXAMPLE, 'telemetry.settings.ts'),
      '--service',
      'api',
      '--check',
    ],
    io,
  );
  expect(code).toBe(0);
});

test('four invocations: one flush each, valid EMF at the root of each line, what happened in the metrics', () => {
  const now = Date.now();
  const ann = token('ann', now - 7 * 60_000);
  const { results, emf, records } = invoke([
    post({ id: 't1', title: 'Write the report', due: '2026-04-01' }, ann),
    post({ id: 't2', title: 'Review it' }, ann),
    post({ id: 't1', title: 'Again' }, ann), // conflict
    post({ title: 'no id' }), // no token
  ]);
  expect(results.map((r) => r.statusCode)).toEqual([201, 201, 409, 400]);
  for (const doc of emf) expect(emfProblems(doc, Date.now())).toEqual([]);

  const dims = (fn: string) => ({ Function: fn });
  expect(valuesOf(emf, 'Duration', dims('POST /tasks'))).toHaveLength(4);
  expect(valuesOf(emf, 'Errors', { ...dims('POST /tasks') })).toEqual([0, 0, 0, 0]);
  expect(emf.find((d) => d.Function === 'POST /tasks')).toMatchObject({ Module: 'api', BudgetMs: 200 });
  expect(emf.find((d) => d.Function === 'verifyToken')).toMatchObject({ Module: 'auth', BudgetMs: 50 });
  expect(valuesOf(emf, 'Errors', { Function: 'save', ErrorClass: 'Conflict' })).toEqual([1]);
  expect(valuesOf(emf, 'Errors', { Function: 'verifyToken', ErrorClass: 'BadRequest' })).toEqual([1]);
  expect(valuesOf(emf, 'KpiCount', { Kpi: 'tasks-created' })).toEqual([1, 1]);
  // only what telemetry.yaml declares (the contract test checks it): no feature adoption KPI in the example
  expect(valuesOf(emf, 'FeatureUsed')).toEqual([]);
  expect(valuesOf(emf, 'JourneyStageReached', { Stage: 'first-project' })).toEqual([1]);
  const [seconds] = valuesOf(emf, 'JourneyStageTime', { Stage: 'first-project' });
  expect(seconds).toBeGreaterThanOrEqual(420);
  expect(seconds).toBeLessThan(480);
  expect(records).toEqual([
    expect.objectContaining({ journey: 'onboarding', stage: 'first-project', user: 'ann' }),
  ]);
  // every document is in the namespace of the app
  expect(
    new Set(
      emf.map((d) =>
        JSON.stringify(
          (d._aws as { CloudWatchMetrics: Array<{ Namespace: string }> }).CloudWatchMetrics[0].Namespace,
        ),
      ),
    ),
  ).toEqual(new Set(['"cdk-telemetry/sophie"']));
});

test('with the application log level at WARN, Lambda drops INFO lines; the metrics still arrive', () => {
  const { results, emf } = invoke([post({ id: 'a', title: 'x' }, token('bob', Date.now()))], {
    AWS_LAMBDA_LOG_LEVEL: 'WARN',
  });
  expect(results[0].statusCode).toBe(201);
  expect(valuesOf(emf, 'KpiCount')).toEqual([1]);
  expect(emf.every((d) => d.level === 'WARN')).toBe(true);
});

test('what console.log would have done: wrapped in "message", no longer EMF (why the runtime writes to stdout)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'console-'));
  const viaConsole = join(dir, 'index.js');
  writeFileSync(
    viaConsole,
    `exports.handler = async () => { console.log(JSON.stringify({ _aws: { Timestamp: Date.now(), CloudWatchMetrics: [] } })); return {}; };`,
  );
  const r = spawnSync(process.execPath, [join(__dirname, 'lambda-harness.cjs'), viaConsole, '[{}]'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, AWS_LAMBDA_LOG_FORMAT: 'JSON' },
  });
  const line = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
  expect(line).not.toHaveProperty('_aws');
  expect(typeof line.message).toBe('string');
});
