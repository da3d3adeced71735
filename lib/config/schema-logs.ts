/** `logs:` in telemetry.yaml: retention tiers, data protection, encryption and archival of log groups. */
import { z } from 'zod';
import { MANAGED_DATA_IDENTIFIERS } from '../logs/data-identifiers';
import { ARCHIVE_STORAGE_CLASSES } from '../model/logs';
import { parseRetention, RETENTION_DAYS } from '../model/retention';
import { archiveCapacityProblem } from '../model/stack-capacity';
import { objectLockSchema } from './schema-object-lock';
import { daysOrYears, obj } from './schema-helpers';

const retention = (description: string) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const r = parseRetention(v);
      if ('problem' in r) ctx.addIssue({ code: 'custom', message: r.problem });
    })
    .meta({ examples: RETENTION_DAYS.map(([, t]) => t) })
    .describe(description);

const identifier = z
  .string()
  .superRefine((v, ctx) => {
    if (MANAGED_DATA_IDENTIFIERS.includes(v)) return;
    const lower = v.toLowerCase().replace(/[^a-z]/g, '');
    const close = MANAGED_DATA_IDENTIFIERS.filter((n) => {
      const m = n.toLowerCase().replace(/[^a-z]/g, '');
      return m.startsWith(lower.slice(0, 5)) || lower.startsWith(m.slice(0, 5));
    }).slice(0, 6);
    ctx.addIssue({
      code: 'custom',
      message: `"${v}" is not a managed data identifier${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}; see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/mask-sensitive-log-data-types.html or add it under custom`,
    });
  })
  .meta({ examples: [...MANAGED_DATA_IDENTIFIERS] });

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const logGroupName = z
  .string()
  .regex(LOG_GROUP_NAME, { message: 'a log group name is 1-512 letters, digits, ".", "-", "_", "/" or "#"' });

export const LogsSchema = obj(
  {
    retention: obj({
      realtime: retention('Troubleshooting logs. Default 30d.').default('30d'),
      analytics: retention('Logs kept for analysis. Default 1y.').default('1y'),
      compliance: retention('Audit logs. Default 7y.').default('7y'),
    })
      .optional()
      .describe('Retention tiers, each a value CloudWatch Logs accepts (1d ... 10y).'),
    dataProtection: obj({
      identifiers: z
        .array(identifier)
        .min(1)
        .optional()
        .describe(
          'Managed data identifiers to mask. Default: personal data, payment cards and private keys.',
        ),
      custom: z
        .array(
          obj({
            name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, {
              message: 'a custom identifier name is 1-128 letters, digits, "_" or "-"',
            }),
            regex: z.string().min(1).max(200).describe('Regular expression (at most 200 characters).'),
          }),
        )
        .max(10, { message: 'at most 10 custom data identifiers per policy' })
        .optional()
        .describe('Patterns of your own to mask.'),
    })
      .optional()
      .describe('Mask personal data in every log group of the account, with audit findings to a log group.'),
    encryption: z
      .boolean()
      .default(true)
      .describe("KMS-encrypt the telemetry's own log groups with a customer-managed key. Default true."),
    archive: obj({
      bucket: z
        .union([
          obj({
            name: z
              .string()
              .min(3)
              .describe('Bucket to create; {account} and {region} are replaced at deploy time.'),
          }),
          obj({ existing: z.string().min(3).describe('A bucket you own (not managed here).') }),
        ])
        .optional()
        .describe('Where the archive goes (required).'),
      logGroups: z
        .array(
          z.union([
            logGroupName,
            obj({
              name: logGroupName,
              filter: z
                .string()
                .max(1024)
                .optional()
                .describe('CloudWatch Logs filter pattern. Default: every event.'),
            }),
          ]),
        )
        .min(1, { message: 'list at least one log group to archive' })
        .superRefine((v, ctx) => {
          const problem = archiveCapacityProblem(v.length);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .describe(
          'Log groups to archive, by name: 1 to 400 (a subscription filter each in the logs stack; CloudWatch Logs allows 2 per group).',
        ),
      transitions: z
        .array(
          obj({
            storageClass: z.enum(Object.keys(ARCHIVE_STORAGE_CLASSES) as [string, ...string[]]),
            after: daysOrYears('Age of the objects at the move, e.g. 90d.'),
          }),
        )
        .optional()
        .describe(
          'Moves to colder storage. Default: GLACIER_IR after 90d, DEEP_ARCHIVE after 1y. Expiry: the compliance tier.',
        ),
      objectLock: objectLockSchema('the archive bucket (a bucket created here)').optional(),
      extractMessages: z
        .boolean()
        .default(false)
        .describe('Keep only the messages (drop log group, stream and event ids). Default false.'),
    })
      .optional()
      .describe('Archive chosen log groups to S3 through Firehose, kept until the compliance tier.'),
  },
  'Log governance: retention tiers, data protection, encryption and archival.',
);

/** The `logs:` section of telemetry.yaml, as parsed (defaults filled in); the schema documents every field. */
export type LogsConfig = z.output<typeof LogsSchema>;
