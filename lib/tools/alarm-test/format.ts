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

const State = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);
const Time = z.union([z.string(), z.number()]);

const Series = z.strictObject({
  metric: z.string(),
  stat: z.string().optional(),
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
  interval: duration('spacing of the input values').optional(),
  initial_state: State.optional(),
  input_series: z.array(Series).min(1),
  expect: z.array(Expectation).optional(),
  expect_transitions: z.record(z.string(), z.array(z.string())).optional(),
});

const CfnResource = z.looseObject({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).optional(),
});

export const AlarmTestFileSchema = z.strictObject({
  assembly: z.string().optional(),
  alarms: z.record(z.string(), CfnResource).optional(),
  evaluation_range: z.number().int().positive().optional(),
  tests: z.array(TestCase).min(1),
});

export type AlarmTestFile = z.infer<typeof AlarmTestFileSchema>;
export type AlarmTestCase = z.infer<typeof TestCase>;
export type SeriesInput = z.infer<typeof Series>;

/** Parses a test file; throws {@link ConfigError} with line and column. `locate` finds a path's position. */
export function parseAlarmTestFile(text: string, file: string) {
  if (text.trim() === '') throw new ConfigError(file, [], 'the file is empty: it needs a tests: list');
  return parseYamlWith(AlarmTestFileSchema, text, file, 'keys assembly, tests, ...');
}
