import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Alerting } from '../alerting/alerting';
import { undeliveredQueueName } from './alert-topics';
import { eventBridgePublishes } from './governance';
import { AlarmSet } from '../alarms/alarm-set';
import { SEVERITIES } from '../model/alarm-spec';
import type { AlarmSpec } from '../model/alarm-spec';
import type { TelemetryModel } from '../model/telemetry-model';

/** Properties of {@link TelemetryCoreStack}. */
export interface TelemetryCoreStackProps extends StackProps {
  /** The telemetry model: the app's name, alerting channels and tags. */
  readonly model: TelemetryModel;
  /**
   * Account-wide alarms (Lambda concurrency, DynamoDB account capacity) and the app-level alarm on undelivered
   * alerts (`undeliveredAlarmSpec`, on the queue `<topicNamePrefix>-undelivered`).
   */
  readonly accountAlarms: readonly AlarmSpec[];
  /** Topic names are `<topicNamePrefix>-<severity>`. */
  readonly topicNamePrefix: string;
}

/** The core stack: alert topics, their key and subscriptions, and the account-wide alarms. Deployed first. */
export class TelemetryCoreStack extends Stack {
  /** The alert topics, their key and subscriptions. */
  readonly alerting: Alerting;

  constructor(scope: Construct, id: string, props: TelemetryCoreStackProps) {
    super(scope, id, props);
    const { model } = props;
    const queueName = undeliveredQueueName(props.topicNamePrefix);
    this.alerting = new Alerting(this, 'Alerting', {
      topicNamePrefix: props.topicNamePrefix,
      channels: model.alerting.channels,
      ...(model.alerting.escalation ? { escalation: model.alerting.escalation } : {}),
      alarmNamePattern: `${model.app}-*`,
      // Audit alerts and X-Ray insight notifications publish through EventBridge rules named <app>-telemetry-*.
      allowEventBridge: eventBridgePublishes(model),
      eventRuleNamePattern: `${model.app}-telemetry-*`,
      // Undelivered alerts (email, HTTPS, and the EventBridge rules of the tracing and audit stacks, which address
      // the queue by this fixed name) page through the critical topic; the alarm is one of the account alarms.
      deadLetterQueue: { queueName, app: model.app, alarm: false },
      // The Prometheus workspace's alert manager routes to the same topics.
      allowPrometheus: model.prometheus?.alertManager !== undefined,
    });
    const arnByName = new Map(
      SEVERITIES.map((s) => [this.alerting.topicNames[s], this.alerting.topics[s].topicArn]),
    );
    new AlarmSet(this, 'Account', {
      alarms: props.accountAlarms,
      resolveAction: (name) => arnByName.get(name) ?? name,
      region: model.env?.region,
    });
  }
}
