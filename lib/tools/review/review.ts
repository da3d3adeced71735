/**
 * Review of a cloud assembly: every alarm read back into an AlarmSpec, put into words, grouped by stack and
 * service, and checked by the rules. Pure: an {@link AssemblyRead} in, data out; the formats are renderings.
 */
import type { AnyAlarmSpec, Severity } from '../../model/alarm-spec';
import { renderAlarmRule } from '../../model/alarm-rule';
import { conditionInWords } from '../../model/describe';
import type { SeveritySource } from '../read/alarm-reader';
import type { AssemblyRead, ReadProblem } from '../read/assembly';
import { tierInWords, type SloTierFacts } from '../../model/slo-words';
import { telemetryMetadataOf } from '../read/alarm-reader';
import { own } from '../own';
import { buildContext, nameKey } from './context';
import { muteRulesOf, type MuteRuleRead } from './maintenance';
import { RULES } from './rules';
import type { Finding, FindingLevel, ReviewRule } from './types';

/** One alarm of a reviewed assembly: where it is, what it watches in words, and what the rules found. */
export interface ReviewedAlarm {
  /** The name of the stack that holds the alarm. */
  readonly stack: string;
  /** The service the alarm belongs to: from the alarm's labels, else inferred from its name or stack. */
  readonly service: string;
  /** The alarm's logical id in its template. */
  readonly logicalId: string;
  /** The alarm's name. */
  readonly name: string;
  /** The alarm's severity. */
  readonly severity: Severity;
  /** Where the severity comes from: the alarm's metadata (ours), its name, its actions, or the default. */
  readonly severitySource: SeveritySource;
  /** `p95 Duration > 200 ms for 3 of 5 min`, or the composite rule. */
  readonly condition: string;
  /** The alarm, normalized. */
  readonly spec: AnyAlarmSpec;
  /** What reading the alarm noticed, e.g. a value only known at deploy time. */
  readonly notes: readonly string[];
  /** What the rules found about this alarm. */
  readonly findings: readonly Finding[];
  /** Names of the composite alarms that watch this alarm. */
  readonly watchedBy: readonly string[];
  /**
   * An SLO tier composite in words: the share of the budget, the burn rate, what it is in requests.
   * @default - none (not an SLO tier composite, or its template does not record the SLO)
   */
  readonly words?: string;
  /** The maintenance windows that mute it: `<rule>: <when>`. */
  readonly mutedBy: readonly string[];
}

/** Counts over a reviewed assembly. */
export interface ReviewSummary {
  /** Stacks read. */
  readonly stacks: number;
  /** Alarms, metric and composite. */
  readonly alarms: number;
  /** Metric alarms. */
  readonly metricAlarms: number;
  /** Composite alarms. */
  readonly compositeAlarms: number;
  /** Alarms per severity. */
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Alarms per service. */
  readonly byService: Readonly<Record<string, number>>;
  /** Findings per level (`error`, `warning`, `info`). */
  readonly findingsByLevel: Readonly<Record<FindingLevel, number>>;
  /** Findings per rule id. */
  readonly findingsByRule: Readonly<Record<string, number>>;
}

/** The review of a cloud assembly: every alarm in words with its findings, what could not be read, and counts. */
export interface Review {
  /** The assembly's folder, as given. */
  readonly root: string;
  /** Every alarm of the assembly, stack by stack. */
  readonly alarms: readonly ReviewedAlarm[];
  /** Every finding of every rule, in alarm order. */
  readonly findings: readonly Finding[];
  /** Files or resources that could not be read. */
  readonly problems: readonly ReadProblem[];
  /** Counts of alarms and findings. */
  readonly summary: ReviewSummary;
  /** The rules that ran (after `ignore`). */
  readonly rules: readonly ReviewRule[];
  /** Maintenance windows: the alarm mute rules of every stack. */
  readonly maintenance: readonly MuteRuleRead[];
}

/** Options of `reviewAssembly`. */
export interface ReviewOptions {
  /** Rule ids to skip. @default - none: every rule runs */
  readonly ignore?: readonly string[];
}

/** The condition of any alarm in words: the metric condition, or `ALARM("a") OR ALARM("b")` for a composite. */
export function describeAlarm(spec: AnyAlarmSpec): string {
  return spec.type === 'metric' ? conditionInWords(spec) : renderAlarmRule(spec.rule);
}

/** `{ words }` for an SLO tier composite whose facts the template records, else nothing. */
function wordsOf(
  facts: Readonly<Record<string, SloTierFacts>> | undefined,
  name: string,
): { words?: string } {
  const f = facts ? own(facts, name) : undefined;
  return f ? { words: tierInWords(f) } : {};
}

const count = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * Reviews an assembly that was read (`readAssembly`): every alarm put into words and checked by every rule but those in
 * `options.ignore`. Pure.
 */
export function reviewAssembly(read: AssemblyRead, options: ReviewOptions = {}): Review {
  const ignore = new Set(options.ignore ?? []);
  const rules = RULES.filter((r) => !ignore.has(r.id));
  const ctx = buildContext(read);
  const findings: Finding[] = [];
  const maintenance = read.stacks.flatMap(muteRulesOf);
  // Alarm names are unique per stack's environment; a rule mutes the alarms of its own stack (it targets names).
  const muted = new Map<string, string[]>();
  for (const r of maintenance) {
    for (const name of r.alarmNames) {
      const key = `${r.stack}\u0000${name}`;
      muted.set(key, [...(muted.get(key) ?? []), `${r.name}: ${r.when}`]);
    }
  }
  const sloFacts = new Map(read.stacks.map((st) => [st, telemetryMetadataOf(st.template)?.slos]));
  const alarms: ReviewedAlarm[] = ctx.alarms.map((a) => {
    const spec = a.alarm.spec;
    const own: Finding[] = [];
    for (const rule of rules) {
      for (const message of rule.check(a, ctx)) {
        own.push({
          rule: rule.id,
          level: rule.level,
          stack: a.stack.stackName,
          service: a.service,
          alarm: spec.name,
          logicalId: a.alarm.logicalId,
          message,
        });
      }
    }
    findings.push(...own);
    return {
      stack: a.stack.stackName,
      service: a.service,
      logicalId: a.alarm.logicalId,
      name: spec.name,
      severity: spec.severity,
      severitySource: a.alarm.severitySource,
      condition: describeAlarm(spec),
      spec,
      notes: a.alarm.notes,
      findings: own,
      watchedBy: (ctx.watchedBy.get(nameKey(a.stack, spec.name)) ?? []).map((c) => c.alarm.spec.name),
      ...wordsOf(sloFacts.get(a.stack), spec.name),
      mutedBy: muted.get(`${a.stack.stackName}\u0000${spec.name}`) ?? [],
    };
  });

  const bySeverity = count(['critical', 'warning', 'info'] as const);
  // Service names come from templates: a prototype-less record counts `__proto__` like any other name.
  const byService = Object.create(null) as Record<string, number>;
  for (const a of alarms) {
    bySeverity[a.severity]++;
    byService[a.service] = (byService[a.service] ?? 0) + 1;
  }
  const findingsByLevel = count(['error', 'warning', 'info'] as const);
  const findingsByRule: Record<string, number> = {};
  for (const f of findings) {
    findingsByLevel[f.level]++;
    findingsByRule[f.rule] = (findingsByRule[f.rule] ?? 0) + 1;
  }
  const composites = alarms.filter((a) => a.spec.type === 'composite').length;
  return {
    root: read.root,
    alarms,
    findings,
    problems: read.problems,
    rules,
    maintenance,
    summary: {
      stacks: read.stacks.length,
      alarms: alarms.length,
      metricAlarms: alarms.length - composites,
      compositeAlarms: composites,
      bySeverity,
      byService,
      findingsByLevel,
      findingsByRule,
    },
  };
}
