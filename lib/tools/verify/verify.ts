/** `cdk-telemetry verify`: does the account match the cloud assembly? Every check, in one report. */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { XRayClient } from '@aws-sdk/client-xray';
import type { AnyAlarmSpec } from '../../model/alarm-spec';
import type { StackRead } from '../read/assembly';
import type { RetryOptions } from '../aws/call';
import { appNamespace } from '../../model/app-metrics';
import { checkAlarms, describeAllAlarms } from './alarms';
import { checkAppMetrics, contractMetrics } from './app-metrics';
import type { Check } from './check';
import { metricRoundTrip, traceRoundTrip, type RoundTripOptions } from './roundtrip';
import { checkXRay, listGroups, listSamplingRules, xrayResources } from './xray';

export interface VerifyInput {
  readonly stacks: readonly StackRead[];
  readonly alarms: readonly AnyAlarmSpec[];
  readonly cloudwatch: CloudWatchClient;
  readonly xray: XRayClient;
  /** Deployed alarms, rules and groups with this prefix must be in the assembly. @default the app's `<app>-` */
  readonly prefix?: string;
  readonly roundTrips?: readonly ('metrics' | 'traces')[];
  readonly roundTrip?: RoundTripOptions;
  readonly retry?: RetryOptions;
  /**
   * Check that the application emits the metrics of its namespace that alarms and dashboards read, each with a
   * datapoint in the last `windowSeconds`. @default - not checked
   */
  readonly appMetrics?: { readonly windowSeconds: number; readonly now?: number };
}

export interface VerifyReport {
  readonly prefix?: string;
  readonly checks: readonly Check[];
}

/** The app prefix from the alarms' labels (`sophie-`), when they all agree. */
export function appPrefix(alarms: readonly AnyAlarmSpec[]): string | undefined {
  const apps = new Set(alarms.map((a) => a.labels?.app).filter((a): a is string => Boolean(a)));
  return apps.size === 1 ? `${[...apps][0]}-` : undefined;
}

export async function verify(input: VerifyInput): Promise<VerifyReport> {
  const prefix = input.prefix ?? appPrefix(input.alarms);
  const checks: Check[] = [];
  // List by prefix only when every synthesized alarm has it; otherwise list everything.
  const listPrefix = prefix && input.alarms.every((a) => a.name.startsWith(prefix)) ? prefix : undefined;
  const deployed = await describeAllAlarms(input.cloudwatch, listPrefix, input.retry);
  checks.push(...checkAlarms(input.alarms, deployed, { ...(prefix ? { prefix } : {}) }));
  const expected = xrayResources(input.stacks);
  if (expected.length || prefix) {
    const [rules, groups] = await Promise.all([
      listSamplingRules(input.xray, input.retry),
      listGroups(input.xray, input.retry),
    ]);
    checks.push(...checkXRay(expected, rules, groups, prefix));
  }
  if (input.appMetrics) {
    const app = prefix?.slice(0, -1);
    const namespace = app ? appNamespace(app) : undefined;
    checks.push(
      ...(namespace
        ? await checkAppMetrics(
            input.cloudwatch,
            contractMetrics(
              input.alarms,
              input.stacks.map((s) => s.template),
              namespace,
            ),
            namespace,
            { ...input.retry, ...input.appMetrics },
          )
        : [
            {
              status: 'skip' as const,
              kind: 'app metric',
              subject: '(no app)',
              detail:
                'the alarms name no single app (labels), so the application namespace is not known: give --prefix <app>-',
            },
          ]),
    );
  }
  for (const kind of input.roundTrips ?? []) {
    const o = { ...input.retry, ...input.roundTrip };
    checks.push(
      kind === 'metrics' ? await metricRoundTrip(input.cloudwatch, o) : await traceRoundTrip(input.xray, o),
    );
  }
  return { ...(prefix ? { prefix } : {}), checks };
}

export { verifySummary } from './check';
