/**
 * The SLOs' error budget on the dashboards: budget left over the SLO window (one value) and burn rate per hour with
 * the tiers' alert rates, the same math on CloudWatch and Grafana.
 */
import { modelFromText } from '../../lib/config/load';
import { layoutServiceDashboards, type WidgetSpec } from '../../lib/dashboards/cloudwatch-layout';
import { dashboardBody } from '../../lib/dashboards/cloudwatch-render';
import { sloPanels } from '../../lib/dashboards/slo-panels';
import { serviceDashboard } from '../../lib/grafana/dashboards/service-dashboard';
import { dashboardProblems } from '../../lib/grafana/dashboards/validate';
import { dataSourceSpecs } from '../../lib/grafana/data-sources';
import { planTelemetry } from '../../lib/model/plan';
import { sloYaml } from '../helpers/slo-config';

const model = modelFromText(sloYaml());
const service = model.services[0];
const [availability, latency] = service.slos!;

const overlaps = (a: WidgetSpec, b: WidgetSpec) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('SLO panels as data', () => {
  test('budget left over the window, from the alarms own burn-rate math', () => {
    const [budget, burn] = sloPanels(availability);
    expect(budget).toMatchObject({ view: 'singleValue', range: 30 * 86_400, unit: 'percent' });
    expect(budget.metrics.at(-1)).toEqual({
      expression: '100 * (1 - FILL(bad, 0) / valid / 0.001)',
      id: 'left',
      label: 'budget left (%)',
    });
    expect(burn.metrics.at(-1)).toMatchObject({ expression: 'FILL(bad, 0) / valid / 0.001' });
    expect(burn.period).toBe(3_600);
    expect(burn.lines.map((l) => l.value)).toEqual([14.4, 6, 1]);
    const [latencyBudget, latencyBurn] = sloPanels(latency);
    expect(latencyBudget.range).toBe(28 * 86_400);
    expect(latencyBudget.metrics[0]).toMatchObject({ stat: 'PR(:300)', id: 'good', visible: false });
    expect(latencyBurn.metrics.at(-1)).toMatchObject({ expression: '(100 - good) / 100 / 0.01' });
    expect(latencyBurn.lines.map((l) => l.value)).toEqual([13.44, 5.6, 0.933]);
  });
});

describe('CloudWatch', () => {
  const s = planTelemetry(model).services[0];
  const [d] = layoutServiceDashboards('shop', s.service, s.alarms, s.composites);

  test('a row per SLO under the alarm status, no overlaps', () => {
    const slo = d.widgets.filter((w) => w.type === 'metrics');
    expect(slo.map((w) => w.type === 'metrics' && [w.title, w.view, w.range])).toEqual([
      ['availability: error budget left (30 days)', 'singleValue', 30 * 86_400],
      ['availability: burn rate per hour (1x spends the budget in 30 days)', 'timeSeries', undefined],
      ['latency: error budget left (28 days)', 'singleValue', 28 * 86_400],
      ['latency: burn rate per hour (1x spends the budget in 28 days)', 'timeSeries', undefined],
    ]);
    const statusEnd = Math.max(...d.widgets.filter((w) => w.type === 'alarm').map((w) => w.y + w.height));
    expect(Math.min(...slo.map((w) => w.y))).toBe(statusEnd);
    for (let i = 0; i < d.widgets.length; i++)
      for (let j = i + 1; j < d.widgets.length; j++) expect(overlaps(d.widgets[i], d.widgets[j])).toBe(false);
  });

  test('the budget widget shows one value over the last 30 days, whatever the dashboard range', () => {
    const body = JSON.parse(dashboardBody(d).body.replace(/\$\{[^}]+\}/g, 'X')) as {
      widgets: Array<{ properties: Record<string, unknown> }>;
    };
    const budget = body.widgets.find(
      (w) => w.properties.title === 'availability: error budget left (30 days)',
    )!;
    expect(budget.properties).toMatchObject({
      view: 'singleValue',
      setPeriodToTimeRange: true,
      start: '-PT720H',
    });
    const burn = body.widgets.find((w) => /availability: burn rate/.test(String(w.properties.title)))!;
    expect(burn.properties.annotations).toEqual({
      horizontal: [
        { label: 'fast (pages over 1 h)', value: 14.4 },
        { label: 'slow (pages over 6 h)', value: 6 },
        { label: 'ticket (ticket over 1 day)', value: 1 },
      ],
    });
  });
});

describe('Grafana', () => {
  const dashboard = serviceDashboard('shop', service);
  type Panel = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const panels = dashboard.panels as Panel[];

  test('an SLO row with the budget as a stat over the window and the burn rate with the tier lines', () => {
    expect(panels.map((p) => p.title)).toContain('SLOs: error budget (2)');
    const budget = panels.find((p) => p.title === 'availability: error budget left (30 days)')!;
    expect(budget).toMatchObject({ type: 'stat', timeFrom: '30d' });
    expect(budget.targets.map((t: Panel) => [t.id, t.hide ?? false, t.expression ?? t.statistic])).toEqual([
      ['bad', true, 'Sum'],
      ['valid', true, 'Sum'],
      ['left', false, '100 * (1 - FILL(bad, 0) / valid / 0.001)'],
    ]);
    const burn = panels.find(
      (p) => p.title === 'latency: burn rate per hour (1x spends the budget in 28 days)',
    )!;
    expect(burn.type).toBe('timeseries');
    expect(burn.targets.at(-1)).toMatchObject({ expression: '(100 - good) / 100 / 0.01', period: '3600' });
  });

  test('passes the dashboard validation (data sources, grid)', () => {
    const provisioned = dataSourceSpecs({ region: 'eu-west-1' });
    expect(
      dashboardProblems(
        [{ uid: dashboard.uid, title: dashboard.title, source: 'test', dashboard }],
        provisioned,
      ),
    ).toEqual([]);
  });
});
