import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AlarmSet } from '../alarms/alarm-set';
import { topicArnByName } from './alert-topics';
import type { StackAssignment } from './sharding';

/** Properties of {@link TelemetryMonitoringStack}. */
export interface TelemetryMonitoringStackProps extends StackProps {
  /** What the stack holds: the services, alarms, composites and dashboards assigned to it. */
  readonly assignment: StackAssignment;
  /** Literal Region for dashboards. @default - the deploy Region */
  readonly region?: string;
}

/**
 * A monitoring stack: the alarms, composites and dashboards assigned to it. Topics are addressed by their fixed
 * names (`Fn::Sub` of the ARN), not by cross-stack exports, so the core stack can change without blocking this one.
 */
export class TelemetryMonitoringStack extends Stack {
  /** The alarms and composites, rendered. */
  readonly alarmSet: AlarmSet;

  constructor(scope: Construct, id: string, props: TelemetryMonitoringStackProps) {
    super(scope, id, props);
    const a = props.assignment;
    this.alarmSet = new AlarmSet(this, 'Telemetry', {
      alarms: a.alarms,
      composites: a.composites,
      dashboards: a.dashboards,
      resolveAction: topicArnByName,
      region: props.region,
    });
  }
}
