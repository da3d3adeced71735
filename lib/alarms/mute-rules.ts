/**
 * Renders maintenance windows' mute rules (`planMuteRules`) as `AWS::CloudWatch::AlarmMuteRule`: CloudFormation has
 * the type (aws-cdk-lib 2.276 `CfnAlarmMuteRule`), so no scheduled function toggling alarm actions is needed. The
 * alarms are targeted by name, so a rule sits in the stack of the alarms it mutes and depends on nothing else.
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { isoDuration, type MuteRuleSpec } from '../model/maintenance';

export interface MuteRulesProps {
  readonly rules: readonly MuteRuleSpec[];
}

/** The mute rules of one stack's alarms. */
export class MuteRules extends Construct {
  readonly rules: readonly cloudwatch.CfnAlarmMuteRule[];

  constructor(scope: Construct, id: string, props: MuteRulesProps) {
    super(scope, id);
    this.rules = props.rules.map((r) => {
      const w = r.window;
      return new cloudwatch.CfnAlarmMuteRule(this, r.name, {
        name: r.name,
        description: (
          w.description ??
          `Maintenance window ${w.name}: the alarms keep evaluating, their actions are muted (cdk-telemetry)`
        ).slice(0, 1024),
        rule: {
          schedule: {
            expression: w.schedule,
            duration: isoDuration(w.durationSeconds),
            ...(w.timezone ? { timezone: w.timezone } : {}),
          },
        },
        muteTargets: { alarmNames: [...r.alarmNames] },
      });
    });
  }
}
