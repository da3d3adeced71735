/** The usage a cost estimate assumes when none is given (the schema in `usage.ts` has the same defaults). */
import type { Usage } from './usage';

export const DEFAULT_USAGE: Usage = {
  freeTier: true,
  xray: { requestsPerMonth: 1_000_000 },
  cloudtrail: { firstTrail: true, managementEventsPerMonth: 1_000_000, dataEventsPerMonth: 1_000_000 },
  logs: { defaultGbPerMonth: 0, groups: {} },
  rum: { eventsPerMonth: 100_000 },
  grafana: { editors: 1, viewers: 0 },
};
