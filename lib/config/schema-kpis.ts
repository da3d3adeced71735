/**
 * `kpis:`: business metrics for product owners. Counters, success rates, feature adoption and measurements written
 * by `cdk-telemetry/runtime` (`kpi.count`, `kpi.outcome`, `kpi.feature`, `kpi.record`), or counts extracted from the
 * logs of applications that only log (a metric filter). See `lib/model/kpis.ts`.
 */
import { z } from 'zod';
import { duration, obj } from './schema-helpers';

/** At most this many KPIs per app. */
export const MAX_KPIS = 50;
/** At most this many KPIs extracted from logs (a metric filter each; CloudWatch allows 100 per log group). */
export const MAX_LOG_KPIS = 20;
/** Features listed per adoption KPI: the runtime keeps 50 values per KPI before writing `Other`. */
export const MAX_FEATURES = 50;

const slug = (what: string) =>
  z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, {
    message: `must match ^[a-z][a-z0-9-]{0,39}$ (lower case, digits and "-", at most 40): the ${what} name the code passes to the runtime`,
  });

export const KpiSchema = obj({
  name: slug('KPI').describe("The KPI, as the code names it (kpi.count('<name>')): the Kpi dimension."),
  description: z.string().max(200).optional().describe('What it measures, in words.'),
  type: z
    .enum(['count', 'successRate', 'features', 'value'])
    .describe(
      'count: kpi.count (KpiCount, Sum); successRate: kpi.outcome (KpiSuccess, Average = rate); features: kpi.feature (FeatureUsed by Feature); value: kpi.record (KpiValue, e.g. actions per session).',
    ),
  features: z
    .array(slug('feature'))
    .min(1)
    .max(MAX_FEATURES, { message: `at most ${MAX_FEATURES} features (the runtime writes the rest as Other)` })
    .optional()
    .describe('type features: the features whose adoption the dashboard shows.'),
  alarm: obj({
    below: z
      .number()
      .gt(0)
      .lt(100)
      .describe('Alarm when the success rate (percent) drops below this, e.g. 95.'),
    minAttempts: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(20)
      .describe('Fewest attempts in a period for the rate to be judged. Default 20.'),
    period: duration('Period of the rate, 1m to 1d. Default 15m.', {
      minMs: 60_000,
      maxMs: 86_400_000,
      text: '1m to 1d',
    }).default('15m'),
    datapoints: z
      .string()
      .regex(/^[1-9]\d?\/[1-9]\d?$/, { message: 'datapoints must be "M/N", e.g. "2/3"' })
      .default('2/3')
      .describe('M of N periods below before the alarm goes off. Default 2/3.'),
    severity: z.enum(['critical', 'warning']).default('warning').describe('Default warning.'),
  })
    .optional()
    .describe('type successRate: an alarm on a drop of the rate.'),
  logs: obj({
    logGroup: z
      .string()
      .regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, {
        message: 'logGroup must be a log group name (1-512 of . - _ / # letters digits)',
      })
      .describe('The log group whose events are counted.'),
    pattern: z
      .string()
      .min(1)
      .max(1024, { message: 'a filter pattern is at most 1,024 characters' })
      .describe(
        'A CloudWatch Logs filter pattern, e.g. { $.event = "task_created" }: each matching event counts 1.',
      ),
  })
    .optional()
    .describe('type count, for applications that only log: count matching log events with a metric filter.'),
});

export const KpisSchema = z
  .array(KpiSchema)
  .max(MAX_KPIS, { message: `at most ${MAX_KPIS} KPIs` })
  .describe(
    'Business metrics on the product dashboard: counters, success rates (with an alarm on a drop), feature adoption, measurements.',
  );

export type KpiConfig = z.output<typeof KpiSchema>;
