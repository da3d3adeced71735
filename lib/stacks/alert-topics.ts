/** The alert topics of the core stack, addressed from another stack by their fixed names (no exports). */
import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Alerting, type IAlertTopics } from '../alerting/alerting';
import { SEVERITIES, type Severity } from '../model/alarm-spec';

/** `arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:<name>` as `Fn::Sub`, like the monitoring stacks. */
export const topicArnByName = (topicName: string) =>
  Fn.sub(`arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${topicName}`);

/** The queue of undelivered alerts of an app (in its core stack), `<topicNamePrefix>-undelivered`. */
export const undeliveredQueueName = (topicNamePrefix: string) => `${topicNamePrefix}-undelivered`;

/**
 * The ARN of a resource of this account and Region by name: `Fn::Sub` in an environment-agnostic stack, literal
 * partition and Region in a stack with a Region (so EventBridge sees rule and target in the same Region).
 */
function arnByName(scope: Construct, service: 'sns' | 'sqs', name: string): string {
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.region)) {
    return Fn.sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${name}`);
  }
  return stack.formatArn({ service, resource: name });
}

export interface AlertTopicsByNameProps {
  /** Topics are `<topicNamePrefix>-<severity>`. */
  readonly topicNamePrefix: string;
  /** Name of the queue that keeps undelivered alerts (the core stack's). @default - none */
  readonly deadLetterQueueName?: string;
}

/** Topics `<topicNamePrefix>-<severity>` of this account and Region, and their dead-letter queue. */
export class AlertTopicsByName extends Construct implements IAlertTopics {
  readonly deadLetterQueue?: sqs.IQueue;
  private readonly topics: Record<Severity, sns.ITopic>;

  constructor(scope: Construct, id: string, props: AlertTopicsByNameProps) {
    super(scope, id);
    const names = Alerting.topicNamesFor(props.topicNamePrefix);
    this.topics = Object.fromEntries(
      SEVERITIES.map((s) => [s, sns.Topic.fromTopicArn(this, s, arnByName(this, 'sns', names[s]))]),
    ) as Record<Severity, sns.ITopic>;
    if (props.deadLetterQueueName) {
      this.deadLetterQueue = sqs.Queue.fromQueueArn(
        this,
        'Undelivered',
        arnByName(this, 'sqs', props.deadLetterQueueName),
      );
    }
  }

  topic(severity: Severity): sns.ITopic {
    return this.topics[severity];
  }
}
