/**
 * Regression tests for the crash classes the config fuzzer found (issue 11): each was a stack trace, a construct
 * clash or a template CloudFormation refuses; each is now a config error, one printable line per problem, that
 * names the place. Every case is the shipped telemetry.yaml plus one edit, as the fuzzer makes them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { ConfigError, MAX_PROBLEMS_SHOWN } from '../../lib/config/errors';
import { locatePlanError, modelFromText } from '../../lib/config/load';
import { isTrailName } from '../../lib/model/audit';
import { PlanError } from '../../lib/model/plan';
import { addTelemetryStacks } from '../../lib/stacks/telemetry-app';
import { configErrorOf } from '../helpers/config-error';

const EXAMPLE = readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8');

/** The example with `from` replaced by `to` (the edit must apply). */
function edit(from: string | RegExp, to: string): string {
  const out = EXAMPLE.replace(from, to);
  expect(out).not.toBe(EXAMPLE);
  return out;
}
const withGrafanaFolder = (folder: string) => `${EXAMPLE}  dashboards:\n    folders: [${folder}]\n`;

describe('YAML anchors and aliases', () => {
  test('an alias bomb is one located line, at once, without expanding it', () => {
    const bomb = [
      'a: &a [l, l, l, l, l, l, l, l, l]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    const start = process.cpuUsage();
    expect(configErrorOf(`${bomb}\n${EXAMPLE}`)).toBe(
      'telemetry.yaml:2:8: YAML aliases expand too far (more than 1000 expansions, as in an alias bomb): write the values out, or alias fewer aliases',
    );
    const used = process.cpuUsage(start);
    expect((used.user + used.system) / 1000).toBeLessThan(2000);
  });

  test('an alias to an anchor that does not exist', () => {
    expect(configErrorOf(edit('app: sophie', 'app: *nope'))).toBe(
      'telemetry.yaml:7:6: YAML alias *nope has no anchor &nope before it',
    );
  });

  test('a few aliases that expand to little are fine', () => {
    const text = edit('email: [oncall@sophie.example]', 'email: &oncall [oncall@sophie.example]').replace(
      'email: [tasks-team@sophie.example]',
      'email: *oncall',
    );
    expect(modelFromText(text).alerting.channels.warning.email).toEqual(['oncall@sophie.example']);
  });
});

describe('alert channels: each subscription once', () => {
  test.each([
    [
      'the same email twice (case aside)',
      edit('email: [oncall@sophie.example]', 'email: [oncall@sophie.example, OnCall@sophie.example]'),
      'telemetry.yaml:17:36: alerting.critical.email[1]: "oncall@sophie.example" is listed twice (also at [0])',
    ],
    [
      'the same https URL twice',
      edit(
        /https: \[(https:[^\]]+)\]/,
        'https: [https://events.pagerduty.com/x/enqueue, https://events.pagerduty.com/x/enqueue]',
      ),
      'telemetry.yaml:18:53: alerting.critical.https[1]: "https://events.pagerduty.com/x/enqueue" is listed twice (also at [0])',
    ],
    [
      'one Slack channel id in two workspaces',
      edit(
        '{ workspace: T04SOPHIE1, channel: C04ALERTS01 }\n  info',
        '{ workspace: T04OTHER99, channel: C04INCIDENT }\n  info',
      ),
      'telemetry.yaml:24:11: alerting.warning.slack[0].workspace: channel "C04INCIDENT" is in workspace "T04SOPHIE1" at critical.slack[0]; a channel id belongs to one workspace',
    ],
  ])('%s', (_what, text, expected) => {
    expect(configErrorOf(text)).toBe(expected);
  });

  test('one Slack channel for several severities is fine (one Chatbot configuration)', () => {
    const model = modelFromText(EXAMPLE);
    expect(model.alerting.channels.warning.slack).toEqual(model.alerting.channels.info.slack);
  });

  // Fuzz config seed 1 index 1823 (a flipped byte): `new URL` reads `https:/host` as https://host; SNS does not.
  test.each([
    'https:/events.pagerduty.com/x/enqueue',
    'HTTPS://events.pagerduty.com/x/enqueue',
    'https:\\\\events.pagerduty.com/x',
  ])('an https channel written %s is refused where it is written', (url) => {
    expect(configErrorOf(edit(/https: \[(https:[^\]]+)\]/, `https: ['${url}']`))).toBe(
      'telemetry.yaml:18:13: alerting.critical.https[0]: must be an https:// URL',
    );
  });

  test('at most 50 email addresses per severity', () => {
    const many = Array.from({ length: 51 }, (_, i) => `u${i}@sophie.example`).join(', ');
    expect(configErrorOf(edit('email: [oncall@sophie.example]', `email: [${many}]`))).toMatch(
      /alerting\.critical\.email: at most 50 email addresses per severity \(use a distribution list or a chat channel\)$/,
    );
  });
});

describe('tags CloudFormation refuses are refused in the config', () => {
  test.each([
    ["''", 'tag value "" must be 1-256'],
    ['"\\0"', 'tag value "\\u0000" must be 1-256'],
    ['"a\\nb"', 'tag value "a\\nb" must be 1-256'],
    ['"a\\u200bb"', 'tag value "a\\u200bb" must be 1-256'],
    ["'tasks {x}'", 'tag value "tasks {x}" must be 1-256'],
    [`'${'x'.repeat(257)}'`, 'must be 1-256'],
  ])('team: %s', (value, expected) => {
    const message = configErrorOf(edit('team: tasks', `team: ${value}`));
    expect(message).toMatch(/^telemetry\.yaml:11:3: tags\.team: /);
    expect(message).toContain(expected);
    expect(message).toContain('letters, digits, spaces or _ . : / = + - @ (CloudFormation refuses others)');
  });

  test('keys: not aws:, no odd characters, at most 40 tags', () => {
    expect(configErrorOf(edit('team: tasks', "'aws:team': tasks"))).toBe(
      'telemetry.yaml:11:3: tags["aws:team"]: tag key "aws:team" must be 1-128 letters, digits, spaces or _ . : / = + - @, not starting with aws:',
    );
    const many = Array.from({ length: 41 }, (_, i) => `  k${i}: v`).join('\n');
    expect(configErrorOf(edit(/tags:\n( {2}.*\n)+/, `tags:\n${many}\n`))).toMatch(
      /tags: 41 tags; at most 40$/,
    );
  });

  // 40 tags of 128 + 256 characters passed, and every taggable resource carries them all: templates over 1 MB.
  test('keys and values together at most 2,048 bytes (UTF-8)', () => {
    const tags = (value: string) =>
      `tags:\n${Array.from({ length: 8 }, (_, i) => `  k${i}: '${value}'`).join('\n')}\n`;
    // 8 x (2 + 2 x 128) bytes: one character too many; 8 x (2 + 2 x 127) = 2,048 is taken.
    expect(configErrorOf(edit(/tags:\n( {2}.*\n)+/, tags('é'.repeat(128))))).toBe(
      'telemetry.yaml:10:1: tags: keys and values are 2064 bytes together; at most 2048 (every resource carries every tag, and a template holds at most 1 MB)',
    );
    expect(modelFromText(edit(/tags:\n( {2}.*\n)+/, tags('é'.repeat(127)))).tags.k7).toHaveLength(127);
  });

  test('letters of any script, digits, spaces and the allowed signs are fine', () => {
    const model = modelFromText(edit('team: tasks', "team: 'Équipe tâches @ 東京 +=._:/-'"));
    expect(model.tags.team).toBe('Équipe tâches @ 東京 +=._:/-');
  });

  // Fuzz config seed 1 index 8174 (`tags: {"a b": "c d"}`): the RUM app monitor's tag keys are ASCII letters,
  // digits and + - = . _ : / only; the key passed the config and failed CloudFormation validation at synth.
  test.each([
    ["'cost center'", 'tags["cost center"]: tag key "cost center"'],
    ["'owner@'", 'tags["owner@"]: tag key "owner@"'],
    ['équipe', 'tags["équipe"]: tag key "équipe"'],
  ])('with rum:, the tag key %s is refused', (key, what) => {
    expect(configErrorOf(edit('team: tasks', `${key}: tasks`))).toBe(
      `telemetry.yaml:11:3: ${what} is refused by the RUM app monitor (rum:), whose keys must match ^[a-zA-Z+-=._:/]+$ (letters A-Z, digits, + - = . _ : /)`,
    );
  });

  test('without rum:, a tag key with a space or other letters is fine; with it, the signs RUM takes are', () => {
    const withoutRum = edit(/\nrum:\n( {2}.*\n)+/, '\n').replace(
      'team: tasks',
      "'cost center': tasks\n  équipe: a",
    );
    expect(modelFromText(withoutRum).tags).toMatchObject({ 'cost center': 'tasks', équipe: 'a' });
    expect(modelFromText(edit('team: tasks', "'Team+=._:/-9': tasks")).tags['Team+=._:/-9']).toBe('tasks');
  });
});

describe('names and tags of the Application Signals objectives', () => {
  const withoutRum = edit(/\nrum:\n( {2}.*\n)+/, '\n');

  // An SLO named `l0-` passed the schema; its objective `<app>-<service>-l0-` failed CloudFormation validation.
  test('an SLO name ending in "-" is refused where it is written', () => {
    expect(configErrorOf(edit('name: availability #', 'name: availability- #'))).toBe(
      'telemetry.yaml:66:9: services[0].slos[0].name: must match ^[a-z]([a-zA-Z0-9-]{0,22}[a-zA-Z0-9])?$ (a letter, then letters, digits and "-", at most 24, not ending in "-": Application Signals names end in a letter or digit)',
    );
  });

  // The objectives take the RUM app monitor's tag keys only: `cost center` failed validation at synth.
  const spaced = withoutRum.replace('team: tasks', "'cost center': tasks");
  test.each([
    ['app-wide', `${spaced}applicationSignals: { slos: true }\n`],
    ['for one SLO', spaced.replace('window: 30d\n', 'window: 30d\n        applicationSignals: true\n')],
  ])('with Application Signals SLOs (%s), a tag key with a space is refused', (_what, text) => {
    expect(text).not.toBe(spaced);
    expect(configErrorOf(text)).toBe(
      'telemetry.yaml:11:3: tags["cost center"]: tag key "cost center" is refused by the Application Signals SLOs (service "api"), whose keys must match ^[a-zA-Z+-=._:/]+$ (letters A-Z, digits, + - = . _ : /)',
    );
  });

  test('without them (and without rum:), the same key is fine', () => {
    expect(modelFromText(`${spaced}applicationSignals: { slos: false }\n`).tags['cost center']).toBe('tasks');
  });
});

describe('Grafana dashboard folders are checked as the Grafana stack provisions them', () => {
  const F = 'test/fixtures/fuzz-grafana';
  test.each([
    [`${F}/bad-json`, /folders\[0\]: \/.*bad-json\/broken\.json: not valid JSON \(/],
    [`${F}/empty`, /folders\[0\]: \/.*empty\/blank\.json: not valid JSON \(Unexpected end of JSON input\)$/],
    [`${F}/array`, /folders\[0\]: \/.*array\/list\.json: expected a dashboard object$/],
    [
      `${F}/dup-uid`,
      /folders: dashboard "Second" \(dup-uid\/b\.json\): uid "same-uid" is also used by dashboard "First" \(dup-uid\/a\.json\)$/,
    ],
    [
      `${F}/long-uid`,
      /folders: dashboard "Long uid" \(long-uid\/long\.json\): uid "u{60}" must be 1-40 letters/,
    ],
    [`${F}/shipped-uid`, /uid "cdk-telemetry-alarm-overview" is also used by dashboard "Alarm overview"/],
    [
      'dashboards',
      /folders\[0\]: is the folder of the dashboards that ship with cdk-telemetry, provisioned already/,
    ],
    ['nope/nowhere', /folders\[0\]: folder "nope\/nowhere" not found \(looked in /],
  ])('%s', (folder, expected) => {
    expect(configErrorOf(withGrafanaFolder(folder))).toMatch(expected);
  });

  test('a folder of good dashboards is taken', () => {
    const model = modelFromText(withGrafanaFolder(`${F}/ok`));
    expect(model.grafana?.dashboards.folders).toEqual([join(process.cwd(), F, 'ok')]);
  });
});

describe("names of the app's own stacks", () => {
  test.each(['logs', 'tracing', 'audit', 'core', 'grafana', 'prometheus'])('a service named %s', (name) => {
    expect(configErrorOf(edit('name: notifications', `name: ${name}`))).toBe(
      `telemetry.yaml:83:5: services[1].name: "${name}" is the name of the app's own ${name} stack (reserved: core, grafana, tracing, audit, logs, prometheus, product, uptime); rename the service, or set \`stack:\` to another name`,
    );
  });

  test('a service in a stack of that name', () => {
    expect(configErrorOf(edit('name: notifications', 'name: notifications\n    stack: audit'))).toMatch(
      /^telemetry\.yaml:84:5: services\[1\]\.stack: "audit" is the name of the app's own audit stack .*; choose another stack$/,
    );
  });

  test('a service named logs in a stack of its own name is fine', () => {
    const model = modelFromText(edit('name: notifications', 'name: logs\n    stack: logs-service'));
    expect(model.services[1]).toMatchObject({ name: 'logs', stack: 'logs-service' });
  });
});

describe('values no template can hold', () => {
  test('a lone UTF-16 surrogate ("\\ud800" in a double-quoted string)', () => {
    expect(configErrorOf(edit(`filter: '"DENY"'`, 'filter: "\\ud800"'))).toBe(
      'telemetry.yaml:127:48: logs.archive.logGroups[2].filter: "\\ud800" holds a lone UTF-16 surrogate, which is not a character (write the character itself, or a \\U escape of its code point)',
    );
  });

  test('an existing archive bucket name of 100 characters', () => {
    const long = 'a'.repeat(100);
    expect(
      configErrorOf(
        edit("bucket: { name: 'sophie-log-archive-{account}-{region}' }", `bucket: { existing: ${long} }`),
      ),
    ).toBe(
      `telemetry.yaml:123:15: logs.archive.bucket.existing: "${'a'.repeat(60)}…" (100 characters) is not an S3 bucket name once filled in (3-63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit)`,
    );
  });
});

// Names whose rules no template validation sees: CloudTrail refuses `--` in a trail name at deploy, S3 the reserved
// prefixes and suffixes of bucket names (the CloudFormation schemas only give the characters and lengths).
describe('names AWS refuses at deploy, past the template schemas', () => {
  test.each(['my--trail', 'my-_trail', 'my._trail', '192.168.5.4'])('trailName %s', (name) => {
    expect(configErrorOf(edit('  readers:', `  trailName: '${name}'\n  readers:`))).toBe(
      'telemetry.yaml:113:3: audit.trailName: a trail name is 3-128 letters, digits, ".", "_" or "-", starting and ending with a letter or digit, with no two of . _ - side by side, not an IP address',
    );
  });

  test('an app name ending in "-" (or holding "--") gets a default trail name CloudTrail takes', () => {
    const trailName = (app: string) =>
      modelFromText(EXAMPLE.replace('app: sophie', `app: ${app}`)).audit!.trailName;
    expect(trailName('sophie')).toBe('sophie-telemetry-audit');
    expect(trailName('sophie-')).toMatch(/^sophie-telemetry-audit-[0-9a-f]{8}$/);
    expect(trailName('so--phie')).toMatch(/^so-phie-telemetry-audit-[0-9a-f]{8}$/);
    expect(trailName('so--phie')).not.toBe(trailName('so-phie'));
    for (const app of ['sophie-', 'so--phie', 'a'.padEnd(24, '-')])
      expect(isTrailName(trailName(app))).toBe(true);
  });

  test.each([
    ['xn--sophie-logs-{account}', 'starts with "xn--"'],
    ['sthree-sophie-{account}', 'starts with "sthree-"'],
    ['sophie-logs-{region}--x-s3', 'ends with "--x-s3"'],
    ['sophie-logs-{account}-s3alias', 'ends with "-s3alias"'],
  ])('a new archive bucket named %s', (name, what) => {
    expect(
      configErrorOf(
        edit("bucket: { name: 'sophie-log-archive-{account}-{region}' }", `bucket: { name: '${name}' }`),
      ),
    ).toBe(
      `telemetry.yaml:123:15: logs.archive.bucket.name: "${name}" ${what}, which S3 reserves (prefixes xn--, sthree-, amzn-s3-demo-; suffixes -s3alias, --ol-s3, .mrap, --x-s3, --table-s3)`,
    );
  });

  test('an existing bucket may predate the reserved names', () => {
    const text = edit(
      "bucket: { name: 'sophie-log-archive-{account}-{region}' }",
      'bucket: { existing: xn--old-archive }',
    );
    expect(modelFromText(text).logs?.archive?.bucket).toEqual({ existing: 'xn--old-archive' });
  });
});

describe('messages: one printable line per problem, values shortened and escaped', () => {
  test.each([
    ['a newline', '"3\\ns"', '"3\\ns"'],
    ['a carriage return', '"3\\rs"', '"3\\rs"'],
    ['U+2028', '"3\\u2028s"', '"3\\u2028s"'],
    ['U+0085', '"3\\Ns"', '"3\\u0085s"'],
    ['an ANSI escape', '"\\e[31m3s"', '"\\u001b[31m3s"'],
  ])('%s in a value is escaped', (_what, yaml, shown) => {
    expect(configErrorOf(edit('timeout: 3s', `timeout: ${yaml}`))).toBe(
      `telemetry.yaml:57:9: services[0].lambda[0].timeout: ${shown} is not a duration: write a number and a unit with no space, e.g. 200ms, 5s, 1m, 6h, 30d (units: ms, s, m, h, d)`,
    );
  });

  test('a 10,000-character duration is shown shortened, with its length', () => {
    const message = configErrorOf(edit('timeout: 3s', `timeout: ${'9'.repeat(10_000)}x`));
    expect(message).toBe(
      `telemetry.yaml:57:9: services[0].lambda[0].timeout: "${'9'.repeat(60)}…" (10001 characters) is not a duration: write a number and a unit with no space, e.g. 200ms, 5s, 1m, 6h, 30d (units: ms, s, m, h, d)`,
    );
  });

  test('a 309-digit timeout blames the timeout, with the allowed range', () => {
    expect(configErrorOf(edit('timeout: 3s', `timeout: ${'9'.repeat(309)}s`))).toBe(
      `telemetry.yaml:57:9: services[0].lambda[0].timeout: "${'9'.repeat(60)}…" (310 characters) is out of range: write a duration from 1s to 15m`,
    );
  });

  test('an unknown key with control characters is escaped and shortened', () => {
    expect(
      configErrorOf(edit('description: Task', `"x\\e[2J${'k'.repeat(100)}": 1\ndescription: Task`)),
    ).toMatch(
      /^telemetry\.yaml:8:1: unknown key "x\\u001b\[2Jk{35}…" \(105 characters\) \(allowed: \$schema, app, /,
    );
  });

  test('every problem is shown, one line each: the typo and the "required" it causes', () => {
    expect(configErrorOf(edit('stage: prod', 'stgae: prod')).split('\n')).toEqual([
      'telemetry.yaml:46:9: services[0].restApi[0]: unknown key "stgae" (allowed: name, stage, label, methods, minRequests, latency, minTraffic, detailedMetrics, alarms)',
      'telemetry.yaml:45:9: services[0].restApi[0].stage: required (a string)',
    ]);
  });

  test('a mapping where a string goes says what was passed', () => {
    expect(configErrorOf(edit('stage: prod', 'stage: { valuse: prod }'))).toBe(
      'telemetry.yaml:46:9: services[0].restApi[0].stage: expected a string, got a mapping with keys "valuse"',
    );
  });

  test(`at most ${MAX_PROBLEMS_SHOWN} problems, then how many more`, () => {
    const services = Array.from(
      { length: 25 },
      (_, i) => `  - name: s${i}\n    lambda: [{ nmae: f${i} }]`,
    ).join('\n');
    const lines = configErrorOf(`app: demo\nservices:\n${services}\n`).split('\n');
    expect(lines).toHaveLength(MAX_PROBLEMS_SHOWN + 1);
    expect(lines[0]).toBe(
      'telemetry.yaml:4:16: services[0].lambda[0]: unknown key "nmae" (allowed: name, label, operation, timeout, concurrencyQuota, minRequests, insights, async, stream, alarms)',
    );
    expect(lines[MAX_PROBLEMS_SHOWN]).toBe('telemetry.yaml: 30 more problems not shown (fix these first)');
  });
});

describe('problems found while the stacks are built are located in the file', () => {
  const planError = (text: string) => {
    const model = modelFromText(text);
    try {
      addTelemetryStacks(new App(), model);
    } catch (e) {
      expect(e).toBeInstanceOf(PlanError);
      return locatePlanError(e as PlanError, model);
    }
    throw new Error('expected a PlanError');
  };

  // The product stack is not split: 10 journeys of 12 stages, 50 KPI alarms and 2 KB of tags on each alarm made a
  // template of 1.4 MB (CloudFormation takes 1 MB); the same journeys with the example's tags fit.
  test('journeys and KPIs whose alarms, with the tags, overfill the product stack: blamed on the tags', () => {
    const stages = Array.from({ length: 12 }, (_, i) => `{ name: s${i}, target: 5m }`).join(', ');
    const journeys = Array.from(
      { length: 10 },
      (_, j) =>
        `  - { name: j${j}, stages: [${stages}], total: 90m, alerts: { warning: 100m, critical: 2h } }`,
    );
    const kpis = Array.from(
      { length: 50 },
      (_, i) => `  - { name: k${i}, type: successRate, alarm: { below: 95 } }`,
    );
    const product = `journeys:\n${journeys.join('\n')}\nkpis:\n${kpis.join('\n')}\n`;
    const config = (tags: string) => `app: sophie\n${tags}services: [{ name: api, lambda: [f] }]\n${product}`;
    const tags = Array.from({ length: 8 }, (_, i) => `  k${i}: '${'é'.repeat(127)}'`).join('\n');
    expect(planError(config(`tags:\n${tags}\n`)).message).toMatch(
      /^telemetry\.yaml:2:1: tags: the product stack \(journeys, KPIs\) is about 1\d{3} KB, over the 800 KB kept under CloudFormation's 1 MB: each of its 290 alarms carries the tags \(about 2283 bytes\); write shorter or fewer tags$/,
    );
    expect(() =>
      addTelemetryStacks(new App(), modelFromText(config('tags: { team: tasks }\n'))),
    ).not.toThrow();
  });

  // Service a with function b-c and service a-b with function c both made demo-a-b-c-errors-warning: CloudFormation
  // refuses the second alarm of a name in an account and Region at deploy.
  test('two services whose alarm names read the same: blamed on the later service', () => {
    const text = 'app: demo\nservices:\n  - name: a\n    lambda: [b-c]\n  - name: a-b\n    lambda: [c]\n';
    expect(planError(text).message).toBe(
      'telemetry.yaml:5:5: services[1]: alarm name "demo-a-b-c-errorRate-critical" is also an alarm of service a (service and resource names joined by "-" read the same); rename the service or the resource\'s label',
    );
    const labelled = text.replace('lambda: [c]', 'lambda: [{ name: c, label: cee }]');
    expect(() => addTelemetryStacks(new App(), modelFromText(labelled))).not.toThrow();
  });

  // Window deploy on the stack of service x-y and window deploy-x on the stack of y were both demo-deploy-x-y: mute
  // rule names are unique in an account and Region, so the second stack failed at deploy.
  test('two maintenance windows whose mute rule names read the same: blamed on the later window', () => {
    const window = (name: string) => `  - { name: ${name}, schedule: 'cron(0 22 ? * TUE *)', duration: 1h }`;
    const text = `app: demo\nservices:\n  - { name: x-y, lambda: [f] }\n  - { name: y, lambda: [g] }\nmaintenance:\n${window('deploy')}\n${window('deploy-x')}\n`;
    expect(planError(text).message).toBe(
      'telemetry.yaml:7:5: maintenance[1]: mute rule name "demo-deploy-x-y" is also a rule of window deploy (window and stack names joined by "-" read the same); rename the window',
    );
  });

  // A description and a runbook link each within their own limit can together exceed CloudWatch's 1,024.
  const long = `{ errors: { description: ${'x'.repeat(700)}, runbook: https://wiki.example/${'r'.repeat(400)} } }`;

  test('an alarm override the user wrote is blamed where it is written', () => {
    const error = planError(
      `app: demo\nservices:\n  - name: api\n    lambda:\n      - name: f\n        alarms: ${long}\n`,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(
      /^telemetry\.yaml:6:19: services\[0\]\.lambda\[0\]\.alarms\.errors: description is \d+ characters \(at most 1024\)$/,
    );
  });

  test('an alarm set through defaults blames the resource and names the alarm, not a field never written', () => {
    const error = planError(
      `app: demo\ndefaults:\n  lambda:\n    alarms: ${long}\nservices:\n  - name: api\n    lambda: [f, g]\n`,
    );
    expect(error.message).toMatch(
      /^telemetry\.yaml:7:14: services\[0\]\.lambda\[0\]: the errors alarm: description is \d+ characters \(at most 1024\)$/,
    );
  });

  test('an evaluation window over a day is a config error where the override is written, once for a default', () => {
    const own =
      'app: demo\nservices:\n  - name: api\n    lambda:\n      - name: f\n        alarms: { errors: { period: 10m, datapoints: 1/200 } }\n';
    expect(configErrorOf(own)).toBe(
      'telemetry.yaml:6:42: services[0].lambda[0].alarms.errors.datapoints: 200 periods of 600s is 120000s: CloudWatch evaluates at most one day (86,400s), so use fewer periods or a shorter period',
    );
    const inherited =
      'app: demo\ndefaults:\n  lambda:\n    alarms: { errors: { period: 10m, datapoints: 1/200 } }\nservices:\n  - name: api\n    lambda: [f, g]\n';
    expect(configErrorOf(inherited).split('\n')).toEqual([
      expect.stringMatching(
        /^telemetry\.yaml:4:\d+: defaults\.lambda\.alarms\.errors\.datapoints: 200 periods of 600s/,
      ),
    ]);
  });
});
