import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { telemetryJsonSchema } from '../../lib/config/json-schema';

const root = join(__dirname, '../..');
const committed = JSON.parse(readFileSync(join(root, 'telemetry.schema.json'), 'utf8'));

test('telemetry.schema.json is up to date (run `npm run schema`)', () => {
  expect(committed).toEqual(telemetryJsonSchema());
});

describe('the JSON Schema gives editors the same answers as the loader', () => {
  // Ajv's code optimizer (unused names and branches removed from the generated validator) is more than half the
  // compile time of a 230 KB schema, and changes no answer.
  const ajv = new Ajv2020({ allErrors: true, strict: false, code: { optimize: false } });
  addFormats(ajv);
  const validate = ajv.compile(committed);

  test('accepts the example telemetry.yaml', () => {
    const ok = validate(parse(readFileSync(join(root, 'telemetry.yaml'), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test.each([
    ['an unknown key', { app: 'x', services: [{ name: 'a', lambdas: [] }] }],
    ['a duration with a space', { app: 'x', budgets: { default: '200 ms' }, services: [{ name: 'a' }] }],
    ['a wrong type', { app: 'x', services: [{ name: 'a', lambda: 'f' }] }],
    [
      'an email address that is not one',
      { app: 'x', alerting: { critical: { email: ['oncall'] } }, services: [{ name: 'a' }] },
    ],
    [
      'an unknown alarm id',
      { app: 'x', services: [{ name: 'a', lambda: [{ name: 'f', alarms: { erors: {} } }] }] },
    ],
  ])('rejects %s', (_what, doc) => {
    expect(validate(doc)).toBe(false);
  });
});
