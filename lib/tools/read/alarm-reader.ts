/**
 * Reads `AWS::CloudWatch::Alarm` and `AWS::CloudWatch::CompositeAlarm` resources back into AlarmSpecs: the inverse
 * of `lib/alarms/render.ts`, and tolerant of alarms it did not create (cdk-monitoring-constructs, hand-written).
 * What cannot be read exactly is kept as a note on the alarm, never a crash.
 */
import {
  COMPARISONS,
  MISSING_DATA,
  SEVERITIES,
  type AlarmActions,
  type AlarmLabels,
  type AlarmRule,
  type AlarmSource,
  type AlarmSpec,
  type AnyAlarmSpec,
  type Comparison,
  type CompositeAlarmSpec,
  type MathMetric,
  type MetricId,
  type MissingData,
  type Severity,
} from '../../model/alarm-spec';
import { parseAlarmRule } from '../../model/alarm-rule';
import { LIMITS } from '../../model/limits';
import { METADATA_KEY, STANDARD_STATISTICS } from '../../model/template-keys';
import { labelsFromName, type TemplateTelemetryMetadata } from '../../model/labels';
import type { SloTierFacts } from '../../model/slo-words';
import { printable, quote } from '../echo';
import { own, setOwn } from '../own';
import { actionTarget, alarmNameOf, evaluate, type CfnResource, type CfnTemplateLike } from './intrinsics';

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** How the severity of a read alarm was found. */
export type SeveritySource = 'metadata' | 'name' | 'actions' | 'default';

/** One alarm resource of a template, read back into a spec. */
export interface ReadAlarm {
  /** The alarm's logical id in its template. */
  readonly logicalId: string;
  /** The alarm, normalized. */
  readonly spec: AnyAlarmSpec;
  /** How its severity was found: our metadata, its name, its actions, or the default. */
  readonly severitySource: SeveritySource;
  /** What could not be read exactly: deploy-time values, unknown properties, anomaly bands. */
  readonly notes: readonly string[];
}

/** The properties of `AWS::CloudWatch::Alarm` the reader knows (also the fields of a deployed metric alarm). */
export const METRIC_PROPS = new Set([
  'AlarmName',
  'AlarmDescription',
  'ComparisonOperator',
  'Threshold',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'TreatMissingData',
  'EvaluateLowSampleCountPercentile',
  'MetricName',
  'Namespace',
  'Dimensions',
  'Statistic',
  'ExtendedStatistic',
  'Period',
  'Unit',
  'Metrics',
  'ThresholdMetricId',
  'AlarmActions',
  'OKActions',
  'InsufficientDataActions',
  'ActionsEnabled',
  'Tags',
]);
/** The properties of `AWS::CloudWatch::CompositeAlarm` the reader knows. */
export const COMPOSITE_PROPS = new Set([
  'AlarmName',
  'AlarmDescription',
  'AlarmRule',
  'AlarmActions',
  'OKActions',
  'InsufficientDataActions',
  'ActionsEnabled',
  'ActionsSuppressor',
  'ActionsSuppressorWaitPeriod',
  'ActionsSuppressorExtensionPeriod',
  'Tags',
]);

class Reader {
  readonly notes: string[] = [];
  constructor(
    readonly template: CfnTemplateLike,
    readonly props: Record<string, unknown>,
  ) {}

  str(key: string, value: unknown = this.props[key]): string | undefined {
    if (value === undefined) return undefined;
    const v = evaluate(value, this.template);
    if (v.ok) return v.value;
    this.notes.push(`${key}: ${v.why}`);
    return undefined;
  }

  num(key: string, value: unknown = this.props[key]): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'number') return value;
    if (typeof value === 'boolean' || value === null) {
      this.notes.push(`${key}: not a number`);
      return NaN;
    }
    const s = this.str(key, value);
    if (s === undefined) return NaN;
    const n = s.trim() === '' ? NaN : Number(s);
    if (!Number.isFinite(n)) this.notes.push(`${key}: ${quote(s)} is not a number`);
    return Number.isFinite(n) ? n : NaN;
  }

  actions(): AlarmActions {
    const list = (key: string): string[] => {
      const raw = this.props[key];
      if (raw === undefined) return [];
      if (!Array.isArray(raw)) {
        this.notes.push(`${key}: not a list`);
        return [];
      }
      return raw.map((a, i) => {
        const v = evaluate(a, this.template);
        if (v.ok) return actionTarget(v.value);
        this.notes.push(`${key}[${i}]: ${v.why}`);
        return JSON.stringify(a);
      });
    };
    return {
      alarm: list('AlarmActions'),
      ok: list('OKActions'),
      insufficientData: list('InsufficientDataActions'),
    };
  }

  metric(raw: unknown, prefix: string): MetricId {
    const where = prefix ? `${prefix}.` : '';
    const m = (isObject(raw) ? raw : {}) as Record<string, unknown>;
    const dims: Record<string, string> = {};
    if (m.Dimensions !== undefined && !Array.isArray(m.Dimensions))
      this.notes.push(`${where}Dimensions: not a list`);
    const list = Array.isArray(m.Dimensions) ? (m.Dimensions as unknown[]) : [];
    for (const d of list) {
      if (!isObject(d)) {
        this.notes.push(`${where}Dimensions: an entry is not an object`);
        continue;
      }
      const name = this.str(`${where}Dimensions.Name`, d.Name) ?? '?';
      setOwn(dims, name, this.str(`${where}Dimensions.${printable(name, 60)}`, d.Value) ?? '?');
    }
    return {
      namespace: this.str(`${where}Namespace`, m.Namespace) ?? '?',
      metricName: this.str(`${where}MetricName`, m.MetricName) ?? '?',
      dimensions: dims,
    };
  }
}

function severityOf(name: string, actions: AlarmActions): { severity: Severity; source: SeveritySource } {
  const word = (text: string): Severity | undefined => {
    const t = text.toLowerCase();
    if (/(^|[^a-z])(critical|crit|sev1|p1|page|pager)([^a-z]|$)/.test(t)) return 'critical';
    if (/(^|[^a-z])(warning|warn|sev2|p2)([^a-z]|$)/.test(t)) return 'warning';
    if (/(^|[^a-z])(info|sev3|p3|notice)([^a-z]|$)/.test(t)) return 'info';
    return undefined;
  };
  const byName = word(name);
  if (byName) return { severity: byName, source: 'name' };
  for (const a of actions.alarm) {
    const byAction = word(a);
    if (byAction) return { severity: byAction, source: 'actions' };
  }
  return { severity: 'warning', source: 'default' };
}

/** `ANOMALY_DETECTION_BAND(m1, 2)` → 2; the width defaults to 2 standard deviations. */
const BAND = /^\s*ANOMALY_DETECTION_BAND\s*\(\s*[^,()]+?\s*(?:,\s*([0-9]+(?:\.[0-9]+)?)\s*)?\)\s*$/;

/**
 * The watched series. For anomaly-detection alarms (`ThresholdMetricId` names an `ANOMALY_DETECTION_BAND`
 * query), the band is not the source: its width in standard deviations becomes the threshold.
 */
function readSource(r: Reader): { source: AlarmSource; bandWidth?: number } {
  const { props: p, notes } = r;
  if (p.Metrics !== undefined && !Array.isArray(p.Metrics)) notes.push('Metrics: not a list');
  if (Array.isArray(p.Metrics)) {
    const queries = (p.Metrics as unknown[]).filter(isObject);
    if (queries.length < p.Metrics.length) notes.push('Metrics: an entry is not an object');
    const bandId = p.ThresholdMetricId === undefined ? undefined : r.str('ThresholdMetricId');
    const band = bandId === undefined ? undefined : queries.find((q) => q.Id === bandId);
    let bandWidth: number | undefined;
    if (bandId !== undefined) {
      const text = band ? r.str(`Metrics.${printable(bandId, 60)}.Expression`, band.Expression) : undefined;
      const m = text === undefined ? null : BAND.exec(text);
      if (m) bandWidth = m[1] === undefined ? 2 : Number(m[1]);
      if (bandWidth === undefined || !Number.isFinite(bandWidth)) {
        bandWidth = undefined;
        notes.push(`ThresholdMetricId: ${quote(bandId)} is not an ANOMALY_DETECTION_BAND expression`);
      }
    }
    const others = queries.filter((q) => q !== band);
    const returned = others.filter((q) => q.ReturnData !== false);
    if (returned.length !== 1) notes.push(`Metrics: ${returned.length} queries return data (expected 1)`);
    const result = returned[returned.length - 1];
    const stats: MathMetric[] = [];
    for (const q of others) {
      const ms = q.MetricStat;
      if (!isObject(ms)) continue;
      stats.push({
        id: String(q.Id),
        metric: r.metric(ms.Metric, `Metrics.${printable(String(q.Id), 60)}`),
        stat: r.str(`Metrics.${printable(String(q.Id), 60)}.Stat`, ms.Stat) ?? '?',
        period: r.num(`Metrics.${printable(String(q.Id), 60)}.Period`, ms.Period) ?? 60,
      });
    }
    if (result && result.MetricStat && !result.Expression && others.length === 1) {
      const only = stats[0];
      return {
        source: { type: 'metric', metric: only.metric, stat: only.stat, period: only.period },
        bandWidth,
      };
    }
    const period = r.num('Metrics.Period', result?.Period) ?? stats[0]?.period ?? 60;
    const label = result?.Label === undefined ? undefined : r.str('Metrics.Label', result.Label);
    return {
      source: {
        type: 'math',
        expression:
          r.str('Metrics.Expression', result?.Expression) ?? (result?.MetricStat ? String(result.Id) : '?'),
        ...(label !== undefined ? { label } : {}),
        period,
        metrics: stats,
      },
      bandWidth,
    };
  }
  const stat = r.str('ExtendedStatistic') ?? r.str('Statistic');
  if (stat === undefined) notes.push('no Statistic, ExtendedStatistic or Metrics');
  if (p.ExtendedStatistic === undefined && stat !== undefined && !STANDARD_STATISTICS.includes(stat)) {
    notes.push(`Statistic "${stat}" is not a standard statistic`);
  }
  const unit = r.str('Unit');
  return {
    source: {
      type: 'metric',
      metric: r.metric(p, ''),
      stat: stat ?? '?',
      period: r.num('Period') ?? 60,
      ...(unit !== undefined ? { unit } : {}),
    },
  };
}

function enumValue<T extends string>(r: Reader, key: string, allowed: readonly T[], fallback: T): T {
  const v = r.str(key);
  if (v === undefined) return fallback;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  r.notes.push(`${key}: ${quote(v)} is not one of ${allowed.join(', ')}`);
  return fallback;
}

/** Reads one alarm resource. Returns undefined for other resource types. */
export function readAlarmResource(
  logicalId: string,
  resource: CfnResource,
  template: CfnTemplateLike,
  stackName: string,
  telemetry?: TemplateTelemetryMetadata,
): ReadAlarm | undefined {
  const isMetric = resource.Type === 'AWS::CloudWatch::Alarm';
  const isComposite = resource.Type === 'AWS::CloudWatch::CompositeAlarm';
  if (!isMetric && !isComposite) return undefined;
  if (resource.Properties !== undefined && !isObject(resource.Properties))
    throw new Error('Properties is not an object');
  const props = (resource.Properties ?? {}) as Record<string, unknown>;
  const r = new Reader(template, props);
  const known = isMetric ? METRIC_PROPS : COMPOSITE_PROPS;
  for (const key of Object.keys(props))
    if (!known.has(key)) r.notes.push(`unknown property ${printable(key, 100)}`);

  let name = r.str('AlarmName');
  if (name === undefined) {
    name = `${stackName}-${logicalId}`;
    if (props.AlarmName === undefined)
      r.notes.push('AlarmName: none, CloudFormation generates one at deploy');
  }
  const description = r.str('AlarmDescription') ?? '';
  const actions = r.actions();
  const read = isMetric ? readSource(r) : undefined;
  const sourceSpec = read?.source;
  const bandWidth = read?.bandWidth;
  const ours = telemetry ? labelsFromName(name, sourceSpec, telemetry) : undefined;
  const inferred = severityOf(name, actions);
  const severity = ours?.severity ?? inferred.severity;
  const source: SeveritySource = ours ? 'metadata' : inferred.source;
  const labels = ours?.labels;
  const enabled = props.ActionsEnabled === undefined ? undefined : r.str('ActionsEnabled') !== 'false';
  const common = {
    name,
    description,
    severity,
    actions,
    ...(enabled === false ? { actionsEnabled: false } : {}),
    ...(labels ? { labels } : {}),
  };

  if (isComposite) {
    const text = r.str('AlarmRule');
    let rule: AlarmRule = { type: 'const', value: false };
    const problem = text === undefined ? undefined : ruleSizeProblem(text);
    if (problem) r.notes.push(`AlarmRule: ${problem}`);
    else if (text !== undefined) {
      try {
        rule = normalizeRule(parseAlarmRule(text));
      } catch (e) {
        r.notes.push(`AlarmRule: ${printable((e as Error).message, 300)}`);
      }
    } else {
      r.notes.push('AlarmRule: missing or unreadable');
    }
    let suppressor: CompositeAlarmSpec['suppressor'];
    if (props.ActionsSuppressor !== undefined) {
      const alarm = r.str('ActionsSuppressor');
      // An ARN names the alarm after its last ":alarm:".
      const short = alarm?.replace(/^arn:[^:]*:cloudwatch:[^:]*:[^:]*:alarm:/, '');
      if (short) {
        suppressor = {
          alarm: short,
          waitPeriod: r.num('ActionsSuppressorWaitPeriod') ?? 60,
          extensionPeriod: r.num('ActionsSuppressorExtensionPeriod') ?? 60,
        };
      } else {
        r.notes.push('ActionsSuppressor: unreadable; its actions are replayed as never held back');
      }
    }
    const spec: CompositeAlarmSpec = {
      type: 'composite',
      ...common,
      rule,
      ...(suppressor ? { suppressor } : {}),
    };
    return { logicalId, spec, severitySource: source, notes: r.notes };
  }

  const notes = r.notes;
  const evaluationPeriods = r.num('EvaluationPeriods') ?? 1;
  if (props.EvaluationPeriods === undefined)
    notes.push('EvaluationPeriods: missing (CloudFormation requires it)');
  if (props.Threshold === undefined && bandWidth === undefined && props.ThresholdMetricId === undefined)
    notes.push('Threshold: missing');
  const lowSample = r.str('EvaluateLowSampleCountPercentile');
  const spec: AlarmSpec = {
    type: 'metric',
    ...common,
    source: sourceSpec!,
    comparison: enumValue<Comparison>(r, 'ComparisonOperator', COMPARISONS, 'GreaterThanThreshold'),
    threshold: bandWidth ?? (props.Threshold === undefined ? NaN : (r.num('Threshold') ?? NaN)),
    evaluationPeriods,
    datapointsToAlarm: r.num('DatapointsToAlarm') ?? evaluationPeriods,
    treatMissingData: enumValue<MissingData>(r, 'TreatMissingData', MISSING_DATA, 'missing'),
    ...(lowSample === 'evaluate' || lowSample === 'ignore'
      ? { evaluateLowSampleCountPercentile: lowSample }
      : {}),
  };
  // Keep property order stable for equality with planned specs: labels last, as the planner writes them.
  return { logicalId, spec, severitySource: source, notes };
}

/** Own entries of an object whose values pass `keep`, in an object without a prototype (safe for any key). */
function ownEntries<T>(value: unknown, keep: (v: unknown) => v is T): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (isObject(value)) for (const [k, v] of Object.entries(value)) if (keep(v)) setOwn(out, k, v);
  return out;
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isLabels = (v: unknown): v is AlarmLabels =>
  isObject(v) && ['app', 'service', 'resource', 'kind', 'signal'].every((k) => typeof v[k] === 'string');

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
/** SLO tier facts (`model/slo-words.ts`) of a plausible shape: numbers in range, words short. */
const isSloFacts = (v: unknown): v is SloTierFacts =>
  isObject(v) &&
  ['slo', 'tier', 'bad', 'unit'].every((k) => typeof v[k] === 'string' && (v[k] as string).length <= 200) &&
  (SEVERITIES as readonly unknown[]).includes(v.severity) &&
  ['window', 'budgetConsumed', 'longWindow', 'shortWindow'].every((k) => positive(v[k])) &&
  positive(v.objective) &&
  (v.objective as number) < 1 &&
  (v.eventsPerMinute === undefined || positive(v.eventsPerMinute));

/** The template's `Metadata["cdk-telemetry"]`, when it is well formed (entries of the wrong shape are dropped). */
export function telemetryMetadataOf(
  template: CfnTemplateLike & { Metadata?: Record<string, unknown> },
): TemplateTelemetryMetadata | undefined {
  const m = own(template.Metadata, METADATA_KEY);
  if (!isObject(m) || !isObject(m.apps)) return undefined;
  return {
    apps: ownEntries(m.apps, isStringList),
    ...(m.labels !== undefined ? { labels: ownEntries(m.labels, isLabels) } : {}),
    ...(m.slos !== undefined ? { slos: ownEntries(m.slos, isSloFacts) } : {}),
  };
}

/** Nesting a rule may have before it is not read: the parser, renderer and evaluator recurse per level. */
const MAX_RULE_DEPTH = 100;

/**
 * Why a composite rule is not read, or undefined: longer than CloudWatch takes (10,240 characters), or nested
 * (parentheses and NOTs) deeper than {@link MAX_RULE_DEPTH}.
 */
function ruleSizeProblem(text: string): string | undefined {
  if (text.length > LIMITS.compositeRuleChars)
    return `${text.length} characters, more than CloudWatch takes (${LIMITS.compositeRuleChars}): not read`;
  let depth = 0;
  let max = 0;
  for (const ch of text) {
    if (ch === '(') max = Math.max(max, ++depth);
    else if (ch === ')') depth--;
  }
  const nots = (text.match(/\bNOT\b/gi) ?? []).length;
  if (max + nots > MAX_RULE_DEPTH) return `nested more than ${MAX_RULE_DEPTH} levels deep: not read`;
  return undefined;
}

/** Alarm references in a rule become names (CDK writes ARNs). */
function normalizeRule(rule: AlarmRule): AlarmRule {
  switch (rule.type) {
    case 'state':
      return { ...rule, alarm: alarmNameOf(rule.alarm) };
    case 'and':
    case 'or':
      return { type: rule.type, operands: rule.operands.map(normalizeRule) };
    case 'not':
      return { type: 'not', operand: normalizeRule(rule.operand) };
    case 'atLeast':
      return { ...rule, alarms: rule.alarms.map(alarmNameOf) };
    case 'const':
      return rule;
  }
}
