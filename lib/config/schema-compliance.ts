/** `compliance:` in telemetry.yaml: the cdk-nag compliance packs every stack is checked against at synth time. */
import { z } from 'zod';
import { COMPLIANCE_PACK_IDS, COMPLIANCE_PACKS } from '../compliance/packs';

export const ComplianceSchema = z
  .array(z.enum(COMPLIANCE_PACK_IDS))
  .max(COMPLIANCE_PACK_IDS.length)
  .superRefine((packs, ctx) => {
    const seen = new Set<string>();
    packs.forEach((p, i) => {
      if (seen.has(p)) ctx.addIssue({ code: 'custom', path: [i], message: `"${p}" is listed twice` });
      seen.add(p);
    });
  })
  .describe(
    `cdk-nag compliance packs run on every stack at synth time, besides AwsSolutions, with zero findings: ${COMPLIANCE_PACKS.map((p) => `${p.id} (${p.title})`).join(', ')}. Needs cdk-nag installed.`,
  );
