/**
 * `Tracing`: X-Ray as code for one application. Sampling rules, a trace group per service with X-Ray Insights,
 * and insight notifications routed through EventBridge to the alert topic of each service's severity.
 */
import { Construct } from 'constructs';
import type { IAlertTopics } from '../alerting/alerting';
import type { SamplingRuleSpec, TraceGroupSpec } from '../model/tracing';
import { TelemetryPropsError } from '../util/errors';
import { InsightNotifications } from './insight-notifications';
import { insightSeverity } from './insight-severity';
import { XRaySamplingRules } from './sampling-rules';
import { TraceGroups } from './trace-groups';

/** Properties of {@link Tracing}. */
export interface TracingProps {
  /** Start of generated names (rules, groups, EventBridge rules), e.g. the app name. */
  readonly namePrefix: string;
  /** Sampling rules. @default - none (X-Ray's Default rule: 1 request per second and 5 %) */
  readonly samplingRules?: readonly SamplingRuleSpec[];
  /** Trace groups. @default - none */
  readonly groups?: readonly TraceGroupSpec[];
  /**
   * Where insight notifications go. The topics' key and policy must let `events.amazonaws.com` publish
   * (`Alerting` with `allowEventBridge: true` does). Required when a group notifies.
   * @default - no notifications
   */
  readonly alerts?: IAlertTopics;
  /** EventBridge rule names start with this. @default - namePrefix */
  readonly ruleNamePrefix?: string;
}

/**
 * X-Ray as code for one application. Sampling rules, a trace group per service with X-Ray Insights, and insight
 * notifications routed through EventBridge to the alert topic of each service's severity.
 */
export class Tracing extends Construct {
  /** The sampling rules, when any were given. */
  readonly samplingRules?: XRaySamplingRules;
  /** The trace groups, when any were given. */
  readonly groups?: TraceGroups;
  /** The routing of X-Ray Insights notifications, when a group notifies. */
  readonly notifications?: InsightNotifications;

  constructor(scope: Construct, id: string, props: TracingProps) {
    super(scope, id);
    if (props.samplingRules?.length) {
      this.samplingRules = new XRaySamplingRules(this, 'Sampling', {
        rules: props.samplingRules,
        namePrefix: props.namePrefix,
      });
    }
    const groups = props.groups ?? [];
    if (groups.length) this.groups = new TraceGroups(this, 'Groups', { groups });
    const notifying = groups.flatMap((g) => {
      const severity = insightSeverity(g);
      return severity ? [{ groupName: g.groupName, severity }] : [];
    });
    if (notifying.length) {
      if (!props.alerts) {
        throw new TelemetryPropsError(
          this,
          `alerts: groups ${notifying.map((g) => g.groupName).join(', ')} send insight notifications; give the alert topics or set notify: false`,
        );
      }
      const notifications = new InsightNotifications(this, 'Insights', {
        groups: notifying,
        alerts: props.alerts,
        ruleNamePrefix: props.ruleNamePrefix ?? props.namePrefix,
      });
      for (const g of notifying) notifications.node.addDependency(this.groups!.resources.get(g.groupName)!);
      this.notifications = notifications;
    }
  }
}
