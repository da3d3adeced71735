import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { TracingModel } from '../model/tracing';
import { Tracing } from '../tracing/tracing';
import { AlertTopicsByName } from './alert-topics';

/** Properties of {@link TelemetryTracingStack}. */
export interface TelemetryTracingStackProps extends StackProps {
  /** The application's name, the prefix of the names the stack gives. */
  readonly app: string;
  /** The sampling rules, trace groups and Insights notifications. */
  readonly tracing: TracingModel;
  /** Alert topics are `<topicNamePrefix>-<severity>` (in the core stack). */
  readonly topicNamePrefix: string;
  /** The core stack's queue of undelivered alerts, by name. @default - a queue of the tracing stack's own */
  readonly deadLetterQueueName?: string;
}

/** X-Ray sampling rules, a trace group per service, Insights notifications to the alert topics. */
export class TelemetryTracingStack extends Stack {
  /** The X-Ray sampling rules, groups and notifications. */
  readonly tracing: Tracing;

  constructor(scope: Construct, id: string, props: TelemetryTracingStackProps) {
    super(scope, id, props);
    this.tracing = new Tracing(this, 'Tracing', {
      namePrefix: props.app,
      samplingRules: props.tracing.samplingRules,
      groups: props.tracing.groups,
      alerts: new AlertTopicsByName(this, 'Topics', {
        topicNamePrefix: props.topicNamePrefix,
        deadLetterQueueName: props.deadLetterQueueName,
      }),
      ruleNamePrefix: `${props.app}-telemetry`,
    });
  }
}
