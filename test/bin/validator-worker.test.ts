import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { TemplateLike, ValidatorModule } from '../../bin/validation-memo';
import { runValidatorInWorker } from '../../bin/validator-worker';

// A stand-in for @aws/cloudformation-validate (the real engine costs seconds to start): its report says which thread
// validated what, with which configuration and options; a template saying "fail" makes it throw a string, as the
// validation core does, and "crash" ends the thread.
const FAKE = `
const { threadId } = require('node:worker_threads');
class TemplateContent { constructor(content, name = 'template') { this.content = content; this.name = name; }
  readBytes() { return typeof this.content === 'string' ? new TextEncoder().encode(this.content) : this.content; } }
class TemplateFile { constructor(path) { this.path = path; } readBytes() { return require('fs').readFileSync(this.path); } }
class CompositeEngine {
  constructor(config) { if (config && config.broken) throw new Error('bad rule'); this.config = config; }
  validateTemplate(t, options) {
    const text = new TextDecoder().decode(t.readBytes());
    if (text === 'fail') throw 'template is not valid JSON or YAML';
    if (text === 'crash') process.exit(3);
    return { diagnostics: [{ threadId, text, name: t.name ?? t.path, config: this.config, options }] };
  }
  free() {}
}
module.exports = { CompositeEngine, TemplateContent, TemplateFile };
`;

describe('runValidatorInWorker', () => {
  let dir: string;
  let modulePath: string;
  let mod: ValidatorModule & { TemplateContent: new (c: string, n?: string) => TemplateLike };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'validator-worker-'));
    modulePath = join(dir, 'fake-validator.js');
    writeFileSync(modulePath, FAKE);
    mod = jest.requireActual(modulePath);
    expect(runValidatorInWorker(mod, modulePath, {})).toBe(true);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('validates in another thread and answers with the same report', () => {
    const engine = new mod.CompositeEngine({ regoRules: [{ name: 'r.rego', content: 'package x' }] });
    const options = { severityLevel: 'WARN', exclude: { ids: ['W3005'] } };
    const report = engine.validateTemplate(
      new mod.TemplateContent('{"Resources":{}}', 'stack.template.json'),
      options,
    );
    expect(report).toEqual({
      diagnostics: [
        {
          threadId: expect.any(Number),
          text: '{"Resources":{}}',
          name: 'stack.template.json',
          config: { regoRules: [{ name: 'r.rego', content: 'package x' }] },
          options,
        },
      ],
    });
    expect((report as { diagnostics: { threadId: number }[] }).diagnostics[0].threadId).not.toBe(threadId);
    // the engine is kept: a second template goes to the same worker
    const second = engine.validateTemplate(new mod.TemplateContent('{}', 'b.json'), options) as {
      diagnostics: { threadId: number; name: string }[];
    };
    expect(second.diagnostics[0]).toMatchObject({ name: 'b.json', threadId: expect.any(Number) });
    engine.free();
  });

  test("throws the engine's errors in the caller's thread, a thrown string as a string", () => {
    expect(() => new mod.CompositeEngine({ broken: true })).toThrow('bad rule');
    const engine = new mod.CompositeEngine({});
    let thrown: unknown;
    try {
      engine.validateTemplate(new mod.TemplateContent('fail', 'x.json'));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe('template is not valid JSON or YAML');
    engine.free();
  });

  test('a worker that ends without an answer is an error, not a hang', () => {
    const engine = new mod.CompositeEngine({});
    expect(() => engine.validateTemplate(new mod.TemplateContent('crash', 'x.json'))).toThrow(
      'the CloudFormation validator worker stopped without an answer',
    );
    engine.free();
  });

  test('a configuration that is not plain data keeps the engine in this thread', () => {
    class RuleFile {
      constructor(readonly path: string) {}
    }
    const engine = new mod.CompositeEngine({ regoRules: [new RuleFile('r.rego')] });
    const report = engine.validateTemplate(new mod.TemplateContent('{}', 'a.json')) as {
      diagnostics: { threadId: number }[];
    };
    expect(report.diagnostics[0].threadId).toBe(threadId);
    engine.free();
  });

  test('CDK_TELEMETRY_VALIDATOR_WORKER=0 leaves the module alone', () => {
    const other = { CompositeEngine: class {} } as unknown as ValidatorModule;
    const before = other.CompositeEngine;
    expect(runValidatorInWorker(other, modulePath, { CDK_TELEMETRY_VALIDATOR_WORKER: '0' })).toBe(false);
    expect(other.CompositeEngine).toBe(before);
  });
});
