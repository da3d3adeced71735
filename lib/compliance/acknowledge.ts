/**
 * Acknowledging a compliance-pack rule where a telemetry resource breaks it on purpose: one call names the rule
 * and the reason, and records it for every pack that has the rule (`NIST.800.53.R5-<rule>`, `HIPAA.Security-<rule>`,
 * `PCI.DSS.321-<rule>`). Constructs call it where the decision is made, so the reason stays next to the code.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { COMPLIANCE_PACKS, type AcknowledgedRule } from './packs';

/** Acknowledges `rule` on `construct` (and what it contains) in every compliance pack that has the rule. */
export function acknowledgeInPacks(construct: IConstruct, rule: AcknowledgedRule, reason: string): void {
  for (const pack of COMPLIANCE_PACKS) {
    if ((pack.rules as readonly string[]).includes(rule)) {
      Validations.of(construct).acknowledge({ id: `${pack.rulePrefix}-${rule}`, reason });
    }
  }
}

/** The reason for inline policies, shared by every role the telemetry creates for one purpose. */
export const INLINE_POLICY_REASON =
  'The inline policy of a role that exists for this one resource: it is created, changed and deleted with the role and cannot be attached to anything else (IAM recommends inline policies for a strict one-to-one relationship)';
