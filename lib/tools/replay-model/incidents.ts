/**
 * The incidents the replay suite injects into a healthy week, by day and by night, each with what it should
 * raise: a page (users are hurt now: errors, latency over budget, unavailability) or a warning (a ticket: the
 * budget burns slowly, a consumer stalls, a dependency degrades without users seeing it yet).
 *
 * Targets are chosen from the application's modelled resources by role, so the same list runs on any app that has
 * the resources (an incident whose targets are missing is listed as not applicable).
 */
import type { Effect, ModelResource } from './traffic';

/** What an incident should raise. */
export type Expected = 'page' | 'warn';

/** An incident, as data. */
export interface IncidentSpec {
  /** Stable id (a column of the README table). */
  readonly id: string;
  /** What happens, for people. */
  readonly title: string;
  /** Day of the replayed week (0 = its first day) and UTC hour:minute it starts. */
  readonly day: number;
  readonly at: string;
  readonly minutes: number;
  readonly expected: Expected;
  /** Users see errors, latency over budget or no answer. */
  readonly userFacing: boolean;
  /** A fast incident: its median time to detect counts against the 5 minute target. */
  readonly fast: boolean;
  /** How long after the end a notification still counts as detection (minutes). @default 30 */
  readonly grace?: number;
  /** The effects, on resources chosen by role; undefined when the app has no such resource. */
  readonly effects: (roles: Roles) => readonly { resources: ModelResource[]; effect: Effect }[] | undefined;
}

/** The resources an incident can target. */
export interface Roles {
  readonly api?: ModelResource;
  readonly routes: readonly ModelResource[];
  /** Functions in the API's service, behind it. */
  readonly backends: readonly ModelResource[];
  readonly table?: ModelResource;
  readonly queue?: ModelResource;
  readonly deadLetterQueue?: ModelResource;
  /** Functions in the queue's service (its consumers). */
  readonly consumers: readonly ModelResource[];
  /** Canaries in the API's service (uptime checks that reach it from outside). */
  readonly canaries: readonly ModelResource[];
}

/** Picks the roles from the modelled resources. */
export function rolesOf(resources: readonly ModelResource[]): Roles {
  const api =
    resources.find((r) => r.kind === 'api' && resources.some((c) => c.parent === r)) ??
    resources.find((r) => r.kind === 'api');
  const queue = resources.find((r) => r.kind === 'queue' && !r.deadLetter && r.service !== 'account');
  const fns = (service: string | undefined) =>
    resources.filter((r) => r.kind === 'function' && r.service === service && r.medianMs < 200);
  return {
    api,
    routes: resources.filter((r) => r.kind === 'route' && r.parent === api),
    backends: fns(api?.service),
    table: resources.find((r) => r.kind === 'table'),
    queue,
    deadLetterQueue: resources.find((r) => r.kind === 'queue' && r.deadLetter && r.service !== 'account'),
    consumers: fns(queue?.service),
    canaries: resources.filter((r) => r.kind === 'canary' && r.service === api?.service),
  };
}

/** `xs[i]` cycling, or undefined for none. */
const nth = <T>(xs: readonly T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
const all = (...rs: (ModelResource | undefined)[]) =>
  rs.every((r) => r !== undefined) ? (rs as ModelResource[]) : undefined;

/** The incidents of the suite (the "03:00, 8 % 5XX at 4 requests a minute" one is issue 14's). */
export const INCIDENTS: readonly IncidentSpec[] = [
  {
    id: 'error-spike-day',
    title: 'a bad deploy: 25 % 5XX on one route and its function, 20 min at 14:00',
    day: 0,
    at: '14:00',
    minutes: 20,
    expected: 'page',
    userFacing: true,
    fast: true,
    effects: (r) => {
      const t = all(nth(r.routes, 0), nth(r.backends, 1));
      return t && [{ resources: t, effect: { errorShare: 0.25 } }];
    },
  },
  {
    id: 'night-5xx',
    title: '8 % 5XX for 45 min at 03:00, 4 requests a minute (180 requests, ~14 failed)',
    day: 1,
    at: '03:00',
    minutes: 45,
    expected: 'page',
    userFacing: true,
    fast: false,
    effects: (r) => r.api && [{ resources: [r.api], effect: { rate: 4, errorShare: 0.08 } }],
  },
  {
    id: 'latency-day',
    title: 'a slow dependency: one route and its function 4x slower, 30 min at 11:00',
    day: 2,
    at: '11:00',
    minutes: 30,
    expected: 'page',
    userFacing: true,
    fast: true,
    effects: (r) => {
      const t = all(nth(r.routes, 0), nth(r.backends, 1));
      return t && [{ resources: t, effect: { latencyFactor: 4 } }];
    },
  },
  {
    id: 'latency-night',
    title: 'the whole API 3x slower for 60 min at 02:00',
    day: 3,
    at: '02:00',
    minutes: 60,
    expected: 'page',
    userFacing: true,
    fast: false,
    effects: (r) => {
      const t = all(r.api, ...r.routes, ...r.backends);
      return t && [{ resources: t, effect: { latencyFactor: 3 } }];
    },
  },
  {
    id: 'lambda-throttling',
    title: 'a function throttled (30 % of calls) for 20 min at 16:00: its route answers 5XX',
    day: 2,
    at: '16:00',
    minutes: 20,
    expected: 'page',
    userFacing: true,
    fast: true,
    effects: (r) => {
      const fn = nth(r.backends, 2);
      const route = nth(r.routes, 1);
      return (
        fn &&
        route && [
          { resources: [fn], effect: { throttleShare: 0.3 } },
          { resources: [route], effect: { errorShare: 0.3 } },
        ]
      );
    },
  },
  {
    id: 'table-throttling',
    title: 'DynamoDB throttles 5 % of requests for 30 min at 14:00 (SDK retries: functions 1.5x slower)',
    day: 3,
    at: '14:00',
    minutes: 30,
    expected: 'warn',
    userFacing: false,
    fast: true,
    effects: (r) =>
      r.table && [
        { resources: [r.table], effect: { throttleShare: 0.05 } },
        { resources: [...r.backends], effect: { latencyFactor: 1.5 } },
      ],
  },
  {
    id: 'table-system-errors',
    title: 'DynamoDB system errors on 2 % of requests for 30 min at 10:00 (retried: 0.5 % function errors)',
    day: 4,
    at: '10:00',
    minutes: 30,
    expected: 'warn',
    userFacing: false,
    fast: true,
    effects: (r) =>
      r.table && [
        { resources: [r.table], effect: { errorShare: 0.02 } },
        { resources: [...r.backends], effect: { errorShare: 0.005 } },
      ],
  },
  {
    id: 'stalled-consumer',
    title: "the queue's consumer stops for 60 min at 13:00: messages pile up and age",
    day: 4,
    at: '13:00',
    minutes: 60,
    expected: 'warn',
    userFacing: false,
    fast: false,
    effects: (r) =>
      r.queue && [
        { resources: [r.queue], effect: { stalled: true } },
        { resources: [...r.consumers], effect: { rate: 0 } },
      ],
  },
  {
    id: 'dead-letters',
    title: 'messages land in the dead-letter queue (6 over 2 h from 12:00)',
    day: 5,
    at: '12:00',
    minutes: 120,
    expected: 'warn',
    userFacing: false,
    fast: true,
    effects: (r) => r.deadLetterQueue && [{ resources: [r.deadLetterQueue], effect: { deadLetters: 0.05 } }],
  },
  {
    id: 'consumer-errors',
    title: "the queue's consumer fails 30 % of messages for 30 min at 10:00 (retried from the queue)",
    day: 0,
    at: '10:00',
    minutes: 30,
    expected: 'warn',
    userFacing: false,
    fast: true,
    effects: (r) => {
      const fn = nth(r.consumers, 0);
      return fn && [{ resources: [fn], effect: { errorShare: 0.3 } }];
    },
  },
  {
    id: 'traffic-drop',
    title:
      'traffic drops to 10 % for 60 min at 15:00 (clients cannot reach the API: neither can its canaries, 90 % of their runs fail)',
    day: 1,
    at: '15:00',
    minutes: 60,
    expected: 'page',
    userFacing: true,
    fast: false,
    effects: (r) => {
      const t = all(r.api, ...r.backends);
      return (
        t && [
          { resources: t, effect: { rateFactor: 0.1 } },
          ...(r.canaries.length ? [{ resources: [...r.canaries], effect: { errorShare: 0.9 } }] : []),
        ]
      );
    },
  },
  {
    id: 'slow-burn',
    title: '5XX at twice the error budget (0.4 % against 99.8 %) for a day from 00:00',
    day: 5,
    at: '00:00',
    minutes: 1440,
    expected: 'warn',
    userFacing: true,
    fast: false,
    grace: 360,
    effects: (r) => r.api && [{ resources: [r.api], effect: { errorShare: 0.004 } }],
  },
];
