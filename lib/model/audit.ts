/**
 * The audit trail as data: what the trail keeps, who may read it, and which changes to the telemetry itself raise
 * an alert. The watched API calls are a table (one row per area), rendered by one EventBridge rule renderer.
 * Pure data: no CDK imports.
 */
import type { Severity } from './alarm-spec';
import { shortHash } from './naming';
import type { ObjectLockModel } from './object-lock';

/** One area of the telemetry whose changes are watched: the CloudTrail events that change it. */
export interface WatchedArea {
  /** Key used in config, rule names and messages. */
  readonly id: string;
  /** What is being changed, for people. */
  readonly title: string;
  /** EventBridge `source` (e.g. `aws.monitoring`). */
  readonly source: string;
  /** CloudTrail `eventSource` (e.g. `monitoring.amazonaws.com`). */
  readonly eventSource: string;
  /** CloudTrail `eventName`s (write API calls). */
  readonly eventNames: readonly string[];
  /** Request parameters that name what was changed, first present wins in the message (JSON paths under `detail`). */
  readonly subjects: readonly string[];
}

/**
 * Changes that weaken the telemetry: alarms and dashboards, the trail itself, log governance, X-Ray sampling and
 * groups, Grafana workspaces. Only write calls: read-only calls never reach EventBridge unless opted in.
 */
export const WATCHED_AREAS: readonly WatchedArea[] = [
  {
    id: 'alarms',
    title: 'CloudWatch alarms and dashboards',
    source: 'aws.monitoring',
    eventSource: 'monitoring.amazonaws.com',
    eventNames: [
      'PutMetricAlarm',
      'PutCompositeAlarm',
      'DeleteAlarms',
      'DisableAlarmActions',
      'EnableAlarmActions',
      'SetAlarmState',
      'PutDashboard',
      'DeleteDashboards',
    ],
    subjects: ['requestParameters.alarmName', 'requestParameters.dashboardName'],
  },
  {
    id: 'trail',
    title: 'the CloudTrail audit trail',
    source: 'aws.cloudtrail',
    eventSource: 'cloudtrail.amazonaws.com',
    eventNames: [
      'StopLogging',
      'DeleteTrail',
      'UpdateTrail',
      'PutEventSelectors',
      'PutInsightSelectors',
      'DeleteEventDataStore',
    ],
    subjects: ['requestParameters.name', 'requestParameters.trailName'],
  },
  {
    id: 'logs',
    title: 'log governance: retention, data protection, subscriptions, encryption',
    source: 'aws.logs',
    eventSource: 'logs.amazonaws.com',
    eventNames: [
      'DeleteLogGroup',
      'PutRetentionPolicy',
      'DeleteRetentionPolicy',
      'DeleteDataProtectionPolicy',
      'PutDataProtectionPolicy',
      'DeleteAccountPolicy',
      'DeleteSubscriptionFilter',
      'DisassociateKmsKey',
    ],
    subjects: [
      'requestParameters.logGroupName',
      'requestParameters.logGroupIdentifier',
      'requestParameters.policyName',
    ],
  },
  {
    id: 'xray',
    title: 'X-Ray sampling rules and groups',
    source: 'aws.xray',
    eventSource: 'xray.amazonaws.com',
    eventNames: [
      'CreateSamplingRule',
      'UpdateSamplingRule',
      'DeleteSamplingRule',
      'UpdateGroup',
      'DeleteGroup',
      'UpdateTraceSegmentDestination',
    ],
    subjects: [
      'requestParameters.samplingRule.ruleName',
      'requestParameters.samplingRuleUpdate.ruleName',
      'requestParameters.ruleName',
      'requestParameters.groupName',
    ],
  },
  {
    id: 'grafana',
    title: 'Amazon Managed Grafana workspaces',
    source: 'aws.grafana',
    eventSource: 'grafana.amazonaws.com',
    eventNames: [
      'UpdateWorkspace',
      'DeleteWorkspace',
      'UpdateWorkspaceAuthentication',
      'UpdateWorkspaceConfiguration',
      'UpdatePermissions',
    ],
    subjects: ['requestParameters.workspaceId'],
  },
];

/** The id of an area `TelemetryChangeAlerts` can watch: its alarms, the trail, log governance, X-Ray, Grafana. */
export type WatchedAreaId = 'alarms' | 'trail' | 'logs' | 'xray' | 'grafana';
/** Every `WatchedAreaId`, in `WATCHED_AREAS` order. */
export const WATCHED_AREA_IDS = WATCHED_AREAS.map((a) => a.id) as readonly WatchedAreaId[];

/** Alerts on changes to the telemetry. */
export interface ChangeAlertsModel {
  /** Areas watched. */
  readonly areas: readonly WatchedAreaId[];
  /** Severity (topic) of the alerts. */
  readonly severity: Severity;
  /** Skip changes made by CloudFormation (deployments of reviewed code). */
  readonly ignoreCloudFormation: boolean;
}

/**
 * CloudTrail's trail names: 3-128 ASCII letters, digits, ".", "_" and "-", starting and ending with a letter or
 * digit, no two of ". _ -" side by side (`my--trail` and `my-_trail` are refused), not an IP address.
 */
export const TRAIL_NAME_RULE =
  '3-128 letters, digits, ".", "_" or "-", starting and ending with a letter or digit, with no two of . _ - side by side, not an IP address';

/** Whether CloudTrail takes `name` as a trail name ({@link TRAIL_NAME_RULE}). */
export const isTrailName = (name: string) =>
  /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/.test(name) &&
  !/[._-]{2}/.test(name) &&
  !/^\d+\.\d+\.\d+\.\d+$/.test(name);

/**
 * The default trail name, `<app>-telemetry-audit`; an app name ending in "-" or holding "--" would put two dashes
 * side by side, so those runs become one dash and a hash of the app name keeps the name its own.
 */
export function defaultTrailName(app: string): string {
  const name = `${app}-telemetry-audit`;
  return /[._-]{2}/.test(name) ? `${name.replace(/[._-]{2,}/g, '-')}-${shortHash(app)}` : name;
}

/**
 * Principals that may read the trail: each is named in the key policy (at most 32 KB) and the bucket policy (at
 * most 20 KB), about 60 bytes an ARN in each; 50 keeps both well under their limits.
 */
export const MAX_TRAIL_READERS = 50;

/** S3 Object Lock on the trail bucket. */
export type { ObjectLockModel };

/**
 * The audit trail: a CloudTrail trail with its encrypted bucket, who may read it, and alerts on changes to the
 * telemetry.
 */
export interface AuditModel {
  /** The trail's name. */
  readonly trailName: string;
  /** IAM principal ARNs that may read (decrypt) the trail. */
  readonly readers: readonly string[];
  /** S3 Object Lock on the trail bucket. @default - no lock */
  readonly objectLock?: ObjectLockModel;
  /**
   * AWS Organizations id for an organization trail (deployed from the management account).
   * @default - none: a trail of this account only
   */
  readonly organizationId?: string;
  /** Deliver to CloudWatch Logs (compliance tier). */
  readonly cloudWatchLogs: boolean;
  /** CloudTrail Insights on API call and error rates (billed per event analysed). */
  readonly insights: boolean;
  /** Days before the trail's objects move to Glacier Instant Retrieval. */
  readonly archiveAfterDays: number;
  /** Alerts on changes to the telemetry. @default - none: no change alerts */
  readonly alerts?: ChangeAlertsModel;
}
