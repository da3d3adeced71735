/**
 * memoizeValidation: a template already validated (same bytes, options, engine configuration and validator version)
 * gets its stored report without starting the engine; anything else reaches the real engine.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_ENTRIES, memoizeValidation, type ValidatorModule } from '../../bin/validation-memo';

class Template {
  constructor(readonly text: string) {}
  readBytes(): Uint8Array {
    return new TextEncoder().encode(this.text);
  }
}

/** A validator module whose engine records what it was asked; a template containing "bad" gets a finding. */
function fakeModule() {
  const calls = { started: 0, validated: [] as string[], freed: 0 };
  class CompositeEngine {
    constructor(readonly config?: unknown) {
      calls.started++;
    }
    validateTemplate(t: Template, options?: { severityLevel?: string }) {
      calls.validated.push(t.text);
      const diagnostics = t.text.includes('bad')
        ? [{ ruleId: 'E3002', severity: 'ERROR', message: `bad at ${options?.severityLevel}` }]
        : [];
      return { status: diagnostics.length ? 'FAILED' : 'OK', diagnostics };
    }
    listRules() {
      return ['E3002'];
    }
    free() {
      calls.freed++;
    }
  }
  return { mod: { CompositeEngine } as unknown as ValidatorModule, calls };
}

const options = { detailLevel: 'STANDARD', severityLevel: 'WARN', exclude: { ids: ['W3005'] } };

test('a second synth of the same templates never starts the engine, and gets the same reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memo-'));
  const first = fakeModule();
  const stats1 = memoizeValidation(first.mod, dir, '1.0');
  const engine1 = new first.mod.CompositeEngine({});
  const good = engine1.validateTemplate(new Template('{"Resources":{}}'), options);
  const bad = engine1.validateTemplate(new Template('{"bad":1}'), options);
  expect(first.calls.started).toBe(1);
  expect(stats1).toEqual({ hits: 0, misses: 2, enginesStarted: 1 });

  // a new process: a new module instance, the same cache folder
  const second = fakeModule();
  const stats2 = memoizeValidation(second.mod, dir, '1.0');
  const engine2 = new second.mod.CompositeEngine({});
  expect(engine2.validateTemplate(new Template('{"Resources":{}}'), options)).toEqual(good);
  expect(engine2.validateTemplate(new Template('{"bad":1}'), options)).toEqual(bad);
  expect((bad as { diagnostics: unknown[] }).diagnostics).toHaveLength(1); // findings are cached too, and reported
  expect(second.calls.started).toBe(0);
  expect(stats2).toEqual({ hits: 2, misses: 0, enginesStarted: 0 });
  engine2.free();
  expect(second.calls.freed).toBe(0); // nothing to free: never started
});

test.each([
  ['the template bytes', '{"Resources": {}}', options, {}, '1.0'],
  ['the options', '{"Resources":{}}', { ...options, severityLevel: 'ERROR' }, {}, '1.0'],
  [
    'the engine configuration',
    '{"Resources":{}}',
    options,
    { regoRules: [{ name: 'r', content: 'x' }] },
    '1.0',
  ],
  ['the validator version', '{"Resources":{}}', options, {}, '1.1'],
])('a change of %s validates again', (_what, text, opts, config, version) => {
  const dir = mkdtempSync(join(tmpdir(), 'memo-'));
  const warm = fakeModule();
  memoizeValidation(warm.mod, dir, '1.0');
  new warm.mod.CompositeEngine({}).validateTemplate(new Template('{"Resources":{}}'), options);
  const next = fakeModule();
  const stats = memoizeValidation(next.mod, dir, version);
  new next.mod.CompositeEngine(config).validateTemplate(new Template(text), opts);
  expect(next.calls.validated).toEqual([text]);
  expect(stats.misses).toBe(1);
});

test('a configuration that is not plain data (rules read from a file by path) is never cached', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memo-'));
  class RuleFile {
    constructor(readonly path: string) {}
  }
  for (let i = 0; i < 2; i++) {
    const m = fakeModule();
    memoizeValidation(m.mod, dir, '1.0');
    new m.mod.CompositeEngine({ guardRules: [new RuleFile('rules.guard')] }).validateTemplate(
      new Template('{}'),
      options,
    );
    expect(m.calls.started).toBe(1);
  }
  expect(readdirSync(dir)).toEqual([]);
});

test('an unreadable cache entry is validated again; other engine methods reach the real engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memo-'));
  const a = fakeModule();
  memoizeValidation(a.mod, dir, '1.0');
  new a.mod.CompositeEngine({}).validateTemplate(new Template('{}'), options);
  for (const f of readdirSync(dir)) writeFileSync(join(dir, f), '{truncated');
  const b = fakeModule();
  const stats = memoizeValidation(b.mod, dir, '1.0');
  const engine = new b.mod.CompositeEngine({}) as unknown as {
    validateTemplate: (t: Template, o: unknown) => unknown;
    listRules: () => string[];
  };
  expect(engine.validateTemplate(new Template('{}'), options)).toEqual({ status: 'OK', diagnostics: [] });
  expect(stats).toEqual({ hits: 0, misses: 1, enginesStarted: 1 });
  expect(engine.listRules()).toEqual(['E3002']);
  expect(memoizeValidation(b.mod, dir, '1.0')).toBe(stats); // idempotent
});

test(`the cache keeps at most ${MAX_ENTRIES} reports`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'memo-'));
  const m = fakeModule();
  memoizeValidation(m.mod, dir, '1.0');
  const engine = new m.mod.CompositeEngine({});
  for (let i = 0; i < MAX_ENTRIES + 10; i++) engine.validateTemplate(new Template(`{"n":${i}}`), options);
  expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(MAX_ENTRIES);
});
