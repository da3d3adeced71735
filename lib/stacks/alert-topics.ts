/** The alert topics of the core stack, addressed from another stack by their fixed names (no exports). */
import { Fn } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Alerting, type IAlertTopics } from '../alerting/alerting';
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import { TelemetryPropsError } from '../util/errors';

/** `arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:<name>` as `Fn::Sub`, like the monitoring stacks. */
export const topicArnByName = (topicName: string) =>
  Fn.sub(`arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${topicName}`);

/** Props of {@link AlertTopicsByName}. */
export interface AlertTopicsByNameProps {
  /** The topics' name prefix: the topics are `<topicNamePrefix>-<severity>`, e.g. `shop-telemetry`. */
  readonly topicNamePrefix: string;
}

/**
 * The alert topics `<topicNamePrefix>-<severity>` of this account and Region, by name (no cross-stack export), such
 * as the core stack's `<app>-telemetry-*`.
 */
export class AlertTopicsByName extends Construct implements IAlertTopics {
  private readonly topics: Record<Severity, sns.ITopic>;

  /**
   * @param props the topics' name prefix. A string (the prefix itself) is still accepted: it is deprecated, write
   * `{ topicNamePrefix }` instead.
   */
  constructor(scope: Construct, id: string, props: AlertTopicsByNameProps | string) {
    super(scope, id);
    const topicNamePrefix = typeof props === 'string' ? props : props?.topicNamePrefix;
    if (typeof topicNamePrefix !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(topicNamePrefix))
      throw new TelemetryPropsError(
        this,
        `topicNamePrefix: "${String(topicNamePrefix)}" must be 1-200 letters, digits, "-" or "_"`,
      );
    const names = Alerting.topicNamesFor(topicNamePrefix);
    this.topics = Object.fromEntries(
      SEVERITIES.map((s) => [s, sns.Topic.fromTopicArn(this, s, topicArnByName(names[s]))]),
    ) as Record<Severity, sns.ITopic>;
  }

  topic(severity: Severity): sns.ITopic {
    return this.topics[severity];
  }
}
