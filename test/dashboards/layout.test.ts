import { modelFromText } from '../../lib/config/load';
import { layoutServiceDashboards, type WidgetSpec } from '../../lib/dashboards/cloudwatch-layout';
import { dashboardBody } from '../../lib/dashboards/cloudwatch-render';
import { planTelemetry } from '../../lib/model/plan';
import { scaleConfig } from '../helpers/scale-config';

function layout(functions: number, options = {}) {
  const plan = planTelemetry(
    modelFromText(scaleConfig({ services: 1, functionsPerService: functions, fullService: true })),
  );
  const s = plan.services[0];
  return layoutServiceDashboards('scale', s.service, s.alarms, s.composites, options);
}

const overlaps = (a: WidgetSpec, b: WidgetSpec) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('service dashboards', () => {
  test('one graph per signal across all resources of a kind, alarm status on top, no overlap, 24 columns', () => {
    const [d] = layout(3);
    expect(d.widgets[0].type).toBe('text');
    expect(d.widgets[1].type).toBe('alarm');
    const graphs = d.widgets.filter((w) => w.type === 'graph');
    const errors = graphs.filter((w) => w.type === 'graph' && w.title === 'Lambda function: Errors');
    expect(errors).toHaveLength(1);
    expect(errors[0].type === 'graph' && errors[0].series.map((s) => s.label)).toEqual([
      'scale-0000-fn-0000',
      'scale-0000-fn-0001',
      'scale-0000-fn-0002',
    ]);
    for (const w of d.widgets) expect(w.x + w.width).toBeLessThanOrEqual(24);
    for (let i = 0; i < d.widgets.length; i++) {
      for (let j = i + 1; j < d.widgets.length; j++) expect(overlaps(d.widgets[i], d.widgets[j])).toBe(false);
    }
    const latency = graphs.find(
      (w) => w.type === 'graph' && w.title === 'Lambda function: Duration p95 (ms)',
    );
    expect(latency?.type === 'graph' && latency.lines).toEqual([{ label: 'budget 200 ms', value: 200 }]);
  });

  test('1,000 functions: split at 500 widgets / 2,500 metrics per dashboard and 50 series per graph', () => {
    const ds = layout(1000);
    expect(ds.length).toBeGreaterThan(1);
    expect(ds.map((d) => d.name)).toEqual(
      ds.map((_, i) => (i === 0 ? 'scale-svc-0000' : `scale-svc-0000-${i + 1}`)),
    );
    for (const d of ds) {
      expect(d.widgets.length).toBeLessThanOrEqual(500);
      expect(d.metricCount).toBeLessThanOrEqual(2500);
      for (const w of d.widgets) if (w.type === 'graph') expect(w.series.length).toBeLessThanOrEqual(50);
      for (const w of d.widgets) if (w.type === 'alarm') expect(w.alarms.length).toBeLessThanOrEqual(100);
    }
    const total = ds.reduce((n, d) => n + d.metricCount, 0);
    expect(total).toBe(1000 * 5 + 4 + 2 + 4 + 1 + 5);
    // The status shows 200 alarms, the composite first, and links to the rest.
    const status = ds[0].widgets
      .filter((w) => w.type === 'alarm')
      .flatMap((w) => (w.type === 'alarm' ? w.alarms : []));
    expect(status).toHaveLength(200);
    expect(status[0]).toBe('scale-svc-0000-service-anyCritical-critical');
    expect(ds[0].widgets[0].type === 'text' && ds[0].widgets[0].markdown).toMatch(
      /\[all \d+ alarms\]\(\/cloudwatch\/home#alarmsV2:\?search=scale-svc-0000-\)/,
    );
  });

  test('the body is a Fn::Sub template: user text cannot inject ${...}', () => {
    const plan = planTelemetry(
      modelFromText(
        'app: a\nservices:\n  - name: s\n    description: costs ${AWS::AccountId}\n    sqs: [q]\n',
      ),
    );
    const s = plan.services[0];
    const [d] = layoutServiceDashboards('a', s.service, s.alarms, s.composites);
    const { body, variables } = dashboardBody(d, 'eu-west-1');
    expect(body).toContain('costs ${!AWS::AccountId}');
    expect(body).toContain('"region":"eu-west-1"');
    expect(Object.keys(variables)).toEqual(['A']); // the alarm ARN prefix, nothing from user text
  });
});
