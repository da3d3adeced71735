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
const ALARM_ARN = Fn.sub('arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:');

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

/** A `metrics` widget's lines: metrics as `[namespace, name, dim, value..., options]`, expressions as `[options]`. */
function lineRows(w: Extract<WidgetSpec, { type: 'metrics' }>): unknown[] {
  return w.metrics.map((m) =>
    'expression' in m
      ? [{ expression: m.expression, id: m.id, label: m.label }]
      : [
          m.metric.namespace,
          m.metric.metricName,
          ...Object.entries(m.metric.dimensions).flat(),
          {
            label: m.label,
            stat: m.stat,
            ...(m.id ? { id: m.id } : {}),
            ...(m.visible === false ? { visible: false } : {}),
          },
        ],
  );
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
        // view defaults to timeSeries; period must be given (the default is 300 s).
        properties: {
          title: w.title,
          region: REGION,
          stat: w.stat,
          period: w.period,
          metrics: metricRows(w),
          ...(w.lines.length ? { annotations: { horizontal: w.lines } } : {}),
        },
      };
    case 'metrics':
      return {
        type: 'metric',
        ...pos,
        properties: {
          title: w.title,
          region: REGION,
          view: w.view,
          period: w.period,
          ...(w.wholeRange ? { setPeriodToTimeRange: true } : {}),
          ...(w.range ? { start: `-PT${Math.ceil(w.range / 3_600)}H` } : {}),
          metrics: lineRows(w),
          ...(w.lines?.length ? { annotations: { horizontal: w.lines } } : {}),
        },
      };
  }
}

/** CDK's encoding of a string token inside a string. */
const TOKEN = /\$\{Token\[[^\]]+\]\}/g;

/** A dashboard body ready for `Fn::Sub`: the template and its deploy-time variables. */
export interface DashboardBody {
  /** The `Fn::Sub` template: user text has `${` escaped, deploy-time values are `${V1}`... */
  readonly body: string;
  /** Deploy-time values by variable name: `A` (the alarm ARN prefix) and CDK tokens (`V1`...). */
  readonly variables: Readonly<Record<string, string>>;
}

/** The dashboard body as a `Fn::Sub` template and its variables. */
export function dashboardBody(spec: DashboardSpec, region?: string): DashboardBody {
  const variables: Record<string, string> = {};
  const byToken = new Map<string, string>();
  const json = JSON.stringify({ widgets: spec.widgets.map(widgetJson) }).replace(TOKEN, (token) => {
    let name = byToken.get(token);
    if (!name) {
      name = `V${byToken.size + 1}`;
      byToken.set(token, name);
      variables[name] = token;
    }
    return `@@VAR@@${name}@@`;
  });
  const hasAlarms = json.includes(ALARM_ARN_PREFIX);
  const body = json
    .replace(/\$\{/g, '${!')
    .replace(/@@VAR@@(V\d+)@@/g, '${$1}')
    .split(REGION)
    .join(region ?? '${AWS::Region}')
    .split(ALARM_ARN_PREFIX)
    .join('${A}');
  // Alarm ARNs share one prefix, computed once by CloudFormation.
  if (hasAlarms) variables.A = ALARM_ARN;
  return { body, variables };
}

/**
 * Renders a dashboard spec into an `AWS::CloudWatch::Dashboard` in `scope` (its id and name are the spec's name);
 * `region` is written literally into the body, else the deploy Region.
 */
export function renderDashboard(scope: Construct, spec: DashboardSpec, region?: string): CfnDashboard {
  const { body, variables } = dashboardBody(spec, region);
  const dashboard = new CfnDashboard(scope, spec.name, {
    dashboardName: spec.name,
    dashboardBody: Object.keys(variables).length ? Fn.sub(body, variables) : Fn.sub(body),
  });
  dashboard.overrideLogicalId(logicalIdFor('Dashboard', spec.name));
  return dashboard;
}
