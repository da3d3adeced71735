/**
 * The budget alarms on what `cdk-telemetry/runtime` writes: per operation of `budgets.operations` that the
 * application instruments, p95 (or `budgets.percentile`) of the contract's `Duration` above the budget (warning) and
 * above `budgets.critical` times the budget (critical), on exactly the namespace, metric and dimensions of
 * {@link functionMetric}, so the alarm and the code compare the same number with the same budget ({@link budgetFor}).
 * Pure data, no CDK.
 */
import type { AlarmSpec, Severity } from './alarm-spec';
import { APP_METRICS, budgetFor, eventName, functionMetric } from './app-metrics';
import { alarmName, safeLabel } from './naming';
import { actionsFor, describeAlarm, type AlertRouting } from './plan';

/** The budgets the alarms compare with (the config's `budgets`, parsed). */
export interface RuntimeBudgets {
  readonly defaultMs: number;
  readonly criticalFactor: number;
  /** `p95` unless `budgets.percentile` says otherwise. */
  readonly percentile: string;
  readonly operations: ReadonlyMap<string, number>;
}

/** Most operations one service gets runtime budget alarms for (two alarms each). */
export const MAX_RUNTIME_BUDGET_OPERATIONS = 100;

/** The resource kind of these alarms in their labels. */
export const RUNTIME_KIND = 'appRuntime';

/**
 * Two alarms per operation. `operations` are the instrumented names (`auth.login`, `GET /tasks`, or a module such
 * as `auth`, whose calls a module budget covers only when named one by one): each must be a `module.function` the
 * code records, since CloudWatch has no wildcard on dimensions. Names without a dot belong to `service`.
 */
export function runtimeBudgetAlarms(p: {
  readonly app: string;
  readonly service: string;
  readonly budgets: RuntimeBudgets;
  readonly operations: readonly string[];
  readonly routing: AlertRouting;
}): AlarmSpec[] {
  if (p.operations.length > MAX_RUNTIME_BUDGET_OPERATIONS) {
    throw new Error(
      `${p.operations.length} instrumented operations: at most ${MAX_RUNTIME_BUDGET_OPERATIONS} per service get runtime budget alarms`,
    );
  }
  const out: AlarmSpec[] = [];
  const seen = new Set<string>();
  for (const op of p.operations) {
    const n = eventName(op, p.service);
    const full = `${n.module}.${n.function}`;
    if (seen.has(full)) continue;
    seen.add(full);
    const budget = budgetFor(p.budgets, op);
    const metric = functionMetric(p.app, op, 'duration', p.service);
    const resource = safeLabel(full).slice(0, 64);
    const levels: Array<[Severity, number, string]> = [
      ['warning', budget, 'compare with the last deployment and look for slow segments in X-Ray'],
      [
        'critical',
        Math.round(budget * p.budgets.criticalFactor * 1000) / 1000,
        'roll back the last deployment if it coincides, then look for slow segments in X-Ray',
      ],
    ];
    for (const [severity, threshold, firstStep] of levels) {
      const signal = severity === 'warning' ? 'runtimeBudget' : 'runtimeBudgetCritical';
      out.push({
        type: 'metric',
        name: alarmName({ app: p.app, service: p.service, resource, signal, severity }),
        description: describeAlarm({
          meaning:
            `${p.budgets.percentile} ${APP_METRICS.duration.name} of ${full} (written by cdk-telemetry/runtime) is above ` +
            `${threshold} ms${severity === 'warning' ? ', its budget' : `, ${p.budgets.criticalFactor} times its ${budget} ms budget`}`,
          guard: '',
          firstStep,
        }),
        source: {
          type: 'metric',
          metric,
          stat: p.budgets.percentile,
          period: 60,
        },
        comparison: 'GreaterThanThreshold',
        threshold,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: 'notBreaching',
        evaluateLowSampleCountPercentile: 'ignore',
        severity,
        actions: actionsFor(severity, p.routing),
        labels: { app: p.app, service: p.service, resource, kind: RUNTIME_KIND, signal },
      });
    }
  }
  return out;
}
