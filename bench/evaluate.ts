/**
 * Speed of the alarm evaluation engine, on one core (`npm run bench:evaluate`). A datapoint-evaluation is one
 * alarm evaluated after one datapoint: reading its evaluation range, applying M of N and the missing-data rules,
 * and setting the state, exactly as a replay does it.
 */
import * as os from 'node:os';
import { aggregate, parseStatistic } from '../lib/tools/evaluate/statistics';
import { compileMath } from '../lib/tools/evaluate/math-eval';
import {
  classify,
  evaluateClassified,
  evaluateMetricAlarm,
  type MetricAlarmRule,
} from '../lib/tools/evaluate/metric-alarm';
import type { MissingData } from '../lib/model/alarm-spec';
import { median } from './median';

const N = 10_000_000;
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

const values = new Float64Array(N);
for (let i = 0; i < N; i++) values[i] = random() < 0.1 ? NaN : random() * 100;

/**
 * Runs `fn` 7 times and reports the median rate by CPU time of this (single-threaded) process, which is what
 * "one core" means on a shared machine, and by wall-clock time beside it.
 */
function time<T>(label: string, count: number, unit: string, fn: () => T): T {
  fn(); // warm up
  const cpu: number[] = [];
  const wall: number[] = [];
  let result!: T;
  for (let r = 0; r < 7; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    result = fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e9);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
  }
  const rate = (s: number) => (count / s / 1e6).toFixed(1).padStart(6);
  console.log(
    `${label.padEnd(62)} ${rate(median(cpu))} M ${unit}/s (CPU time)  ${rate(median(wall))} M/s (wall)`,
  );
  return result;
}

console.log(
  `node ${process.version}, one core, median of 7 runs; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores\n`,
);
const plain = new Float64Array(N).fill(1);
time('calibration: a plain loop summing a Float64Array', N, 'additions', () => {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += plain[i];
  return sum;
});
const rule = (treatMissingData: MissingData): MetricAlarmRule => ({
  comparison: 'GreaterThanThreshold',
  threshold: 90,
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
  treatMissingData,
});
const cls = classify(values, 'GreaterThanThreshold', 90);
// A realistic series: long quiet stretches, incidents of a few minutes, gaps at night.
const realistic = new Float64Array(N);
for (let i = 0; i < N; i++) realistic[i] = i % 1440 > 1380 ? NaN : i % 997 < 6 ? 95 : 20 + (i % 13);
const clsRealistic = classify(realistic, 'GreaterThanThreshold', 90);
const out = new Uint8Array(N);
for (const t of ['missing', 'ignore', 'breaching', 'notBreaching'] as MissingData[]) {
  time(`evaluate 3 of 5, ${t} (classified series)`, N, 'datapoint-evaluations', () =>
    evaluateClassified(cls, rule(t), { out }),
  );
}
time('evaluate 3 of 5, missing (realistic series)', N, 'datapoint-evaluations', () =>
  evaluateClassified(clsRealistic, rule('missing'), { out }),
);
time('classify + evaluate 3 of 5, missing', N, 'datapoint-evaluations', () =>
  evaluateMetricAlarm(values, rule('missing'), { out }),
);
time('evaluate 15 of 15, notBreaching', N, 'datapoint-evaluations', () =>
  evaluateClassified(cls, { ...rule('notBreaching'), evaluationPeriods: 15, datapointsToAlarm: 15 }, { out }),
);

const grid = { start: 0, period: 60, length: N };
const requests = Float64Array.from(values, (v) => (v === v ? Math.round(v) : NaN));
const errors = Float64Array.from(values, (v, i) => (i % 7 === 0 ? NaN : Math.round(v / 20)));
const math = compileMath('IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)');
time('math: IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)', N, 'datapoints', () =>
  math.evaluate({
    grid,
    metrics: new Map([
      ['requests', requests],
      ['errors', errors],
    ]),
  }),
);

const raw = 2_000_000;
const times = Float64Array.from({ length: raw }, (_, i) => i * 3); // 20 raw datapoints per minute
const samples = Float64Array.from({ length: raw }, () => random() * 1000);
const g = { start: 0, period: 60, length: raw / 20 };
time('aggregate raw datapoints: Sum', raw, 'raw datapoints', () =>
  aggregate(times, samples, g, parseStatistic('Sum')),
);
time('aggregate raw datapoints: p99', raw, 'raw datapoints', () =>
  aggregate(times, samples, g, parseStatistic('p99')),
);
