/**
 * Fuzz target `config`: seeded mutants of the shipped telemetry.yaml, through the path `cdk synth` takes: the
 * config is read (`modelFromText`), the stacks are built (`addTelemetryStacks`) and the app is synthesized with
 * cdk-nag and CloudFormation validation, as bin/app.ts does. A user mistake must stop at the first two steps
 * with one line per problem; anything that gets through must synthesize into valid templates.
 *
 * Synthesis is what costs (about a second per app): only accepted mutants are synthesized, and a model already
 * synthesized in this process is not synthesized again (most accepted mutants change comments or formatting).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../../../lib/config/errors';
import { locatePlanError, modelFromText } from '../../../lib/config/load';
import { hash32 } from '../../../lib/model/naming';
import { PlanError } from '../../../lib/model/plan';
import type { TelemetryModel } from '../../../lib/model/telemetry-model';
import { addTelemetryStacks } from '../../../lib/stacks/telemetry-app';
import { CDK_CONTEXT } from '../../helpers/synth';
import type { FuzzTarget, Outcome } from '../harness';
import { mutateYaml, ODD_DURATIONS, ODD_NUMBERS, type YamlMutant } from '../mutate-yaml';

const ROOT = join(__dirname, '../../..');
const EXAMPLE = readFileSync(join(ROOT, 'telemetry.yaml'), 'utf8');
const FILE = 'telemetry.yaml';
const GRAFANA_FOLDERS = 'test/fixtures/fuzz-grafana';

const long = (n: number, c = 'a') => c.repeat(n);
const folders = ['bad-json', 'array', 'dup-uid', 'long-uid', 'shipped-uid', 'ok', 'empty', 'not-utf8'].map(
  (f) => `${GRAFANA_FOLDERS}/${f}`,
);
const REGIONS = [
  'zz-nowhere-9',
  'eu-west-1',
  'us-east-1',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-west-1',
  'us-iso-east-1',
  'ap-southeast-7',
  'mx-central-1',
  'il-central-1',
  'EU-WEST-1',
  'eu-west-1 ',
  '',
];
const TAG_VALUES = [
  '',
  '\u0000',
  'a\nb',
  'x\u200b',
  'tasks {x}',
  long(257),
  long(256),
  'ü-ok',
  '@+=._:/- ok',
  ' ',
];
const EMAILS = [
  ['a@x.example', 'a@x.example'],
  ['A@x.example', 'a@x.example'],
  Array.from({ length: 300 }, (_, i) => `u${i}@x.example`),
  ['not-an-email'],
  [`${long(64)}@x.example`],
];
const URL = 'https://events.pagerduty.com/integration/0a1b2c3d4e5f60718293a4b5c6d7e8f9/enqueue';
const SLACK = [
  [
    { workspace: 'T04SOPHIE1', channel: 'C04SAME001' },
    { workspace: 'T04OTHER99', channel: 'C04SAME001' },
  ],
  [
    { workspace: 'T04SOPHIE1', channel: 'C04SAME001' },
    { workspace: 'T04SOPHIE1', channel: 'C04SAME001' },
  ],
  Array.from({ length: 120 }, (_, i) => ({
    workspace: 'T04SOPHIE1',
    channel: `C04CH${String(i).padStart(5, '0')}`,
  })),
];

/** Values worth trying, by the name of the key they go under. */
const BY_KEY: Record<string, readonly unknown[]> = {
  app: ['x', long(24), long(25), 'core', '__proto__', 'a--b', 'Sophie'],
  name: [
    'logs',
    'tracing',
    'audit',
    'core',
    'grafana',
    'prometheus',
    '__proto__',
    'constructor',
    long(33),
    long(100),
    'x',
  ],
  stack: ['logs', 'tracing', 'audit', 'core', 'grafana', 'shared', '__proto__'],
  region: REGIONS,
  account: ['123456789012', '000000000000', '12345678901', '1234567890123'],
  team: TAG_VALUES,
  'cost-center': TAG_VALUES,
  environment: TAG_VALUES,
  tags: [
    { '': 'x' },
    { 'aws:x': 'y' },
    JSON.parse('{"__proto__": "x"}'),
    { 'a b': 'c d' },
    { k: '' },
    { k: 'tasks {x}' },
  ],
  email: EMAILS,
  https: [
    [URL, URL],
    [`${URL}?a`, URL],
    ['http://insecure.example'],
    Array.from({ length: 200 }, (_, i) => `${URL}${i}`),
  ],
  slack: SLACK,
  workspace: ['T04OTHER99', 'T0', 'x'],
  channel: ['C04SAME001', 'C0', 'G04PRIVATE1'],
  folders: [
    ...folders.map((f) => [f]),
    ['dashboards'],
    [folders[5], folders[5]],
    ['/etc'],
    ['nope/nowhere'],
    [''],
  ],
  filter: ['\ud800', '\udfff', '"DENY"', '{ $.level = "ERROR" }', long(1025), '\u0000', '[a'],
  bucket: [
    { name: long(100) },
    { existing: long(100) },
    { name: 'Bad_Name' },
    { existing: 'sophie-archive' },
    { name: 'ab' },
  ],
  existing: [long(100), long(63), 'Bad_Name', '..', 'sophie-archive'],
  retention: ['99999999y', '999999999999999999999999d', '1y', '0d', '400d', '7y', '11y', '100y'],
  realtime: ['1d', '0d', '2d', '10y', '99999y'],
  compliance: ['1d', '0d', '10y', '11y', '99999y'],
  analytics: ['1d', '10y', '99999y'],
  timeout: ODD_DURATIONS,
  maxAge: ODD_DURATIONS,
  default: ODD_DURATIONS,
  latency: ODD_DURATIONS,
  budget: ODD_DURATIONS,
  period: ['10s', '30s', '1m', '7s', '2h', '1d', '0s', ...ODD_DURATIONS],
  concurrencyQuota: ODD_NUMBERS,
  minRequests: ODD_NUMBERS,
  maxBacklog: ODD_NUMBERS,
  threshold: ODD_NUMBERS,
  rate: [0, 1, 1.5, -0.1, 1e-9, ...ODD_NUMBERS],
  reservoir: ODD_NUMBERS,
  percentile: ['p99', 'p50', 'p100', 'p99.9', 'p0'],
  critical: ['100%', '99%', '9999%', '0%', `${'9'.repeat(400)}%`],
  pageVia: ['each', 'composite', 'none'],
  version: ['9.4', '8.4', '11.0', '10.4', '99.99', '10'],
  datapoints: ['0/0', '3/5', '5/3', '1/1', `1/${'9'.repeat(30)}`, '999999/999999'],
  statistic: ['p99', 'tm99', 'IQM', 'p100', 'Average'],
  severity: ['critical', 'warning', 'info', 'page'],
  mode: ['governance', 'compliance', 'none'],
  readers: [['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/A']],
  logGroups: [
    ['/aws/lambda/x', '/aws/lambda/x'],
    Array.from({ length: 1000 }, (_, i) => `/aws/lambda/fn-${i}`),
    [{ name: '/aws/x', filter: '\ud800' }],
  ],
  operations: [['GetItem', 'GetItem'], { auth: '0s' }, { x: '1s' }],
  methods: [['GET /tasks', 'GET /tasks'], [`GET /${long(2000)}`], ['GET /\u0000']],
  match: ['*', '', long(65), 'sophie-\u0000'],
  regex: ['(a+)+$', '[', long(201), 'tsk_\\d{32}'],
  identifiers: [['EmailAddress', 'EmailAddress'], ['Nope']],
  groups: [
    ['906755a1b2-1a2b3c4d-aaaa-bbbb-cccc-0123456789ab', '906755a1b2-1a2b3c4d-aaaa-bbbb-cccc-0123456789ab'],
  ],
  description: ['', long(501), 'a\nb', '\u001b[2J'],
};

/** Sections the example does not have, set whole. */
const GRAFTS: ReadonlyArray<readonly [ReadonlyArray<string | number>, unknown]> = [
  ...REGIONS.map((region) => [['env'], { region }] as const),
  [['env'], { account: '123456789012', region: 'eu-west-1' }],
  [['services', 2], { name: 'logs', lambda: ['sophie-logs'] }],
  [['services', 2], { name: 'tracing', lambda: ['sophie-tracing'] }],
  [['services', 2], { name: 'audit', lambda: ['sophie-audit'] }],
  [['services', 2], { name: 'jobs', stack: 'logs', lambda: ['sophie-jobs'] }],
  [['services', 2], { name: 'edge', httpApi: [{ id: 'a1b2c3d4e5', routes: ['GET /x', 'GET /x'] }] }],
  [['services', 0, 'lambda', 0], { name: 'f', timeout: `${'9'.repeat(309)}s` }],
  [['services', 0, 'lambda', 0], { name: 'f', timeout: '0s' }],
  [['services', 0, 'lambda', 0], { name: 'f', concurrencyQuota: 2 ** 53 - 1 }],
  [['services', 1, 'sqs', 0], { name: 'q', maxAge: '10000000000000000h' }],
  [['budgets', 'percentile'], 'p99'],
  [['budgets', 'default'], '0s'],
  [
    ['alerting', 'critical', 'email'],
    ['a@x.example', 'a@x.example'],
  ],
  [
    ['alerting', 'critical', 'https'],
    [URL, URL],
  ],
  [['alerting', 'warning', 'slack'], SLACK[0]],
  [['alerting', 'info', 'email'], EMAILS[2]],
  [['tags'], { team: '' }],
  [['tags'], { team: 'tasks {x}' }],
  [['tags'], { team: 'a\u200bb' }],
  [['tags'], Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, 'v']))],
  ...folders.map((f) => [['grafana', 'dashboards'], { folders: [f] }] as const),
  [['grafana', 'dashboards'], { folders: ['dashboards'] }],
  [['grafana', 'prometheus'], { workspace: 'ws-12345678-abcd', region: 'zz-nowhere-9' }],
  [['grafana', 'authentication'], ['saml']],
  [
    ['grafana', 'saml'],
    { metadataUrl: 'https://idp.example/m', assertions: { role: 'role' }, loginValidity: '0s' },
  ],
  [['audit', 'objectLock'], { mode: 'governance', retention: '99999999y' }],
  [['audit', 'objectLock'], { retention: '36500d' }],
  [['logs', 'archive', 'bucket'], { existing: long(100) }],
  [['logs', 'archive', 'bucket'], { name: long(100) }],
  [['logs', 'archive', 'bucket'], { existing: 'sophie-archive' }],
  [['logs', 'archive', 'logGroups', 0], { name: '/aws/lambda/x', filter: '\ud800' }],
  [['logs', 'archive', 'logGroups'], Array.from({ length: 1000 }, (_, i) => `/aws/lambda/fn-${i}`)],
  [['tracing', 'services', 'logs'], { sampling: { rate: 0.1 } }],
  [['defaults', 'lambda', 'alarms'], { duration: { threshold: 1e308 } }],
];

/** A stable key of a model, to synthesize each distinct model once per process. */
const modelKey = (m: TelemetryModel) =>
  JSON.stringify(m, (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));
const synthesized = new Set<string>();

/**
 * The share of distinct accepted models that are synthesized (`FUZZ_CONFIG_SYNTH`, 0 to 1, default 1): the quick
 * run in `npm test` synthesizes a sample, chosen by the model's hash so that a replay makes the same choice.
 */
const SYNTH_SHARE = Number(process.env.FUZZ_CONFIG_SYNTH ?? 1);
const sampled = (key: string) => SYNTH_SHARE >= 1 || hash32(key) / 2 ** 32 < SYNTH_SHARE;

/** Lone UTF-16 surrogates: text that has no UTF-8 encoding. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function loneSurrogateIn(v: unknown): string | undefined {
  if (typeof v === 'string') return LONE_SURROGATE.test(v) ? v : undefined;
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const found = loneSurrogateIn(k) ?? loneSurrogateIn(x);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Problems of a synthesized template file that CloudFormation would refuse. */
function templateProblem(file: string): string | undefined {
  const bytes = readFileSync(file);
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return 'is not valid UTF-8';
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return `is not valid JSON (${(e as Error).message.slice(0, 100)})`;
  }
  if (loneSurrogateIn(json) !== undefined) return 'holds a lone UTF-16 surrogate (not encodable as UTF-8)';
  if (bytes.length > 1_000_000) return `is ${bytes.length} bytes (CloudFormation takes at most 1 MB)`;
  return undefined;
}

/** What the user sees (as bin/app.ts prints it) for an error from reading the config or building the stacks. */
function userFacing(e: unknown, model?: TelemetryModel): Outcome {
  const error = e instanceof PlanError && model ? locatePlanError(e, model) : e;
  if (error instanceof ConfigError)
    return { kind: 'rejected', message: error.message, problems: error.lines };
  return { kind: 'crash', error: (e as Error)?.stack ?? String(e) };
}

/** The first violation of a failed validation (the report is many lines; its file says which rule and where). */
function validationSummary(outdir: string): string | undefined {
  try {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{
        pluginName: string;
        violations: Array<{
          ruleName: string;
          description: string;
          violatingConstructs: Array<{ constructPath: string }>;
        }>;
      }>;
    };
    const all = report.pluginReports.flatMap((p) =>
      p.violations.map((v) => ({ plugin: p.pluginName, ...v })),
    );
    const first = all[0];
    if (!first) return undefined;
    return `validation failed: ${first.plugin} ${first.ruleName}: ${first.description} (${first.violatingConstructs[0]?.constructPath}; ${all.length} violations)`;
  } catch {
    return undefined;
  }
}

function synth(model: TelemetryModel): Outcome {
  const outdir = mkdtempSync(join(tmpdir(), 'fuzz-config-'));
  try {
    const app = new App({ context: CDK_CONTEXT, outdir });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    try {
      addTelemetryStacks(app, model);
    } catch (e) {
      return userFacing(e, model);
    }
    const assembly = app.synth();
    for (const stack of assembly.stacks) {
      const problem = templateProblem(join(assembly.directory, stack.templateFile));
      if (problem) return { kind: 'crash', error: `template of ${stack.stackName} ${problem}` };
    }
    return { kind: 'accepted' };
  } catch (e) {
    return { kind: 'crash', error: validationSummary(outdir) ?? (e as Error)?.stack ?? String(e) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export const configTarget: FuzzTarget<YamlMutant> = {
  name: 'config',
  generate: (rng) => mutateYaml(EXAMPLE, rng, { byKey: BY_KEY, grafts: GRAFTS }),
  describe: (m) => m.edits.join('; '),
  serialize: (m) => m.text,
  run(m) {
    let model: TelemetryModel;
    try {
      model = modelFromText(m.text, FILE);
    } catch (e) {
      return userFacing(e);
    }
    const key = modelKey(model);
    if (synthesized.has(key) || !sampled(key)) return { kind: 'accepted' };
    synthesized.add(key);
    return synth(model);
  },
  // The first synthesis in a process loads and warms up aws-cdk-lib and cdk-nag: several seconds on a busy machine.
  timeoutMs: 60_000,
  quickCount: 100,
};
