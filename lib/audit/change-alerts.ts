/**
 * `TelemetryChangeAlerts`: EventBridge rules that tell the alert topic when someone changes the telemetry itself:
 * alarms and dashboards, the trail, log governance, X-Ray sampling and groups, Grafana workspaces. One rule per
 * area (the table in `model/audit.ts`), each with a message that says who did what, when and where.
 *
 * The events come from CloudTrail ("AWS API Call via CloudTrail"): they need a trail that logs management events in
 * this Region, and EventBridge delivers them only in the Region of the call.
 */
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ALERT_RULE_RETRY, UndeliveredAlerts } from '../alerting/undelivered-alerts';
import { WATCHED_AREAS, WATCHED_AREA_IDS, type WatchedAreaId } from '../model/audit';
import { chatNotification } from '../util/chat-notification';
import { TelemetryPropsError } from '../util/errors';

/** Properties of {@link TelemetryChangeAlerts}. */
export interface TelemetryChangeAlertsProps {
  /** Where the alerts go (the warning topic, typically). Its key and policy must let events.amazonaws.com publish. */
  readonly topic: sns.ITopic;
  /** Areas watched. @default - all: alarms, trail, logs, xray, grafana */
  readonly areas?: readonly WatchedAreaId[];
  /** Skip changes made by CloudFormation (deployments of reviewed code). @default true */
  readonly ignoreCloudFormation?: boolean;
  /** Rule names are `<ruleNamePrefix>-changes-<area>` (at most 64 characters). */
  readonly ruleNamePrefix: string;
  /**
   * Where alerts that cannot be published are kept (a standard SQS queue in this account and Region whose policy
   * and key let EventBridge send).
   * @default - a new encrypted queue with an alarm to `topic`
   */
  readonly deadLetterQueue?: sqs.IQueue;
}

const detail = (path: string) => events.EventField.fromPath(`$.detail.${path}`);

/**
 * EventBridge rules that tell the alert topic when someone changes the telemetry itself: alarms and dashboards, the
 * trail, log governance, X-Ray sampling and groups, Grafana workspaces. One rule per area (the table in
 * `model/audit.ts`), each with a message that says who did what, when and where.
 */
export class TelemetryChangeAlerts extends Construct {
  /** The EventBridge rule of each watched area. */
  readonly rules: ReadonlyMap<WatchedAreaId, events.Rule>;
  /** Where undelivered alerts go. */
  readonly deadLetterQueue: sqs.IQueue;

  constructor(scope: Construct, id: string, props: TelemetryChangeAlertsProps) {
    super(scope, id);
    const areas = props.areas ?? WATCHED_AREA_IDS;
    const unknown = areas.filter((a) => !WATCHED_AREA_IDS.includes(a));
    if (unknown.length || !areas.length) {
      throw new TelemetryPropsError(
        this,
        `areas: ${unknown.join(', ') || 'none'} (allowed: ${WATCHED_AREA_IDS.join(', ')})`,
      );
    }
    this.deadLetterQueue =
      props.deadLetterQueue ??
      new UndeliveredAlerts(this, 'Undelivered', {
        alarm: { app: props.ruleNamePrefix, topicArn: props.topic.topicArn, severity: 'warning' },
      }).queue;
    const rules = new Map<WatchedAreaId, events.Rule>();
    for (const area of WATCHED_AREAS.filter((a) => areas.includes(a.id as WatchedAreaId))) {
      const ruleName = `${props.ruleNamePrefix}-changes-${area.id}`;
      if (ruleName.length > 64) {
        throw new TelemetryPropsError(
          this,
          `ruleNamePrefix "${props.ruleNamePrefix}" makes rule names longer than 64 characters`,
        );
      }
      const rule = new events.Rule(this, area.id, {
        ruleName,
        description: `Changes to ${area.title} (cdk-telemetry audit)`,
        eventPattern: {
          source: [area.source],
          detailType: ['AWS API Call via CloudTrail'],
          detail: {
            eventSource: [area.eventSource],
            eventName: [...area.eventNames],
            // Successful calls only: a change happened.
            errorCode: [{ exists: false }],
            ...(props.ignoreCloudFormation !== false
              ? { sourceIPAddress: [{ 'anything-but': ['cloudformation.amazonaws.com'] }] }
              : {}),
          },
        },
      });
      rule.addTarget(
        new targets.SnsTopic(props.topic, {
          deadLetterQueue: this.deadLetterQueue,
          ...ALERT_RULE_RETRY,
          message: chatNotification({
            title: `Telemetry changed: ${detail('eventName')} (${area.title})`,
            description: [
              `*Who*: ${detail('userIdentity.arn')} from ${detail('sourceIPAddress')}`,
              `*What*: ${detail('eventName')} on ${detail('eventSource')}`,
              `*When*: ${detail('eventTime')}`,
              `*Where*: account ${detail('recipientAccountId')}, ${detail('awsRegion')}`,
            ].join('\n'),
            nextSteps: [
              `Check that the change was intended: CloudTrail event ${detail('eventID')} shows the request parameters`,
              'If not, revert it by deploying the telemetry stacks again',
            ],
            keywords: ['audit', area.id],
          }),
        }),
      );
      rules.set(area.id as WatchedAreaId, rule);
    }
    this.rules = rules;
  }
}
