/**
 * The Amazon Managed Service for Prometheus (AMP) part of the telemetry model: which workspace receives the
 * application's OpenTelemetry metrics and evaluates the rules rendered from the model, and how its alert manager
 * routes alerts to the alert topics. Plain data, built from the `prometheus:` section of telemetry.yaml or from
 * construct props. Limits and the id pattern live here so that the config, the constructs and the Grafana data
 * source check them the same way.
 */
import type { Severity } from './alarm-spec';

/** An AMP workspace id, `ws-` and a UUID (CloudFormation `AWS::APS::Workspace` WorkspaceId). */
export const AMP_WORKSPACE_ID = /^ws-[0-9a-zA-Z-]{8,64}$/;

/** What AMP accepts, from the AMP user guide and the `AWS::APS::*` resource specification. */
export const AMP_LIMITS = {
  /** `AWS::APS::Workspace` Alias: 1-100 characters. */
  alias: 100,
  /** `AWS::APS::RuleGroupsNamespace` Name: 1-64 characters. */
  namespaceName: 64,
  /** AMP: "The maximum allowed value [of repeat_interval] is five days" (AMP-alertmanager-config). */
  repeatIntervalSeconds: 5 * 86_400,
  /** Workspace `RetentionPeriodInDays`: AMP keeps metrics 150 days unless told otherwise, at most 1,095 (3 years). */
  defaultRetentionDays: 150,
  maxRetentionDays: 1095,
  /**
   * Rule groups namespace data and the alert manager definition are inline strings of the template, under
   * CloudFormation's 1 MB per template: each is kept under half of it.
   */
  definitionBytes: 512_000,
} as const;

/** A workspace cdk-telemetry creates. */
export interface CreatedWorkspaceModel {
  /** Discriminates a workspace created here from an existing one. */
  readonly type: 'create';
  /** The workspace alias, `<app>-telemetry` unless the config names one. */
  readonly alias: string;
  /** Days AMP keeps samples. @default 150 (AMP's default) */
  readonly retentionDays?: number;
}

/** A workspace that exists already (shared by several applications, or owned by a platform team). */
export interface ExistingWorkspaceModel {
  /** Discriminates an existing workspace from one created here. */
  readonly type: 'existing';
  /** The existing workspace's id, e.g. `ws-1a2b3c4d-…`. */
  readonly workspaceId: string;
  /** The workspace's Region. @default - the stack's Region */
  readonly region?: string;
}

/** How the workspace's alert manager groups, repeats and routes (created workspaces only: one definition each). */
export interface AlertManagerModel {
  /** Seconds between repeats of a notification still firing, per severity (AMP caps this at 5 days). */
  readonly repeatInterval: Readonly<Record<Severity, number>>;
  /** Seconds to wait for more alerts of a new group before the first notification. */
  readonly groupWait: number;
  /** Seconds between notifications about new alerts of a group already notified. */
  readonly groupInterval: number;
}

/** The Prometheus part of the model: the workspace, and how its alert manager routes alerts. */
export interface PrometheusModel {
  /** The workspace to create, or an existing one to use. */
  readonly workspace: CreatedWorkspaceModel | ExistingWorkspaceModel;
  /**
   * The alert manager definition rendered from the model (routes by severity to the alert topics). Undefined for an
   * existing workspace: a workspace has one definition, which its owner keeps.
   * @default - none: an existing workspace (its owner keeps its alert manager)
   */
  readonly alertManager?: AlertManagerModel;
}

/** Notification repeats when the config says nothing: pages every 4 h, warnings twice a day, info once a day. */
export const DEFAULT_REPEAT_INTERVAL: Readonly<Record<Severity, number>> = {
  critical: 4 * 3600,
  warning: 12 * 3600,
  info: 24 * 3600,
};

/** Alertmanager's own defaults for grouping (30 s wait, 5 min between updates of a group). */
export const DEFAULT_ALERT_MANAGER: AlertManagerModel = {
  repeatInterval: DEFAULT_REPEAT_INTERVAL,
  groupWait: 30,
  groupInterval: 300,
};

/** Why these alert manager settings cannot work, per field. */
export function alertManagerProblems(a: AlertManagerModel): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  for (const [severity, seconds] of Object.entries(a.repeatInterval)) {
    if (seconds > AMP_LIMITS.repeatIntervalSeconds) {
      out.push({
        field: `repeat.${severity}`,
        message: `AMP repeats notifications at most every 5 days (5d); ${seconds / 86_400} days would be treated as 5`,
      });
    } else if (seconds < a.groupInterval) {
      out.push({
        field: `repeat.${severity}`,
        message: `a repeat interval shorter than groupInterval (${a.groupInterval}s) repeats no sooner than groupInterval`,
      });
    }
  }
  if (a.groupWait < 0 || a.groupInterval <= 0) {
    out.push({ field: 'groupInterval', message: 'groupWait and groupInterval must be positive' });
  }
  return out;
}

/** The AMP endpoints of a workspace, from its Region and id (either may be a token). */
export const ampEndpoint = (region: string, workspaceId: string) =>
  `https://aps-workspaces.${region}.amazonaws.com/workspaces/${workspaceId}/`;
