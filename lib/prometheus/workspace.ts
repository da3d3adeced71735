/**
 * An Amazon Managed Service for Prometheus workspace: encrypted with a customer-managed key, its rules and
 * alerting logs in an encrypted log group that outlives it, tagged, and retained when removed from the stack (its
 * samples are the history every dashboard and rule reads). Or an existing workspace, by id.
 */
import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as aps from 'aws-cdk-lib/aws-aps';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { allowCloudWatchLogs } from '../logs/encryption-key';
import { AMP_LIMITS, AMP_WORKSPACE_ID, ampEndpoint } from '../model/prometheus';
import { TelemetryPropsError } from '../util/errors';

/** A workspace the rules, collectors and dashboards can point at. */
export interface IPrometheusWorkspace {
  /** `arn:<partition>:aps:<region>:<account>:workspace/<id>`. */
  readonly workspaceArn: string;
  /** The workspace id, e.g. `ws-1a2b3c4d-…`. */
  readonly workspaceId: string;
  /** The workspace's Region. */
  readonly region: string;
  /** `https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/`: add `api/v1/query` to query. */
  readonly prometheusEndpoint: string;
  /** Where collectors write samples (SigV4, `aps:RemoteWrite`). */
  readonly remoteWriteUrl: string;
}

/** Properties of {@link PrometheusWorkspace}. */
export interface PrometheusWorkspaceProps {
  /** The workspace alias (1-100 characters, need not be unique). @default - none */
  readonly alias?: string;
  /** Key encrypting the workspace's samples and its log group. @default - a new key with rotation on */
  readonly encryptionKey?: kms.IKey;
  /**
   * Where the workspace writes its rules and alert manager logs (rule evaluation failures, notifications that
   * could not be sent). @default - a new log group `/aws/vendedlogs/prometheus/<alias>`, encrypted, retained
   */
  readonly logGroup?: logs.ILogGroup;
  /** Retention of the log group this construct creates. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Days AMP keeps samples, 1 to 1,095. @default - 150 (AMP's default) */
  readonly retentionPeriodDays?: number;
  /** The alert manager definition (AMP's format: `alertmanager_config` and `template_files` at the root). @default - none */
  readonly alertManagerDefinition?: string;
  /** What happens to the workspace (and its samples) when it leaves the stack. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** An AMP workspace (`AWS::APS::Workspace`). */
export class PrometheusWorkspace extends Construct implements IPrometheusWorkspace {
  /** A workspace that exists already, by id (`ws-…`), in `region` (default: the scope's stack's). */
  static fromWorkspaceId(
    scope: Construct,
    id: string,
    workspaceId: string,
    region?: string,
  ): IPrometheusWorkspace {
    return new ImportedWorkspace(scope, id, workspaceId, region);
  }

  /** `arn:<partition>:aps:<region>:<account>:workspace/<id>` (a deploy-time token). */
  readonly workspaceArn: string;
  /** The workspace id (a deploy-time token). */
  readonly workspaceId: string;
  /** The workspace's Region (the stack's). */
  readonly region: string;
  /**
   * The workspace's Prometheus-compatible endpoint, `https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/`.
   */
  readonly prometheusEndpoint: string;
  /** The remote-write URL collectors send samples to (`<prometheusEndpoint>api/v1/remote_write`). */
  readonly remoteWriteUrl: string;
  /** The key encrypting the samples (and the log group this construct creates). */
  readonly encryptionKey: kms.IKey;
  /** The rules and alert manager log group. */
  readonly logGroup: logs.ILogGroup;
  /** The `AWS::APS::Workspace` resource. */
  readonly resource: aps.CfnWorkspace;

  constructor(scope: Construct, id: string, props: PrometheusWorkspaceProps = {}) {
    super(scope, id);
    const alias = props.alias;
    if (
      alias !== undefined &&
      !Token.isUnresolved(alias) &&
      (alias.length < 1 || alias.length > AMP_LIMITS.alias)
    ) {
      throw new TelemetryPropsError(
        this,
        `alias must be 1-${AMP_LIMITS.alias} characters (got ${alias.length})`,
      );
    }
    const days = props.retentionPeriodDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > AMP_LIMITS.maxRetentionDays)) {
      throw new TelemetryPropsError(
        this,
        `retentionPeriodDays must be a whole number from 1 to ${AMP_LIMITS.maxRetentionDays} (got ${days})`,
      );
    }
    const definition = props.alertManagerDefinition;
    if (definition !== undefined && !Token.isUnresolved(definition)) {
      if (!/^alertmanager_config:/m.test(definition)) {
        throw new TelemetryPropsError(
          this,
          'alertManagerDefinition must be in AMP\'s format, with the configuration under "alertmanager_config:"',
        );
      }
      if (Buffer.byteLength(definition) > AMP_LIMITS.definitionBytes) {
        throw new TelemetryPropsError(
          this,
          `alertManagerDefinition is ${Buffer.byteLength(definition)} bytes (at most ${AMP_LIMITS.definitionBytes})`,
        );
      }
    }

    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: `Encrypts the ${alias ?? 'telemetry'} Prometheus workspace and its logs`,
        enableKeyRotation: true,
      });
    if (props.logGroup) {
      this.logGroup = props.logGroup;
    } else {
      const name = alias && !Token.isUnresolved(alias) ? `/aws/vendedlogs/prometheus/${alias}` : undefined;
      // CloudWatch Logs encrypts the group with the workspace key: the key must let the Logs service use it.
      allowCloudWatchLogs(this.encryptionKey, name ?? '*');
      this.logGroup = new logs.LogGroup(this, 'Logs', {
        // vendedlogs: the Region's log-delivery resource policy stays small for groups under this prefix.
        logGroupName: name,
        encryptionKey: this.encryptionKey,
        retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }

    this.resource = new aps.CfnWorkspace(this, 'Resource', {
      alias,
      kmsKeyArn: this.encryptionKey.keyArn,
      loggingConfiguration: { logGroupArn: this.logGroup.logGroupArn },
      ...(days !== undefined ? { workspaceConfiguration: { retentionPeriodInDays: days } } : {}),
      alertManagerDefinition: definition,
    });
    // The log group must exist before the workspace logs to it.
    if (this.logGroup.node.defaultChild) this.resource.node.addDependency(this.logGroup);
    this.resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);

    this.workspaceArn = this.resource.attrArn;
    this.workspaceId = this.resource.attrWorkspaceId;
    this.region = Stack.of(this).region;
    this.prometheusEndpoint = this.resource.attrPrometheusEndpoint;
    this.remoteWriteUrl = `${this.prometheusEndpoint}api/v1/remote_write`;
  }
}

/** An existing workspace: only its identifiers. */
class ImportedWorkspace extends Construct implements IPrometheusWorkspace {
  readonly workspaceArn: string;
  readonly region: string;
  readonly prometheusEndpoint: string;
  readonly remoteWriteUrl: string;

  constructor(
    scope: Construct,
    id: string,
    readonly workspaceId: string,
    region?: string,
  ) {
    super(scope, id);
    if (!Token.isUnresolved(workspaceId) && !AMP_WORKSPACE_ID.test(workspaceId)) {
      throw new TelemetryPropsError(
        this,
        `workspaceId "${workspaceId}" must be an AMP workspace id like ws-12345678-abcd-...`,
      );
    }
    const stack = Stack.of(this);
    this.region = region ?? stack.region;
    this.workspaceArn = stack.formatArn({
      service: 'aps',
      region: this.region,
      resource: 'workspace',
      resourceName: workspaceId,
    });
    this.prometheusEndpoint = ampEndpoint(this.region, workspaceId);
    this.remoteWriteUrl = `${this.prometheusEndpoint}api/v1/remote_write`;
  }
}
