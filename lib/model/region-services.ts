/**
 * Which AWS services each part of the telemetry needs, as the CloudFormation resource types it creates, so that a
 * Region can be checked before anything is synthesized: a config for a Region that lacks one of them gets one line
 * that names the section and the Regions where it works. The availability itself is generated data
 * (`regions.generated.ts`, `npm run regions`). Pure data: no CDK imports.
 */
import { REGIONS, REGION_DATA_SOURCE, UNAVAILABLE_TYPES } from './regions.generated';
import type { TelemetryModel } from './telemetry-model';
import { canaryChecksOf } from './uptime';

export { REGION_DATA_SOURCE };

/** A part of the telemetry and the resource types it creates. */
export interface RegionalSection {
  /** The section's id. */
  readonly id:
    | 'core'
    | 'slack'
    | 'tracing'
    | 'audit'
    | 'dataProtection'
    | 'archive'
    | 'grafana'
    | 'prometheus'
    | 'rum'
    | 'kpiLogs'
    | 'uptime';
  /** How the config names it (for messages). */
  readonly field: string;
  /** What it is, in words. */
  readonly title: string;
  /** The CloudFormation resource types the section creates. */
  readonly types: readonly string[];
}

/** Every section of the telemetry that creates resources, with their types: what a Region must support. */
export const REGIONAL_SECTIONS: readonly RegionalSection[] = [
  {
    id: 'core',
    field: 'env.region',
    title: 'alarms, dashboards and alert topics',
    types: [
      'AWS::CloudWatch::Alarm',
      'AWS::CloudWatch::CompositeAlarm',
      'AWS::CloudWatch::Dashboard',
      'AWS::KMS::Key',
      'AWS::KMS::Alias',
      'AWS::SNS::Topic',
      'AWS::SNS::TopicPolicy',
      'AWS::SNS::Subscription',
      'AWS::SQS::Queue',
      'AWS::SQS::QueuePolicy',
      'AWS::IAM::Role',
      'AWS::IAM::Policy',
    ],
  },
  {
    id: 'slack',
    field: 'alerting.<severity>.slack',
    title: 'Slack channels through AWS Chatbot',
    types: ['AWS::Chatbot::SlackChannelConfiguration'],
  },
  {
    id: 'tracing',
    field: 'tracing',
    title: 'X-Ray sampling rules and groups',
    types: ['AWS::XRay::SamplingRule', 'AWS::XRay::Group', 'AWS::Events::Rule'],
  },
  {
    id: 'audit',
    field: 'audit',
    title: 'the CloudTrail trail',
    types: [
      'AWS::CloudTrail::Trail',
      'AWS::S3::Bucket',
      'AWS::S3::BucketPolicy',
      'AWS::Logs::LogGroup',
      'AWS::Events::Rule',
    ],
  },
  {
    id: 'dataProtection',
    field: 'logs.dataProtection',
    title: 'CloudWatch Logs data protection',
    types: ['AWS::Logs::AccountPolicy', 'AWS::Logs::LogGroup'],
  },
  {
    id: 'archive',
    field: 'logs.archive',
    title: 'the log archive (Amazon Data Firehose)',
    types: [
      'AWS::KinesisFirehose::DeliveryStream',
      'AWS::Logs::SubscriptionFilter',
      'AWS::Logs::LogGroup',
      'AWS::Logs::LogStream',
      'AWS::S3::Bucket',
      'AWS::S3::BucketPolicy',
    ],
  },
  {
    id: 'grafana',
    field: 'grafana',
    title: 'Amazon Managed Grafana',
    types: [
      'AWS::Grafana::Workspace',
      'AWS::Lambda::Function',
      'AWS::Logs::LogGroup',
      'AWS::CloudFormation::CustomResource',
    ],
  },
  {
    id: 'prometheus',
    field: 'prometheus',
    title: 'Amazon Managed Service for Prometheus',
    types: [
      'AWS::APS::Workspace',
      'AWS::APS::RuleGroupsNamespace',
      'AWS::SSM::Parameter',
      'AWS::Logs::LogGroup',
    ],
  },
  {
    id: 'rum',
    field: 'rum',
    title: 'the CloudWatch RUM app monitor and its Cognito identity pool',
    types: ['AWS::RUM::AppMonitor', 'AWS::Cognito::IdentityPool', 'AWS::Cognito::IdentityPoolRoleAttachment'],
  },
  {
    id: 'kpiLogs',
    field: 'kpis[].logs',
    title: 'metric filters for KPIs read from logs',
    types: ['AWS::Logs::MetricFilter'],
  },
  {
    id: 'uptime',
    field: 'services[].canary',
    title: 'CloudWatch Synthetics canaries and their artifacts bucket',
    types: ['AWS::Synthetics::Canary', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy'],
  },
];

/**
 * Partitions the telemetry supports. Others (aws-cn, the ISO partitions, aws-eusc) name service principals and
 * console hosts differently (`amazonaws.com.cn`...), which nothing here has been verified against.
 */
export const SUPPORTED_PARTITIONS = ['aws', 'aws-us-gov'] as const;

/** Regions of the supported partitions, in order. */
export const SUPPORTED_REGIONS: readonly string[] = REGIONS.filter((r) =>
  (SUPPORTED_PARTITIONS as readonly string[]).includes(r.partition),
).map((r) => r.name);

const missing = (region: string, s: RegionalSection) => {
  const unavailable = Object.hasOwn(UNAVAILABLE_TYPES, region) ? UNAVAILABLE_TYPES[region] : [];
  return s.types.filter((t) => unavailable.includes(t));
};

/** Regions (of the supported partitions) where every resource type of a section exists. */
export function regionsFor(section: RegionalSection): string[] {
  return SUPPORTED_REGIONS.filter((r) => missing(r, section).length === 0);
}

/** A section that cannot deploy to a Region, or a Region that is not known or not supported. */
export interface RegionProblem {
  /** `undefined`: the Region itself. @default - none: the problem is the Region itself */
  readonly section?: RegionalSection;
  /** The problem, in one line. */
  readonly message: string;
}

/** Why `region` cannot hold these sections of the telemetry (empty when it can). */
export function regionProblems(
  region: string,
  sections: ReadonlySet<RegionalSection['id']>,
): RegionProblem[] {
  const known = REGIONS.find((r) => r.name === region);
  if (!known) {
    return [
      {
        message: `"${region.slice(0, 40)}" is not an AWS Region known to ${REGION_DATA_SOURCE.regions} (allowed: ${SUPPORTED_REGIONS.join(', ')})`,
      },
    ];
  }
  if (!(SUPPORTED_PARTITIONS as readonly string[]).includes(known.partition)) {
    return [
      {
        message: `${region} is in the ${known.partition} partition, which cdk-telemetry does not support (its service principals and console hosts are not verified); supported: the ${SUPPORTED_PARTITIONS.join(' and ')} partitions (${SUPPORTED_REGIONS.join(', ')})`,
      },
    ];
  }
  const out: RegionProblem[] = [];
  for (const section of REGIONAL_SECTIONS) {
    if (section.id !== 'core' && !sections.has(section.id)) continue;
    const types = missing(region, section);
    if (!types.length) continue;
    out.push({
      section,
      message: `${section.title} (${types.join(', ')}) is not available in ${region}; ${section.field} works in: ${regionsFor(section).join(', ')} (${REGION_DATA_SOURCE.availability})`,
    });
  }
  return out;
}

/** The sections of a model that create resources, for {@link regionProblems}. */
export function sectionsOf(
  model: Pick<TelemetryModel, 'services'> & {
    readonly alerting: {
      readonly channels: Readonly<Record<string, { readonly slack: readonly unknown[] }>>;
    };
    readonly tracing?: unknown;
    readonly audit?: unknown;
    readonly logs?: { readonly dataProtection?: unknown; readonly archive?: unknown };
    readonly grafana?: unknown;
    readonly prometheus?: unknown;
    readonly product?: { readonly rum?: unknown; readonly kpis: readonly { readonly logs?: unknown }[] };
  },
): Set<RegionalSection['id']> {
  const out = new Set<RegionalSection['id']>(['core']);
  if (Object.values(model.alerting.channels).some((c) => c.slack.length)) out.add('slack');
  if (model.tracing) out.add('tracing');
  if (model.audit) out.add('audit');
  if (model.logs?.dataProtection) out.add('dataProtection');
  if (model.logs?.archive) out.add('archive');
  if (model.grafana) out.add('grafana');
  if (model.prometheus) out.add('prometheus');
  if (model.product?.rum) out.add('rum');
  if (model.product?.kpis.some((k) => k.logs)) out.add('kpiLogs');
  if (canaryChecksOf(model).length > 0) out.add('uptime');
  return out;
}
