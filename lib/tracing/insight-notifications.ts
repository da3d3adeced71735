/**
 * `InsightNotifications`: X-Ray Insights notifications (EventBridge `AWS X-Ray Insight Update`) routed to the alert
 * topic of each group's severity, as a readable message: which group, what X-Ray found, since when.
 */
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { IAlertTopics } from '../alerting/alerting';
import { SEVERITIES, type Severity } from '../model/alarm-spec';
import { chatNotification } from '../util/chat-notification';
import { TelemetryPropsError } from '../util/errors';

export interface InsightNotificationsProps {
  /** Groups whose insights are announced, with the severity of their topic. */
  readonly groups: ReadonlyArray<{ readonly groupName: string; readonly severity: Severity }>;
  /** Topics by severity (an `Alerting`, or your own). */
  readonly alerts: IAlertTopics;
  /** Rule names are `<ruleNamePrefix>-xray-insights-<severity>` (at most 64 characters). */
  readonly ruleNamePrefix: string;
}

const field = (path: string) => events.EventField.fromPath(`$.detail.${path}`);

export class InsightNotifications extends Construct {
  /** One rule per severity that has groups. */
  readonly rules: ReadonlyMap<Severity, events.Rule>;

  constructor(scope: Construct, id: string, props: InsightNotificationsProps) {
    super(scope, id);
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
          message: chatNotification({
            title: `X-Ray insight ${field('State')}: ${field('GroupName')}`,
            description: [
              `*What*: ${field('Summary')}`,
              `*Since*: ${field('StartTime')} (epoch ms)`,
              `*Where*: ${events.EventField.account} / ${events.EventField.region}`,
            ].join('\n'),
            nextSteps: [
              `Open https://console.aws.amazon.com/xray/home?region=${events.EventField.region}#/insights/${field('InsightId')} and follow the root cause service`,
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
