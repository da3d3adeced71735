/** `audit:` in telemetry.yaml: the CloudTrail trail and the alerts on changes to the telemetry itself. */
import { z } from 'zod';
import { SEVERITIES } from '../model/alarm-spec';
import { isTrailName, MAX_TRAIL_READERS, TRAIL_NAME_RULE, WATCHED_AREA_IDS } from '../model/audit';
import { objectLockSchema } from './schema-object-lock';
import { daysOrYears, obj } from './schema-helpers';

const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;

export const AuditSchema = obj(
  {
    trailName: z
      .string()
      .refine(isTrailName, { message: `a trail name is ${TRAIL_NAME_RULE}` })
      .meta({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$' })
      .optional()
      .describe('Trail name. Default <app>-telemetry-audit.'),
    readers: z
      .array(
        z.string().regex(PRINCIPAL_ARN, {
          message:
            'a reader is an IAM role, user or account root ARN, e.g. arn:aws:iam::123456789012:role/Auditor',
        }),
      )
      .max(MAX_TRAIL_READERS, {
        message: `at most ${MAX_TRAIL_READERS} readers: each is named in the key policy (32 KB at most) and the bucket policy (20 KB); grant a role and let people assume it`,
      })
      .optional()
      .describe(`IAM principals that may read and decrypt the trail (at most ${MAX_TRAIL_READERS}).`),
    objectLock: objectLockSchema('the trail bucket').optional(),
    organization: obj({
      id: z
        .string()
        .regex(/^o-[a-z0-9]{10,32}$/, { message: 'an organization id looks like o-a1b2c3d4e5' })
        .describe('AWS Organizations id.'),
    })
      .optional()
      .describe('An organization trail (deploy from the management account or a delegated administrator).'),
    cloudWatchLogs: z
      .boolean()
      .default(true)
      .describe('Also deliver to a CloudWatch Logs group kept for the compliance tier. Default true.'),
    insights: z
      .boolean()
      .default(false)
      .describe(
        'CloudTrail Insights on API call and error rates (billed per event analysed). Default false.',
      ),
    archiveAfter: daysOrYears(
      'Age at which log files move to Glacier Instant Retrieval. Default 90d.',
    ).default('90d'),
    alerts: z
      .union([
        obj({
          areas: z
            .array(z.enum(WATCHED_AREA_IDS as [string, ...string[]]))
            .min(1)
            .optional()
            .describe(`Areas watched. Default: all (${WATCHED_AREA_IDS.join(', ')}).`),
          severity: z.enum(SEVERITIES).default('warning').describe('Topic of the alerts. Default warning.'),
          ignoreCloudFormation: z
            .boolean()
            .default(true)
            .describe('Skip changes made by CloudFormation deployments. Default true.'),
        }),
        z.literal(false),
      ])
      .optional()
      .describe(
        'Alerts on changes to alarms, dashboards, the trail, log governance, X-Ray and Grafana. false: none.',
      ),
  },
  'A multi-Region CloudTrail trail with a KMS key, a retained S3 bucket, and alerts on changes to the telemetry.',
);

/** The `audit:` section of telemetry.yaml, as parsed (defaults filled in); the schema documents every field. */
export type AuditConfig = z.output<typeof AuditSchema>;
