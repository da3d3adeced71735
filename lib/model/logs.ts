/**
 * Log governance as data: retention tiers, the data CloudWatch Logs masks, and what is archived to S3 for how
 * long. Pure data: no CDK imports.
 */
import type { ObjectLockModel } from './object-lock';
import type { RetentionTiers } from './retention';

/**
 * Managed data identifiers masked when the config lists none: personal data (email, names, addresses, phone
 * numbers, national ids), payment cards, and credentials that must never sit in a log.
 */
export const DEFAULT_DATA_IDENTIFIERS: readonly string[] = [
  'EmailAddress',
  'Name',
  'Address',
  'PhoneNumber-US',
  'PhoneNumber-GB',
  'PhoneNumber-DE',
  'PhoneNumber-FR',
  'PhoneNumber-ES',
  'PhoneNumber-IT',
  'Ssn-US',
  'NationalInsuranceNumber-GB',
  'PassportNumber-US',
  'DriversLicense-US',
  'CreditCardNumber',
  'CreditCardExpiration',
  'CreditCardSecurityCode',
  'BankAccountNumber-US',
  'AwsSecretKey',
  'OpenSshPrivateKey',
  'PgpPrivateKey',
  'PkcsPrivateKey',
  'PuttyPrivateKey',
];

/** A pattern of your own to mask, next to the managed identifiers. */
export interface CustomDataIdentifierSpec {
  /** 1-128 letters, digits, "_" or "-"; unique. */
  readonly name: string;
  /** The regular expression (at most 200 characters). */
  readonly regex: string;
}

/** An account-level CloudWatch Logs data protection policy: which personal data is masked in every log group. */
export interface DataProtectionModel {
  /** Managed identifier names, e.g. `EmailAddress`. */
  readonly identifiers: readonly string[];
  /** Your own identifiers (name and regular expression), beside the managed ones; empty for none. */
  readonly custom: readonly CustomDataIdentifierSpec[];
}

/** S3 storage classes a log archive may move to, with S3's minimum age for the transition. */
export const ARCHIVE_STORAGE_CLASSES = {
  STANDARD_IA: 30,
  INTELLIGENT_TIERING: 0,
  GLACIER_IR: 0,
  GLACIER: 0,
  DEEP_ARCHIVE: 0,
} as const;
/** A key of `ARCHIVE_STORAGE_CLASSES`: an S3 storage class the archive may move to. */
export type ArchiveStorageClass = keyof typeof ARCHIVE_STORAGE_CLASSES;

/** One lifecycle step of the log archive: after `days`, objects move to `storageClass`. */
export interface ArchiveTransition {
  /** The storage class objects move to. */
  readonly storageClass: ArchiveStorageClass;
  /** Days after an object is written; at least S3's minimum for the class (30 for `STANDARD_IA`). */
  readonly days: number;
}

/** Glacier Instant Retrieval after 90 days (still queryable by Athena), Deep Archive after a year. */
export const DEFAULT_ARCHIVE_TRANSITIONS: readonly ArchiveTransition[] = [
  { storageClass: 'GLACIER_IR', days: 90 },
  { storageClass: 'DEEP_ARCHIVE', days: 365 },
];

/** One log group delivered to the archive, with the events it keeps. */
export interface ArchivedLogGroup {
  /** The log group's name. */
  readonly logGroupName: string;
  /** CloudWatch Logs filter pattern; empty for every event. */
  readonly filterPattern: string;
}

/** The log archive: a subscription per log group delivering through Firehose to an S3 bucket with lifecycle steps. */
export interface LogArchiveModel {
  /**
   * The archive bucket: `name` creates it (`{account}` and `{region}` are replaced at deploy time); `existing`
   * uses a bucket you own.
   */
  readonly bucket: { readonly name: string } | { readonly existing: string };
  /** The log groups delivered to the archive. */
  readonly logGroups: readonly ArchivedLogGroup[];
  /**
   * The archive's lifecycle steps, in order of `days` (`DEFAULT_ARCHIVE_TRANSITIONS` unless the config says otherwise).
   */
  readonly transitions: readonly ArchiveTransition[];
  /** Deliver only the log messages (drops the CloudWatch Logs envelope: group, stream, ids). */
  readonly extractMessages: boolean;
  /** S3 Object Lock default retention on a bucket created here. @default - no lock */
  readonly objectLock?: ObjectLockModel;
}

/**
 * Log governance: retention tiers, personal-data masking, encryption of the telemetry's own log groups, and the
 * archive.
 */
export interface LogsModel {
  /** The retention of each tier (days), applied to log groups by their tier tag. */
  readonly tiers: RetentionTiers;
  /**
   * Mask personal data in every log group of the account (an account-level data protection policy).
   * @default - none: no account-level data protection policy
   */
  readonly dataProtection?: DataProtectionModel;
  /** KMS-encrypt the telemetry's own log groups. */
  readonly encryption: boolean;
  /** An archive of chosen log groups in S3. @default - none: no archive */
  readonly archive?: LogArchiveModel;
}
