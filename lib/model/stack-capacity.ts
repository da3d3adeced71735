/**
 * How much input the telemetry's fixed stacks can hold. CloudFormation allows 500 resources per stack; the
 * monitoring stacks split themselves (`stacks/sharding.ts`), the core and logs stacks do not, so the lists that
 * add resources to them are bounded here, with the headroom the sharding keeps (450 of 500). Pure data.
 */
import { SEVERITIES, type Severity } from './alarm-spec';
import type { ChannelSet } from './telemetry-model';

/** CloudFormation's limit per stack. */
export const CLOUDFORMATION_MAX_RESOURCES = 500;

/**
 * Resources the alert subscriptions may add to the core stack: an email or HTTPS subscription is one, a Slack
 * channel two (its AWS Chatbot configuration and role). The rest of the core stack (key, topics, policies,
 * dead-letter queue, account alarms) takes about 20.
 */
export const MAX_SUBSCRIPTION_RESOURCES = 400;

/** Log groups one log archive subscribes (a subscription filter each, in the logs stack). */
export const MAX_ARCHIVED_LOG_GROUPS = 400;

/** Resources the subscriptions of `channels` need in the core stack. */
export function subscriptionResources(
  channels: Partial<Record<Severity, Partial<ChannelSet>>>,
  escalation?: Partial<ChannelSet>,
): number {
  const slack = new Set<string>();
  let n = 0;
  for (const c of [...SEVERITIES.map((s) => channels[s]), escalation]) {
    n += (c?.email?.length ?? 0) + (c?.https?.length ?? 0);
    for (const ch of c?.slack ?? []) slack.add(`${ch.workspace}/${ch.channel}`);
  }
  return n + 2 * slack.size;
}

/** Why the core stack cannot hold these subscriptions, if it cannot. */
export function subscriptionCapacityProblem(
  channels: Partial<Record<Severity, Partial<ChannelSet>>>,
  escalation?: Partial<ChannelSet>,
): string | undefined {
  const n = subscriptionResources(channels, escalation);
  if (n <= MAX_SUBSCRIPTION_RESOURCES) return undefined;
  return `${n} resources of subscriptions (an email or https subscription is 1, a Slack channel 2) do not fit the core stack: CloudFormation allows ${CLOUDFORMATION_MAX_RESOURCES} resources per stack, of which subscriptions may take ${MAX_SUBSCRIPTION_RESOURCES}; subscribe a mailing list or one on-call tool instead of each person`;
}

/** Why one archive cannot subscribe `count` log groups, if it cannot. */
export function archiveCapacityProblem(count: number): string | undefined {
  if (count <= MAX_ARCHIVED_LOG_GROUPS) return undefined;
  return `${count} log groups do not fit the logs stack: each is a subscription filter, and CloudFormation allows ${CLOUDFORMATION_MAX_RESOURCES} resources per stack, so at most ${MAX_ARCHIVED_LOG_GROUPS} log groups are archived per app`;
}
