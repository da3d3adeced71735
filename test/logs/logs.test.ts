import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { deletionGrants } from '../../lib/audit/deletion-grants';
import { addCompliancePacks } from '../../lib/compliance/add-packs';
import { LogDataProtection } from '../../lib/logs/data-protection';
import {
  allowNeverExpiringLogs,
  assignLogTier,
  enforceLogRetention,
  TIER_TAG,
} from '../../lib/logs/enforce-retention';
import { FIREHOSE_S3_ACTIONS, LogArchive } from '../../lib/logs/log-archive';
import { LogEncryptionKey } from '../../lib/logs/encryption-key';
import { DEFAULT_RETENTION_TIERS } from '../../lib/model/retention';
import { userApp } from '../fixtures/user-app';
import { resourcesOfType, testApp, type CfnTemplate } from '../helpers/synth';

interface DataProtectionDocument {
  Statement: Array<{
    DataIdentifier: unknown[];
    Operation: { Audit?: { FindingsDestination: { CloudWatchLogs: { LogGroup: unknown } } } };
  }>;
  Configuration: unknown;
}

const TIERS = DEFAULT_RETENTION_TIERS; // 30 days, 1 year, 7 years

describe('enforceLogRetention() on ordinary user stacks', () => {
  const app = testApp();
  const u = userApp(app);
  assignLogTier(u.audit, 'compliance');
  assignLogTier(u.worker, 'analytics'); // its logRetention group
  const aspect = enforceLogRetention(app, TIERS, { implicitLogGroups: 'create' });
  const assembly = app.synth();
  const orders = assembly.getStackByName('Orders').template as CfnTemplate;
  const checks = assembly.getStackByName('Checks').template as CfnTemplate;
  const id = (c: { node: { defaultChild?: unknown } }) => u.orders.getLogicalId(c.node.defaultChild as never);
  const retention = (logicalId: string) => orders.Resources[logicalId].Properties!.RetentionInDays;

  test('snapshot of the user stack after the Aspect', () => {
    expect(orders).toMatchSnapshot();
  });

  test('every log group gets its tier: assigned, else realtime (30 days)', () => {
    expect(retention(id(u.audit))).toBe(2557); // assigned compliance, was 365
    expect(retention(id(u.defaults))).toBe(30); // the L2 default, 731
    expect(retention(id(u.week))).toBe(30); // an explicit week becomes the tier's month
    expect(retention(u.orders.getLogicalId(u.bare))).toBe(30); // an L1 group without retention
    expect(orders.Resources[id(u.audit)].Properties!.Tags).toEqual([{ Key: TIER_TAG, Value: 'compliance' }]);
  });

  test("the group aws-cdk-lib creates for logRetention (Custom::LogRetention) gets the function's tier", () => {
    const custom = Object.values(resourcesOfType(orders, 'Custom::LogRetention'));
    expect(custom.map((r) => [r.Properties!.LogGroupName, r.Properties!.RetentionInDays])).toEqual([
      [{ 'Fn::Join': ['', ['/aws/lambda/', { Ref: id(u.worker) }]] }, 365],
    ]);
  });

  test('functions without a group get one with their tier, in their own scope', () => {
    // With cdk.json's @aws-cdk/aws-lambda:useCdkManagedLogGroup, L2 functions bring their own log group (the Aspect
    // gives it a tier, below); L1 functions and aws-cdk-lib's LogRetention provider still log to a group Lambda
    // would create on first use, which never expires: the Aspect creates it.
    const created = Object.entries(resourcesOfType(orders, 'AWS::Logs::LogGroup')).filter(([lid]) =>
      lid.includes('ImplicitLogGroup'),
    );
    const names = created.map(([, r]) => JSON.stringify(r.Properties!.LogGroupName));
    expect(names.sort()).toEqual(
      [u.orders.getLogicalId(u.legacy), 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aFD4BFC8A']
        .map((fn) => JSON.stringify({ 'Fn::Join': ['', ['/aws/lambda/', { Ref: fn }]] }))
        .sort(),
    );
    for (const [, r] of created) {
      expect(r.Properties!.RetentionInDays).toBe(30);
      expect(r.DeletionPolicy).toBe('Retain');
    }
    // The worker logs to the group its logRetention manages (named after its Ref): nothing is added for it.
    expect(names.join()).not.toContain('orders-worker');
    expect(names.join()).not.toContain(id(u.worker));
    // Canaries' functions are named by Synthetics at run time; nothing to create in the Checks stack.
    expect(Object.keys(resourcesOfType(checks, 'AWS::Logs::LogGroup'))).toEqual([]);
  });

  test('the log groups aws-cdk-lib creates for L2 functions get the realtime tier instead of two years', () => {
    for (const fn of [u.api, u.imported, u.python]) {
      const group = fn.node.findChild('LogGroup').node.defaultChild as logs.CfnLogGroup;
      expect(orders.Resources[u.orders.getLogicalId(group)].Properties!.RetentionInDays).toBe(30);
    }
  });

  test('every decision is listed and reported', () => {
    const summary = aspect.decisions.map((d) => `${d.outcome} ${d.from ?? '∞'}→${d.to ?? '-'} ${d.path}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'set 365→2557 Orders/Audit/Resource',
        'set 731→30 Orders/Defaults/Resource',
        'set 7→30 Orders/Week/Resource',
        'set ∞→30 Orders/Bare',
        'set 7→365 Orders/Worker/LogRetention/Resource',
        'set 731→30 Orders/Api/LogGroup/Resource',
        'created ∞→30 Orders/Legacy',
      ]),
    );
    const infos = Annotations.fromStack(u.orders).findInfo('/Orders/Week/Resource', Match.anyValue());
    expect(infos.map((i) => i.entry.data)).toEqual([
      'enforceLogRetention: retention 1w → 1mo (tier realtime)',
    ]);
  });
});

describe('enforceLogRetention() refuses never-expiring groups unless allowed', () => {
  const failures = (setup: (stack: Stack) => void, options = {}) => {
    const app = new App();
    const stack = new Stack(app, 'User');
    setup(stack);
    enforceLogRetention(app, TIERS, options);
    try {
      app.synth();
    } catch (e) {
      return (e as Error).message;
    }
    return 'synthesized';
  };
  const fn = (stack: Stack, props: Partial<lambda.FunctionProps> = {}) =>
    new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => 1;'),
      ...props,
    });

  test('an L2 group set to never expire fails synthesis with the way out', () => {
    const message = failures(
      (s) => new logs.LogGroup(s, 'Forever', { retention: logs.RetentionDays.INFINITE }),
    );
    expect(message).toMatch(
      /\[User\/Forever\/Resource\] enforceLogRetention: this log group is set to never expire; give it a tier \(assignLogTier\) or allow it \(allowNeverExpiringLogs\)/,
    );
  });

  test('... and passes when allowed, with a warning that carries the reason', () => {
    const app = new App();
    const stack = new Stack(app, 'User');
    const forever = new logs.LogGroup(stack, 'Forever', { retention: logs.RetentionDays.INFINITE });
    allowNeverExpiringLogs(forever, 'legal hold LH-2291');
    enforceLogRetention(app, TIERS);
    const t = Template.fromStack(stack);
    t.hasResourceProperties(
      'AWS::Logs::LogGroup',
      Match.not(Match.objectLike({ RetentionInDays: Match.anyValue() })),
    );
    Annotations.fromStack(stack).hasWarning(
      '/User/Forever/Resource',
      Match.stringLikeRegexp('never expires, allowed: legal hold LH-2291'),
    );
  });

  test('a function without a log group fails by default, naming the group Lambda would create', () => {
    const message = failures((s) => fn(s, { functionName: 'orders-api' }));
    expect(message).toMatch(
      /\[User\/Fn\/Resource\] enforceLogRetention: its logs go to \/aws\/lambda\/orders-api, which Lambda creates on first use and never expires; give it a log group, use enforceLogRetention\(\.\.\., \{ implicitLogGroups: 'create' \}\), or allowNeverExpiringLogs\(\.\.\.\)/,
    );
  });

  test('a function with its own log group passes; a function with a literal name waits for the group it gets', () => {
    expect(failures((s) => fn(s, { logGroup: new logs.LogGroup(s, 'Logs') }))).toBe('synthesized');
    const app = new App();
    const stack = new Stack(app, 'User');
    fn(stack, { functionName: 'orders-api' });
    enforceLogRetention(app, TIERS, { implicitLogGroups: 'create' });
    const t = Template.fromStack(stack).toJSON() as CfnTemplate;
    const [groupId, group] = Object.entries(resourcesOfType(t, 'AWS::Logs::LogGroup'))[0];
    expect(group.Properties).toMatchObject({ LogGroupName: '/aws/lambda/orders-api', RetentionInDays: 30 });
    expect(Object.values(resourcesOfType(t, 'AWS::Lambda::Function'))[0].DependsOn).toContain(groupId);
  });

  test('a REST API stage with execution logging gets its API-Gateway-Execution-Logs group', () => {
    const app = new App();
    const stack = new Stack(app, 'User');
    new logs.CfnLogGroup(stack, 'Unrelated', { retentionInDays: 30 });
    const { CfnStage } = jest.requireActual('aws-cdk-lib/aws-apigateway');
    new CfnStage(stack, 'Stage', {
      restApiId: 'abc123',
      stageName: 'prod',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', loggingLevel: 'INFO' }],
    });
    enforceLogRetention(app, TIERS, { implicitLogGroups: 'create' });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'API-Gateway-Execution-Logs_abc123/prod',
      RetentionInDays: 30,
    });
  });

  test('keepExplicitRetention keeps a finite retention set on a group without a tier', () => {
    const app = new App();
    const stack = new Stack(app, 'User');
    new logs.LogGroup(stack, 'Week', { retention: logs.RetentionDays.ONE_WEEK });
    enforceLogRetention(app, TIERS, { keepExplicitRetention: true });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 7,
      Tags: [{ Key: TIER_TAG, Value: 'explicit' }],
    });
  });

  test('tiers CloudWatch Logs would refuse are an error at the call', () => {
    expect(() => enforceLogRetention(new App(), { realtime: 45, analytics: 365, compliance: 2557 })).toThrow(
      /^App: tiers\.realtime: 45 days is not a retention CloudWatch Logs accepts$/,
    );
    expect(() => enforceLogRetention(new App(), { realtime: 30, analytics: 14, compliance: 2557 })).toThrow(
      /tiers\.analytics: 2w is shorter than realtime \(1mo\)/,
    );
  });
});

describe('LogDataProtection and LogArchive', () => {
  const app = testApp();
  // The compliance packs run on this app too: the synth below fails on any unacknowledged finding.
  addCompliancePacks(app, ['nist-800-53-r5', 'hipaa-security', 'pci-dss-3.2.1']);
  const stack = new Stack(app, 'Platform');
  const key = new LogEncryptionKey(stack, 'LogsKey', { alias: 'platform-logs' });
  const protection = new LogDataProtection(stack, 'Protection', {
    customIdentifiers: [{ name: 'EmployeeId', regex: 'EMP-[0-9]{6}' }],
    encryptionKey: key.key,
  });
  const payments = new logs.LogGroup(stack, 'Payments', {
    encryptionKey: key.key,
    retention: logs.RetentionDays.ONE_MONTH,
  });
  protection.protect(payments);
  const account = new LogDataProtection(stack, 'Account', {
    identifiers: ['EmailAddress', 'AwsSecretKey'],
    accountWide: true,
    policyName: 'platform-account',
    findingsLogGroup: protection.findingsLogGroup,
  });
  const archive = new LogArchive(stack, 'Archive', {
    logGroups: [
      { logGroup: payments },
      {
        logGroup: logs.LogGroup.fromLogGroupName(stack, 'Orders', '/aws/lambda/orders'),
        filterPattern: logs.FilterPattern.literal('ERROR'),
      },
    ],
    bucketName: 'platform-log-archive',
    encryptionKey: key.key,
    expireAfterDays: 2557,
    objectLock: s3.ObjectLockRetention.governance(Duration.days(365)),
  });
  const t = Template.fromStack(stack);
  const json = t.toJSON() as CfnTemplate;

  test('snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  test('the key lets CloudWatch Logs of this account and Region use it, and rotates', () => {
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'CloudWatchLogsEncryptsLogGroups',
            Effect: 'Allow',
            Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
            Action: [
              'kms:Decrypt*',
              'kms:Describe*',
              'kms:Encrypt*',
              'kms:GenerateDataKey*',
              'kms:ReEncrypt*',
            ],
            Resource: '*',
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':logs:',
                      { Ref: 'AWS::Region' },
                      ':',
                      { Ref: 'AWS::AccountId' },
                      ':log-group:*',
                    ],
                  ],
                },
              },
            },
          },
        ]),
      },
    });
  });

  test('data protection: audit then mask the same identifiers, findings to a retained, encrypted group', () => {
    const policy = json.Resources[stack.getLogicalId(payments.node.defaultChild as logs.CfnLogGroup)]
      .Properties!.DataProtectionPolicy as DataProtectionDocument;
    const [audit, redact] = policy.Statement;
    expect(audit.DataIdentifier).toEqual(redact.DataIdentifier);
    expect(audit.DataIdentifier).toHaveLength(23);
    expect(audit.DataIdentifier).toContain('EmployeeId');
    expect(JSON.stringify(audit.DataIdentifier)).toContain(
      ':dataprotection::aws:data-identifier/EmailAddress',
    );
    expect(audit.Operation.Audit!.FindingsDestination.CloudWatchLogs.LogGroup).toEqual({
      Ref: stack.getLogicalId(protection.findingsLogGroup.node.defaultChild as logs.CfnLogGroup),
    });
    expect(redact.Operation).toEqual({ Deidentify: { MaskConfig: {} } });
    expect(policy.Configuration).toEqual({
      CustomDataIdentifier: [{ Name: 'EmployeeId', Regex: 'EMP-[0-9]{6}' }],
    });
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: '/aws/vendedlogs/data-protection/cdk-telemetry-data-protection',
        RetentionInDays: 2557,
        KmsKeyId: Match.anyValue(),
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('account-wide: one AccountPolicy for every log group, after its findings group exists', () => {
    const [policy] = Object.values(resourcesOfType(json, 'AWS::Logs::AccountPolicy'));
    expect(policy.Properties).toMatchObject({
      PolicyName: 'platform-account',
      PolicyType: 'DATA_PROTECTION_POLICY',
      Scope: 'ALL',
    });
    expect(policy.DependsOn).toEqual([
      stack.getLogicalId(protection.findingsLogGroup.node.defaultChild as logs.CfnLogGroup),
    ]);
    expect(account.document.Name).toBe('platform-account');
  });

  test('archive: decompress the gzip records from CloudWatch Logs, add newlines, gzip each object once', () => {
    const stream = Object.values(resourcesOfType(json, 'AWS::KinesisFirehose::DeliveryStream'))[0]
      .Properties!;
    const s3dest = stream.ExtendedS3DestinationConfiguration as Record<string, unknown>;
    expect(s3dest.ProcessingConfiguration).toEqual({
      Enabled: true,
      Processors: [
        {
          Type: 'Decompression',
          Parameters: [{ ParameterName: 'CompressionFormat', ParameterValue: 'GZIP' }],
        },
        { Type: 'AppendDelimiterToRecord', Parameters: [] },
      ],
    });
    expect(s3dest.CompressionFormat).toBe('GZIP');
    expect(s3dest.Prefix).toBe('logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/');
    expect(stream.DeliveryStreamEncryptionConfigurationInput).toEqual({
      KeyARN: { 'Fn::GetAtt': [stack.getLogicalId(key.key.node.defaultChild as never), 'Arn'] },
      KeyType: 'CUSTOMER_MANAGED_CMK',
    });
  });

  test('archive bucket: retained, versioned, SSL-only, access-logged, colder storage then expiry at the compliance tier', () => {
    const bucket = json.Resources[stack.getLogicalId(archive.bucket.node.defaultChild as s3.CfnBucket)];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      BucketName: 'platform-log-archive',
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { DestinationBucketName: expect.anything(), LogFilePrefix: 'Archive/' },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'expire-at-retention',
            Status: 'Enabled',
            ExpirationInDays: 2557,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            Transitions: [
              { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
              { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 365 },
            ],
          },
          { Id: 'remove-expired-delete-markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
        ],
        TransitionDefaultMinimumObjectSize: 'varies_by_storage_class',
      },
    });
    const access = Object.values(resourcesOfType(json, 'AWS::S3::Bucket')).filter((b) => b !== bucket);
    expect(access.map((b) => b.DeletionPolicy)).toEqual(['Retain']);
  });

  test('archive: Firehose writes with a role of its own that can put objects and never delete them', () => {
    const role = stack.getLogicalId(archive.deliveryRole.node.defaultChild as never);
    const stream = Object.values(resourcesOfType(json, 'AWS::KinesisFirehose::DeliveryStream'))[0];
    const s3dest = stream.Properties!.ExtendedS3DestinationConfiguration as { RoleARN: unknown };
    expect(s3dest.RoleARN).toEqual({ 'Fn::GetAtt': [role, 'Arn'] });
    const policies = Object.values(resourcesOfType(json, 'AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties!.Roles).includes(role),
    );
    expect(policies).toHaveLength(1);
    const statements = (
      policies[0].Properties!.PolicyDocument as { Statement: Array<Record<string, unknown>> }
    ).Statement;
    expect(statements.map((x) => [x.Sid, x.Action])).toEqual([
      ['PutArchiveObjects', [...FIREHOSE_S3_ACTIONS]],
      ['EncryptArchiveObjects', ['kms:Decrypt', 'kms:GenerateDataKey']],
      ['WriteDeliveryErrors', ['logs:CreateLogStream', 'logs:PutLogEvents']],
    ]);
    expect(statements[1].Condition).toMatchObject({ StringEquals: { 'kms:ViaService': expect.anything() } });
    // No role of the stack may delete or unlock what it archives (aws-cdk-lib's default grants s3:DeleteObject*).
    expect(deletionGrants(json)).toEqual([]);
    expect(stream.DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ArchiveDeliveryPolicy/)]),
    );
  });

  test('archive bucket: write-once with Object Lock when asked; its access-logs bucket has none (S3 refuses locked log targets)', () => {
    const bucket = json.Resources[stack.getLogicalId(archive.bucket.node.defaultChild as s3.CfnBucket)];
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } },
      },
    });
    const access = Object.values(resourcesOfType(json, 'AWS::S3::Bucket')).filter((b) => b !== bucket);
    expect(access[0].Properties!.ObjectLockEnabled).toBeUndefined();
  });

  test('compliance packs: what the constructs do on purpose is acknowledged where it happens, naming the rule', () => {
    const acks = (c: {
      node: { findAll(): Array<{ node: { metadata: Array<{ type: string; data: unknown }> } }> };
    }) =>
      c.node
        .findAll()
        .flatMap((x) => x.node.metadata)
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>));
    const ids = acks(archive).map(([id]) => id.replace(/^[^:]*::/, ''));
    for (const pack of ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']) {
      expect(ids).toContain(`${pack}-S3DefaultEncryptionKMS`); // the access-logs bucket: SSE-S3 only
      expect(ids).toContain(`${pack}-S3BucketReplicationEnabled`);
      expect(ids).toContain(`${pack}-IAMNoInlinePolicy`);
    }
    for (const [, reason] of acks(archive)) expect(reason.length).toBeGreaterThan(40);
  });

  test('subscriptions: one per group, through one role only CloudWatch Logs of this account may assume', () => {
    const filters = Object.values(resourcesOfType(json, 'AWS::Logs::SubscriptionFilter'));
    expect(filters.map((f) => f.Properties!.FilterPattern)).toEqual(['', 'ERROR']);
    expect(filters[1].Properties!.LogGroupName).toBe('/aws/lambda/orders');
    expect(new Set(filters.map((f) => JSON.stringify(f.Properties!.RoleArn))).size).toBe(1);
    expect(archive.subscriptions).toHaveLength(2);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'logs.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ],
      },
    });
  });
});

describe('log construct props are checked', () => {
  const error = (f: (s: Stack) => void) => {
    try {
      f(new Stack(new App(), 'S'));
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };
  test.each<[string, (s: Stack) => void, RegExp]>([
    [
      'an unknown data identifier',
      (s) => new LogDataProtection(s, 'P', { identifiers: ['Emails'] }),
      /^S\/P: identifiers: "Emails" is not a managed data identifier/,
    ],
    [
      'a findings retention CloudWatch refuses',
      (s) => new LogDataProtection(s, 'P', { findingsRetentionDays: 45 }),
      /^S\/P: findingsRetentionDays 45 is not a retention CloudWatch Logs accepts$/,
    ],
    [
      'an archive of nothing',
      (s) => new LogArchive(s, 'A', { logGroups: [] }),
      /^S\/A: logGroups: list at least one log group$/,
    ],
    [
      'a transition after the expiry',
      (s) =>
        new LogArchive(s, 'A', {
          logGroups: [{ logGroup: logs.LogGroup.fromLogGroupName(s, 'G', 'g') }],
          expireAfterDays: 60,
          transitions: [{ storageClass: 'GLACIER', days: 90 }],
        }),
      /^S\/A\/Archive: transition to GLACIER after 90 days must come after the previous one \(0\) and before the expiry \(60\)$/,
    ],
    [
      'Object Lock on a bucket the archive does not create',
      (s) =>
        new LogArchive(s, 'A', {
          logGroups: [{ logGroup: logs.LogGroup.fromLogGroupName(s, 'G', 'g') }],
          bucket: s3.Bucket.fromBucketName(s, 'B', 'mine'),
          objectLock: s3.ObjectLockRetention.compliance(Duration.days(30)),
        }),
      /^S\/A: objectLock applies to a bucket created here; set Object Lock on the bucket you own$/,
    ],
    [
      'an Object Lock longer than the archive is kept',
      (s) =>
        new LogArchive(s, 'A', {
          logGroups: [{ logGroup: logs.LogGroup.fromLogGroupName(s, 'G', 'g') }],
          expireAfterDays: 365,
          objectLock: s3.ObjectLockRetention.compliance(Duration.days(400)),
        }),
      /^S\/A\/Archive: objectLock: 400 days is out of range: 1 day to 365 days \(at most 100 years, and no longer than the objects are kept, expireAfterDays 365\)$/,
    ],
    [
      'more log groups than one stack holds',
      (s) =>
        new LogArchive(s, 'A', {
          logGroups: Array.from({ length: 401 }, (_, i) => ({
            logGroup: logs.LogGroup.fromLogGroupName(s, `G${i}`, `g${i}`),
          })),
        }),
      /^S\/A: logGroups: 401 log groups do not fit the logs stack: each is a subscription filter, and CloudFormation allows 500 resources per stack, so at most 400 log groups are archived per app$/,
    ],
  ])('%s', (_what, f, message) => {
    expect(error(f)).toMatch(message);
  });
});
