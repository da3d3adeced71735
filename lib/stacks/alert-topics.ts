/** The alert topics of the core stack, addressed from another stack by their fixed names (no exports). */
import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Alerting, type IAlertTopics } from '../alerting/alerting';
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import { TelemetryPropsError } from '../util/errors';

/** `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<name>` as `Fn::Sub`. */
const subArn = (service: 'sns' | 'sqs', name: string) =>
  Fn.sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${name}`);

/** `arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:<name>` as `Fn::Sub`, like the monitoring stacks. */
export const topicArnByName = (topicName: string) => subArn('sns', topicName);

/** The queue of undelivered alerts of an app (in its core stack), `<topicNamePrefix>-undelivered`. */
export const undeliveredQueueName = (topicNamePrefix: string) => `${topicNamePrefix}-undelivered`;

/**
 * The ARN of a resource of this account and Region by name: `Fn::Sub` in an environment-agnostic stack, literal
 * partition and Region in a stack with a Region (so EventBridge sees rule and target in the same Region).
 */
function arnByName(scope: Construct, service: 'sns' | 'sqs', name: string): string {
  const stack = Stack.of(scope);
  return Token.isUnresolved(stack.region)
    ? subArn(service, name)
    : stack.formatArn({ service, resource: name });
}

/** Props of {@link AlertTopicsByName}. */
export interface AlertTopicsByNameProps {
  /** The topics' name prefix: the topics are `<topicNamePrefix>-<severity>`, e.g. `shop-telemetry`. */
  readonly topicNamePrefix: string;
  /** Name of the queue that keeps undelivered alerts (the core stack's). @default - none */
  readonly deadLetterQueueName?: string;
}

/**
 * The alert topics `<topicNamePrefix>-<severity>` of this account and Region, by name (no cross-stack export), such
 * as the core stack's `<app>-telemetry-*`, and their dead-letter queue.
 */
export class AlertTopicsByName extends Construct implements IAlertTopics {
  /** The queue of undelivered alerts, when `deadLetterQueueName` was given. */
  readonly deadLetterQueue?: sqs.IQueue;
  private readonly topics: Record<Severity, sns.ITopic>;

  /**
   * @param props the topics' name prefix. A string (the prefix itself) is still accepted: it is deprecated, write
   * `{ topicNamePrefix }` instead.
   */
  constructor(scope: Construct, id: string, props: AlertTopicsByNameProps | string) {
    super(scope, id);
    const p: AlertTopicsByNameProps = typeof props === 'string' ? { topicNamePrefix: props } : props;
    const topicNamePrefix = p?.topicNamePrefix;
    if (typeof topicNamePrefix !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(topicNamePrefix))
      throw new TelemetryPropsError(
        this,
        `topicNamePrefix: "${String(topicNamePrefix)}" must be 1-200 letters, digits, "-" or "_"`,
      );
    const names = Alerting.topicNamesFor(topicNamePrefix);
    this.topics = Object.fromEntries(
      SEVERITIES.map((s) => [s, sns.Topic.fromTopicArn(this, s, arnByName(this, 'sns', names[s]))]),
    ) as Record<Severity, sns.ITopic>;
    if (p.deadLetterQueueName) {
      this.deadLetterQueue = sqs.Queue.fromQueueArn(
        this,
        'Undelivered',
        arnByName(this, 'sqs', p.deadLetterQueueName),
      );
    }
  }

  /** The topic of a severity, imported by its ARN. */
  topic(severity: Severity): sns.ITopic {
    return this.topics[severity];
  }
}
