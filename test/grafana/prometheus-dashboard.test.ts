/**
 * The Prometheus dashboards generated beside the CloudWatch ones: one per service with rules, a graph per value an
 * alert compares, every threshold of a rule drawn on it, valid against the provisioned data sources.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromText } from '../../lib/config/load';
import { dataSourceSpecs } from '../../lib/grafana/data-sources';
import { appDashboards } from '../../lib/grafana/dashboards/from-model';
import { prometheusDashboard } from '../../lib/grafana/dashboards/prometheus-dashboard';
import { dashboardProblems } from '../../lib/grafana/dashboards/validate';
import { planPrometheusRules } from '../../lib/prometheus/rules/plan';

const EXAMPLE = readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8');
const model = modelFromText(EXAMPLE);
const sources = { generated: true, shipped: false, folders: [] };

type Panel = {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: Array<{ expr: string }>;
  fieldConfig?: { defaults: { thresholds: { steps: Array<{ value: number | null; color: string }> } } };
};

describe('Prometheus dashboards', () => {
  test('one beside each CloudWatch dashboard, valid against the data sources Grafana gets', () => {
    const entries = appDashboards(model, sources);
    expect(entries.map((e) => e.uid)).toEqual([
      'ct-sophie-api',
      'ct-sophie-api-prom',
      'ct-sophie-notifications',
      'ct-sophie-notifications-prom',
    ]);
    const withPrometheus = dataSourceSpecs({
      region: 'eu-west-1',
      prometheus: { workspaceId: 'ws-0a1b2c3d-aaaa' },
    });
    expect(dashboardProblems(entries, withPrometheus)).toEqual([]);
    expect(appDashboards({ ...model, prometheus: undefined }, sources).map((e) => e.uid)).toEqual([
      'ct-sophie-api',
      'ct-sophie-notifications',
    ]);
  });

  test('a graph per compared value, each threshold of its rules drawn at its value', () => {
    const [api] = planPrometheusRules(model);
    const panels = (prometheusDashboard('sophie', api).panels as Panel[]).filter(
      (p) => p.type === 'timeseries',
    );
    // 4 functions and 5 routes with budgets, the 5xx and 4xx rates of the service.
    expect(panels).toHaveLength(11);
    for (const p of panels) {
      expect(p.datasource).toEqual({ type: 'prometheus', uid: 'cdk-telemetry-prometheus' });
      const [target] = p.targets!;
      const alerts = api.alerts.filter((a) => a.value === target.expr);
      expect(alerts.length).toBeGreaterThan(0);
      const lines = p.fieldConfig!.defaults.thresholds.steps.slice(1);
      expect(lines.map((l) => l.value)).toEqual(alerts.map((a) => a.threshold).sort((x, y) => x - y));
    }
    const auth = panels.find((p) => p.title === 'p95 auth')!;
    expect(auth.fieldConfig!.defaults.thresholds.steps).toEqual([
      { value: null, color: 'transparent' },
      { value: 0.05, color: 'orange' },
      { value: 0.075, color: 'red' },
    ]);
    expect(panels.map((p) => p.title)).toEqual(
      expect.arrayContaining(['p95 GET /tasks/{id}', '5xx responses (%) api', '4xx responses (%) api']),
    );
  });
});
