/**
 * Validates Embedded Metric Format documents: the JSON schema written from AWS's specification (emf.schema.json),
 * then what the specification says and a schema cannot: every DimensionSet key is a root member with a string value
 * (ASCII, at most 1024 characters, not blank), every metric Name is a root member holding a number or an array of
 * at most 100 numbers, and the Timestamp is within what CloudWatch accepts (14 days back, 2 hours ahead).
 */
import Ajv from 'ajv';
import schema from './emf.schema.json';

const ajv = new Ajv({ allErrors: true, strict: true });
const validateSchema = ajv.compile(schema);

/** Problems of one document (empty when valid). `now` checks the timestamp window. */
export function emfProblems(doc: unknown, now?: number): string[] {
  const out: string[] = [];
  if (!validateSchema(doc)) {
    for (const e of validateSchema.errors ?? []) out.push(`schema: ${e.instancePath} ${e.message}`);
    return out;
  }
  const root = doc as Record<string, unknown> & {
    _aws: {
      Timestamp: number;
      CloudWatchMetrics: Array<{
        Namespace: string;
        Dimensions: string[][];
        Metrics: Array<{ Name: string; Unit?: string }>;
      }>;
    };
  };
  if (now !== undefined) {
    const t = root._aws.Timestamp;
    if (t < now - 14 * 86_400_000) out.push(`Timestamp ${t} is more than 14 days old`);
    if (t > now + 2 * 3_600_000) out.push(`Timestamp ${t} is more than 2 hours ahead`);
  }
  for (const d of root._aws.CloudWatchMetrics) {
    for (const set of d.Dimensions) {
      if (new Set(set).size !== set.length) out.push(`DimensionSet ${JSON.stringify(set)} repeats a key`);
      for (const key of set) {
        const v = root[key];
        if (typeof v !== 'string') out.push(`dimension ${key} is not a string root member`);
        else if (!v.trim() || v.length > 1024 || [...v].some((c) => c.charCodeAt(0) > 0x7f))
          out.push(`dimension ${key} value ${JSON.stringify(v)} is blank, too long or not ASCII`);
      }
    }
    const names = new Set<string>();
    for (const m of d.Metrics) {
      if (names.has(m.Name)) out.push(`metric ${m.Name} is defined twice`);
      names.add(m.Name);
      const v = root[m.Name];
      const ok =
        (typeof v === 'number' && Number.isFinite(v)) ||
        (Array.isArray(v) &&
          v.length >= 1 &&
          v.length <= 100 &&
          v.every((x) => typeof x === 'number' && Number.isFinite(x)));
      if (!ok)
        out.push(`metric ${m.Name} is not a number or an array of 1-100 numbers: ${JSON.stringify(v)}`);
    }
  }
  return out;
}

/** Parses lines and splits them into EMF documents (with `_aws`) and other records. */
export function parseLines(lines: readonly string[]): {
  emf: Array<Record<string, unknown>>;
  records: Array<Record<string, unknown>>;
} {
  const emf: Array<Record<string, unknown>> = [];
  const records: Array<Record<string, unknown>> = [];
  for (const line of lines) {
    if (!line) continue;
    const doc = JSON.parse(line) as Record<string, unknown>;
    (doc._aws ? emf : records).push(doc);
  }
  return { emf, records };
}

/** Every (namespace, metric, dimension set) the documents define, as `ns|Metric|Dim1,Dim2`. */
export function metricIdentities(docs: ReadonlyArray<Record<string, unknown>>): Set<string> {
  const out = new Set<string>();
  for (const doc of docs) {
    const aws = doc._aws as {
      CloudWatchMetrics: Array<{
        Namespace: string;
        Dimensions: string[][];
        Metrics: Array<{ Name: string }>;
      }>;
    };
    for (const d of aws.CloudWatchMetrics)
      for (const set of d.Dimensions)
        for (const m of d.Metrics) out.add(`${d.Namespace}|${m.Name}|${set.join(',')}`);
  }
  return out;
}

/** The values a metric carries in the documents that match `dims`, flattened. */
export function valuesOf(
  docs: ReadonlyArray<Record<string, unknown>>,
  metric: string,
  dims: Readonly<Record<string, string>> = {},
): number[] {
  const out: number[] = [];
  for (const doc of docs) {
    if (!(metric in doc)) continue;
    if (Object.entries(dims).some(([k, v]) => doc[k] !== v)) continue;
    const aws = doc._aws as { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> };
    if (!aws.CloudWatchMetrics.some((d) => d.Metrics.some((m) => m.Name === metric))) continue;
    const v = doc[metric];
    if (Array.isArray(v)) out.push(...(v as number[]));
    else out.push(v as number);
  }
  return out;
}
