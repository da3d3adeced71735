/** A {@link Review} (and, optionally, its cost) as a report document: summary, findings, alarms by stack and service. */
import type { AnyAlarmSpec, Severity } from '../../model/alarm-spec';
import { isBandComparison } from '../../model/describe';
import { formatCount, formatThreshold, thresholdUnit } from '../../model/units';
import type { CostEstimate } from '../cost/estimate';
import { usd } from '../cost/prices';
import { count } from '../report/count';
import { clip, type AlarmCard, type Block, type Cell, type ReportDoc, type Tone } from '../report/document';
import { NO_SERVICE } from './context';
import type { ReviewedAlarm, Review } from './review';
import type { FindingLevel } from './types';

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'info'];
const LEVEL_TONE: Record<FindingLevel, Tone> = { error: 'error', warning: 'warning', info: 'info' };

/** `critical` for severities from template metadata, `warning (from name)` when inferred. */
export function severityCell(a: Pick<ReviewedAlarm, 'severity' | 'severitySource'>): Cell {
  const how =
    a.severitySource === 'metadata'
      ? ''
      : a.severitySource === 'default'
        ? ' (default)'
        : ` (from ${a.severitySource})`;
  return { text: `${a.severity}${how}`, tone: a.severity };
}

/** `ALARM: ops-pager; OK: ops-pager`, `via <composite>` for a silent child of a composite, or `-`. */
export function actionsText(spec: AnyAlarmSpec, watchedBy: readonly string[] = []): string {
  const parts: string[] = [];
  if (spec.actions.alarm.length) parts.push(`ALARM: ${spec.actions.alarm.join(', ')}`);
  if (spec.actions.ok.length) parts.push(`OK: ${spec.actions.ok.join(', ')}`);
  if (spec.actions.insufficientData.length)
    parts.push(`INSUFFICIENT_DATA: ${spec.actions.insufficientData.join(', ')}`);
  if (parts.length === 0 && watchedBy.length) parts.push(`via ${watchedBy.join(', ')}`);
  const text = parts.join('; ') || '-';
  return spec.actionsEnabled === false ? `${text} (disabled)` : text;
}

function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return out;
}

function flagsOf(a: ReviewedAlarm): Cell[] {
  return [
    ...a.findings.map((f) => ({ text: `${f.rule}: ${f.message}`, tone: LEVEL_TONE[f.level] })),
    ...a.notes.map((n) => ({ text: `note: ${n}`, tone: 'muted' as const })),
  ];
}

function cardOf(a: ReviewedAlarm, id: string): AlarmCard {
  const s = a.spec;
  const facts: Array<[string, string]> = [['Actions', actionsText(s, a.watchedBy)]];
  if (s.type === 'metric') {
    const src = s.source;
    if (src.type === 'metric') {
      const dims = Object.entries(src.metric.dimensions)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      facts.push(['Metric', `${src.metric.namespace} ${src.metric.metricName}${dims ? ` (${dims})` : ''}`]);
    } else {
      facts.push(['Math', src.expression]);
      facts.push(['Metrics', src.metrics.map((m) => `${m.id}=${m.stat} ${m.metric.metricName}`).join(', ')]);
    }
    if (s.evaluateLowSampleCountPercentile) facts.push(['Low samples', s.evaluateLowSampleCountPercentile]);
  }
  if (a.words) facts.push(['In words', a.words]);
  if (a.mutedBy.length) facts.push(['Muted', a.mutedBy.join('; ')]);
  if (s.description) facts.push(['Description', clip(s.description, 400)]);
  const chart =
    s.type === 'metric'
      ? {
          period: s.source.period,
          evaluationPeriods: s.evaluationPeriods,
          datapointsToAlarm: s.datapointsToAlarm,
          comparison: s.comparison,
          threshold: s.threshold,
          thresholdText: !Number.isFinite(s.threshold)
            ? '? (deploy time)'
            : isBandComparison(s.comparison)
              ? `${s.threshold} σ`
              : formatThreshold(s.threshold, thresholdUnit(s)),
          treatMissingData: s.treatMissingData,
        }
      : undefined;
  const sev = severityCell(a);
  return {
    id,
    title: a.name,
    tone: a.severity,
    subtitle: [
      a.stack,
      a.service === NO_SERVICE ? '' : a.service,
      sev.text,
      s.type === 'composite' ? 'composite' : '',
    ]
      .filter(Boolean)
      .join(' · '),
    condition: clip(a.condition, 600),
    facts,
    ...(chart ? { chart } : {}),
    flags: flagsOf(a),
  };
}

/** Names in a line: the first few, then how many more. */
const someNames = (names: readonly string[], max = 8) =>
  names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');

/** What each SLO tier alerts on, in words, and which alarms each maintenance window mutes, and when. */
function wordsAndWindows(review: Review): Block[] {
  const blocks: Block[] = [];
  const tiers = review.alarms.filter((a) => a.words);
  if (tiers.length) {
    blocks.push({ type: 'heading', level: 1, text: `SLO burn-rate alerts in words (${tiers.length})` });
    blocks.push({
      type: 'list',
      items: tiers.map((a) => ({ text: `${a.name}: ${a.words}`, tone: a.severity })),
    });
  }
  if (review.maintenance.length) {
    blocks.push({
      type: 'heading',
      level: 1,
      text: `Maintenance windows (${review.maintenance.length} mute rules)`,
    });
    const severityOf = new Map(review.alarms.map((a) => [`${a.stack}\u0000${a.name}`, a.severity]));
    blocks.push({
      type: 'list',
      items: review.maintenance.map((r) => {
        const pages = r.alarmNames.filter(
          (n) => severityOf.get(`${r.stack}\u0000${n}`) === 'critical',
        ).length;
        return {
          text: `${r.name} (${r.stack}): ${r.when}; mutes the actions of ${r.alarmNames.length} alarms (${pages} that page): ${someNames(r.alarmNames)}`,
        };
      }),
    });
  }
  return blocks;
}

export interface ReviewDocOptions {
  readonly cost?: CostEstimate;
}

export function reviewDoc(review: Review, options: ReviewDocOptions = {}): ReportDoc {
  const s = review.summary;
  const blocks: Block[] = [];
  const findingsTone: Tone = s.findingsByLevel.error ? 'error' : review.findings.length ? 'warning' : 'ok';
  blocks.push({
    type: 'figures',
    items: [
      { label: 'Stacks', value: String(s.stacks) },
      { label: 'Alarms', value: formatCount(s.alarms) },
      ...SEVERITY_ORDER.map((sev) => ({
        label: sev,
        value: formatCount(s.bySeverity[sev]),
        tone: sev,
      })),
      { label: 'Findings', value: formatCount(review.findings.length), tone: findingsTone },
      ...(review.problems.length
        ? [{ label: 'Unreadable', value: String(review.problems.length), tone: 'error' as const }]
        : []),
      ...(options.cost ? [{ label: 'Cost / month', value: usd(options.cost.total) }] : []),
    ],
  });
  if (review.problems.length) {
    blocks.push({ type: 'heading', level: 1, text: 'Could not be read (the review below is partial)' });
    blocks.push({
      type: 'list',
      items: review.problems.map((p) => ({ text: `${p.file}: ${p.message}`, tone: 'error' })),
    });
  }
  blocks.push({ type: 'heading', level: 1, text: 'Summary' });
  blocks.push({
    type: 'bars',
    title: 'Alarms by severity',
    items: SEVERITY_ORDER.map((sev) => ({ label: sev, value: s.bySeverity[sev], tone: sev })),
  });
  const services = Object.entries(s.byService).sort((a, b) => b[1] - a[1]);
  const shown = services.slice(0, 15);
  const rest = services.slice(15).reduce((n, [, v]) => n + v, 0);
  blocks.push({
    type: 'bars',
    title: 'Alarms by service',
    items: [
      ...shown.map(([label, value]) => ({ label, value })),
      ...(rest ? [{ label: `${services.length - 15} more services`, value: rest }] : []),
    ],
  });
  if (review.findings.length) {
    blocks.push({
      type: 'bars',
      title: 'Findings by rule',
      items: review.rules
        .filter((r) => s.findingsByRule[r.id])
        .map((r) => ({ label: r.id, value: s.findingsByRule[r.id], tone: LEVEL_TONE[r.level] })),
    });
  }
  if (options.cost) {
    const c = options.cost;
    blocks.push({
      type: 'paragraph',
      text: `Estimated cost: ${usd(c.total)} a month (${usd(c.subtotal)} before the free tier), ${c.region} prices of ${c.pricesAsOf}. Lines and assumptions: cdk-telemetry cost.`,
    });
    blocks.push({
      type: 'table',
      columns: ['stack', 'USD / month'],
      rows: Object.entries(c.byStack).map(([stack, v]) => [stack, usd(v)]),
    });
  }

  blocks.push({ type: 'heading', level: 1, text: `Findings (${review.findings.length})` });
  if (review.findings.length === 0) {
    blocks.push({ type: 'paragraph', text: `No findings from ${review.rules.length} rules.` });
  } else {
    blocks.push({
      type: 'table',
      columns: ['level', 'rule', 'stack', 'alarm', 'finding'],
      rows: review.findings.map((f) => [
        { text: f.level, tone: LEVEL_TONE[f.level] },
        f.rule,
        f.stack,
        f.alarm,
        f.message,
      ]),
    });
    blocks.push({
      type: 'list',
      items: review.rules
        .filter((r) => s.findingsByRule[r.id])
        .map((r) => ({ text: `${r.id} (${r.level}): ${r.title}. ${r.advice}`, tone: LEVEL_TONE[r.level] })),
    });
  }

  blocks.push(...wordsAndWindows(review));
  blocks.push({ type: 'heading', level: 1, text: 'Alarms' });
  let n = 0;
  for (const [stack, alarms] of group(review.alarms, (a) => a.stack)) {
    const byService = [...group(alarms, (a) => a.service)].sort(([a], [b]) => a.localeCompare(b));
    for (const [service, list] of byService) {
      const first = n;
      n += list.length;
      blocks.push({
        type: 'cards',
        title: `${stack} · ${service}`,
        open: review.alarms.length <= 300,
        count: list.length,
        cards: (max = list.length) => list.slice(0, max).map((a, i) => cardOf(a, `alarm-${first + i}`)),
        table: {
          type: 'table',
          columns: ['alarm', 'severity', 'condition', 'missing', 'actions', 'findings'],
          optional: ['missing', 'findings', 'actions'],
          rows: list.map((a) => [
            a.name,
            severityCell(a),
            clip(a.condition, 160),
            a.spec.type === 'metric' ? a.spec.treatMissingData : '-',
            actionsText(a.spec, a.watchedBy),
            a.findings.length
              ? { text: a.findings.map((f) => f.rule).join(', '), tone: LEVEL_TONE[a.findings[0].level] }
              : a.notes.length
                ? { text: `${a.notes.length} note(s)`, tone: 'muted' }
                : '',
          ]),
        },
        notes: list.flatMap((a) =>
          a.notes.map((note) => ({ text: `${a.name}: ${note}`, tone: 'muted' as const })),
        ),
      });
    }
  }
  return {
    title: 'Alarm review',
    subtitle: `${review.root}: ${count(s.stacks, 'stack')}, ${count(s.alarms, 'alarm')} (${s.metricAlarms} metric, ${s.compositeAlarms} composite), ${count(review.findings.length, 'finding')}`,
    blocks,
  };
}
