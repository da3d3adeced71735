/**
 * `tracing:` (validated) → the tracing model: sampling rules for the app, its services and their operations with
 * names and priorities decided, a trace group per service, ADOT settings. X-Ray's limits are checked here so a
 * mistake is a config error with a path, not a failed deployment.
 */
import type { Severity } from '../model/alarm-spec';
import { shortName } from '../model/naming';
import type { ServiceModel } from '../model/telemetry-model';
import {
  planSamplingRules,
  restApiXrayName,
  serviceFilterExpression,
  specOfPlannedRule,
  traceGroupProblems,
  XRAY_LIMITS,
  type SamplingRuleSpec,
  type TraceGroupSpec,
  type TracingModel,
} from '../model/tracing';
import { adotProblems } from '../tracing/adot';
import type { ConfigPath, IssueSink } from './errors';
import type { TracingConfig } from './schema-tracing';

/** X-Ray service names of a service, from its resources: REST API stages and Lambda functions. */
function xrayNamesOf(service: ServiceModel): { all: string[]; sampled: string[] } {
  const stages = service.resources
    .filter((r) => r.kind === 'restApi')
    .map((r) => restApiXrayName(r.dimensions.ApiName, r.dimensions.Stage));
  const functions = service.resources
    .filter((r) => r.kind === 'lambda')
    .map((r) => r.dimensions.FunctionName);
  // Lambda decides its own sampling (1 request per second and 5 % more); X-Ray rules apply where requests enter.
  return { all: [...stages, ...functions], sampled: stages };
}

export function tracingModel(
  app: string,
  config: TracingConfig,
  services: readonly ServiceModel[],
  issues: IssueSink,
): TracingModel {
  const base: ConfigPath = ['tracing'];
  const known = new Map(services.map((s) => [s.name, s]));
  for (const name of Object.keys(config.services ?? {})) {
    if (!known.has(name)) {
      issues.add(
        [...base, 'services', name],
        `no service "${name}" (services: ${[...known.keys()].join(', ')})`,
      );
    }
  }

  const specs: SamplingRuleSpec[] = [];
  const origins: ConfigPath[] = [];
  const push = (spec: SamplingRuleSpec, origin: ConfigPath) => {
    specs.push(spec);
    origins.push(origin);
  };
  const suffix = (names: readonly string[], n: string) => (names.length > 1 ? `-${n}` : '');
  const ownSampling = new Set<string>();
  const serviceRules: Array<() => void> = [];

  for (const svc of services) {
    const t = config.services?.[svc.name];
    if (!t) continue;
    const p: ConfigPath = [...base, 'services', svc.name];
    const names = t.xrayNames ?? xrayNamesOf(svc).sampled;
    if ((t.sampling || t.operations?.length) && names.length === 0) {
      issues.add(
        [...p, t.sampling ? 'sampling' : 'operations'],
        `service "${svc.name}" has no REST API stage, and Lambda functions ignore X-Ray sampling rules; list the X-Ray service names of its instrumented code in xrayNames`,
      );
      continue;
    }
    (t.operations ?? []).forEach((op, i) => {
      const method = op.method ?? '*';
      const path = op.path ?? '*';
      if (method === '*' && path === '*') {
        issues.add(
          [...p, 'operations', i],
          'an operation needs a method or a path (use sampling for the whole service)',
        );
        return;
      }
      for (const n of names) {
        push(
          {
            name:
              op.name ??
              shortName(`${app}-${svc.name}-${method}-${path}${suffix(names, n)}`, XRAY_LIMITS.ruleName),
            priority: op.priority,
            rate: op.rate,
            reservoir: op.reservoir,
            serviceName: n,
            httpMethod: method,
            urlPath: path,
          },
          [...p, 'operations', i],
        );
      }
    });
    if (t.sampling) {
      ownSampling.add(svc.name);
      const s = t.sampling;
      // Service rules go after every operation rule (same class, later position), whatever the service order.
      serviceRules.push(() => {
        for (const n of names) {
          push(
            {
              name: shortName(`${app}-${svc.name}${suffix(names, n)}`, XRAY_LIMITS.ruleName),
              rate: s.rate,
              reservoir: s.reservoir,
              serviceName: n,
            },
            [...p, 'sampling'],
          );
        }
      });
    }
  }
  serviceRules.forEach((f) => f());

  (config.rules ?? []).forEach((r, i) => push({ ...r }, [...base, 'rules', i]));

  if (config.sampling) {
    const d = config.sampling;
    const p: ConfigPath = [...base, 'sampling'];
    const targets = d.match
      ? [d.match]
      : services.filter((s) => !ownSampling.has(s.name)).flatMap((s) => xrayNamesOf(s).sampled);
    if (targets.length === 0) {
      issues.add(
        p,
        'no REST API stage to apply the default rule to (Lambda functions ignore X-Ray sampling rules); set match to the X-Ray service names it covers, e.g. "orders-*"',
      );
    }
    for (const n of targets) {
      push(
        {
          name: shortName(`${app}-default${suffix(targets, n)}`, XRAY_LIMITS.ruleName),
          rate: d.rate,
          reservoir: d.reservoir,
          serviceName: n,
        },
        p,
      );
    }
  }

  const plan = planSamplingRules(app, specs);
  for (const problem of plan.problems) {
    const origin = problem.index === undefined ? base : origins[problem.index];
    const own = problem.field && ['rate', 'reservoir', 'name', 'priority'].includes(problem.field);
    const rawField = problem.field && origin[1] === 'rules';
    issues.add(own || rawField ? [...origin, problem.field!] : origin, problem.message);
  }
  const samplingRules = plan.rules.map(specOfPlannedRule);

  const groups: TraceGroupSpec[] = [];
  const groupOrigins: ConfigPath[] = [];
  for (const svc of services) {
    const t = config.services?.[svc.name];
    const p: ConfigPath = [...base, 'services', svc.name];
    if (!(t?.group ?? config.groups)) continue;
    const names = t?.xrayNames ?? xrayNamesOf(svc).all;
    if (names.length === 0) {
      if (t?.group)
        issues.add([...p, 'group'], `service "${svc.name}" has nothing X-Ray traces; list its xrayNames`);
      continue;
    }
    const severity = t?.insights ?? config.insights;
    groups.push({
      groupName: shortName(`${app}-${svc.name}`, XRAY_LIMITS.groupName),
      filterExpression: serviceFilterExpression(names),
      insights: true,
      notify: severity === 'off' ? false : (severity as Severity),
    });
    groupOrigins.push(p);
  }
  for (const problem of traceGroupProblems(groups)) {
    issues.add(problem.index === undefined ? base : groupOrigins[problem.index], problem.message);
  }

  if (config.adot) {
    for (const problem of adotProblems(config.adot))
      issues.add([...base, 'adot', ...(problem.field ? [problem.field] : [])], problem.message);
  }

  return { samplingRules, groups, ...(config.adot ? { adot: config.adot } : {}) };
}
