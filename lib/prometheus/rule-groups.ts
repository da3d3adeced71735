/**
 * A rule groups namespace of an AMP workspace (`AWS::APS::RuleGroupsNamespace`): a Prometheus rules file that the
 * workspace evaluates. The rules come as data (rendered here) or as YAML text.
 */
import { Token } from 'aws-cdk-lib';
import * as aps from 'aws-cdk-lib/aws-aps';
import { Construct } from 'constructs';
import { AMP_LIMITS } from '../model/prometheus';
import { TelemetryPropsError } from '../util/errors';
import { renderRuleFile } from './rules/render';
import type { RuleFile } from './rules/rule-model';
import type { IPrometheusWorkspace } from './workspace';

/** AMP namespace names: a letter or digit, then letters, digits, `-`, `.` and `_`. */
const NAMESPACE_NAME = /^[0-9A-Za-z][-.0-9A-Z_a-z]*$/;

/** Properties of {@link PrometheusRuleGroups}. */
export interface PrometheusRuleGroupsProps {
  /** The workspace that evaluates the rules. */
  readonly workspace: IPrometheusWorkspace;
  /** The namespace name (1-64 letters, digits, `-`, `.`, `_`); replacing it replaces the namespace. */
  readonly namespaceName: string;
  /** The rules: a rules file as data, or its YAML. */
  readonly rules: RuleFile | string;
}

/**
 * A rule groups namespace of an AMP workspace (`AWS::APS::RuleGroupsNamespace`): a Prometheus rules file that the
 * workspace evaluates. The rules come as data (rendered here) or as YAML text.
 */
export class PrometheusRuleGroups extends Construct {
  /** The rules file as the workspace receives it. */
  readonly data: string;
  /** The `AWS::APS::RuleGroupsNamespace` resource. */
  readonly resource: aps.CfnRuleGroupsNamespace;

  constructor(scope: Construct, id: string, props: PrometheusRuleGroupsProps) {
    super(scope, id);
    const name = props.namespaceName;
    if (
      !Token.isUnresolved(name) &&
      (name.length < 1 || name.length > AMP_LIMITS.namespaceName || !NAMESPACE_NAME.test(name))
    ) {
      throw new TelemetryPropsError(
        this,
        `namespaceName "${name}" must be 1-${AMP_LIMITS.namespaceName} letters, digits, "-", "." or "_", starting with a letter or digit`,
      );
    }
    this.data = typeof props.rules === 'string' ? props.rules : renderRuleFile(props.rules);
    if (typeof props.rules !== 'string' && props.rules.groups.length === 0) {
      throw new TelemetryPropsError(this, 'rules has no groups');
    }
    const bytes = Buffer.byteLength(this.data);
    if (bytes > AMP_LIMITS.definitionBytes) {
      throw new TelemetryPropsError(
        this,
        `the rules file is ${bytes} bytes (at most ${AMP_LIMITS.definitionBytes}); split the rules over more namespaces`,
      );
    }
    this.resource = new aps.CfnRuleGroupsNamespace(this, 'Resource', {
      // The ARN, although CloudFormation's documentation says "ID" (the resource schema's pattern is an ARN).
      workspace: props.workspace.workspaceArn,
      name,
      data: this.data,
    });
  }
}
