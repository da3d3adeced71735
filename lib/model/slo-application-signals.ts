/**
 * The same SLO as an `AWS::ApplicationSignals::ServiceLevelObjective`, for teams that read SLOs in Application
 * Signals: a request-based SLI on the SLO's own CloudWatch metrics (bad of valid requests; for latency, the requests
 * over the threshold, the trimmed count `TC(threshold:)`, of all samples), the objective as the attainment goal over
 * a rolling window of the same days, and one `BurnRateConfigurations` entry per window of the burn-rate tiers, so
 * Application Signals publishes `BurnRate` for exactly the windows the alarms watch. The resource defines metrics,
 * not alarms: the alarms stay the ones `planSlo` makes. Pure data (CloudFormation property shapes), no CDK at run
 * time. Properties checked against aws-cdk-lib 2.276 `CfnServiceLevelObjectiveProps` and the CloudFormation
 * reference: `LookBackWindowMinutes` 1 to 10,080; the name `[0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z]`.
 */
import type { CfnServiceLevelObjectiveProps } from 'aws-cdk-lib/aws-applicationsignals';
import type { MetricId } from './alarm-spec';
import { BURN_RATE_TIERS, type SloModel } from './slo';

/** Application Signals computes a burn rate over at most this many minutes (7 days). */
export const MAX_LOOK_BACK_MINUTES = 10_080;

/** Every look-back window the burn-rate tiers use, in minutes, shortest first (`[5, 30, 60, 360, 4320]`). */
export function lookBackWindows(): number[] {
  const minutes = BURN_RATE_TIERS.flatMap((t) => [t.shortWindow / 60, t.longWindow / 60]);
  return [...new Set(minutes)].filter((m) => m >= 1 && m <= MAX_LOOK_BACK_MINUTES).sort((a, b) => a - b);
}

/** `shop-api-availability`: the SLO's name in Application Signals, unique per account and Region like alarms. */
export const applicationSignalsSloName = (app: string, service: string, slo: Pick<SloModel, 'name'>) =>
  `${app}-${service}-${slo.name}`;

const query = (id: string, metric: MetricId, stat: string) => ({
  id,
  metricStat: {
    metric: {
      namespace: metric.namespace,
      metricName: metric.metricName,
      dimensions: Object.entries(metric.dimensions).map(([name, value]) => ({ name, value })),
    },
    period: 60,
    stat,
  },
  returnData: true,
});

/** The CloudFormation properties of one SLO's Application Signals objective. */
export function applicationSignalsSlo(
  app: string,
  service: string,
  slo: SloModel,
): CfnServiceLevelObjectiveProps {
  const sli = slo.sli;
  const counts =
    sli.type === 'ratio'
      ? {
          totalRequestCountMetric: [query('valid', sli.valid.metric, sli.valid.stat)],
          monitoredRequestCountMetric: { badCountMetric: [query('bad', sli.bad.metric, sli.bad.stat)] },
        }
      : {
          // The same split as the alarms' PR(:threshold): requests at or under the threshold are good.
          totalRequestCountMetric: [query('valid', sli.metric, 'SampleCount')],
          monitoredRequestCountMetric: {
            badCountMetric: [query('bad', sli.metric, `TC(${sli.thresholdMs}:)`)],
          },
        };
  return {
    name: applicationSignalsSloName(app, service, slo),
    description: `${slo.description} (SLO ${slo.name} of service ${service}, cdk-telemetry)`.slice(0, 1024),
    requestBasedSli: { requestBasedSliMetric: counts },
    goal: {
      attainmentGoal: Number((slo.objective * 100).toPrecision(6)),
      interval: { rollingInterval: { duration: Math.round(slo.window / 86_400), durationUnit: 'DAY' } },
    },
    burnRateConfigurations: lookBackWindows().map((lookBackWindowMinutes) => ({ lookBackWindowMinutes })),
    tags: [
      { key: 'app', value: app },
      { key: 'service', value: service },
    ],
  };
}

/** A composite as far as {@link objectivesBeside} needs it. */
interface PlacedComposite {
  readonly labels?: {
    readonly service: string;
    readonly resource: string;
    readonly kind: string;
    readonly signal: string;
  };
}

/**
 * The objectives of the SLOs marked for Application Signals whose fast-tier composite is among `composites`: each
 * objective sits in the stack (or construct) of its SLO's alarms, once.
 */
export function objectivesBeside(
  app: string,
  services: ReadonlyArray<{ readonly name: string; readonly slos?: readonly SloModel[] }>,
  composites: readonly PlacedComposite[],
): CfnServiceLevelObjectiveProps[] {
  const here = new Set(
    composites
      .filter((c) => c.labels?.kind === 'slo' && c.labels.signal === `${BURN_RATE_TIERS[0].id}Burn`)
      .map((c) => `${c.labels!.service}\u0000${c.labels!.resource}`),
  );
  return services.flatMap((s) =>
    (s.slos ?? [])
      .filter((slo) => slo.applicationSignals && here.has(`${s.name}\u0000${slo.name}`))
      .map((slo) => applicationSignalsSlo(app, s.name, slo)),
  );
}
