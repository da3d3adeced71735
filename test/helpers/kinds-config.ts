/**
 * The kinds' config tests (test/config/kinds-*.test.ts): a config of one service, its planned alarms by name, and
 * the metric an alarm reads.
 */
import { modelFromText } from '../../lib/config/load';
import type { AlarmSpec } from '../../lib/model/alarm-spec';
import { planTelemetry } from '../../lib/model/plan';

/** The app `demo` with one service `svc` holding `services` (lines indented by 4), after the top-level `extra` lines. */
export const config = (services: string, extra?: string) => `app: demo
${extra === undefined ? '' : `${extra}\n`}services:
  - name: svc
${services}
`;

/** The planned alarms of a config by name: the services' and, with `account`, the account-wide ones. */
export function alarms(text: string, { account = false } = {}): Map<string, AlarmSpec> {
  const plan = planTelemetry(modelFromText(text));
  return new Map(
    [...plan.services.flatMap((s) => s.alarms), ...(account ? plan.account : [])].map((a) => [a.name, a]),
  );
}

/** The metric an alarm reads (of a rate or math alarm: its first). */
export const metricOf = (a: AlarmSpec | undefined) =>
  a?.source.type === 'metric' ? a.source.metric : a?.source.metrics[0].metric;

/** The dimensions of the metric an alarm reads. */
export const dims = (a: AlarmSpec | undefined) => metricOf(a)?.dimensions;
