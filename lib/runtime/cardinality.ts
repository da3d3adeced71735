/**
 * The cardinality guard: every distinct set of dimension values is a custom metric CloudWatch bills monthly, so the
 * application's extra dimensions pass three checks before they become dimensions.
 *
 * 1. Keys that name a per-user or per-request value (`userId`, `email`, `sessionId`, `requestId`, `orderId`...)
 *    and values that look like one (a UUID, an email, a long number or hex string, more than 64 characters) are
 *    refused: they never become dimensions (put them in metadata, which is a log property).
 * 2. Each key keeps at most `maxValues` distinct values per metric family; later values are written as `Other`.
 * 3. The caller bounds the number of series overall.
 */
import { APP_DIMENSIONS, EMF_LIMITS, OVERFLOW_VALUE, cleanName } from '../model/app-metrics';

/** Keys that identify a person, a session or a request: whole words... */
const HIGH_CARDINALITY_WORD =
  /^(?:id|uuid|guid|user|users|username|user[-_ ]?name|customer|email|e-?mail[-_ ]?address|phone|ip|ip[-_ ]?address|session|request|trace|span|token|url|uri|path|name|address)$/i;
/** ...or identifiers by their suffix: `userId`, `user_id`, `REQUEST_ID`, `orderNumber`, `clientIp`. */
const HIGH_CARDINALITY_SUFFIX =
  /(?:[-_ ](?:id|ids|uuid|guid|key|hash|number|email|ip)|[-_ ](?:ID|IDS|UUID|GUID|KEY|HASH|NUMBER|EMAIL|IP)|[a-z0-9](?:Id|Ids|ID|Uuid|UUID|Guid|GUID|Key|Hash|Number|Email|Ip|IP))$/;

const isHighCardinalityKey = (k: string) => HIGH_CARDINALITY_WORD.test(k) || HIGH_CARDINALITY_SUFFIX.test(k);

/** Values that look unique per user or request. */
function looksUnique(v: string): boolean {
  return (
    v.length > 64 ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ||
    v.includes('@') ||
    /\d{6,}/.test(v) ||
    /[0-9a-f]{16,}/i.test(v)
  );
}

const RESERVED = new Set<string>([...Object.values(APP_DIMENSIONS), '_aws', 'level', 'BudgetMs', 'Metadata']);

/** Why a dimension was refused. */
export type Refusal = 'key' | 'value' | 'type' | 'reserved' | 'count';

export interface GuardResult {
  /** The dimensions kept, in key order, values cleaned and bucketed. */
  readonly kept: ReadonlyArray<readonly [string, string]>;
  /** Refused keys and why (for one warning per key). */
  readonly refused: ReadonlyArray<readonly [string, Refusal]>;
  /** Values replaced by `Other` because their key had too many values. */
  readonly bucketed: number;
}

const EMPTY: GuardResult = { kept: [], refused: [], bucketed: 0 };

export class CardinalityGuard {
  /** family → key → values seen. Bounded: families by the series limit of the caller, values by maxValues. */
  private readonly families = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly maxValues: number,
    /** Extra dimensions per observation (the base set plus these stay within EMF's 30). */
    private readonly maxKeys: number,
    private readonly maxFamilies: number,
  ) {}

  /** Checks `dims` for one metric family (e.g. `kpi:payments`). */
  check(family: string, dims: Readonly<Record<string, unknown>> | undefined): GuardResult {
    if (!dims) return EMPTY;
    let keys: string[];
    try {
      keys = Object.keys(dims);
    } catch {
      return EMPTY;
    }
    if (!keys.length) return EMPTY;
    const kept: Array<[string, string]> = [];
    const refused: Array<[string, Refusal]> = [];
    let bucketed = 0;
    let seen = this.families.get(family);
    for (const rawKey of keys.sort()) {
      const key = cleanName(rawKey, EMF_LIMITS.dimensionNameChars);
      if (RESERVED.has(key)) {
        refused.push([key, 'reserved']);
        continue;
      }
      if (isHighCardinalityKey(key)) {
        refused.push([key, 'key']);
        continue;
      }
      if (kept.length >= this.maxKeys) {
        refused.push([key, 'count']);
        continue;
      }
      let raw: unknown;
      try {
        raw = dims[rawKey];
      } catch {
        refused.push([key, 'type']);
        continue;
      }
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
        if (raw !== undefined) refused.push([key, 'type']);
        continue;
      }
      const value = cleanName(String(raw), 128);
      if (looksUnique(String(raw))) {
        refused.push([key, 'value']);
        continue;
      }
      if (!seen) {
        if (this.families.size >= this.maxFamilies) {
          kept.push([key, OVERFLOW_VALUE]);
          bucketed++;
          continue;
        }
        seen = new Map();
        this.families.set(family, seen);
      }
      let values = seen.get(key);
      if (!values) seen.set(key, (values = new Set()));
      if (values.has(value)) kept.push([key, value]);
      else if (values.size < this.maxValues) {
        values.add(value);
        kept.push([key, value]);
      } else {
        kept.push([key, OVERFLOW_VALUE]);
        bucketed++;
      }
    }
    return { kept, refused, bucketed };
  }
}
