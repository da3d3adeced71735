/**
 * `XRaySamplingRules`: X-Ray sampling rules as code. Names and priorities are decided deterministically (the same
 * rules always give the same template) and every rule is checked against X-Ray's limits before deployment.
 */
import { Token } from 'aws-cdk-lib';
import * as xray from 'aws-cdk-lib/aws-xray';
import { Construct } from 'constructs';
import { planSamplingRules, type PlannedSamplingRule, type SamplingRuleSpec } from '../model/tracing';
import { TelemetryPropsError } from '../util/errors';

/** Properties of {@link XRaySamplingRules}. */
export interface XRaySamplingRulesProps {
  /** The rules, most specific first within each class (see {@link SamplingRuleSpec.priority}). */
  readonly rules: readonly SamplingRuleSpec[];
  /** Start of generated rule names (keep it short: names have at most 32 characters). @default - the construct id */
  readonly namePrefix?: string;
}

/**
 * X-Ray sampling rules as code. Names and priorities are decided deterministically (the same rules always give the
 * same template) and every rule is checked against X-Ray's limits before deployment.
 */
export class XRaySamplingRules extends Construct {
  /** The rules as deployed: names and priorities decided. */
  readonly rules: readonly PlannedSamplingRule[];
  /** The CloudFormation resources, by rule name. */
  readonly resources: ReadonlyMap<string, xray.CfnSamplingRule>;

  constructor(scope: Construct, id: string, props: XRaySamplingRulesProps) {
    super(scope, id);
    const plan = planSamplingRules(props.namePrefix ?? id, props.rules, (v) => Token.isUnresolved(v));
    const first = plan.problems[0];
    if (first) {
      const where =
        first.index === undefined ? 'rules' : `rules[${first.index}]${first.field ? `.${first.field}` : ''}`;
      const more = plan.problems.length > 1 ? ` (and ${plan.problems.length - 1} more)` : '';
      throw new TelemetryPropsError(this, `${where}: ${first.message}${more}`);
    }
    const resources = new Map<string, xray.CfnSamplingRule>();
    for (const r of plan.rules) {
      resources.set(
        r.ruleName,
        new xray.CfnSamplingRule(this, r.ruleName, {
          // Field names match AWS::XRay::SamplingRule's SamplingRule, where everything belongs (the top-level
          // ruleName, samplingRuleRecord and samplingRuleUpdate are deprecated).
          samplingRule: { ...r, attributes: r.attributes ? { ...r.attributes } : undefined },
        }),
      );
    }
    this.rules = plan.rules;
    this.resources = resources;
  }
}
