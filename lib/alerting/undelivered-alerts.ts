/**
 * `UndeliveredAlerts`: where an alert that cannot be delivered is kept. A standard SQS queue (SNS and EventBridge
 * accept no other kind of dead-letter queue), encrypted with a customer-managed key, SSL only, holding messages
 * for 14 days (the SQS maximum) and retained when the stack is deleted, with an alarm that fires on the first
 * message.
 *
 * Used as the dead-letter queue of the alert topics' email and HTTPS subscriptions (an SNS redrive policy; the
 * queue must be in the subscription's account and Region) and of the EventBridge rules that send audit and X-Ray
 * Insights alerts. SNS and EventBridge write to an encrypted queue with the key: its policy must let
 * `sns.amazonaws.com` and `events.amazonaws.com` use it (`kms:GenerateDataKey*`, `kms:Decrypt`). The queue policy
 * lets SNS send from the topics it is given, and EventBridge from the rules of this account and Region that match
 * a name pattern.
 */
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AlarmSet } from '../alarms/alarm-set';
import type { AlarmSpec, Severity } from '../model/alarm-spec';
import { CATALOG } from '../model/kinds';
import { planRow } from '../model/plan';
import { TelemetryPropsError } from '../util/errors';

/**
 * Retries of an EventBridge rule that sends alerts: EventBridge retries throttling and server errors with
 * exponential backoff and jitter; an alert more than an hour late goes to the dead-letter queue (and raises its
 * alarm) rather than arriving a day later, EventBridge's default. Errors that retrying cannot fix (permissions, a
 * key, a deleted topic) go there at once.
 */
export const ALERT_RULE_RETRY = { retryAttempts: 185, maxEventAge: Duration.hours(1) } as const;

/** The alarm on the queue. */
export interface UndeliveredAlertsAlarmProps {
  /** Application name: the alarm is `<app>-account-undelivered-deadLetters-<severity>`. */
  readonly app: string;
  /** Topic (ARN) the alarm notifies, in ALARM and when the queue is empty again. */
  readonly topicArn: string;
  /**
   * A message here is an alert nobody received: `critical` by default, so it pages through every channel of the
   * critical topic that still works.
   * @default 'critical'
   */
  readonly severity?: Severity;
}

/** Properties of {@link UndeliveredAlerts}. */
export interface UndeliveredAlertsProps {
  /** Queue name: a fixed name lets other stacks of the app address it by ARN. @default - generated */
  readonly queueName?: string;
  /**
   * Encrypts the queue. A key given here must already let SNS and EventBridge use it.
   * @default - a new key, rotation on, usable by SNS and EventBridge
   */
  readonly encryptionKey?: kms.IKey;
  /** How long undelivered alerts are kept (60 seconds to 14 days). @default Duration.days(14) */
  readonly retentionPeriod?: Duration;
  /** The alarm on the first undelivered alert. @default - no alarm */
  readonly alarm?: UndeliveredAlertsAlarmProps;
}

/** The alarm's fixed parts: the catalog's dead-letter row, read as "an alert nobody received". */
const ALARM_MEANING =
  'Alerts that SNS or EventBridge could not deliver to their channel are kept in {resource}: an endpoint is down, an address unconfirmed, or a key or permission blocks delivery';

/**
 * The alarm on a queue of undelivered alerts, `<app>-account-undelivered-deadLetters-<severity>`: the catalog's
 * dead-letter row (any visible message, 1 of 1 minute, missing data not breaching: an idle queue stops reporting),
 * read as "an alert nobody received", notifying `topic` (a name or ARN, as the caller's resolver takes it) in ALARM
 * and OK. An app-level alarm, named like the account-wide ones, outside every service.
 */
export function undeliveredAlarmSpec(
  app: string,
  queueName: string,
  topic: string,
  severity: Severity = 'critical',
): AlarmSpec {
  const row = CATALOG.sqsDlq.rows[0];
  return planRow(
    app,
    'account',
    {
      kind: 'sqsDlq',
      label: 'undelivered',
      dimensions: { QueueName: queueName },
      params: {},
      overrides: { [row.id]: { severity, description: ALARM_MEANING } },
      origin: 'alerting.deadLetterQueue',
    },
    row,
    { topics: { critical: topic, warning: topic, info: topic }, pageVia: 'each' },
  )!;
}

/**
 * Where an alert that cannot be delivered is kept. A standard SQS queue (SNS and EventBridge accept no other kind
 * of dead-letter queue), encrypted with a customer-managed key, SSL only, holding messages for 14 days (the SQS
 * maximum) and retained when the stack is deleted, with an alarm that fires on the first message.
 */
export class UndeliveredAlerts extends Construct {
  /** The dead-letter queue (standard, encrypted, 14 days, retained). */
  readonly queue: sqs.Queue;
  /** The customer-managed key encrypting the queue. */
  readonly key: kms.IKey;
  /** The alarm on the queue, when asked for. */
  readonly alarm?: CfnAlarm;
  private readonly ownKey?: kms.Key;
  private readonly rulePatterns = new Set<string>();

  constructor(scope: Construct, id: string, props: UndeliveredAlertsProps = {}) {
    super(scope, id);
    const retention = props.retentionPeriod ?? Duration.days(14);
    const seconds = retention.toSeconds();
    if (seconds < 60 || seconds > 1_209_600) {
      throw new TelemetryPropsError(this, `retentionPeriod ${seconds} s is out of range: 60 s to 14 days`);
    }
    if (!props.encryptionKey) {
      this.ownKey = new kms.Key(this, 'Key', {
        description: 'Encrypts undelivered alerts (cdk-telemetry)',
        enableKeyRotation: true,
      });
      this.ownKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'SnsAndEventBridgeKeepUndeliveredAlerts',
          principals: [
            new iam.ServicePrincipal('sns.amazonaws.com'),
            new iam.ServicePrincipal('events.amazonaws.com'),
          ],
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
        }),
      );
    }
    this.key = props.encryptionKey ?? this.ownKey!;
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      retentionPeriod: retention,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of alert subscriptions and EventBridge rules; what lands here is kept (14 days by default) and raises an alarm',
    });
    if (props.alarm) this.alarm = this.addAlarm(props.alarm);
  }

  /**
   * Lets the EventBridge rules of this account and Region whose names match `ruleNamePattern` (e.g.
   * `shop-telemetry-*`) send undelivered events here (rules in other stacks address the queue by ARN).
   */
  allowEventRules(ruleNamePattern: string): void {
    if (this.rulePatterns.has(ruleNamePattern)) return;
    this.rulePatterns.add(ruleNamePattern);
    this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `EventBridgeRules${this.rulePatterns.size}`,
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${ruleNamePattern}`,
          },
        },
      }),
    );
  }

  private addAlarm(a: UndeliveredAlertsAlarmProps): CfnAlarm {
    const spec = undeliveredAlarmSpec(a.app, this.queue.queueName, a.topicArn, a.severity);
    const set = new AlarmSet(this, 'Alarm', { alarms: [spec], resolveAction: (arn) => arn });
    return set.alarms.get(spec.name) as CfnAlarm;
  }
}
