/**
 * `journeys:`: time-to-first-value journeys the application records with `cdk-telemetry/runtime`
 * (`journey('onboarding').start()`, `.reached('first-project', { startedAt })`), their stage targets and the three
 * alert levels on the total (see `lib/model/journeys.ts`).
 */
import { z } from 'zod';
import { duration, obj } from './schema-helpers';

/** At most this many journeys per app (each is up to 3 alarms per stage and 3 on the total). */
export const MAX_JOURNEYS = 10;
/** At most this many stages per journey. */
export const MAX_JOURNEY_STAGES = 12;

/** A journey lasts from a minute to 30 days; so do its targets and alert levels. */
const JOURNEY_RANGE = { minMs: 60_000, maxMs: 30 * 86_400_000, text: '1m to 30d' };
const journeyDuration = (description: string) => duration(description, JOURNEY_RANGE);

/** Journey and stage names: the runtime's dimension values, written the same way in code and config. */
const name = (what: string) =>
  z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, {
    message: `must match ^[a-z][a-z0-9-]{0,39}$ (lower case, digits and "-", at most 40): the ${what} name the code passes to the runtime`,
  });

const StageSchema = obj({
  name: name('stage').describe(
    "The stage, as the code names it: journey('<journey>').reached('<stage>'). Also part of alarm names.",
  ),
  target: journeyDuration(
    'How long users should take to reach this stage from the previous one (from the start for the first stage).',
  ),
});

export const JourneySchema = obj({
  name: name('journey').describe("The journey, as the code names it: journey('<name>')."),
  description: z.string().max(200).optional().describe('What the journey is, in words.'),
  stages: z
    .array(StageSchema)
    .min(1, { message: 'list at least one stage' })
    .max(MAX_JOURNEY_STAGES, { message: `at most ${MAX_JOURNEY_STAGES} stages per journey` })
    .describe('The stages in the order users reach them; the last one ends the journey.'),
  total: journeyDuration(
    'The target for the whole journey (start to last stage). Default: the sum of the stage targets.',
  ).optional(),
  alerts: obj({
    warning: journeyDuration('Warning when the total time passes this.'),
    critical: journeyDuration('Critical (pages) when the total time passes this.').optional(),
    escalation: journeyDuration(
      'Escalation when the total time passes this: to `alerting.escalation`, else to the critical channels.',
    ).optional(),
  })
    .optional()
    .describe(
      'Alert levels on the total time, increasing. Each stage alarms at the same share of its own target. Default: warning at the total target.',
    ),
  statistic: z
    .string()
    .regex(/^p(50|75|90|95|99)$/, { message: 'statistic must be one of p50, p75, p90, p95, p99' })
    .default('p90')
    .describe('The percentile of users compared with the targets. Default p90.'),
  minSamples: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(10)
    .describe(
      'Fewest users reaching a stage in a period for its alarm to judge: fewer, and the stage is not judged. Default 10.',
    ),
  period: duration('The period a percentile is taken over, 1m to 1d. Default 1h.', {
    minMs: 60_000,
    maxMs: 86_400_000,
    text: '1m to 1d',
  })
    .default('1h')
    .describe('The period a percentile is taken over, 1m to 1d. Default 1h.'),
  datapoints: z
    .string()
    .regex(/^[1-9]\d?\/[1-9]\d?$/, { message: 'datapoints must be "M/N", e.g. "2/3"' })
    .default('2/3')
    .describe('M of N periods over the target before the alarm goes off. Default 2/3.'),
});

export const JourneysSchema = z
  .array(JourneySchema)
  .max(MAX_JOURNEYS, { message: `at most ${MAX_JOURNEYS} journeys` })
  .describe(
    'User journeys (time to first value) recorded by cdk-telemetry/runtime: stage targets, alarms per stage and on the total, a funnel on the product dashboard.',
  );

export type JourneyConfig = z.output<typeof JourneySchema>;
