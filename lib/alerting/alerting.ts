/**
 * Severity-routed alerting: one SNS topic per severity, encrypted with a customer-managed KMS key, SSL enforced,
 * with email, HTTPS (PagerDuty) and Slack (AWS Chatbot) subscriptions. An alert that cannot be delivered to an
 * email or HTTPS subscription is kept in a dead-letter queue (see `UndeliveredAlerts`), which raises an alarm.
 */
import { Aws, Duration, Stack, Token } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import type { ChannelSet } from '../model/telemetry-model';
import { safeLabel } from '../model/naming';
import { subscriptionCapacityProblem } from '../model/stack-capacity';
import { TelemetryPropsError } from '../util/errors';
import { globToRegExp } from '../util/glob';
import { UndeliveredAlerts } from './undelivered-alerts';

/** Where one severity is delivered. */
export interface AlertChannels {
  /** Email addresses (each must confirm the subscription). @default - none */
  readonly email?: readonly string[];
  /** HTTPS endpoints, e.g. the PagerDuty CloudWatch integration URL. @default - none */
  readonly https?: readonly string[];
  /** Slack channels through AWS Chatbot. @default - none */
  readonly slack?: ReadonlyArray<{ readonly workspace: string; readonly channel: string }>;
}

/** Properties of {@link Alerting}. */
export interface AlertingProps {
  /**
   * Topic names are `<topicNamePrefix>-<severity>`. Names are fixed so that monitoring stacks can address the
   * topics by ARN without cross-stack exports.
   */
  readonly topicNamePrefix: string;
  /** Channels per severity. @default - topics without subscriptions */
  readonly channels?: Partial<Record<Severity, AlertChannels>>;
  /**
   * Channels of a fourth topic, `<topicNamePrefix>-escalation`, for alarms that escalate past critical (the third
   * alert level of journeys). @default - no escalation topic (escalations go to the critical topic)
   */
  readonly escalation?: AlertChannels;
  /**
   * Alarm names allowed to publish, as an ARN resource pattern (confused-deputy guard in the topic and key
   * policies). @default '*' (every alarm of this account and Region)
   */
  readonly alarmNamePattern?: string;
  /**
   * Let EventBridge rules publish too (audit and X-Ray Insights notifications). EventBridge cannot be scoped by
   * source account or ARN in a key policy, so this is off unless needed. @default false
   */
  readonly allowEventBridge?: boolean;
  /**
   * With `allowEventBridge`: names of the EventBridge rules (of this account and Region) that may publish, as a
   * pattern, e.g. `shop-telemetry-*`. The topic policy checks it; the key policy cannot. @default '*'
   */
  readonly eventRuleNamePattern?: string;
  /**
   * Key for the topics (and the dead-letter queue). A key given here must let CloudWatch alarms, SNS (for the
   * dead-letter queue) and, with `allowEventBridge`, EventBridge use it.
   * @default - a new customer-managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Where undelivered alerts are kept: the dead-letter queue of every email and HTTPS subscription (and, with
   * `allowEventBridge`, of the EventBridge rules named by `eventRuleNamePattern`), encrypted with the topics' key,
   * with an alarm on the first message to the critical topic. `false`: none (an alert that cannot be delivered is
   * lost after SNS's retries).
   * @default - a queue with a generated name
   */
  readonly deadLetterQueue?: AlertingDeadLetterQueueOptions | false;
  /**
   * Let the alert managers of Amazon Managed Service for Prometheus workspaces publish (`aps.amazonaws.com`): SNS
   * is their only receiver. The topic policy checks the source account and that the source is a workspace of this
   * account and Region; the key policy lets the service use the key, as AMP's guide gives it. @default false
   */
  readonly allowPrometheus?: boolean;
}

/** The dead-letter queue of the alert subscriptions. */
export interface AlertingDeadLetterQueueOptions {
  /** Queue name; a fixed name lets other stacks address it. @default - generated */
  readonly queueName?: string;
  /**
   * Application name in the queue's alarm name, `<app>-account-undelivered-deadLetters-<severity>` (it must match
   * `alarmNamePattern`). @default - the topicNamePrefix
   */
  readonly app?: string;
  /** Severity of the alarm on undelivered alerts. @default 'critical' */
  readonly alarmSeverity?: Severity;
  /**
   * Create the alarm here. `false` when the caller renders `undeliveredAlarmSpec(...)` with its other alarms (the
   * core stack does, beside the account alarms).
   * @default true
   */
  readonly alarm?: boolean;
}

/**
 * HTTPS (PagerDuty) delivery: SNS's default for HTTP/S is 3 retries 20 seconds apart. An on-call endpoint that is
 * down for a few minutes should still get the page: 1 immediate retry, 2 after 5 s, 8 backing off exponentially
 * to 60 s, then 4 every 60 s, about 9 minutes in all (SNS allows at most 3,600 s); after that the alert goes to the
 * dead-letter queue.
 */
export const HTTPS_DELIVERY_POLICY: sns.DeliveryPolicy = {
  healthyRetryPolicy: {
    numRetries: 15,
    numNoDelayRetries: 1,
    numMinDelayRetries: 2,
    minDelayTarget: Duration.seconds(5),
    maxDelayTarget: Duration.seconds(60),
    numMaxDelayRetries: 4,
    backoffFunction: sns.BackoffFunction.EXPONENTIAL,
  },
};

/** Resolves a severity to its topic, for code that routes alarms. */
export interface IAlertTopics {
  /** The topic alarms of this severity publish to. */
  topic(severity: Severity): sns.ITopic;
  /** Where undelivered alerts are kept, for EventBridge rules that publish to the topics. @default - none */
  readonly deadLetterQueue?: sqs.IQueue;
}

const DURABLE_CHATBOT_GUARDRAIL = 'CloudWatchReadOnlyAccess';

/**
 * Severity-routed alerting: one SNS topic per severity, encrypted with a customer-managed KMS key, SSL enforced,
 * with email, HTTPS (PagerDuty) and Slack (AWS Chatbot) subscriptions. An alert that cannot be delivered to an
 * email or HTTPS subscription is kept in a dead-letter queue (see `UndeliveredAlerts`), which raises an alarm.
 */
export class Alerting extends Construct implements IAlertTopics {
  /** The key encrypting every topic. */
  readonly key: kms.IKey;
  /** Topics by severity. */
  readonly topics: Readonly<Record<Severity, sns.Topic>>;
  /** Topic names by severity (plain strings, usable in other stacks). */
  readonly topicNames: Readonly<Record<Severity, string>>;
  /** The escalation topic, when `escalation` channels are given. */
  readonly escalationTopic?: sns.Topic;
  /** Where undelivered alerts are kept (unless `deadLetterQueue: false`). */
  readonly undelivered?: UndeliveredAlerts;
  /** The queue of undelivered alerts (`undelivered.queue`), for EventBridge rules that publish to the topics. */
  readonly deadLetterQueue?: sqs.IQueue;

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    const prefix = props.topicNamePrefix;
    if (!Token.isUnresolved(prefix) && !/^[A-Za-z0-9_-]{1,247}$/.test(prefix)) {
      throw new TelemetryPropsError(
        this,
        `topicNamePrefix "${prefix}" must be 1-247 letters, digits, "-" or "_"`,
      );
    }
    const tooMany = subscriptionCapacityProblem(props.channels ?? {}, props.escalation);
    if (tooMany) throw new TelemetryPropsError(this, `channels: ${tooMany}`);
    const pattern = props.alarmNamePattern ?? '*';
    const alarmArns = `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${pattern}`;
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': alarmArns },
    };

    let key = props.encryptionKey;
    if (!key) {
      const created = new kms.Key(this, 'Key', {
        description: `Encrypts the ${prefix} alert topics`,
        enableKeyRotation: true,
        alias: Alerting.keyAliasName(prefix),
      });
      created.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudWatchAlarmsPublishToEncryptedTopics',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: fromOurAlarms,
        }),
      );
      if (props.deadLetterQueue !== false) {
        // SNS writes undelivered alerts to the dead-letter queue, which this key encrypts.
        created.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: 'SnsKeepsUndeliveredAlerts',
            principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
            actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            resources: ['*'],
          }),
        );
      }
      if (props.allowEventBridge) {
        created.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: 'EventBridgePublishesToEncryptedTopics',
            principals: [new iam.ServicePrincipal('events.amazonaws.com')],
            actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            resources: ['*'],
          }),
        );
      }
      if (props.allowPrometheus) {
        created.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: 'PrometheusAlertManagerPublishesToEncryptedTopics',
            principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
            actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            resources: ['*'],
          }),
        );
      }
      key = created;
    }
    this.key = key;

    const names = Alerting.topicNamesFor(prefix);
    const topics = {} as Record<Severity, sns.Topic>;
    const addTopic = (severity: Severity | 'escalation', topicName: string): sns.Topic => {
      const topic = new sns.Topic(this, severity, {
        topicName,
        displayName: `${prefix} ${severity}`.slice(0, 100),
        masterKey: key,
        enforceSSL: true,
      });
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudWatchAlarmsPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: fromOurAlarms,
        }),
      );
      if (props.allowEventBridge) {
        topic.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: 'EventBridgeRulesPublish',
            principals: [new iam.ServicePrincipal('events.amazonaws.com')],
            actions: ['sns:Publish'],
            resources: [topic.topicArn],
            conditions: {
              StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
              ArnLike: {
                'aws:SourceArn': `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${props.eventRuleNamePattern ?? '*'}`,
              },
            },
          }),
        );
      }
      if (props.allowPrometheus) {
        topic.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: 'PrometheusAlertManagerPublishes',
            principals: [new iam.ServicePrincipal('aps.amazonaws.com')],
            actions: ['sns:Publish', 'sns:GetTopicAttributes'],
            resources: [topic.topicArn],
            conditions: {
              StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
              ArnLike: {
                'aws:SourceArn': `arn:${Aws.PARTITION}:aps:${Aws.REGION}:${Aws.ACCOUNT_ID}:workspace/*`,
              },
            },
          }),
        );
      }
      return topic;
    };
    for (const severity of SEVERITIES) topics[severity] = addTopic(severity, names[severity]);
    this.topics = topics;
    this.topicNames = names;
    if (props.escalation) {
      this.escalationTopic = addTopic('escalation', Alerting.escalationTopicNameFor(prefix));
    }
    const routed: Array<[Severity | 'escalation', sns.Topic, AlertChannels | undefined]> = [
      ...SEVERITIES.map(
        (s) => [s, topics[s], props.channels?.[s]] as [Severity, sns.Topic, AlertChannels | undefined],
      ),
      ...(this.escalationTopic
        ? [['escalation', this.escalationTopic, props.escalation] as ['escalation', sns.Topic, AlertChannels]]
        : []),
    ];

    if (props.deadLetterQueue !== false) {
      const dlq = props.deadLetterQueue ?? {};
      const app = dlq.app ?? prefix;
      const severity = dlq.alarmSeverity ?? 'critical';
      const alarmName = `${app}-account-undelivered-deadLetters-${severity}`;
      if (!Token.isUnresolved(pattern) && !globToRegExp(pattern).test(alarmName)) {
        throw new TelemetryPropsError(
          this,
          `deadLetterQueue.app: the alarm ${alarmName} would not match alarmNamePattern "${pattern}", so it could not publish; set app to match`,
        );
      }
      this.undelivered = new UndeliveredAlerts(this, 'Undelivered', {
        queueName: dlq.queueName,
        encryptionKey: key,
        alarm: dlq.alarm === false ? undefined : { app, topicArn: topics[severity].topicArn, severity },
      });
      if (props.allowEventBridge) this.undelivered.allowEventRules(props.eventRuleNamePattern ?? '*');
      this.deadLetterQueue = this.undelivered.queue;
    }
    const deadLetterQueue = this.deadLetterQueue;

    for (const [severity, topic, channels] of routed) {
      for (const address of channels?.email ?? [])
        topic.addSubscription(new subs.EmailSubscription(address, { deadLetterQueue }));
      for (const url of channels?.https ?? []) {
        if (!Token.isUnresolved(url) && !url.startsWith('https://')) {
          throw new TelemetryPropsError(this, `channels.${severity}.https "${url}" must start with https://`);
        }
        topic.addSubscription(
          new subs.UrlSubscription(url, {
            protocol: sns.SubscriptionProtocol.HTTPS,
            deadLetterQueue,
            deliveryPolicy: HTTPS_DELIVERY_POLICY,
          }),
        );
      }
    }

    // One Chatbot configuration per Slack channel, subscribed to every severity routed to it.
    const bySlackChannel = new Map<string, { workspace: string; channel: string; topics: sns.Topic[] }>();
    for (const [, topic, channels] of routed) {
      for (const s of channels?.slack ?? []) {
        const k = `${s.workspace}/${s.channel}`;
        const entry = bySlackChannel.get(k) ?? { ...s, topics: [] };
        entry.topics.push(topic);
        bySlackChannel.set(k, entry);
      }
    }
    for (const s of bySlackChannel.values()) {
      const name = safeLabel(`${prefix}-${s.channel}`).slice(0, 128);
      new chatbot.SlackChannelConfiguration(this, `Slack-${s.channel}`, {
        slackChannelConfigurationName: name,
        slackWorkspaceId: s.workspace,
        slackChannelId: s.channel,
        notificationTopics: s.topics,
        loggingLevel: chatbot.LoggingLevel.ERROR,
        guardrailPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(DURABLE_CHATBOT_GUARDRAIL)],
      });
    }
  }

  /** The topic alarms of this severity publish to. */
  topic(severity: Severity): sns.ITopic {
    return this.topics[severity];
  }

  /** The topic names, `<topicNamePrefix>-<severity>`: fixed, so other stacks address them without exports. */
  static topicNamesFor(topicNamePrefix: string): Record<Severity, string> {
    return Object.fromEntries(SEVERITIES.map((s) => [s, `${topicNamePrefix}-${s}`])) as Record<
      Severity,
      string
    >;
  }

  /** The escalation topic's name, `<topicNamePrefix>-escalation`. */
  static escalationTopicNameFor(topicNamePrefix: string): string {
    return `${topicNamePrefix}-escalation`;
  }

  /**
   * The alias of the key this construct creates (`alias/<topicNamePrefix>-alerts`): publishers in other stacks
   * (the Grafana workspace role) are granted the key by this alias, without a cross-stack reference.
   */
  static keyAliasName(topicNamePrefix: string): string {
    return `alias/${topicNamePrefix}-alerts`;
  }

  /** Topic ARN for a severity, built from the fixed name (usable from any stack in the same account and Region). */
  static topicArn(scope: Construct, topicName: string): string {
    return Stack.of(scope).formatArn({ service: 'sns', resource: topicName });
  }
}

/** Channels from the model, in the construct's shape. */
export const channelsFromModel = (
  c: Readonly<Record<Severity, ChannelSet>>,
): Record<Severity, AlertChannels> => c;
