import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Alerting } from '../../lib/alerting/alerting';
import { AuditTrail } from '../../lib/audit/audit-trail';
import { TelemetryChangeAlerts } from '../../lib/audit/change-alerts';
import { deletionGrants } from '../../lib/audit/deletion-grants';
import { WATCHED_AREAS } from '../../lib/model/audit';
import { parseInputTemplate, type RuleTarget } from '../helpers/rule-target';
import { resourcesOfType, testApp, type CfnTemplate } from '../helpers/synth';

const trailArn = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':cloudtrail:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':trail/shop-audit',
    ],
  ],
};
const anyTrailOfThisAccount = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:*:', { Ref: 'AWS::AccountId' }, ':trail/*'],
  ],
};

describe('AuditTrail and TelemetryChangeAlerts', () => {
  const app = testApp();
  const stack = new Stack(app, 'Audit');
  const alerting = new Alerting(stack, 'Alerting', {
    topicNamePrefix: 'shop-alerts',
    allowEventBridge: true,
  });
  const audit = new AuditTrail(stack, 'Trail', {
    trailName: 'shop-audit',
    readers: [new iam.ArnPrincipal('arn:aws:iam::111122223333:role/Auditor')],
    objectLock: s3.ObjectLockRetention.compliance(Duration.days(365)),
  });
  const alerts = new TelemetryChangeAlerts(stack, 'Changes', {
    topic: alerting.topic('warning'),
    ruleNamePrefix: 'shop',
    deadLetterQueue: alerting.deadLetterQueue,
  });
  const t = Template.fromStack(stack);
  const json = t.toJSON() as CfnTemplate;
  const keyPolicy = () =>
    (
      json.Resources[stack.getLogicalId(audit.key.node.defaultChild as never)].Properties!.KeyPolicy as {
        Statement: Array<Record<string, unknown>>;
      }
    ).Statement;

  test('snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  test('a multi-Region trail with log-file validation, all management events, to CloudWatch Logs', () => {
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'shop-audit',
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsLogging: true,
      IsOrganizationTrail: false,
      EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }],
      KMSKeyId: { 'Fn::GetAtt': [stack.getLogicalId(audit.key.node.defaultChild as never), 'Arn'] },
      CloudWatchLogsLogGroupArn: Match.anyValue(),
    });
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 2557, KmsKeyId: Match.anyValue() },
      DeletionPolicy: 'Retain',
    });
  });

  test('the key: CloudTrail encrypts for this trail only, readers decrypt, CloudWatch Logs uses it; rotation on', () => {
    const statements = keyPolicy();
    expect(statements.find((s) => s.Sid === 'CloudTrailEncryptsLogFiles')).toEqual({
      Sid: 'CloudTrailEncryptsLogFiles',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': anyTrailOfThisAccount },
      },
    });
    expect(statements.find((s) => s.Sid === 'CloudTrailDescribesKey')).toMatchObject({
      Action: 'kms:DescribeKey',
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    });
    expect(statements.find((s) => s.Sid === 'ReadersDecryptLogFiles')).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::111122223333:role/Auditor' },
      Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
      Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': anyTrailOfThisAccount } },
    });
    expect(statements.map((s) => s.Sid)).toContain('CloudWatchLogsEncryptsLogGroups');
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      Description: 'Encrypts the shop-audit audit trail',
    });
  });

  test('the bucket: retained, versioned, SSL-only, access-logged, no public access, Object Lock, expiry at 7 years', () => {
    const bucket = json.Resources[stack.getLogicalId(audit.bucket.node.defaultChild as never)];
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.UpdateReplacePolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Days: 365, Mode: 'COMPLIANCE' } },
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: expect.anything() },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: expect.anything() },
          },
        ],
      },
    });
    const rules = (bucket.Properties!.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> })
      .Rules;
    expect(rules[0]).toMatchObject({
      ExpirationInDays: 2557,
      Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }],
    });
    const policies = Object.values(resourcesOfType(json, 'AWS::S3::BucketPolicy')).map((p) =>
      JSON.stringify(p.Properties!.PolicyDocument),
    );
    expect(policies.every((p) => p.includes('"aws:SecureTransport":"false"'))).toBe(true);
    for (const b of Object.values(resourcesOfType(json, 'AWS::S3::Bucket')))
      expect(b.DeletionPolicy).toBe('Retain');
  });

  test('the bucket policy refuses log files from any other trail and lets readers read', () => {
    const doc = Object.values(resourcesOfType(json, 'AWS::S3::BucketPolicy')).find((p) =>
      JSON.stringify(p).includes('OnlyThisTrailWrites'),
    )!.Properties!.PolicyDocument as { Statement: Array<Record<string, unknown>> };
    expect(doc.Statement.find((s) => s.Sid === 'OnlyThisTrailWrites')).toMatchObject({
      Effect: 'Deny',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: { StringNotEquals: { 'aws:SourceArn': trailArn } },
    });
    expect(doc.Statement.find((s) => s.Sid === 'ReadersReadLogFiles')).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/Auditor' },
      Action: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket'],
    });
    // aws-cdk-lib's own statements for CloudTrail are still there.
    expect(doc.Statement.map((s) => s.Action)).toEqual(expect.arrayContaining(['s3:GetBucketAcl']));
  });

  test('change alerts: one rule per area, successful calls by anyone but CloudFormation, to the topic', () => {
    const rules = Object.values(resourcesOfType(json, 'AWS::Events::Rule'));
    expect(rules.map((r) => r.Properties!.Name)).toEqual(WATCHED_AREAS.map((a) => `shop-changes-${a.id}`));
    expect(rules[0].Properties!.EventPattern).toEqual({
      source: ['aws.monitoring'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['monitoring.amazonaws.com'],
        eventName: [
          'PutMetricAlarm',
          'PutCompositeAlarm',
          'DeleteAlarms',
          'DisableAlarmActions',
          'EnableAlarmActions',
          'SetAlarmState',
          'PutDashboard',
          'DeleteDashboards',
        ],
        errorCode: [{ exists: false }],
        sourceIPAddress: [{ 'anything-but': ['cloudformation.amazonaws.com'] }],
      },
    });
    const names = (i: number) =>
      (rules[i].Properties!.EventPattern as { detail: { eventName: string[] } }).detail.eventName;
    expect(names(1)).toEqual(
      expect.arrayContaining(['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors']),
    );
    expect(names(2)).toEqual(
      expect.arrayContaining(['DeleteLogGroup', 'PutRetentionPolicy', 'DeleteDataProtectionPolicy']),
    );
    expect(names(3)).toEqual(
      expect.arrayContaining(['CreateSamplingRule', 'UpdateSamplingRule', 'DeleteSamplingRule']),
    );
    expect(names(4)).toEqual(expect.arrayContaining(['UpdateWorkspace', 'DeleteWorkspace']));
    expect(alerts.rules.size).toBe(5);
  });

  test('an alert that cannot be published is kept: each rule has the alerting dead-letter queue and an hour of retries', () => {
    const queue = stack.getLogicalId(alerting.undelivered!.queue.node.defaultChild as never);
    for (const rule of Object.values(resourcesOfType(json, 'AWS::Events::Rule'))) {
      const [target] = rule.Properties!.Targets as Array<Record<string, unknown>>;
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queue, 'Arn'] } });
      expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 185 });
    }
    expect(alerts.deadLetterQueue).toBe(alerting.deadLetterQueue);
    t.resourceCountIs('AWS::SQS::Queue', 1);
  });

  test('no role of the audit stack can delete or unlock the trail, its logs or its key', () => {
    expect(deletionGrants(json)).toEqual([]);
  });

  test('the message says who, what, when and where, as a Chatbot notification', () => {
    const target = (
      Object.values(resourcesOfType(json, 'AWS::Events::Rule'))[1].Properties!.Targets as RuleTarget[]
    )[0];
    expect(target.Arn).toEqual({ Ref: expect.stringMatching(/^Alertingwarning/) });
    const { InputPathsMap, InputTemplate } = target.InputTransformer;
    expect(InputPathsMap).toMatchObject({
      'detail-userIdentity-arn': '$.detail.userIdentity.arn',
      'detail-eventName': '$.detail.eventName',
      'detail-eventTime': '$.detail.eventTime',
      'detail-awsRegion': '$.detail.awsRegion',
      'detail-recipientAccountId': '$.detail.recipientAccountId',
      'detail-eventID': '$.detail.eventID',
    });
    const message = parseInputTemplate(InputTemplate);
    expect(message.content.title).toBe('Telemetry changed: <detail-eventName> (the CloudTrail audit trail)');
    expect(String(message.content.description).split('\n')).toEqual([
      '*Who*: <detail-userIdentity-arn> from <detail-sourceIPAddress>',
      '*What*: <detail-eventName> on <detail-eventSource>',
      '*When*: <detail-eventTime>',
      '*Where*: account <detail-recipientAccountId>, <detail-awsRegion>',
    ]);
  });
});

describe('AuditTrail options and mistakes', () => {
  test('an organization trail names the organization; no readers, no reader statements; no CloudWatch Logs', () => {
    const stack = new Stack(new App(), 'Org');
    new AuditTrail(stack, 'Trail', {
      trailName: 'org-audit',
      organizationId: 'o-a1b2c3d4e5',
      cloudWatchLogs: false,
      insights: true,
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsOrganizationTrail: true,
      InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }],
      CloudWatchLogsLogGroupArn: Match.absent(),
    });
    t.resourceCountIs('AWS::Logs::LogGroup', 0);
    expect(JSON.stringify(t.toJSON())).toContain('AWSLogs/o-a1b2c3d4e5/*');
    expect(JSON.stringify(t.toJSON())).not.toContain('ReadersDecryptLogFiles');
  });

  test.each<[string, Partial<ConstructorParameters<typeof AuditTrail>[2]>, RegExp]>([
    ['a trail name CloudTrail refuses', { trailName: 'x' }, /^S\/T: trailName "x" must be 3-128 letters/],
    [
      'a retention CloudWatch Logs refuses',
      { retentionDays: 45 },
      /^S\/T: retentionDays 45 is not a retention CloudWatch Logs accepts$/,
    ],
    [
      'a malformed organization id',
      { organizationId: 'org-1' },
      /^S\/T: organizationId "org-1" must look like o-a1b2c3d4e5$/,
    ],
  ])('%s', (_what, props, message) => {
    const stack = new Stack(new App(), 'S');
    expect(() => new AuditTrail(stack, 'T', { trailName: 'shop-audit', ...props })).toThrow(message);
  });

  test('without a queue given, the change alerts keep undelivered alerts in an encrypted queue of their own, with an alarm', () => {
    const app = testApp();
    const stack = new Stack(app, 'Own');
    const topic = new Alerting(stack, 'A', { topicNamePrefix: 'shop', deadLetterQueue: false }).topic(
      'warning',
    );
    const alerts = new TelemetryChangeAlerts(stack, 'C', {
      topic,
      ruleNamePrefix: 'shop',
      areas: ['alarms'],
    });
    app.synth(); // cdk-nag and the CloudFormation validator
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SQS::Queue', 1);
    t.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({ DeadLetterConfig: { Arn: Match.anyValue() }, RetryPolicy: Match.anyValue() }),
      ],
    });
    // Its own key lets SNS and EventBridge write; the rule may send (aws-cdk-lib scopes it to the rule's ARN).
    const keys = Object.values(t.findResources('AWS::KMS::Key')).map((k) => JSON.stringify(k));
    expect(keys.some((k) => k.includes('events.amazonaws.com') && k.includes('SnsAndEventBridge'))).toBe(
      true,
    );
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'shop-account-undelivered-deadLetters-warning',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Awarning') }],
    });
    expect(alerts.deadLetterQueue).toBeDefined();
  });

  test('an Object Lock longer than the trail is kept', () => {
    const stack = new Stack(new App(), 'S');
    expect(
      () =>
        new AuditTrail(stack, 'T', {
          trailName: 'shop-audit',
          retentionDays: 365,
          objectLock: s3.ObjectLockRetention.compliance(Duration.days(731)),
        }),
    ).toThrow(
      'S/T/Storage: objectLock: 731 days is out of range: 1 day to 365 days (at most 100 years, and no longer than the objects are kept, expireAfterDays 365)',
    );
  });

  test('unknown alert areas', () => {
    const stack = new Stack(new App(), 'S');
    const topic = new Alerting(stack, 'A', { topicNamePrefix: 'x' }).topic('warning');
    expect(
      () =>
        new TelemetryChangeAlerts(stack, 'C', {
          topic,
          ruleNamePrefix: 'x',
          areas: ['alarms', 'billing' as never],
        }),
    ).toThrow(/^S\/C: areas: billing \(allowed: alarms, trail, logs, xray, grafana\)$/);
  });
});
