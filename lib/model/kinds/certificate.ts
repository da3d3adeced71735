/** ACM certificates (`CertificateArn`): days to expiry, from AWS's list, and a last-week page. */
import type { CfnCertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { awsId } from './aws-ids';
import { AWS_RECOMMENDED, defineKind, defineTable } from './types';

const SRC = `${AWS_RECOMMENDED}#CertificateManager`;
const METRICS = 'https://docs.aws.amazon.com/acm/latest/userguide/cloudwatch-metrics.html';

const CERTIFICATE = defineTable({
  kind: 'certificate',
  title: 'ACM certificate',
  namespace: 'AWS/CertificateManager',
  dimensions: ['CertificateArn'],
  params: {
    expiryDays: { default: 44, doc: 'Days to expiry at or below which the warning fires (AWS: 44).' },
    expiryDaysCritical: { default: 7, doc: 'Days to expiry at or below which the critical alarm pages.' },
  },
  rows: [
    {
      id: 'daysToExpiry',
      signal: 'daysToExpiry',
      metric: { type: 'metric', metricName: 'DaysToExpiry', stat: 'Minimum' },
      threshold: { param: 'expiryDays' },
      comparison: 'LessThanOrEqualToThreshold',
      period: 86_400,
      datapoints: [1, 1],
      missing: 'missing',
      severity: 'warning',
      enabled: true,
      unit: 'count',
      meaning: '{resource} expires in {threshold} days or fewer',
      firstStep:
        'for an ACM-issued certificate check why managed renewal is stuck (DNS validation record, domain ownership); re-import an imported one',
      source: SRC,
      why: 'AWS: 44 days. ACM starts renewing its own certificates 60 days before expiry; 44 days left means renewal has not succeeded for two weeks (or the certificate is imported, which ACM never renews). ACM publishes once a day, so missing data keeps the state.',
      implements: 'acm-daystoexpiry',
    },
    {
      id: 'daysToExpiryCritical',
      signal: 'daysToExpiry',
      metric: { type: 'metric', metricName: 'DaysToExpiry', stat: 'Minimum' },
      threshold: { param: 'expiryDaysCritical' },
      comparison: 'LessThanOrEqualToThreshold',
      period: 86_400,
      datapoints: [1, 1],
      missing: 'missing',
      severity: 'critical',
      enabled: true,
      unit: 'count',
      meaning: '{resource} expires in {threshold} days or fewer: clients will refuse the connection',
      firstStep: 'renew or re-import the certificate now; the warning has been firing for weeks',
      source: METRICS,
      why: "Not in AWS's list: an expired certificate breaks every TLS client, which users feel, so the last week pages; the 44-day warning comes first.",
    },
  ],
  signals: [{ title: 'Days to expiry', metricName: 'DaysToExpiry', stat: 'Minimum' }],
  cost: [],
});

const ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const REGION_OF = /^arn:[^:]+:acm:([^:]+):/;

export const certificate = defineKind({
  key: 'certificate',
  dashboard: 'edge',
  tables: [CERTIFICATE],
  account: [],
  config: {
    doc: 'ACM certificates, by ARN (alarmed in their own Region: a CloudFront certificate from us-east-1).',
    schema: (k) => {
      const arn = awsId(
        k,
        ARN,
        'arn:aws:acm:eu-west-1:111122223333:certificate/<uuid>',
        'The certificate ARN (the CertificateArn dimension).',
      );
      return {
        entry: k.z.union([
          arn,
          k.obj({
            arn,
            label: k.label,
            expiryDays: k.int('Days to expiry for the warning. Default 44 (AWS).', 1, 395).optional(),
            alarms: k.alarms(CERTIFICATE),
          }),
        ]),
        defaults: {
          expiryDays: k.int('Days to expiry for the warning. Default 44 (AWS).', 1, 395).optional(),
        },
      };
    },
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { arn: entry } : entry;
      // ACM publishes a certificate's metric in the certificate's Region; an alarm elsewhere never sees it.
      const region = ctx.isToken(e.arn) ? undefined : REGION_OF.exec(e.arn)?.[1];
      if (region && ctx.region && !ctx.isToken(ctx.region) && region !== ctx.region)
        ctx.issue(
          ['arn'],
          `the certificate is in ${region} and ACM publishes DaysToExpiry there, but env.region is ${ctx.region}: monitor it from an app or stack in ${region}`,
        );
      return [
        {
          kind: 'certificate',
          label: ctx.label('label' in e ? e.label : undefined, e.arn.split('/').pop() ?? e.arn),
          dimensions: { CertificateArn: e.arn },
          params: ctx.params(CERTIFICATE, {
            expiryDays: ('expiryDays' in e ? e.expiryDays : undefined) ?? ctx.defaults.expiryDays,
          }),
          overrides: ctx.overrides('alarms' in e ? e.alarms : undefined),
          origin: ctx.origin(),
        },
      ];
    },
    account: () => [],
  },
  example: (n) => ({
    arn: `arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef01234567${String(n).padStart(2, '0')}`,
    label: `shop-tls-${n}`,
  }),
  construct: {
    cfnTypes: ['AWS::CertificateManager::Certificate'],
    entry: (c, ctx) => {
      const cert = ctx.cfnOf<CfnCertificate>(c, 'AWS::CertificateManager::Certificate');
      return cert ? { arn: cert.ref, label: ctx.label(c) } : undefined;
    },
  },
});
