/**
 * `services[].slos`: service level objectives, each alerting by burn rate (see `lib/model/slo.ts`).
 */
import { z } from 'zod';
import { duration, obj } from './schema-helpers';

/** At most this many SLOs per service (each is six alarms and three composites). */
export const MAX_SLOS_PER_SERVICE = 20;

const resource = z
  .string()
  .min(1)
  .max(256)
  .describe(
    'The resource whose metrics are the indicator: its label or AWS name in this service (a REST or HTTP API stage, an API route, a Lambda function; for availability also a canary).',
  );

export const SloSchema = obj({
  name: z
    .string()
    .regex(/^[a-z]([a-zA-Z0-9-]{0,22}[a-zA-Z0-9])?$/, {
      message:
        'must match ^[a-z]([a-zA-Z0-9-]{0,22}[a-zA-Z0-9])?$ (a letter, then letters, digits and "-", at most 24, not ending in "-": Application Signals names end in a letter or digit)',
    })
    .describe('Short name, unique in the service: part of alarm names, e.g. availability.'),
  description: z.string().max(200).optional().describe('What is promised, in words.'),
  objective: z
    .number()
    .min(90, { message: 'write the objective in percent, from 90 to 99.999 (e.g. 99.9)' })
    .max(99.999, { message: 'write the objective in percent, from 90 to 99.999 (e.g. 99.9)' })
    .describe('The share of good events to reach, in percent (e.g. 99.9).'),
  window: z
    .enum(['28d', '30d'])
    .default('30d')
    .describe('The SLO window (rolling): 28d or 30d. Default: 30d.'),
  applicationSignals: z
    .boolean()
    .optional()
    .describe(
      'Also create an AWS::ApplicationSignals::ServiceLevelObjective with burn-rate metrics for each alarm window. Default: applicationSignals.slos.',
    ),
  eventsPerMinute: z
    .number()
    .positive()
    .max(10_000_000, { message: 'must be at most 10,000,000 events a minute' })
    .optional()
    .describe(
      'The requests (or canary runs) a minute the service usually serves: review puts each burn-rate alert in requests at this traffic. Default: per 1,000 requests.',
    ),
  availability: obj({ resource })
    .optional()
    .describe(
      'Good events are requests that did not fail (no 5XX, no function error), or canary runs that succeeded.',
    ),
  latency: obj({
    resource,
    threshold: duration('Good events answer in at most this long (e.g. 300ms).', {
      minMs: 1,
      maxMs: 900_000,
      text: '1ms to 15m',
    }),
  })
    .optional()
    .describe(
      'Good events are requests answered within the threshold (CloudWatch percentile rank PR(:threshold)).',
    ),
});

export const SlosSchema = z
  .array(SloSchema)
  .max(MAX_SLOS_PER_SERVICE, { message: `at most ${MAX_SLOS_PER_SERVICE} SLOs per service` })
  .optional()
  .describe('Service level objectives: availability or latency, alerting by multi-window burn rates.');

export type SloConfig = z.output<typeof SloSchema>;

/** `applicationSignals`: app-wide Application Signals settings. */
export const ApplicationSignalsSchema = obj({
  slos: z
    .boolean()
    .default(false)
    .describe(
      'Every SLO is also an AWS::ApplicationSignals::ServiceLevelObjective (an SLO can say otherwise). Default: false.',
    ),
})
  .optional()
  .describe(
    'CloudWatch Application Signals: SLOs as Application Signals objectives, with burn-rate metrics.',
  );
