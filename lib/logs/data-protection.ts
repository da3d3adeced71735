/**
 * `LogDataProtection`: CloudWatch Logs data protection that masks personal data (email addresses, names,
 * addresses, phone numbers, payment cards, national ids, AWS secret keys, private keys... or your own patterns)
 * and reports every finding to an audit log group, kept for the compliance tier and KMS-encrypted.
 * Apply it to the whole account (one `AWS::Logs::AccountPolicy`) or to log groups of your own with `protect()`.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { MANAGED_DATA_IDENTIFIERS } from './data-identifiers';
import { DEFAULT_DATA_IDENTIFIERS, type CustomDataIdentifierSpec } from '../model/logs';
import { DEFAULT_RETENTION_TIERS, isValidRetention } from '../model/retention';
import { TelemetryPropsError } from '../util/errors';

/** Properties of {@link LogDataProtection}. */
export interface LogDataProtectionProps {
  /** Managed data identifiers to mask, e.g. `EmailAddress`. @default - personal data, payment cards, keys */
  readonly identifiers?: readonly string[];
  /** Patterns of your own (at most 10). @default - none */
  readonly customIdentifiers?: readonly CustomDataIdentifierSpec[];
  /**
   * Apply to every log group of the account and Region. An account has one account-level data protection policy.
   * @default false (use `protect()` on log groups)
   */
  readonly accountWide?: boolean;
  /** Name of the policy (unique in the account). @default 'cdk-telemetry-data-protection' */
  readonly policyName?: string;
  /** Where audit findings go. @default - a new log group under /aws/vendedlogs/, retained */
  readonly findingsLogGroup?: logs.ILogGroup;
  /** Retention of the new findings group, in days. @default 2557 (seven years, the compliance tier) */
  readonly findingsRetentionDays?: number;
  /** Key for the new findings group (its policy must allow CloudWatch Logs). @default - not KMS-encrypted */
  readonly encryptionKey?: kms.IKey;
}

/**
 * CloudWatch Logs data protection that masks personal data (email addresses, names, addresses, phone numbers,
 * payment cards, national ids, AWS secret keys, private keys... or your own patterns) and reports every finding to
 * an audit log group, kept for the compliance tier and KMS-encrypted. Apply it to the whole account (one
 * `AWS::Logs::AccountPolicy`) or to log groups of your own with `protect()`.
 */
export class LogDataProtection extends Construct {
  /** The policy document, with the findings destination filled in (deploy-time values as tokens). */
  readonly document: Record<string, unknown>;
  /** The log group the policy's audit findings go to (compliance tier, KMS-encrypted). */
  readonly findingsLogGroup: logs.ILogGroup;
  /** The account-level policy, when applied to the whole account. */
  readonly accountPolicy?: logs.CfnAccountPolicy;
  private readonly policyName: string;

  constructor(scope: Construct, id: string, props: LogDataProtectionProps = {}) {
    super(scope, id);
    const identifiers = props.identifiers ?? DEFAULT_DATA_IDENTIFIERS;
    const custom = props.customIdentifiers ?? [];
    this.policyName = props.policyName ?? 'cdk-telemetry-data-protection';
    if (!identifiers.length && !custom.length)
      throw new TelemetryPropsError(this, 'identifiers: list at least one');
    for (const name of identifiers) {
      if (!MANAGED_DATA_IDENTIFIERS.includes(name)) {
        throw new TelemetryPropsError(
          this,
          `identifiers: "${name}" is not a managed data identifier (e.g. EmailAddress)`,
        );
      }
    }
    if (custom.length > 10)
      throw new TelemetryPropsError(this, `customIdentifiers: ${custom.length} (at most 10)`);
    const seen = new Set<string>(identifiers);
    for (const c of custom) {
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(c.name) || seen.has(c.name)) {
        throw new TelemetryPropsError(
          this,
          `customIdentifiers: name "${c.name}" must be 1-128 letters, digits, "_" or "-" and unique`,
        );
      }
      if (c.regex.length < 1 || c.regex.length > 200) {
        throw new TelemetryPropsError(
          this,
          `customIdentifiers: regex of "${c.name}" must be 1-200 characters`,
        );
      }
      seen.add(c.name);
    }
    const retention = props.findingsRetentionDays ?? DEFAULT_RETENTION_TIERS.compliance;
    if (!isValidRetention(retention)) {
      throw new TelemetryPropsError(
        this,
        `findingsRetentionDays ${retention} is not a retention CloudWatch Logs accepts`,
      );
    }

    this.findingsLogGroup =
      props.findingsLogGroup ??
      new logs.LogGroup(this, 'Findings', {
        // vendedlogs: CloudWatch Logs delivers the findings and keeps its resource policy small for this prefix.
        logGroupName: `/aws/vendedlogs/data-protection/${this.policyName}`,
        retention,
        encryptionKey: props.encryptionKey,
        removalPolicy: RemovalPolicy.RETAIN,
      });

    const stack = Stack.of(this);
    const dataIdentifiers = [
      ...identifiers.map((name) =>
        stack.formatArn({
          service: 'dataprotection',
          region: '',
          account: 'aws',
          resource: 'data-identifier',
          resourceName: name,
        }),
      ),
      ...custom.map((c) => c.name),
    ];
    this.document = {
      Name: this.policyName,
      Description: 'Masks personal data and secrets; findings to the audit log group (cdk-telemetry)',
      Version: '2021-06-01',
      ...(custom.length
        ? { Configuration: { CustomDataIdentifier: custom.map((c) => ({ Name: c.name, Regex: c.regex })) } }
        : {}),
      Statement: [
        {
          Sid: 'audit',
          DataIdentifier: dataIdentifiers,
          Operation: {
            Audit: {
              FindingsDestination: { CloudWatchLogs: { LogGroup: this.findingsLogGroup.logGroupName } },
            },
          },
        },
        { Sid: 'redact', DataIdentifier: dataIdentifiers, Operation: { Deidentify: { MaskConfig: {} } } },
      ],
    };
    // Under the 30,720 characters a policy may have: every managed identifier aws-cdk-lib knows (98) and 10 custom
    // ones of the longest name and regex come to about 25,000.
    const text = stack.toJsonString(this.document);
    if (props.accountWide) {
      this.accountPolicy = new logs.CfnAccountPolicy(this, 'AccountPolicy', {
        policyName: this.policyName,
        policyType: 'DATA_PROTECTION_POLICY',
        scope: 'ALL',
        policyDocument: text,
      });
      // The findings destination must exist before the policy names it.
      this.accountPolicy.node.addDependency(this.findingsLogGroup);
    }
  }

  /** Applies the policy to one log group of this app (an L2 `LogGroup` or its `CfnLogGroup`). */
  protect(logGroup: logs.LogGroup | logs.CfnLogGroup): void {
    const cfn =
      logGroup instanceof logs.LogGroup ? (logGroup.node.defaultChild as logs.CfnLogGroup) : logGroup;
    cfn.dataProtectionPolicy = this.document;
    cfn.node.addDependency(this.findingsLogGroup);
  }
}
