import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromText } from '../../lib/config/load';
import { shortName } from '../../lib/model/naming';
import { planSamplingRules } from '../../lib/model/tracing';
import { formatRetention, parseRetention } from '../../lib/model/retention';
import { configErrorOf } from '../helpers/config-error';

const EXAMPLE = readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8');

/** A small valid app; each test adds one section. */
const SERVICES = `app: shop
services:
  - name: api
    restApi: [{ name: shop-api, stage: prod }]
    lambda: [shop-pay, shop-list]
  - name: jobs
    lambda: [shop-nightly]
`;

describe('the example telemetry.yaml turns all three on', () => {
  const model = modelFromText(EXAMPLE);

  test('tracing: operation rules first, then the service, then the default; a group per service', () => {
    expect(
      model.tracing!.samplingRules.map((r) => [
        r.name,
        r.priority,
        r.serviceName,
        r.httpMethod,
        r.urlPath,
        r.rate,
      ]),
    ).toEqual([
      ['sophie-api-POST-login', 100, 'sophie-api/prod', 'POST', '/login', 1],
      ['sophie-api-GET-tasks', 110, 'sophie-api/prod', 'GET', '/tasks', 0.02],
      ['sophie-api', 1000, 'sophie-api/prod', '*', '*', 0.1],
      ['sophie-default', 1010, 'sophie-*', '*', '*', 0.05],
    ]);
    expect(model.tracing!.groups).toEqual([
      {
        groupName: 'sophie-api',
        filterExpression:
          'service("sophie-api/prod") OR service("sophie-authorizer") OR service("sophie-list-tasks") OR service("sophie-create-task") OR service("sophie-update-task")',
        insights: true,
        notify: 'critical',
      },
      {
        groupName: 'sophie-notifications',
        filterExpression: 'service("sophie-send-reminder") OR service("sophie-export-report")',
        insights: true,
        notify: 'warning',
      },
    ]);
    expect(model.tracing!.adot).toEqual({ layer: 'javascript' });
  });

  test('audit and logs', () => {
    expect(model.audit).toEqual({
      trailName: 'sophie-telemetry-audit',
      readers: ['arn:aws:iam::111122223333:role/SecurityAuditor'],
      objectLock: { mode: 'compliance', days: 365 },
      cloudWatchLogs: true,
      insights: false,
      archiveAfterDays: 90,
      alerts: {
        areas: ['alarms', 'trail', 'logs', 'xray', 'grafana'],
        severity: 'warning',
        ignoreCloudFormation: true,
      },
    });
    expect(model.logs!.tiers).toEqual({ realtime: 30, analytics: 365, compliance: 2557 });
    expect(model.logs!.dataProtection!.identifiers).toContain('EmailAddress');
    expect(model.logs!.archive!.bucket).toEqual({ name: 'sophie-log-archive-{account}-{region}' });
    expect(model.logs!.archive!.logGroups[2]).toEqual({
      logGroupName: '/aws/lambda/sophie-authorizer',
      filterPattern: '"DENY"',
    });
  });

  test('a config without the sections has none of them', () => {
    const model = modelFromText(SERVICES);
    expect([model.tracing, model.audit, model.logs]).toEqual([undefined, undefined, undefined]);
  });
});

describe('bad tracing, audit and logs settings are one-line errors with the path', () => {
  test.each([
    [
      'an unknown retention',
      'logs:\n  retention: { realtime: 45d }',
      'telemetry.yaml:9:16: logs.retention.realtime: "45d" is not a retention CloudWatch Logs accepts; nearest: 1mo (30d) or 2mo (60d); allowed: 1d, 3d, 5d, 1w, 2w, 1mo, 2mo, 3mo, 4mo, 5mo, 6mo, 1y, 13mo, 18mo, 2y, 3y, 5y, 6y, 7y, 8y, 9y, 10y (or the same in days, e.g. 30d, 365d)',
    ],
    [
      'tiers out of order',
      'logs:\n  retention: { realtime: 1y, analytics: 3mo }',
      'logs.retention.analytics: 3mo is shorter than realtime (1y); tiers must not get shorter from realtime to analytics to compliance',
    ],
    [
      'a sampling rate of 2',
      'tracing:\n  sampling: { rate: 2, match: "shop-*" }',
      'telemetry.yaml:9:15: tracing.sampling.rate: rate 2 is out of range: the share of requests traced is a number from 0 to 1 (0.05 = 5 %)',
    ],
    [
      'an operation with a rate of 2',
      'tracing:\n  services:\n    api:\n      operations: [{ path: /pay, rate: 2 }]',
      'tracing.services.api.operations[0].rate: rate 2 is out of range',
    ],
    [
      '30 sampling rules',
      `tracing:\n  rules:\n${Array.from({ length: 30 }, (_, i) => `    - { serviceName: svc-${i}, rate: 0.1 }`).join('\n')}`,
      'telemetry.yaml:8:1: tracing: 30 sampling rules: X-Ray allows at most 25 per Region and account (shared with other apps); merge operations or match several services with a wildcard',
    ],
    [
      'a rule name over 32 characters',
      'tracing:\n  services:\n    api:\n      operations: [{ path: /pay, rate: 1, name: shop-api-payments-with-a-long-name }]',
      'tracing.services.api.operations[0].name: a rule name is 1-32 letters, digits, "-" or "_"',
    ],
    [
      'priority 0',
      'tracing:\n  rules: [{ rate: 0.1, priority: 0 }]',
      'tracing.rules[0].priority: priority must be from 1 to 9999 (lower is evaluated first)',
    ],
    [
      'two rules on one priority',
      'tracing:\n  rules: [{ serviceName: a, rate: 0.1, priority: 5 }, { serviceName: b, rate: 0.1, priority: 5 }]',
      'tracing.rules[1].priority: priority 5 is also used by rule 0; give each rule its own priority so the order is certain',
    ],
    [
      'a service that does not exist',
      'tracing:\n  services:\n    apii: { insights: critical }',
      'tracing.services.apii: no service "apii" (services: api, jobs)',
    ],
    [
      'sampling for a service of Lambda functions only',
      'tracing:\n  services:\n    jobs:\n      sampling: { rate: 0.5 }',
      'tracing.services.jobs.sampling: service "jobs" has no REST API stage, and Lambda functions ignore X-Ray sampling rules; list the X-Ray service names of its instrumented code in xrayNames',
    ],
    [
      'an ADOT version aws-cdk-lib does not know',
      'tracing:\n  adot: { layer: javascript, version: 0.1.0 }',
      'tracing.adot.version: version 0.1.0 of the javascript layer is not known to aws-cdk-lib (known: latest, 1.30.0',
    ],
    [
      'ADOT for Python with the wrong wrapper',
      'tracing:\n  adot: { layer: python, wrapper: handler }',
      'tracing.adot.wrapper: Python functions need the instrument wrapper (/opt/otel-instrument)',
    ],
    [
      'an archive without a bucket',
      'logs:\n  archive:\n    logGroups: [/aws/lambda/shop-pay]',
      'logs.archive.bucket: say where the archive goes: bucket: { name: <app>-log-archive-{account}-{region} } creates a retained bucket (S3 names are global, so keep {account} and {region} in it), or bucket: { existing: <name> } uses yours',
    ],
    [
      'an archive bucket name S3 refuses',
      'logs:\n  archive:\n    bucket: { name: "Shop_Logs-{account}" }\n    logGroups: [/aws/lambda/shop-pay]',
      'logs.archive.bucket.name: "Shop_Logs-{account}" is not an S3 bucket name once filled in',
    ],
    [
      'an unknown placeholder',
      'logs:\n  archive:\n    bucket: { name: "shop-{acount}" }\n    logGroups: [/aws/lambda/shop-pay]',
      'logs.archive.bucket.name: unknown placeholder {acount} (use {account} and {region})',
    ],
    [
      'transitions out of order',
      'logs:\n  archive:\n    bucket: { existing: shop-archive }\n    logGroups: [/aws/lambda/shop-pay]\n    transitions: [{ storageClass: DEEP_ARCHIVE, after: 1y }, { storageClass: GLACIER, after: 90d }]',
      'logs.archive.transitions[1].after: transitions must be in order of age: 90 days is not after 365',
    ],
    [
      'STANDARD_IA too early',
      'logs:\n  archive:\n    bucket: { existing: shop-archive }\n    logGroups: [/aws/lambda/shop-pay]\n    transitions: [{ storageClass: STANDARD_IA, after: 7d }]',
      'logs.archive.transitions[0].after: S3 moves objects to STANDARD_IA after 30 days at the earliest',
    ],
    [
      'a misspelled data identifier',
      'logs:\n  dataProtection: { identifiers: [EmailAdress] }',
      'logs.dataProtection.identifiers[0]: "EmailAdress" is not a managed data identifier (did you mean EmailAddress?)',
    ],
    [
      'a reader that is not an IAM ARN',
      'audit:\n  readers: [security-team]',
      'audit.readers[0]: a reader is an IAM role, user or account root ARN, e.g. arn:aws:iam::123456789012:role/Auditor',
    ],
    [
      'an object lock in months',
      'audit:\n  objectLock: { retention: 12mo }',
      'audit.objectLock.retention: write a whole number of days or years, e.g. 90d or 7y',
    ],
    [
      'an unknown alert area',
      'audit:\n  alerts: { areas: [alarms, billing] }',
      'audit.alerts.areas[1]: the string "billing" is not allowed (allowed: "alarms", "trail", "logs", "xray", "grafana")',
    ],
  ])('%s', (_what, section, expected) => {
    expect(configErrorOf(`${SERVICES}${section}\n`)).toContain(expected);
  });
});

describe('sampling rule planning', () => {
  test('the same rules always give the same names and priorities; explicit priorities are kept and avoided', () => {
    const specs = [
      { serviceName: 'a', rate: 0.1 },
      { serviceName: 'a', urlPath: '/x', rate: 1 },
      { rate: 0.01 },
      { serviceName: 'b', rate: 0.2, priority: 1010 },
      { serviceName: 'c', rate: 0.2 },
    ];
    const first = planSamplingRules('shop', specs);
    expect(first.problems).toEqual([]);
    expect(first.rules.map((r) => [r.ruleName, r.priority])).toEqual([
      ['shop-a', 1000],
      ['shop-a-x', 100],
      ['shop-all', 9000],
      ['shop-b', 1010],
      ['shop-c', 1011], // 1010 is taken: the next free one
    ]);
    expect(planSamplingRules('shop', specs)).toEqual(first);
  });

  test('long names are shortened to 32 characters with a hash of the whole, so they stay unique', () => {
    const a = shortName('checkout-service-payments-api/prod-POST-/v1/payments', 32);
    const b = shortName('checkout-service-payments-api/prod-POST-/v1/refunds', 32);
    expect(a).toHaveLength(32);
    expect(a).toMatch(/^checkout-service-paymen-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });
});

describe('retention values', () => {
  test.each([
    ['30d', 30],
    ['1mo', 30],
    ['2w', 14],
    ['1y', 365],
    ['13mo', 400],
    ['7y', 2557],
    ['3653d', 3653],
  ])('%s is %i days', (text, days) => {
    expect(parseRetention(text)).toEqual({ days });
  });

  test.each(['45d', '4y', '0d', '30 d', 'forever', '11y'])(
    '%s is refused with the allowed values',
    (text) => {
      const r = parseRetention(text);
      expect('problem' in r && r.problem).toMatch(/allowed: 1d, 3d, 5d, 1w, 2w, 1mo/);
    },
  );

  test('formatting', () => {
    expect([30, 365, 2557, 45].map(formatRetention)).toEqual(['1mo', '1y', '7y', '45d']);
  });
});
