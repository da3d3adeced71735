/**
 * Renders a {@link DashboardSpec} into `AWS::CloudWatch::Dashboard`. The body is a JSON string with the Region,
 * partition and account left to CloudFormation (`Fn::Sub`), so the stack stays environment-agnostic.
 */
import { Fn } from 'aws-cdk-lib';
import { CfnDashboard } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { logicalIdFor } from '../model/naming';
import type { DashboardSpec, WidgetSpec } from './cloudwatch-layout';

// Placeholders survive JSON.stringify unchanged; they become CloudFormation pseudo parameters afterwards.
const REGION = '@@REGION@@';
const ALARM_ARN_PREFIX = '@@ALARM@@';

/** Metric arrays in CloudWatch's compact form: "." repeats the previous metric's value at that position. */
function metricRows(w: Extract<WidgetSpec, { type: 'graph' }>): unknown[] {
  let previous: string[] = [];
  return w.series.map((s) => {
    const row = [w.namespace, w.metricName, ...Object.entries(s.dimensions).flat()];
    const compact = row.map((v, i) => (previous.length === row.length && previous[i] === v ? '.' : v));
    previous = row;
    return [...compact, { label: s.label }];
  });
}

function widgetJson(w: WidgetSpec): unknown {
  const pos = { x: w.x, y: w.y, width: w.width, height: w.height };
  switch (w.type) {
    case 'text':
      return { type: 'text', ...pos, properties: { markdown: w.markdown } };
    case 'alarm':
      return {
        type: 'alarm',
        ...pos,
        properties: {
          title: w.title,
          alarms: w.alarms.map((n) => `${ALARM_ARN_PREFIX}${n}`),
          sortBy: 'stateUpdatedTimestamp',
        },
      };
    case 'graph':
      return {
        type: 'metric',
        ...pos,
        properties: {
          title: w.title,
          view: 'timeSeries',
          region: REGION,
          stat: w.stat,
          period: w.period,
          metrics: metricRows(w),
          ...(w.lines.length ? { annotations: { horizontal: w.lines } } : {}),
          yAxis: { left: { min: 0 } },
        },
      };
  }
}

/** The dashboard body as a `Fn::Sub` template string (user text has `${` escaped). */
export function dashboardBody(spec: DashboardSpec, region?: string): string {
  const json = JSON.stringify({ widgets: spec.widgets.map(widgetJson) }).replace(/\$\{/g, '${!');
  return json
    .split(REGION)
    .join(region ?? '${AWS::Region}')
    .split(ALARM_ARN_PREFIX)
    .join('arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:');
}

export function renderDashboard(scope: Construct, spec: DashboardSpec, region?: string): CfnDashboard {
  const dashboard = new CfnDashboard(scope, spec.name, {
    dashboardName: spec.name,
    dashboardBody: Fn.sub(dashboardBody(spec, region)),
  });
  dashboard.overrideLogicalId(logicalIdFor('Dashboard', spec.name));
  return dashboard;
}
