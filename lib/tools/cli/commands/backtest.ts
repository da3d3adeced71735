/** `cdk-telemetry backtest`: would these alarms have fired? Replays them over metric history. */
import type { Command } from 'commander';
import type * as HistoryFiles from '../../history/files';
import { runBacktest, queriesFor, selectAlarms, unitNotes } from '../../backtest/backtest';
import { backtestJson, backtestTable, iso } from '../../backtest/report';
import { backtestHtml } from '../../backtest/report-html';
import { alignUp } from '../../evaluate/grid';
import { formatLimit, INPUT_LIMITS, InputLimitError } from '../../limits';
import { ALARM_STATES, type AlarmState } from '../../evaluate/state';
import type * as HistoryCloudWatch from '../../history/cloudwatch';
import { alarmsOf, endIfPartial, readAssembly, type AssemblyOptions } from '../assembly-option';
import { defineCommand } from '../builders';
import { EXIT, UsageError } from '../errors';
import type { CliIo } from '../io';
import {
  asUsageError,
  choice,
  cloudWatchClient,
  parseTimeOption,
  positiveInt,
  type AwsOptions,
} from '../options';
import { columnsFor, writeOutput, type OutputOptions } from '../output';
import { progressBar } from '../progress';

interface BacktestOptions extends AssemblyOptions, OutputOptions, AwsOptions {
  alarm?: string[];
  history?: string[];
  live?: boolean;
  from?: string;
  to?: string;
  evaluationRange?: string;
  initialState: string;
  failOnAlarm?: boolean;
}

async function backtest(opts: BacktestOptions, io: CliIo): Promise<void> {
  const format = opts.format;
  const initialState = choice('--initial-state', opts.initialState, ALARM_STATES) as AlarmState;
  if (Boolean(opts.history?.length) === Boolean(opts.live))
    throw new UsageError('give either --history <files...> or --live (history from GetMetricData)');
  const read = readAssembly(opts.app, io);
  const alarms = alarmsOf(read);
  let selection;
  try {
    selection = selectAlarms(alarms, opts.alarm);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { needed } = selection;
  const now = Math.floor(Date.now() / 1000);
  let history;
  let label: string;
  const notes: string[] = [];
  let from: number;
  let to: number;
  if (opts.history?.length) {
    // Loaded on use: the history file reader brings zod, which the CLI does not need at start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a fast start
    const { loadHistoryFiles } = require('../../history/files') as typeof HistoryFiles;
    history = loadHistoryFiles(opts.history);
    const span = history.span();
    if (!span) throw new UsageError(`--history: the files hold no datapoints`);
    from = opts.from ? parseTimeOption('--from', opts.from, now) : span.from;
    // By default the replay runs until the period of the last datapoint has ended, for the longest period (of
    // the alarms whose period is known: a deploy-time period is skipped by the replay).
    const periods = needed.map((a) => (a.type === 'metric' ? a.source.period : 0));
    const longest = Math.max(
      60,
      ...periods.filter((p) => Number.isInteger(p) && p <= INPUT_LIMITS.replaySeconds),
    );
    to = opts.to ? parseTimeOption('--to', opts.to, now) : alignUp(span.to, longest);
    label = `${opts.history.length} file${opts.history.length > 1 ? 's' : ''}, ${history.metrics().length} metrics${history.emfDocuments ? ` from ${history.emfDocuments} EMF documents` : ''}`;
    notes.push(...unitNotes(needed, history));
  } else {
    to = parseTimeOption('--to', opts.to ?? 'now', now);
    from = parseTimeOption('--from', opts.from ?? '7d', to);
    const bar = progressBar(io, 'GetMetricData');
    const queries = queriesFor(needed);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use: it brings the CloudWatch SDK
    const { fetchHistory } = require('../../history/cloudwatch') as typeof HistoryCloudWatch;
    const fetched = await fetchHistory(cloudWatchClient(opts), queries, {
      from,
      to,
      onProgress: (p) => bar.update(p.batches, p.totalBatches, `(${p.requests} requests)`),
    }).finally(() => bar.finish());
    history = fetched.store;
    notes.push(...fetched.notes);
    label = `GetMetricData, ${queries.length} queries in ${fetched.requests} requests`;
  }
  if (!(to > from))
    throw new UsageError(
      `the replay would end (${iso(to)}${opts.to ? ', --to' : ''}) before it starts (${iso(from)}${opts.from ? ', --from' : ', the first datapoint'})`,
    );
  const range = opts.evaluationRange ? positiveInt('--evaluation-range', opts.evaluationRange) : undefined;
  if (range !== undefined && range > INPUT_LIMITS.evaluationRange)
    throw new UsageError(
      `--evaluation-range ${range} is over the limit of ${formatLimit(INPUT_LIMITS.evaluationRange)} datapoints`,
    );
  let report;
  try {
    report = runBacktest({
      alarms,
      selection,
      history,
      historyLabel: label,
      notes,
      options: { from, to, initialState, ...(range !== undefined ? { evaluationRange: range } : {}) },
    });
  } catch (e) {
    if (e instanceof InputLimitError)
      throw new UsageError(`${e.message} (choose with --from, --to, --alarm)`);
    throw e;
  }
  const text =
    format === 'json'
      ? JSON.stringify(backtestJson(report), null, 2)
      : format === 'html'
        ? backtestHtml(report)
        : backtestTable(report, format === 'md' ? 'md' : 'text', columnsFor(io));
  writeOutput(io, opts, text);
  endIfPartial([{ read }], 'backtest', opts.allowPartial);
  if (opts.failOnAlarm && report.alarms.some((a) => a.alarmEpisodes.length > 0))
    process.exitCode = EXIT.FOUND;
}

export function registerBacktest(program: Command, io: CliIo): void {
  defineCommand(program, {
    name: 'backtest',
    description:
      'Replay the alarms of a cloud assembly over metric history: transitions, ALARM episodes, time in alarm, pages.',
    assembly: true,
    formats: ['table', 'md', 'json', 'html'],
    aws: true,
  })
    .option('--alarm <names...>', 'only these alarms (wildcards * and ?); composites bring their children')
    .option(
      '--history <files...>',
      'metric history files (.json or .csv, see the README for the format), or EMF logs (.jsonl, .log)',
    )
    .option('--live', 'read the history from CloudWatch GetMetricData (standard AWS credentials and region)')
    .option(
      '--from <time>',
      "start: ISO 8601, epoch seconds, or a duration before --to such as 7d (default: 7d live, the files' first datapoint)",
    )
    .option(
      '--to <time>',
      "end: ISO 8601, epoch seconds, now, or a duration before now (default: now live, the files' last datapoint)",
    )
    .option('--evaluation-range <n>', 'datapoints each evaluation reads (default: N + max(N/3, 2))')
    .option(
      '--initial-state <state>',
      'state before the first evaluation: OK, ALARM or INSUFFICIENT_DATA (OK: alarms that were running)',
      'OK',
    )
    .option('--fail-on-alarm', 'exit 1 when any chosen alarm would have gone to ALARM')
    .action(async (opts: BacktestOptions) => {
      try {
        await backtest(opts, io);
      } catch (e) {
        throw asUsageError(e);
      }
    });
}
