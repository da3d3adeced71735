/**
 * `InsightNotifications`: X-Ray Insights notifications (EventBridge `AWS X-Ray Insight Update`) routed to the alert
 * topic of each group's severity, as a readable message: which group, what X-Ray found, since when.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { IAlertTopics } from '../alerting/alerting';
import { ALERT_RULE_RETRY, UndeliveredAlerts } from '../alerting/undelivered-alerts';
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import { chatNotification } from '../util/chat-notification';
import { TelemetryPropsError } from '../util/errors';

/** Properties of {@link InsightNotifications}. */
export interface InsightNotificationsProps {
  /** Groups whose insights are announced, with the severity of their topic. */
  readonly groups: ReadonlyArray<{ readonly groupName: string; readonly severity: Severity }>;
  /** Topics by severity (an `Alerting`, or your own). */
  readonly alerts: IAlertTopics;
  /** Rule names are `<ruleNamePrefix>-xray-insights-<severity>` (at most 64 characters). */
  readonly ruleNamePrefix: string;
  /**
   * Where notifications that cannot be published are kept (a standard SQS queue in this account and Region whose
   * policy and key let EventBridge send).
   * @default - `alerts.deadLetterQueue`, else a new encrypted queue with an alarm to the critical topic
   */
  readonly deadLetterQueue?: sqs.IQueue;
}

const field = (path: string) => events.EventField.fromPath(`$.detail.${path}`);

/** The console of the stack's partition (GovCloud has its own); the commercial one without a Region. */
const consoleHost = (scope: Construct) => {
  const region = Stack.of(scope).region;
  return !Token.isUnresolved(region) && region.startsWith('us-gov-')
    ? 'console.amazonaws-us-gov.com'
    : 'console.aws.amazon.com';
};

/**
 * X-Ray Insights notifications (EventBridge `AWS X-Ray Insight Update`) routed to the alert topic of each group's
 * severity, as a readable message: which group, what X-Ray found, since when.
 */
export class InsightNotifications extends Construct {
  /** One rule per severity that has groups. */
  readonly rules: ReadonlyMap<Severity, events.Rule>;
  /** Where undelivered notifications go. */
  readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: InsightNotificationsProps) {
    super(scope, id);
    this.deadLetterQueue =
      props.deadLetterQueue ??
      props.alerts.deadLetterQueue ??
      new UndeliveredAlerts(this, 'Undelivered', {
        alarm: { app: props.ruleNamePrefix, topicArn: props.alerts.topic('critical').topicArn },
      }).queue;
    const rules = new Map<Severity, events.Rule>();
    for (const severity of SEVERITIES) {
      const groups = props.groups.filter((g) => g.severity === severity).map((g) => g.groupName);
      if (!groups.length) continue;
      const ruleName = `${props.ruleNamePrefix}-xray-insights-${severity}`;
      if (ruleName.length > 64) {
        throw new TelemetryPropsError(
          this,
          `ruleNamePrefix "${props.ruleNamePrefix}" makes the rule name longer than 64 characters`,
        );
      }
      const rule = new events.Rule(this, severity, {
        ruleName,
        description: `X-Ray Insights of ${groups.join(', ')} to the ${severity} topic (cdk-telemetry)`.slice(
          0,
          512,
        ),
        eventPattern: {
          source: ['aws.xray'],
          detailType: ['AWS X-Ray Insight Update'],
          detail: { GroupName: groups },
        },
      });
      rule.addTarget(
        new targets.SnsTopic(props.alerts.topic(severity), {
          deadLetterQueue: this.deadLetterQueue,
          ...ALERT_RULE_RETRY,
          message: chatNotification({
            title: `X-Ray insight ${field('State')}: ${field('GroupName')}`,
            description: [
              `*What*: ${field('Summary')}`,
              `*Since*: ${field('StartTime')} (epoch ms)`,
              `*Where*: ${events.EventField.account} / ${events.EventField.region}`,
            ].join('\n'),
            nextSteps: [
              `Open https://${consoleHost(this)}/xray/home?region=${events.EventField.region}#/insights/${field('InsightId')} and follow the root cause service`,
            ],
            keywords: ['x-ray', 'insight', severity],
          }),
        }),
      );
      rules.set(severity, rule);
    }
    this.rules = rules;
  }
}
