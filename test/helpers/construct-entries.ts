/**
 * What the construct-hook tests (test/watch/*-constructs.test.ts) share: reading a construct's config entry with
 * its tokens resolved, and planning a service from the entries of some constructs through `ServiceMonitoring`.
 */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { IConstruct } from 'constructs';
import { ServiceMonitoring } from '../../lib/alarms/service-monitoring';
import { entryFromConstruct } from '../../lib/watch/entry-from-construct';

/** The entry helpers of a stack: `resolve` a token, the logical id a `Ref` names, a construct's entry resolved. */
export function entriesOf(stack: Stack) {
  const resolve = (v: unknown) => stack.resolve(v);
  const ref = (c: IConstruct) => stack.getLogicalId((c.node.defaultChild ?? c) as CfnElement);
  const entry = (c: IConstruct) => {
    const e = entryFromConstruct(c);
    return { kind: e?.kind, entry: resolve(e?.entry) as Record<string, unknown> };
  };
  return { resolve, ref, entry };
}

/**
 * A `ServiceMonitoring` of app `shop` over the entries of the constructs (one topic for every severity), with
 * `spec(name)` (the alarm of that name, its metric's dimensions resolved; throws when missing) and the alarm names.
 */
export function monitorConstructs(stack: Stack, serviceName: string, constructs: readonly IConstruct[]) {
  const service: Record<string, unknown[]> = {};
  for (const c of constructs) {
    const e = entryFromConstruct(c)!;
    (service[e.kind] ??= []).push(e.entry);
  }
  const topic = new sns.Topic(stack, 'Alerts');
  const monitoring = new ServiceMonitoring(stack, 'Monitoring', {
    app: 'shop',
    alerting: { topics: { critical: topic, warning: topic, info: topic } },
    service: { name: serviceName, ...service },
  });
  const spec = (name: string) => {
    const a = monitoring.alarmSpecs.find((x) => x.name === name);
    if (!a) throw new Error(`no alarm ${name}`);
    const metric = a.source.type === 'metric' ? a.source.metric : a.source.metrics[0].metric;
    return { ...a, metric: { ...metric, dimensions: stack.resolve(metric.dimensions) } };
  };
  return { monitoring, spec, names: monitoring.alarmSpecs.map((a) => a.name) };
}
