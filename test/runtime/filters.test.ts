/** The sensitive-data filter on metadata, the metadata bounds, and the cardinality guard. */
import { CardinalityGuard } from '../../lib/runtime/cardinality';
import { instrument } from '../../lib/runtime/instrument';
import { cleanMetadata } from '../../lib/runtime/metadata';
import { Redactor, luhn } from '../../lib/runtime/redact';
import { memoryTelemetry } from './helpers';

const r = new Redactor();

describe('default redaction rules', () => {
  test.each([
    ['mail me at ann.lee+tasks@corp.example.com', 'mail me at [EMAIL]'],
    ['Authorization: Bearer abcdEFGH1234.xyz', 'Authorization: Bearer [TOKEN]'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature', 'jwt [TOKEN]'],
    ['key AKIAIOSFODNN7EXAMPLE used', 'key [SECRET] used'],
    ['stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'stripe [SECRET]'],
    ['gh ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'gh [SECRET]'],
    ['slack xoxb-123456789012-abcdefABCDEF', 'slack [SECRET]'],
    ['db password=hunter2&user=x', 'db password=[REDACTED]&user=x'],
    ['api_key: 12345abc', 'api_key: [REDACTED]'],
    ['card 4111 1111 1111 1111 paid', 'card [CARD] paid'],
    ['card 4111-1111-1111-1111', 'card [CARD]'],
    ['amex 378282246310005', 'amex [CARD]'],
  ])('%s', (input, expected) => {
    expect(r.value(input)).toBe(expected);
  });

  test.each([
    'order 4111 1111 1111 1112 (fails Luhn)',
    'phone 0612345678',
    'invoice 2026-03-02-000123',
    'a plain sentence with no secrets',
    'a@b', // no domain
  ])('left alone: %s', (input) => {
    expect(r.value(input)).toBe(input);
  });

  test('Luhn', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn('79927398713')).toBe(true);
  });

  test.each([
    'password',
    'userPassword',
    'client_secret',
    'apiKey',
    'x-api-key',
    'authorization',
    'Cookie',
    'cardNumber',
    'cvv',
    'refresh_token',
    'privateKey',
  ])('key %s is redacted whole', (key) => {
    expect(r.keyReplacement(key)).toBe('[REDACTED]');
  });

  test.each(['title', 'status', 'count', 'plan', 'card'])('key %s is not', (key) => {
    expect(r.keyReplacement(key)).toBeUndefined();
  });

  test('the patterns stay linear on long adversarial strings', () => {
    const inputs = [
      'a'.repeat(1024) + '@',
      '1 '.repeat(512),
      'eyJ'.repeat(340),
      'password='.repeat(110),
      'a.'.repeat(512) + '@x',
    ];
    const start = performance.now();
    for (let i = 0; i < 20; i++) for (const s of inputs) r.value(s);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('own rules and the settings rules', () => {
  test('a value rule, a key rule, and telemetry.yaml custom identifiers through the settings', () => {
    const { t, take } = memoryTelemetry({
      settings: { v: 1, app: 'sophie', budget: 200, redact: [['TaskShareToken', 'tsk_[A-Za-z0-9]{32}']] },
      redact: [
        { name: 'employee', pattern: /EMP-\d{5}/ },
        { name: 'notes', key: /^internalNotes$/ },
      ],
    });
    t.emitEvent(
      'a.b',
      { x: 1 },
      {
        link: `shared tsk_${'a'.repeat(32)} with EMP-12345`,
        internalNotes: 'anything',
      },
    );
    const { records } = take();
    expect(records[0].metadata).toEqual({
      link: 'shared [TASKSHARETOKEN] with [EMPLOYEE]',
      internalNotes: '[NOTES]',
    });
  });

  test('a rule that does not compile is reported once and skipped', () => {
    const { warnings } = memoryTelemetry({ redact: [{ name: 'broken', pattern: '(' }] });
    expect(warnings).toEqual([expect.stringContaining('redaction rule ignored: broken')]);
  });

  test('defaults can be turned off (own rules still apply)', () => {
    const own = new Redactor([{ name: 'x', pattern: 'secret' }], false);
    expect(own.value('ann@corp.example secret')).toBe('ann@corp.example [X]');
  });
});

describe('metadata bounds', () => {
  test('cycles, depth, getters that throw, BigInt, Dates, Errors, Maps, binary', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    const trap = {
      get boom() {
        throw new Error('no');
      },
    };
    const { value } = cleanMetadata(
      {
        cyclic,
        deep: { a: { b: { c: { d: { e: 1 } } } } },
        trap,
        big: 10n ** 20n,
        when: new Date(0),
        err: new TypeError('bad input from ann@corp.example'),
        map: new Map([['k', 1]]),
        set: new Set([1, 2]),
        buf: Buffer.from('abc'),
        fn: () => 1,
        sym: Symbol('x'),
        undef: undefined,
        nan: NaN,
      },
      r,
    );
    expect(value).toEqual({
      cyclic: { name: 'a', self: '[CYCLE]' },
      deep: { a: { b: { c: '[DEPTH]' } } },
      trap: { boom: '[UNREADABLE]' },
      big: '100000000000000000000',
      when: '1970-01-01T00:00:00.000Z',
      err: { name: 'TypeError', message: 'bad input from [EMAIL]' },
      map: { k: 1 },
      set: [1, 2],
      buf: '[binary 3 bytes]',
      nan: 'NaN',
    });
  });

  test('a huge object stays small, and the values read are bounded by the limits, not by the input', () => {
    let reads = 0;
    const keys = Array.from({ length: 200_000 }, (_, i) => `k${i}`);
    const huge = new Proxy(
      {},
      {
        ownKeys: () => keys,
        getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
        get: () => (reads++, 'v'.repeat(100)),
      },
    );
    const { value, truncated } = cleanMetadata({ huge, long: 'x'.repeat(5_000_000) }, r);
    expect(reads).toBeLessThanOrEqual(50);
    expect(truncated).toBe(true);
    expect(JSON.stringify(value).length).toBeLessThan(12_000);
  });

  test('a proxy whose traps throw', () => {
    const p = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(cleanMetadata({ p }, r).value).toEqual({ p: { '[unreadable]': true } });
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    expect(() => cleanMetadata(hostile, r)).not.toThrow();
  });

  test('__proto__ keys are plain data', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as unknown;
    const { value } = cleanMetadata(input, r);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":true},"ok":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('cardinality guard', () => {
  test.each([
    'userId',
    'user_id',
    'USER_ID',
    'user',
    'email',
    'sessionId',
    'requestId',
    'traceId',
    'orderNumber',
    'clientIp',
    'id',
    'uuid',
  ])('key %s never becomes a dimension', (key) => {
    const g = new CardinalityGuard(50, 5, 100);
    expect(g.check('f', { [key]: 'x' })).toMatchObject({ kept: [], refused: [[key, 'key']] });
  });

  test.each(['plan', 'region', 'provider', 'paid', 'valid', 'tier', 'android'])('key %s may', (key) => {
    const g = new CardinalityGuard(50, 5, 100);
    expect(g.check('f', { [key]: 'x' }).kept).toEqual([[key, 'x']]);
  });

  test.each([
    ['a uuid', '123e4567-e89b-12d3-a456-426614174000'],
    ['an email', 'ann@corp.example'],
    ['a long number', '20260302123'],
    ['a hex digest', 'deadbeefcafebabe1234'],
    ['a long text', 'x'.repeat(65)],
  ])('%s as a value never becomes a dimension', (_what, value) => {
    const g = new CardinalityGuard(50, 5, 100);
    expect(g.check('f', { plan: value })).toMatchObject({ kept: [], refused: [['plan', 'value']] });
  });

  test('at most N values per key and family; the rest are bucketed as Other', () => {
    const g = new CardinalityGuard(3, 5, 100);
    const values = ['a', 'b', 'c', 'd', 'e', 'a'].map((v) => g.check('kpi:x', { plan: v }).kept[0][1]);
    expect(values).toEqual(['a', 'b', 'c', 'Other', 'Other', 'a']);
    // another family has its own budget
    expect(g.check('kpi:y', { plan: 'd' }).kept).toEqual([['plan', 'd']]);
  });

  test('end to end: overflow values are written as Other and counted', () => {
    const { t, take } = memoryTelemetry({ limits: { maxDimensionValues: 2 } });
    for (const plan of ['free', 'pro', 'team', 'enterprise']) t.kpiCount('signups', 1, { plan });
    const { emf } = take();
    expect(emf.map((d) => [d.plan, d.KpiCount])).toEqual([
      ['free', 1],
      ['pro', 1],
      ['Other', 2],
    ]);
    expect(t.stats().bucketed).toBe(2);
  });

  test('error classes and features are bounded too', () => {
    const { t, take } = memoryTelemetry({ limits: { maxErrorClasses: 2, maxFeatures: 1 } });
    for (const name of ['A', 'B', 'C', 'D']) {
      const e = new Error('x');
      e.name = name;
      t.kpiFeature('adoption', `feature-${name}`);
      try {
        instrument(
          () => t,
          'a.b',
          () => {
            throw e;
          },
        )();
      } catch {
        // expected
      }
    }
    const { emf } = take();
    expect(emf.filter((d) => 'ErrorClass' in d).map((d) => [d.ErrorClass, d.Errors])).toEqual([
      ['A', 1],
      ['B', 1],
      ['Other', 2],
    ]);
    expect(emf.filter((d) => 'Feature' in d).map((d) => [d.Feature, d.FeatureUsed])).toEqual([
      ['feature-A', 1],
      ['Other', 3],
    ]);
  });
});
