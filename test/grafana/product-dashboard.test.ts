/**
 * The Grafana product dashboard of the example app: the CloudWatch product dashboard's sections (funnel, conversion,
 * time per stage, KPIs, RUM) with the same metrics, statistics and expressions, valid for the provisioner.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromText } from '../../lib/config/load';
import { layoutProductDashboard } from '../../lib/dashboards/product-dashboard';
import { productGrafanaDashboard } from '../../lib/grafana/dashboards/product-dashboard';
import { dashboardProblems } from '../../lib/grafana/dashboards/validate';
import { dataSourceSpecs } from '../../lib/grafana/data-sources';

const model = modelFromText(readFileSync(join(__dirname, '../../telemetry.yaml'), 'utf8'));
const product = model.product!;
const dashboard = productGrafanaDashboard(model.app, product);

interface Target {
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  statistic?: string;
  expression?: string;
  id?: string;
  hide?: boolean;
  label?: string;
}
type PanelJson = { type: string; title: string; targets?: Target[]; fieldConfig?: unknown };
const panels = dashboard.panels as PanelJson[];
const panel = (title: string) => panels.find((p) => p.title === title)!;
const metricOf = (t: Target) =>
  `${t.namespace} ${t.metricName}${JSON.stringify(t.dimensions)} ${t.statistic}${t.hide ? ' hidden' : ''}`;

test('a row per section: the journey, the KPIs, the web client; tagged product, valid for the provisioner', () => {
  expect(dashboard.uid).toBe('ct-sophie-product');
  expect(dashboard.tags).toEqual(['cdk-telemetry', 'sophie', 'generated', 'product']);
  expect(panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual([
    expect.stringMatching(/^Journey onboarding: /),
    'KPIs: workflow-success, tasks-created',
    'Web client (CloudWatch RUM sophie-web, 10 % of sessions sampled)',
  ]);
  const entry = { uid: dashboard.uid, title: dashboard.title, source: 'test', dashboard };
  expect(dashboardProblems([entry], dataSourceSpecs({ region: 'eu-west-1' }))).toEqual([]);
});

test('the funnel: started, then each stage reached (Sum), as bars', () => {
  const funnel = panel('onboarding: users per stage (funnel)');
  expect(JSON.stringify(funnel.fieldConfig)).toContain('"drawStyle":"bars"');
  expect(funnel.targets!.map(metricOf)).toEqual([
    'cdk-telemetry/sophie JourneyStarted{"Journey":"onboarding"} Sum',
    ...['first-project', 'first-agent', 'first-workflow', 'first-success'].map(
      (s) => `cdk-telemetry/sophie JourneyStageReached{"Journey":"onboarding","Stage":"${s}"} Sum`,
    ),
  ]);
});

test('conversion and success rate: CloudWatch math over hidden queries, by id', () => {
  const conversion = panel('onboarding: conversion from start (%)').targets!;
  expect(conversion.filter((t) => t.expression).map((t) => `${t.id}=${t.expression}`)).toEqual([
    'c0=100 * FILL(r0, 0) / started',
    'c1=100 * FILL(r1, 0) / started',
    'c2=100 * FILL(r2, 0) / started',
    'c3=100 * FILL(r3, 0) / started',
  ]);
  expect(conversion.filter((t) => t.hide).map((t) => t.id)).toEqual(['started', 'r0', 'r1', 'r2', 'r3']);
  const rate = panel('workflow-success: Workflow runs that succeed');
  expect(rate.targets!.map((t) => t.expression ?? metricOf(t))).toEqual([
    'cdk-telemetry/sophie KpiSuccess{"Kpi":"workflow-success"} Average hidden',
    '100 * ok',
    'cdk-telemetry/sophie KpiSuccess{"Kpi":"workflow-success"} SampleCount',
  ]);
  expect(JSON.stringify(rate.fieldConfig)).toContain('"value":95');
});

test('every metric and expression of the CloudWatch product dashboard, and nothing else', () => {
  const cw = layoutProductDashboard(model.app, product, []).widgets.flatMap((w) =>
    w.type === 'metrics'
      ? w.metrics.map((m) =>
          'expression' in m
            ? m.expression
            : `${m.metric.namespace} ${m.metric.metricName}${JSON.stringify(m.metric.dimensions)} ${m.stat}${m.visible === false ? ' hidden' : ''}`,
        )
      : [],
  );
  const grafana = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expression ?? metricOf(t)));
  expect(grafana).toEqual(cw);
  expect(grafana).toContain('AWS/RUM SessionCount{"application_name":"sophie-web"} Sum');
});
