/**
 * The alarm test file (YAML), in the spirit of `promtool test rules`:
 *
 * ```yaml
 * assembly: ../../cdk.out          # where the alarms come from (or --app); relative to this file
 * tests:
 *   - name: the error rate pages after three bad minutes out of five
 *     interval: 1m                 # spacing of the values (default 1m)
 *     input_series:
 *       - metric: AWS/Lambda Errors{FunctionName=checkout}
 *         stat: Sum                # the values are this statistic per interval; omit for raw datapoints
 *         values: 0x9 6x4
 *     expect:
 *       - at: 13m                  # after the start (or an ISO time)
 *         alarm: shop-api-checkout-errorRate-critical
 *         state: ALARM
 * ```
 */
import { z } from 'zod';
import { ConfigError } from '../../config/errors';
import { parseYamlWith } from '../../config/parse-yaml';
import { duration } from '../../config/schema-helpers';
import { durationProblem, parseDurationMs } from '../../model/duration';
import { printable, quote } from '../echo';
import { parseStatistic } from '../evaluate/statistics';
import { formatLimit, INPUT_LIMITS } from '../limits';

const STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
const State = z.enum(STATES);
const Time = z.union([z.string(), z.number()]);

/** A statistic the evaluator knows: a file mistake, not a failed test. */
const Statistic = z.string().superRefine((v, ctx) => {
  try {
    parseStatistic(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});

/**
 * The spacing of input values: a whole number of seconds from 1s to 1d (it is the period of `stat` values). The
 * duration schema checks only the spelling (no range of its own), so a value out of range is one problem, not two.
 */
const Interval = duration('spacing of the input values', {}).superRefine((v, ctx) => {
  if (durationProblem(v)) return;
  const s = parseDurationMs(v) / 1000;
  if (!(Number.isInteger(s) && s >= 1 && s <= 86_400))
    ctx.addIssue({ code: 'custom', message: `${quote(v)} is not a whole number of seconds from 1s to 1d` });
});

/** `13m ALARM`: a time after the start and the state the alarm changes to then. */
const TRANSITION = /^\s*(\S+)\s+(\S+)\s*$/;
const Transition = z.string().superRefine((v, ctx) => {
  const m = TRANSITION.exec(v);
  if (!m || durationProblem(m[1]) || !(STATES as readonly string[]).includes(m[2]))
    ctx.addIssue({
      code: 'custom',
      message: `${quote(v)} is not a transition (write the time after the start and the new state, e.g. "13m ALARM"; states: ${STATES.join(', ')})`,
    });
});

/** `13m ALARM` → seconds after the start and the state; for a {@link Transition} that passed validation. */
export function parseTransition(text: string): { offset: number; state: string } {
  const m = TRANSITION.exec(text)!;
  return { offset: parseDurationMs(m[1]) / 1000, state: m[2] };
}

const Series = z.strictObject({
  metric: z.string(),
  stat: Statistic.optional(),
  values: z.union([z.string(), z.number()]),
  samples: z.union([z.string(), z.number()]).optional(),
});

const Expectation = z.union([
  z.strictObject({ at: Time, alarm: z.string(), state: State }),
  z.strictObject({ at: Time, alarms: z.record(z.string(), State) }),
]);

const TestCase = z.strictObject({
  name: z.string(),
  start: Time.optional(),
  interval: Interval.optional(),
  initial_state: State.optional(),
  input_series: z.array(Series).min(1),
  expect: z.array(Expectation).optional(),
  expect_transitions: z.record(z.string(), z.array(Transition)).optional(),
});

const CfnResource = z.looseObject({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).optional(),
});

export const AlarmTestFileSchema = z.strictObject({
  assembly: z.string().optional(),
  alarms: z.record(z.string(), CfnResource).optional(),
  evaluation_range: z.number().int().positive().max(INPUT_LIMITS.evaluationRange).optional(),
  tests: z.array(TestCase).min(1),
});

export type AlarmTestFile = z.infer<typeof AlarmTestFileSchema>;
export type AlarmTestCase = z.infer<typeof TestCase>;
export type SeriesInput = z.infer<typeof Series>;

/** Parses a test file; throws {@link ConfigError} with line and column. `locate` finds a path's position. */
export function parseAlarmTestFile(text: string, file: string) {
  if (text.trim() === '') throw new ConfigError(file, [], 'the file is empty: it needs a tests: list');
  if (text.length > INPUT_LIMITS.yamlFileBytes)
    throw new ConfigError(
      file,
      [],
      `the file is over ${formatLimit(INPUT_LIMITS.yamlFileBytes)} characters (the limit)`,
    );
  try {
    return parseYamlWith(AlarmTestFileSchema, text, file, 'keys assembly, tests, ...');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    // The YAML library refuses alias bombs and undefined aliases with exceptions of its own.
    throw new ConfigError(
      file,
      [],
      `YAML: ${printable(String((e as Error).message ?? e).split('\n')[0], 200)}`,
    );
  }
}
