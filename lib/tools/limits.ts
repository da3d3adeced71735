/**
 * The bounds on every size the tools take from their input (cloud assemblies, templates, history files, alarm
 * tests, options), in one place, so that memory stays under 1 GB whatever the input (README, "Limits"). Each
 * limit is far above what a real input needs and is named in the one-line error of an input that exceeds it.
 */
export const INPUT_LIMITS = {
  /** Bytes of one JSON file of an assembly (manifest or template): CloudFormation takes 1 MB templates. */
  assemblyFileBytes: 16 * 1024 * 1024,
  /** Bytes of all the files of one assembly read together. */
  assemblyBytes: 128 * 1024 * 1024,
  /** Stacks (templates) in one assembly, nested stacks and stages included. */
  assemblyStacks: 2_000,
  /** Alarms in one assembly: 2,000 stacks of 500 resources could hold more than a review should draw. */
  assemblyAlarms: 100_000,
  /** Nested cloud assemblies (CDK stages) inside one another. */
  assemblyDepth: 16,
  /** Nesting of JSON values in a file (templates nest intrinsics a few levels deep). */
  jsonDepth: 100,
  /**
   * Bytes of one history file (`backtest --history`): 1.5 million datapoints in JSON, twice 455 days of
   * one-minute datapoints of one metric. Reading a JSON file takes about ten times its size in memory for a moment.
   */
  historyFileBytes: 32 * 1024 * 1024,
  /** Datapoints in all history files of one backtest. */
  historyPoints: 5_000_000,
  /** Bytes of one alarm test file, and of one usage file (YAML). */
  yamlFileBytes: 4 * 1024 * 1024,
  /** Values of one input series in an alarm test, after the `axn` notation is expanded. */
  testSeriesValues: 100_000,
  /** Values of all the input series of one alarm test file. */
  testFileValues: 1_000_000,
  /**
   * The time a replay may cover: CloudWatch keeps hourly datapoints for 455 days (15 months), so no history is
   * longer.
   */
  replaySeconds: 455 * 86_400,
  /** Periods evaluated in one replay, summed over the alarms (each metric of a math alarm counts). */
  replayDatapoints: 20_000_000,
  /**
   * Seconds of one alarm's evaluation window (period x evaluation periods): the most PutMetricAlarm accepts (7
   * days, for periods of an hour or more; 1 day below an hour).
   */
  evaluationWindowSeconds: 7 * 86_400,
  /** The evaluation range (`--evaluation-range`, `evaluation_range:`): datapoints one evaluation reads. */
  evaluationRange: 20_000,
  /**
   * Transitions, ALARM episodes and notifications listed per alarm in a backtest (the first ones; every total is
   * counted). A flapping alarm over a long history changes state at every period.
   */
  replayListed: 10_000,
  /** Alarm cards (with a window chart) in one HTML page; further alarms are listed in a table. */
  htmlCards: 500,
  /** Alarms listed in one HTML page (cards and table rows); further alarms are counted, not listed. */
  htmlAlarms: 5_000,
} as const;

/** An input over one of the {@link INPUT_LIMITS}: the message names the limit (a usage error, exit 2). */
export class InputLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputLimitError';
  }
}

/** The first and last instants a time may be: 1970-01-01 and 9999-12-31T23:59:59Z, in epoch seconds. */
export const TIME_RANGE = { min: 0, max: 253_402_300_799 } as const;

/** `1234567` → `1,234,567`: limits in messages. */
export const formatLimit = (n: number) => n.toLocaleString('en-US');

/** `16777216` → `16 MiB`. */
export const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${Number((n / 1024 / 1024).toFixed(1))} MiB` : `${Number((n / 1024).toFixed(1))} KiB`;
