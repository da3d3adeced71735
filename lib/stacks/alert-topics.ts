/** The alert topics of the core stack, addressed from another stack by their fixed names (no exports). */
import { Fn } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Alerting, type IAlertTopics } from '../alerting/alerting';
import { SEVERITIES, type Severity } from '../model/alarm-spec';

/** `arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:<name>` as `Fn::Sub`, like the monitoring stacks. */
export const topicArnByName = (topicName: string) =>
  Fn.sub(`arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${topicName}`);

/** Topics `<topicNamePrefix>-<severity>` of this account and Region. */
export class AlertTopicsByName extends Construct implements IAlertTopics {
  private readonly topics: Record<Severity, sns.ITopic>;

  constructor(scope: Construct, id: string, topicNamePrefix: string) {
    super(scope, id);
    const names = Alerting.topicNamesFor(topicNamePrefix);
    this.topics = Object.fromEntries(
      SEVERITIES.map((s) => [s, sns.Topic.fromTopicArn(this, s, topicArnByName(names[s]))]),
    ) as Record<Severity, sns.ITopic>;
  }

  topic(severity: Severity): sns.ITopic {
    return this.topics[severity];
  }
}
