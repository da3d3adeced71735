/**
 * A series: one set of dimension values in the namespace, with the metrics observed for it since the last flush.
 * Observations are aggregated in place (samples in an array, counts summed) and written as Embedded Metric Format
 * documents at a flush: at most 100 metrics and 100 values per metric in a document, more documents when needed.
 * The JSON around the values (namespace, dimension sets, metric definitions, dimension values) is built once per
 * series, so a flush concatenates a few strings per document.
 */
import { EMF_LIMITS, type EmfUnit } from '../model/app-metrics';

/** How a metric's observations are kept until the flush. */
export type SlotKind = 'samples' | 'sum';

/** One metric of a series. */
export interface Slot {
  readonly name: string;
  readonly kind: SlotKind;
  /** `{"Name":"Duration","Unit":"Milliseconds"}` */
  readonly definition: string;
  /** `"Duration":` */
  readonly key: string;
  /** Written whenever the series has data, even at 0 (counts alarms compare with 0, e.g. Errors). */
  readonly always: boolean;
  values: number[];
  sum: number;
  touched: boolean;
}

export function makeSlot(name: string, unit: EmfUnit, kind: SlotKind, always = false): Slot {
  return {
    name,
    kind,
    definition: `{"Name":${JSON.stringify(name)},"Unit":"${unit}"}`,
    key: `${JSON.stringify(name)}:`,
    always,
    values: [],
    sum: 0,
    touched: false,
  };
}

/** Dimension sets of a series: the base set, and the base set with the application's extra dimensions. */
export interface SeriesShape {
  readonly namespace: string;
  readonly dimensionSets: ReadonlyArray<readonly string[]>;
  /** Dimension values and constant properties, as root members: `"Module":"tasks","Function":"create"`. */
  readonly members: string;
}

export class Series {
  readonly slots: Slot[] = [];
  readonly bySlotName = new Map<string, Slot>();
  /** Wall time of the first observation since the last flush (0: no data). */
  firstAt = 0;
  /** Observations of each error class since the last flush (function series only). */
  errorClasses: Map<string, number> | undefined;
  /** Error classes this function has written (bounded; later ones are `Other`). */
  knownErrorClasses: Set<string> | undefined;
  /** `"Module":"m","Function":"f"`: the members of the ErrorClass documents (function series only). */
  errorBase = '';
  private readonly directiveHead: string;
  readonly members: string;

  constructor(
    readonly key: string,
    readonly shape: SeriesShape,
    /** Budget of a function series, in ms (Infinity: none). */
    readonly budgetMs = Infinity,
  ) {
    this.directiveHead = `{"Namespace":${JSON.stringify(shape.namespace)},"Dimensions":${JSON.stringify(shape.dimensionSets)},"Metrics":[`;
    this.members = shape.members;
  }

  addSlot(slot: Slot): Slot {
    this.slots.push(slot);
    this.bySlotName.set(slot.name, slot);
    return slot;
  }

  /** Forgets the observations after a flush; slots stay (they are reused by the next observations). */
  reset(): void {
    this.firstAt = 0;
    this.errorClasses = undefined;
    for (const s of this.slots) {
      if (s.values.length) s.values = [];
      s.sum = 0;
      s.touched = false;
    }
  }

  /**
   * The EMF documents of this series (without newlines), `prefix` being root members every document carries
   * (e.g. `"level":"WARN"`), or ''.
   */
  documents(timestamp: number, prefix: string): string[] {
    const head = `{"_aws":{"Timestamp":${timestamp},"CloudWatchMetrics":[`;
    const tail = (prefix ? ',' + prefix : '') + (this.members ? ',' + this.members : '');
    const fast = this.single();
    if (fast) return [`${head}${this.directiveHead}${fast[0]}]}]}${tail}${fast[1]}}`];
    const out: string[] = [];
    const live = this.slots.filter((s) => (s.kind === 'sum' ? s.touched || s.always : s.values.length > 0));
    // Slots beyond 100 per document go to further documents; samples beyond 100 values too.
    for (let from = 0; from < live.length; from += EMF_LIMITS.metricsPerDocument) {
      const group = live.slice(from, from + EMF_LIMITS.metricsPerDocument);
      let offset = 0;
      for (;;) {
        const inDoc = group.filter((s) => (s.kind === 'sum' ? offset === 0 : s.values.length > offset));
        if (!inDoc.length) break;
        let defs = '';
        let values = '';
        for (const s of inDoc) {
          defs += (defs ? ',' : '') + s.definition;
          values +=
            ',' +
            s.key +
            (s.kind === 'sum'
              ? String(s.sum)
              : `[${s.values.slice(offset, offset + EMF_LIMITS.valuesPerMetric).join(',')}]`);
        }
        out.push(`${head}${this.directiveHead}${defs}]}]}${tail}${values}}`);
        offset += EMF_LIMITS.valuesPerMetric;
        if (!inDoc.some((s) => s.kind === 'samples' && s.values.length > offset)) break;
      }
    }
    return out;
  }

  /**
   * The metric definitions and values when everything fits one document (the usual case: a handful of metrics, at
   * most 100 values each), built in one pass; undefined otherwise.
   */
  private single(): [string, string] | undefined {
    if (this.slots.length > EMF_LIMITS.metricsPerDocument) return undefined;
    let defs = '';
    let values = '';
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (s.kind === 'sum') {
        if (!s.touched && !s.always) continue;
        values += ',' + s.key + s.sum;
      } else {
        const n = s.values.length;
        if (n === 0) continue;
        if (n > EMF_LIMITS.valuesPerMetric) return undefined;
        values += ',' + s.key + (n === 1 ? `[${s.values[0]}]` : `[${s.values.join(',')}]`);
      }
      defs += (defs ? ',' : '') + s.definition;
    }
    return [defs, values];
  }
}

/** `"Module":"tasks","Function":"create"` for the given pairs (values are strings; JSON-escaped here). */
export function rootMembers(pairs: ReadonlyArray<readonly [string, string | number]>): string {
  return pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',');
}
