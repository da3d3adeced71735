import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ServiceCanaryCheck } from '../model/uptime';
import { UptimeCanaries } from '../uptime/uptime-canaries';

export interface TelemetryUptimeStackProps extends StackProps {
  /** The canaries to create (`canaryChecksOf(model)`). */
  readonly checks: readonly ServiceCanaryCheck[];
}

/**
 * The uptime checks of an app: Synthetics canaries and their artifacts bucket. Their alarms are in the services'
 * monitoring stacks (the `canary` kind), which address the canaries by name, so neither stack waits for the other.
 */
export class TelemetryUptimeStack extends Stack {
  readonly uptime: UptimeCanaries;

  constructor(scope: Construct, id: string, props: TelemetryUptimeStackProps) {
    super(scope, id, props);
    this.uptime = new UptimeCanaries(this, 'Uptime', { checks: props.checks });
  }
}
