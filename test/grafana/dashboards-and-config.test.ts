/**
 * Every dashboard that can reach a workspace is checked here: the generated ones (from the example app) and the
 * shipped JSON files. Also the `grafana:` config section and its one-line errors. No synthesis in this file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../lib/config/errors';
import { modelFromText } from '../../lib/config/load';
import { layoutServiceDashboards } from '../../lib/dashboards/cloudwatch-layout';
import { appDashboards } from '../../lib/grafana/dashboards/from-model';
import { loadDashboardFolder, shippedDashboardsDir } from '../../lib/grafana/dashboards/load';
import { dashboardUid, refId, serviceDashboard } from '../../lib/grafana/dashboards/service-dashboard';
import { dashboardProblems } from '../../lib/grafana/dashboards/validate';
import { DATA_SOURCES, dataSourceSpecs } from '../../lib/grafana/data-sources';
import type { DashboardEntry } from '../../lib/grafana/provider/types';
import { DEFAULT_GRAFANA_VERSION } from '../../lib/model/grafana';
import { planTelemetry } from '../../lib/model/plan';

const root = join(__dirname, '../..');
const EXAMPLE = readFileSync(join(root, 'telemetry.yaml'), 'utf8');
const model = modelFromText(EXAMPLE);
const provisioned = dataSourceSpecs({ region: 'eu-west-1', prometheus: { workspaceId: 'ws-12345678-abcd' } });
const all = appDashboards(model, model.grafana!.dashboards);
/** The service dashboards with CloudWatch graphs (the Prometheus ones beside them are tested with the rules). */
const services = all.filter((d) => d.source.startsWith('generated from services'));

type Panel = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const panels = (e: DashboardEntry) =>
  (e.dashboard.panels as Panel[]).flatMap((p) => [p, ...(p.panels ?? [])]);

describe('every dashboard', () => {
  test('the example app gets one generated dashboard per service plus every shipped file', () => {
    const files = readdirSync(join(root, 'dashboards')).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['alarm-overview.json', 'example-api-red.json']);
    expect(all.map((d) => `${d.uid} (${d.source})`)).toEqual([
      'ct-sophie-api (generated from services[0])',
      'ct-sophie-api-prom (generated from the rules of services[0])',
      'ct-sophie-notifications (generated from services[1])',
      'ct-sophie-notifications-prom (generated from the rules of services[1])',
      'cdk-telemetry-alarm-overview (dashboards/alarm-overview.json)',
      'cdk-telemetry-example-api-red (dashboards/example-api-red.json)',
    ]);
  });

  test('shipped files are valid JSON dashboards with a fixed uid and a title', () => {
    for (const f of readdirSync(join(root, 'dashboards')).filter((n) => n.endsWith('.json'))) {
      const d = JSON.parse(readFileSync(join(root, 'dashboards', f), 'utf8'));
      expect(d).toMatchObject({ uid: expect.any(String), title: expect.any(String), schemaVersion: 36 });
      expect(d.id).toBeUndefined();
    }
  });

  test('pass validation: unique uids, data sources that are provisioned, a 24-column grid without overlaps', () => {
    expect(dashboardProblems(all, provisioned)).toEqual([]);
    expect(new Set(all.map((d) => d.uid)).size).toBe(all.length);
  });

  test('every query names its data source, and panel ids are unique per dashboard', () => {
    for (const e of all) {
      const ids = panels(e).map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of panels(e)) {
        for (const t of p.targets ?? []) {
          expect(provisioned.map((s) => s.uid)).toContain(t.datasource.uid);
          expect(t.refId).toMatch(/^[A-Z]+$/);
        }
      }
    }
  });
});

describe('generated service dashboards', () => {
  const plan = planTelemetry(model, {
    topics: { critical: 'c', warning: 'w', info: 'i' },
    pageVia: 'composite',
  });

  test('show the same graphs as the CloudWatch dashboards (title, metric, statistic, series)', () => {
    for (const [i, svc] of model.services.entries()) {
      const cw = layoutServiceDashboards(model.app, svc, plan.services[i].alarms, plan.services[i].composites)
        .flatMap((d) => d.widgets)
        .map((w) => {
          if (w.type === 'graph')
            return `${w.title} ${w.namespace}/${w.metricName} ${w.stat} x${w.series.length}`;
          // The SLOs' burn rates (metric math over the SLI's metrics; the budget left is a stat panel in Grafana).
          if (w.type !== 'metrics' || w.view !== 'timeSeries') return undefined;
          const m = w.metrics[0];
          return 'metric' in m
            ? `${w.title} ${m.metric.namespace}/${m.metric.metricName} ${m.stat} x${w.metrics.length}`
            : undefined;
        })
        .filter((x) => x !== undefined);
      const grafana = panels(services[i])
        .filter((p) => p.type === 'timeseries')
        .map((p) => {
          const t = p.targets[0];
          return `${p.title} ${t.namespace}/${t.metricName} ${t.statistic} x${p.targets.length}`;
        });
      expect(grafana).toEqual(cw);
    }
  });

  test('budgets are dashed threshold lines (one per distinct budget)', () => {
    const duration = (svc: number) =>
      panels(services[svc]).find((p) => p.title === 'Lambda function: Duration p95 (ms)')!;
    const api = duration(0);
    expect(api.fieldConfig.defaults.thresholds.steps).toEqual([
      { value: null, color: 'transparent' },
      { value: 50, color: 'orange' },
      { value: 200, color: 'orange' },
    ]);
    expect(api.fieldConfig.defaults.custom.thresholdsStyle).toEqual({ mode: 'dashed' });
    expect(api.fieldConfig.defaults.unit).toBe('ms');
    expect(api.description).toBe('Dashed lines: budget 50 ms, budget 200 ms.');
    expect(duration(1).fieldConfig.defaults.thresholds.steps.map((s: { value: number }) => s.value)).toEqual([
      null,
      200,
      2000,
    ]);
    const route = panels(services[0]).find((p) => p.title === 'REST API method: Route latency p95 (ms)')!;
    expect(route.fieldConfig.defaults.thresholds.steps.map((s: { value: number }) => s.value)).toEqual([
      null,
      50,
      150,
      200,
    ]);
    const invocations = panels(services[0]).find((p) => p.title === 'Lambda function: Invocations')!;
    expect(invocations.fieldConfig.defaults.custom.thresholdsStyle).toEqual({ mode: 'off' });
  });

  test('one CloudWatch query per resource, by exact dimensions, labelled with the resource', () => {
    const errors = panels(services[0]).find((p) => p.title === 'Lambda function: Errors')!;
    expect(errors.targets.map((t: Panel) => [t.refId, t.dimensions.FunctionName, t.label])).toEqual([
      ['A', 'sophie-authorizer', 'sophie-authorizer'],
      ['B', 'sophie-list-tasks', 'sophie-list-tasks'],
      ['C', 'sophie-create-task', 'sophie-create-task'],
      ['D', 'sophie-update-task', 'sophie-update-task'],
    ]);
    expect(errors.targets[0]).toMatchObject({
      matchExact: true,
      statistic: 'Sum',
      queryMode: 'Metrics',
      region: 'default',
    });
  });

  test('services with functions list their faulted X-Ray traces; others do not', () => {
    const xray = panels(services[0]).find((p) => p.datasource?.uid === DATA_SOURCES.xray.uid)!;
    expect(xray.targets[0]).toMatchObject({ queryType: 'getTraceSummaries' });
    expect(xray.targets[0].query).toBe(
      'service("sophie-authorizer") { fault = true } OR service("sophie-list-tasks") { fault = true } OR service("sophie-create-task") { fault = true } OR service("sophie-update-task") { fault = true }',
    );
    const queueOnly = serviceDashboard('x', {
      name: 'q',
      resources: model.services[1].resources.filter((r) => r.kind === 'sqs'),
    });
    expect(JSON.stringify(queueOnly)).not.toContain(DATA_SOURCES.xray.uid);
  });

  test('big services split graphs at maxMetricsPerGraph and stay on the grid', () => {
    const many = {
      name: 'big',
      resources: Array.from({ length: 7 }, (_, i) => ({
        ...model.services[0].resources.find((r) => r.kind === 'lambda')!,
        label: `f${i}`,
        dimensions: { FunctionName: `f${i}` },
      })),
    };
    const d = serviceDashboard('app', many, { maxMetricsPerGraph: 3 });
    const titles = (d.panels as Panel[]).map((p) => p.title);
    expect(titles).toContain('Lambda function: Errors (3/3)');
    const durations = (d.panels as Panel[]).filter((p) => /Duration p95 \(ms\) \(\d\/3\)$/.test(p.title));
    expect(durations.map((p) => p.fieldConfig.defaults.unit)).toEqual(['ms', 'ms', 'ms']);
    expect(
      dashboardProblems([{ uid: d.uid, title: d.title, source: 'test', dashboard: d }], provisioned),
    ).toEqual([]);
  });

  test('uids: the name when it fits in 40 characters, else a prefix and a hash; refIds A..Z, AA..', () => {
    expect(dashboardUid('ct-sophie-api')).toBe('ct-sophie-api');
    const long = dashboardUid(`ct-${'a'.repeat(24)}-${'b'.repeat(32)}`);
    expect(long).toHaveLength(40);
    expect(long).toMatch(/^ct-a+-b+-[0-9a-f]{8}$/);
    expect([0, 25, 26, 51, 52].map(refId)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA']);
  });

  test('the foundation SDK is pinned to the tag of the default Grafana version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@grafana/grafana-foundation-sdk']).toMatch(
      new RegExp(`^${DEFAULT_GRAFANA_VERSION.replace('.', '\\.')}\\.0-cog`),
    );
  });
});

describe('the validator catches what would break in Grafana', () => {
  const ok = (over: Record<string, unknown> = {}, panelsOver?: Panel[]): DashboardEntry => ({
    uid: 'x',
    title: 'X',
    source: 'test.json',
    dashboard: {
      uid: 'x',
      title: 'X',
      panels: panelsOver ?? [
        {
          type: 'timeseries',
          title: 'a',
          gridPos: { x: 0, y: 0, w: 12, h: 8 },
          datasource: DATA_SOURCES.cloudwatch,
          targets: [{ refId: 'A' }],
        },
        {
          type: 'timeseries',
          title: 'b',
          gridPos: { x: 12, y: 0, w: 12, h: 8 },
          datasource: DATA_SOURCES.cloudwatch,
          targets: [{ refId: 'A' }],
        },
      ],
      ...over,
    },
  });
  const problems = (...e: DashboardEntry[]) => dashboardProblems(e, provisioned);
  const cw = DATA_SOURCES.cloudwatch;

  test('a valid dashboard has no problems', () => expect(problems(ok())).toEqual([]));
  test('overlapping panels', () => {
    expect(
      problems(
        ok({}, [
          { title: 'a', gridPos: { x: 0, y: 0, w: 12, h: 8 } },
          { title: 'b', gridPos: { x: 6, y: 4, w: 12, h: 8 } },
        ]),
      ),
    ).toEqual(['dashboard "X" (test.json): panel "b" overlaps panel "a"']);
  });
  test('a panel beyond the 24 columns, or without a complete gridPos', () => {
    expect(
      problems(ok({}, [{ title: 'wide', gridPos: { x: 16, y: 0, w: 12, h: 8 } }, { title: 'lost' }])),
    ).toEqual([
      'dashboard "X" (test.json): panel "wide" at x=16 w=12 leaves the 24-column grid',
      'dashboard "X" (test.json): panel "lost" has no complete gridPos {x, y, w, h}',
    ]);
  });
  test('a data source that is not provisioned, or of the wrong type', () => {
    expect(
      problems(
        ok({}, [
          {
            title: 'a',
            gridPos: { x: 0, y: 0, w: 12, h: 8 },
            datasource: { uid: 'mine', type: 'loki' },
            targets: [{ refId: 'A' }],
          },
          {
            title: 'b',
            gridPos: { x: 12, y: 0, w: 12, h: 8 },
            datasource: { uid: cw.uid, type: 'prometheus' },
            targets: [{ refId: 'A', datasource: { uid: 'other' } }],
          },
        ]),
      ),
    ).toEqual([
      expect.stringMatching(
        /^dashboard "X" \(test\.json\): panel "a" uses data source "mine", which is not provisioned \(cdk-telemetry-cloudwatch, /,
      ),
      'dashboard "X" (test.json): panel "b" names data source "cdk-telemetry-cloudwatch" with type "prometheus", but it is a cloudwatch',
      expect.stringMatching(
        /^dashboard "X" \(test\.json\): panel "b" query A uses data source "other", which is not provisioned/,
      ),
    ]);
  });
  test('queries without a data source; data source variables of a provisioned type resolve, others do not', () => {
    const variable = (query: string) => ({
      templating: { list: [{ type: 'datasource', name: 'ds', query }] },
    });
    const p = [
      {
        title: 'a',
        gridPos: { x: 0, y: 0, w: 24, h: 8 },
        datasource: { uid: '${ds}' },
        targets: [{ refId: 'A' }],
      },
    ];
    expect(problems(ok(variable('cloudwatch'), p))).toEqual([]);
    expect(problems(ok(variable('loki'), p))[0]).toMatch(
      /data source variable "\$\{ds\}", which selects no provisioned type/,
    );
    expect(
      problems(ok({}, [{ title: 'q', gridPos: { x: 0, y: 0, w: 24, h: 8 }, targets: [{ refId: 'A' }] }])),
    ).toEqual(['dashboard "X" (test.json): panel "q" has queries but no data source']);
  });
  test('duplicate and invalid uids', () => {
    const bad = { ...ok(), uid: 'has space', dashboard: { ...ok().dashboard, uid: 'has space' } };
    expect(problems(ok(), ok(), bad)).toEqual([
      'dashboard "X" (test.json): uid "x" is also used by dashboard "X" (test.json)',
      'dashboard "X" (test.json): uid "has space" must be 1-40 letters, digits, "-" or "_"',
    ]);
  });
  test('a folder with a file that is not JSON, or has no uid, names the file', () => {
    const dir = join(root, 'test', 'fixtures', 'grafana');
    expect(() => loadDashboardFolder(join(dir, 'not-json'))).toThrow(
      /not-json\/broken\.json: not valid JSON/,
    );
    expect(() => loadDashboardFolder(join(dir, 'no-uid'))).toThrow(
      /no-uid\/dash\.json: a provisioned dashboard needs a fixed "uid" and a "title"/,
    );
    expect(shippedDashboardsDir()).toBe(join(root, 'dashboards'));
  });
});

describe('the grafana: section of telemetry.yaml', () => {
  const base = (grafana: string) =>
    `app: demo\nservices:\n  - name: api\n    lambda: [fn]\ngrafana:\n${grafana}\n`;
  function errorOf(text: string): string {
    try {
      modelFromText(text, 'telemetry.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      // One line per problem: each names its field; a config may have several problems.
      for (const line of (e as ConfigError).lines) expect(line).not.toContain('\n');
      return (e as Error).message;
    }
    throw new Error('expected a config error');
  }
  const ID = '906755a1b2-1a2b3c4d-aaaa-bbbb-cccc-0123456789ab';

  test('the example: version 10.4, Identity Center sign-in, admin and editor groups, every dashboard', () => {
    expect(model.grafana).toEqual({
      version: '10.4',
      authentication: ['AWS_SSO'],
      admins: { users: [], groups: [ID] },
      editors: { users: [], groups: ['906755a1b2-5e6f7a8b-aaaa-bbbb-cccc-0123456789ab'] },
      saml: undefined,
      prometheus: undefined,
      network: undefined,
      pluginAdmin: false,
      dashboards: { generated: true, shipped: true, folders: [] },
      contactPoints: true,
    });
  });

  test('defaults: an empty section is a 10.4 workspace with SSO and everything on', () => {
    const m = modelFromText(base('  {}').replace('grafana:\n  {}', 'grafana: {}'));
    expect(m.grafana).toMatchObject({
      version: DEFAULT_GRAFANA_VERSION,
      authentication: ['AWS_SSO'],
      contactPoints: true,
    });
  });

  test('SAML, Prometheus, network access control and folders reach the model', () => {
    const m = modelFromText(
      base(`  authentication: [saml]
  saml:
    metadataUrl: https://idp.example/metadata
    assertions: { role: role, email: mail }
    admins: [admin]
    loginValidity: 8h
  prometheus: { workspace: ws-12345678-abcd-1234 }
  network:
    prefixLists: [pl-0123456789abcdef0]
    provisioner: { subnets: [subnet-0123456789abcdef0], securityGroups: [sg-0123456789abcdef0] }
  dashboards: { shipped: false, folders: [test/fixtures/grafana/extra] }`),
    );
    expect(m.grafana).toMatchObject({
      authentication: ['SAML'],
      saml: {
        metadataUrl: 'https://idp.example/metadata',
        assertions: { role: 'role', email: 'mail' },
        adminValues: ['admin'],
        editorValues: [],
        loginValidityMinutes: 480,
      },
      prometheus: { workspaceId: 'ws-12345678-abcd-1234' },
      network: {
        prefixListIds: ['pl-0123456789abcdef0'],
        vpceIds: [],
        provisioner: { subnetIds: ['subnet-0123456789abcdef0'], securityGroupIds: ['sg-0123456789abcdef0'] },
      },
      dashboards: { generated: true, shipped: false, folders: [join(root, 'test/fixtures/grafana/extra')] },
    });
  });

  test.each([
    [
      "  version: '8.4'",
      /^telemetry\.yaml:6:3: grafana\.version: version 8\.4 has no service accounts, which provisioning needs: use 9\.4 or later/,
    ],
    ['  version: latest', /grafana\.version: version must be a Grafana version like "10\.4"/],
    [
      '  authentication: [ldap]',
      /grafana\.authentication\[0\]: the string "ldap" is not allowed \(allowed: "sso", "saml"\)/,
    ],
    ['  authentication: [saml]', /grafana\.saml: required when authentication lists saml/],
    [
      '  saml: { metadataUrl: https://x.example/m, assertions: { role: r } }',
      /grafana\.saml: authentication does not list saml/,
    ],
    [
      '  authentication: [saml]\n  saml: { assertions: { role: r } }',
      /grafana\.saml: give exactly one of metadataUrl, metadataXml/,
    ],
    [
      '  admins: { groups: [oncall] }',
      /grafana\.admins\.groups\[0\]: groups must be IAM Identity Center ids like/,
    ],
    [
      `  authentication: [saml]\n  saml: { metadataXml: x, assertions: { role: r } }\n  admins: { users: [${ID}] }`,
      /grafana\.admins: IAM Identity Center assignments need authentication: \[sso\]/,
    ],
    [
      `  admins: { users: [${ID}] }\n  editors: { users: [${ID}] }`,
      /grafana\.editors\.users\[0\]: .* is also listed under admins\.users: keep one role/,
    ],
    [
      '  network: { prefixLists: [] }',
      /grafana\.network: list prefixLists or vpcEndpoints: with both empty nobody can reach the workspace/,
    ],
    [
      '  network: { vpcEndpoints: [vpce-0123456789abcdef0] }',
      /grafana\.network: with network access control the provisioning Lambda needs a way in/,
    ],
    [
      '  network: { vpcEndpoints: [vpce-nope] }',
      /grafana\.network\.vpcEndpoints\[0\]: must be an id like vpce-0123456789abcdef0/,
    ],
    [
      '  dashboards: { folders: [no/such/folder] }',
      /grafana\.dashboards\.folders\[0\]: folder "no\/such\/folder" not found/,
    ],
    [
      '  prometheus: { workspace: my-amp }',
      /grafana\.prometheus\.workspace: workspace must be an Amazon Managed Service for Prometheus workspace id/,
    ],
    [
      '  dashbords: {}',
      /grafana: unknown key "dashbords" \(allowed: version, authentication, admins, editors, saml, prometheus, network, pluginAdmin, dashboards, contactPoints\)/,
    ],
  ])('%s', (grafana, expected) => {
    expect(errorOf(base(grafana))).toMatch(expected);
  });

  test('a service may not be called grafana (the Grafana stack has that name)', () => {
    expect(errorOf('app: demo\nservices:\n  - name: grafana\n    lambda: [fn]\n')).toMatch(
      /services\[0\]\.name: "grafana" is the name of the app's own grafana stack \(reserved: core, grafana, tracing, audit, logs, prometheus, product, uptime\)/,
    );
  });
});
