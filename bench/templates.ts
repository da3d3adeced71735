/**
 * What a synthesis wrote: the `*.template.json` files of a cloud assembly, their bytes as written, and the bytes
 * they would have if every template were minified or every template indented (CDK indents with one space unless
 * a stack sets `suppressTemplateIndentation`, as ours do), so sizes compare on equal terms.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TemplateBytes {
  /** Bytes of the files as synthesized. */
  readonly written: number;
  /** Bytes if every template were written without indentation. */
  readonly minified: number;
  /** Bytes if every template were written with CDK's default indentation (one space). */
  readonly indented: number;
}

export interface TypeShare {
  readonly count: number;
  /** Minified bytes of these resources (logical id, type, properties, metadata, dependencies). */
  readonly bytes: number;
  /** Minified bytes per top-level property (including its key), summed over these resources. */
  readonly properties: Record<string, number>;
}

export interface AssemblyReport {
  readonly stacks: number;
  readonly resources: number;
  readonly alarms: number;
  readonly bytes: TemplateBytes;
  /** Largest template, minified bytes and resources. */
  readonly largest: { readonly bytes: number; readonly resources: number };
  readonly byType: Record<string, TypeShare>;
  /** Minified bytes outside Resources (Parameters, Rules, Conditions, Outputs, Description, ...). */
  readonly nonResourceBytes: number;
}

interface Template {
  Resources?: Record<string, { Type: string; [k: string]: unknown }>;
  [k: string]: unknown;
}

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

export function readAssembly(outdir: string): AssemblyReport {
  const files = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
  let written = 0;
  let minified = 0;
  let indented = 0;
  let resources = 0;
  let nonResourceBytes = 0;
  let largest = { bytes: 0, resources: 0 };
  const byType: Record<string, { count: number; bytes: number; properties: Record<string, number> }> = {};
  for (const f of files) {
    const text = readFileSync(join(outdir, f), 'utf8');
    const template = JSON.parse(text) as Template;
    const min = Buffer.byteLength(JSON.stringify(template));
    written += Buffer.byteLength(text);
    minified += min;
    indented += Buffer.byteLength(JSON.stringify(template, undefined, 1));
    const entries = Object.entries(template.Resources ?? {});
    resources += entries.length;
    if (min > largest.bytes) largest = { bytes: min, resources: entries.length };
    let resourceBytes = 0;
    for (const [logicalId, resource] of entries) {
      const share = (byType[resource.Type] ??= { count: 0, bytes: 0, properties: {} });
      // `"id":{...}` plus the separating comma
      const bytes = size(logicalId) + 1 + size(resource) + 1;
      share.count++;
      share.bytes += bytes;
      resourceBytes += bytes;
      share.properties['(logical id)'] = (share.properties['(logical id)'] ?? 0) + size(logicalId) + 1;
      share.properties['(Type)'] =
        (share.properties['(Type)'] ?? 0) + size('Type') + 1 + size(resource.Type) + 1;
      const props = (resource.Properties ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(props)) {
        share.properties[key] = (share.properties[key] ?? 0) + size(key) + 1 + size(value) + 1;
      }
      for (const key of ['Metadata', 'DependsOn', 'UpdateReplacePolicy', 'DeletionPolicy', 'Condition']) {
        if (resource[key] !== undefined) {
          const k = `(${key})`;
          share.properties[k] = (share.properties[k] ?? 0) + size(key) + 1 + size(resource[key]) + 1;
        }
      }
    }
    nonResourceBytes += min - resourceBytes;
  }
  const alarms =
    (byType['AWS::CloudWatch::Alarm']?.count ?? 0) + (byType['AWS::CloudWatch::CompositeAlarm']?.count ?? 0);
  return {
    stacks: files.length,
    resources,
    alarms,
    bytes: { written, minified, indented },
    largest,
    byType,
    nonResourceBytes,
  };
}
