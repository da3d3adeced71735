/**
 * Renders planned alarms, composites and dashboards into one scope, wiring what CloudFormation must know:
 * a composite waits for its children that live in the same stack.
 */
import type { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { AlarmSpec, CompositeAlarmSpec } from '../model/alarm-spec';
import { ruleAlarms } from '../model/alarm-spec';
import type { DashboardSpec } from '../dashboards/cloudwatch-layout';
import { renderDashboard } from '../dashboards/cloudwatch-render';
import { renderAlarm, renderComposite, type ActionResolver } from './render';
import { TemplateMetadata } from './template-metadata';

/** Properties of {@link AlarmSet}. */
export interface AlarmSetProps {
  /** The metric alarms to render (planned by `planService` or your own). */
  readonly alarms: readonly AlarmSpec[];
  /** Children first; each composite depends on the children rendered here. @default - none */
  readonly composites?: readonly CompositeAlarmSpec[];
  /** @default - none */
  readonly dashboards?: readonly DashboardSpec[];
  /** Turns action targets (topic names) into ARNs. */
  readonly resolveAction: ActionResolver;
  /** Literal Region for dashboard widgets. @default - the deploy Region (`AWS::Region`) */
  readonly region?: string;
}

/**
 * Renders planned alarms, composites and dashboards into one scope, wiring what CloudFormation must know: a
 * composite waits for its children that live in the same stack.
 */
export class AlarmSet extends Construct {
  /** Rendered alarms by name. */
  readonly alarms: ReadonlyMap<string, CfnAlarm | CfnCompositeAlarm>;

  constructor(scope: Construct, id: string, props: AlarmSetProps) {
    super(scope, id);
    const byName = new Map<string, CfnAlarm | CfnCompositeAlarm>();
    for (const spec of props.alarms) byName.set(spec.name, renderAlarm(this, spec, props.resolveAction));
    for (const spec of props.composites ?? []) {
      const composite = renderComposite(this, spec, props.resolveAction);
      for (const child of [...ruleAlarms(spec.rule), ...(spec.suppressor ? [spec.suppressor.alarm] : [])]) {
        const local = byName.get(child);
        if (local) composite.addResourceDependency(local);
      }
      byName.set(spec.name, composite);
    }
    for (const d of props.dashboards ?? []) renderDashboard(this, d, props.region);
    TemplateMetadata.of(this).add([...props.alarms, ...(props.composites ?? [])]);
    this.alarms = byName;
  }
}
