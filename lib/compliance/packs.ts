/**
 * The compliance packs an app can run at synth time, as data: cdk-nag's NIST 800-53 rev 5, HIPAA Security and
 * PCI DSS 3.2.1 rule packs. Pure data (no cdk-nag import), so the config schema can list them.
 *
 * `rules` lists, per pack, the rules cdk-telemetry acknowledges somewhere by design (see `acknowledge.ts`); the
 * membership is cdk-nag 3.0.2's `lib/packs/*.js`, checked by a test.
 */

/** Rules of the packs that some telemetry resources break on purpose, each acknowledged where it happens. */
export const ACKNOWLEDGED_RULES = [
  'CloudWatchAlarmAction',
  'IAMNoInlinePolicy',
  'LambdaConcurrency',
  'LambdaDLQ',
  'LambdaInsideVPC',
  'S3BucketReplicationEnabled',
  'S3DefaultEncryptionKMS',
] as const;
/** One of `ACKNOWLEDGED_RULES`. */
export type AcknowledgedRule = (typeof ACKNOWLEDGED_RULES)[number];

/**
 * A cdk-nag compliance pack the app and the constructs can run, with the rules whose findings are acknowledged by
 * design.
 */
export interface CompliancePack {
  /** Id in telemetry.yaml (`compliance: [...]`). */
  readonly id: string;
  /** What the pack checks. */
  readonly title: string;
  /** The cdk-nag class that implements it. */
  readonly nagClass: 'NIST80053R5Checks' | 'HIPAASecurityChecks' | 'PCIDSS321Checks';
  /** The prefix cdk-nag gives its rule ids (`NIST.800.53.R5-S3BucketLoggingEnabled`). */
  readonly rulePrefix: string;
  /** Which of {@link ACKNOWLEDGED_RULES} the pack has. */
  readonly rules: readonly AcknowledgedRule[];
  /** Where the rules are documented. */
  readonly source: string;
}

const RULES_MD = 'https://github.com/cdklabs/cdk-nag/blob/main/RULES.md';

/**
 * The compliance packs cdk-telemetry offers (`compliance: [...]`): NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1.
 */
export const COMPLIANCE_PACKS = [
  {
    id: 'nist-800-53-r5',
    title: 'NIST 800-53 rev 5',
    nagClass: 'NIST80053R5Checks',
    rulePrefix: 'NIST.800.53.R5',
    rules: [
      'CloudWatchAlarmAction',
      'IAMNoInlinePolicy',
      'LambdaConcurrency',
      'LambdaDLQ',
      'LambdaInsideVPC',
      'S3BucketReplicationEnabled',
      'S3DefaultEncryptionKMS',
    ],
    source: `${RULES_MD}#nist-800-53-rev-5`,
  },
  {
    id: 'hipaa-security',
    title: 'HIPAA Security',
    nagClass: 'HIPAASecurityChecks',
    rulePrefix: 'HIPAA.Security',
    rules: [
      'CloudWatchAlarmAction',
      'IAMNoInlinePolicy',
      'LambdaConcurrency',
      'LambdaDLQ',
      'LambdaInsideVPC',
      'S3BucketReplicationEnabled',
      'S3DefaultEncryptionKMS',
    ],
    source: `${RULES_MD}#hipaa-security`,
  },
  {
    id: 'pci-dss-3.2.1',
    title: 'PCI DSS 3.2.1',
    nagClass: 'PCIDSS321Checks',
    rulePrefix: 'PCI.DSS.321',
    rules: ['IAMNoInlinePolicy', 'LambdaInsideVPC', 'S3BucketReplicationEnabled', 'S3DefaultEncryptionKMS'],
    source: `${RULES_MD}#pci-dss-321`,
  },
] as const satisfies readonly CompliancePack[];

/** The id of a compliance pack, as telemetry.yaml names it. */
export type CompliancePackId = (typeof COMPLIANCE_PACKS)[number]['id'];
/** Every `CompliancePackId`, in `COMPLIANCE_PACKS` order. */
export const COMPLIANCE_PACK_IDS = COMPLIANCE_PACKS.map((p) => p.id) as [
  CompliancePackId,
  ...CompliancePackId[],
];

/** The pack with this id, if there is one (safe for any user string). */
export function compliancePack(id: string): CompliancePack | undefined {
  return COMPLIANCE_PACKS.find((p) => p.id === id);
}
