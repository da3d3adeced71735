import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { budgetFor, decodeRuntimeSettings, type RuntimeSettings } from '../../lib/model/app-metrics';
import { modelFromText } from '../../lib/config/load';
import { runtimeSettingsFromText } from '../../lib/config/runtime-settings';
import { planTelemetry } from '../../lib/model/plan';
import { run } from '../helpers/cli';

const ROOT = join(__dirname, '../..');
const EXAMPLE = join(ROOT, 'telemetry.yaml');

test('the runtime and the budget alarms read the same budget for every operation of the example', () => {
  const text = readFileSync(EXAMPLE, 'utf8');
  const settings = runtimeSettingsFromText(text);
  const model = modelFromText(text);
  const plan = planTelemetry(model);
  let compared = 0;
  for (const service of model.services) {
    for (const r of service.resources) {
      if (!r.operation) continue;
      const alarm = plan.services
        .flatMap((s) => s.alarms)
        .find(
          (a) =>
            a.labels?.resource === r.label &&
            a.labels.service === service.name &&
            a.labels.signal === 'latencyBudget' &&
            a.severity === 'warning',
        );
      if (!alarm) continue;
      expect([r.operation, budgetFor(settings.budgets, r.operation)]).toEqual([r.operation, alarm.threshold]);
      compared++;
    }
  }
  expect(compared).toBeGreaterThanOrEqual(8); // every Lambda function and budgeted method of the example
  expect(settings.redact).toEqual([{ name: 'TaskShareToken', regex: 'tsk_[A-Za-z0-9]{32}' }]);
});

test('no -o: the value of CDK_TELEMETRY_RUNTIME, which the runtime reads back to the same settings', async () => {
  const r = await run('runtime-config', '-c', EXAMPLE, '--service', 'api');
  expect(r.code).toBe(0);
  const decoded = decodeRuntimeSettings(r.out.trim()) as RuntimeSettings;
  expect(decoded).toEqual(runtimeSettingsFromText(readFileSync(EXAMPLE, 'utf8'), 'telemetry.yaml', 'api'));
  expect(decoded.budgets.operations.get('auth')).toBe(50);
  expect(decoded.service).toBe('api');
});

test('-o writes a module; --check passes while it matches and fails (exit 1) once a budget changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-config-'));
  const config = join(dir, 'telemetry.yaml');
  writeFileSync(config, readFileSync(EXAMPLE, 'utf8'));
  mkdirSync(join(dir, 'src')); // like every file a command writes, its folder must exist
  const out = join(dir, 'src/telemetry.settings.ts');
  expect((await run('runtime-config', '-c', config, '-o', out)).code).toBe(0);
  const module = readFileSync(out, 'utf8');
  expect(module).toContain('export const telemetrySettings = {');
  expect(module).toContain('["auth", 50],');
  expect(module).toMatch(/} as const;\n$/);
  expect((await run('runtime-config', '-c', config, '-o', out, '--check')).code).toBe(0);
  writeFileSync(config, readFileSync(config, 'utf8').replace('auth: 50ms', 'auth: 40ms'));
  const stale = await run('runtime-config', '-c', config, '-o', out, '--check');
  expect(stale.code).toBe(1);
  expect(stale.err).toContain(`is out of date with ${config}`);
});

test('every module kind is what its extension says', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-config-'));
  for (const ext of ['mjs', 'cjs', 'json']) {
    const out = join(dir, `s.${ext}`);
    expect((await run('runtime-config', '-c', EXAMPLE, '-o', out)).code).toBe(0);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS module as an app loads it
  const cjs = require(join(dir, 's.cjs')) as { telemetrySettings: unknown };
  expect(decodeRuntimeSettings(cjs.telemetrySettings)).toEqual(
    decodeRuntimeSettings(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'))),
  );
  expect(readFileSync(join(dir, 's.mjs'), 'utf8')).toContain(
    'export const telemetrySettings = Object.freeze({',
  );
});

test('mistakes: one line, exit 2', async () => {
  const cases: Array<[string[], string]> = [
    [['-c', 'nope.yaml'], 'error: nope.yaml: file not found\n'],
    [['-c', EXAMPLE, '--service', 'billing'], 'no service is named "billing" (services: api, notifications)'],
    [['-c', EXAMPLE, '-o', 'settings.js'], 'a .js file could be either module kind'],
    [['-c', EXAMPLE, '--check'], '--check needs the module to compare: give -o <file>'],
    [
      ['-c', EXAMPLE, '--operations', 'auth,login'],
      '--operations: no budget for login (budgets: auth, GET /tasks, export-report)',
    ],
  ];
  for (const [args, message] of cases) {
    const r = await run('runtime-config', ...args);
    expect([r.code, r.err.split('\n').length]).toEqual([2, 2]);
    expect(r.err).toContain(message);
  }
});
