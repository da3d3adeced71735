/**
 * `TraceGroups`: X-Ray groups (one per service, typically) with X-Ray Insights on, so anomalies in a service's
 * faults open an insight, and insight notifications go to EventBridge (see {@link InsightNotifications}).
 */
import { Token } from 'aws-cdk-lib';
import * as xray from 'aws-cdk-lib/aws-xray';
import { Construct } from 'constructs';
import { traceGroupProblems, type TraceGroupSpec } from '../model/tracing';
import { TelemetryPropsError } from '../util/errors';
import { insightSeverity } from './insight-severity';

/** Properties of {@link TraceGroups}. */
export interface TraceGroupsProps {
  /** The trace groups, each with its filter expression and Insights settings. */
  readonly groups: readonly TraceGroupSpec[];
}

/**
 * X-Ray groups (one per service, typically) with X-Ray Insights on, so anomalies in a service's faults open an
 * insight, and insight notifications go to EventBridge (see {@link InsightNotifications}).
 */
export class TraceGroups extends Construct {
  /** The CloudFormation resources, by group name. */
  readonly resources: ReadonlyMap<string, xray.CfnGroup>;

  constructor(scope: Construct, id: string, props: TraceGroupsProps) {
    super(scope, id);
    const first = traceGroupProblems(props.groups, (v) => Token.isUnresolved(v))[0];
    if (first) {
      const where =
        first.index === undefined
          ? 'groups'
          : `groups[${first.index}]${first.field ? `.${first.field}` : ''}`;
      throw new TelemetryPropsError(this, `${where}: ${first.message}`);
    }
    const resources = new Map<string, xray.CfnGroup>();
    for (const g of props.groups) {
      resources.set(
        g.groupName,
        new xray.CfnGroup(this, g.groupName, {
          groupName: g.groupName,
          filterExpression: g.filterExpression,
          insightsConfiguration: {
            insightsEnabled: g.insights ?? true,
            notificationsEnabled: insightSeverity(g) !== undefined,
          },
        }),
      );
    }
    this.resources = resources;
  }
}
