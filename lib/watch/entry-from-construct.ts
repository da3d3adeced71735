/**
 * Constructs in: the telemetry.yaml entry of a CDK construct, from the kind that recognizes it (each kind file's
 * construct hook). Names come from the construct (tokens are fine), labels from construct ids, and what the
 * construct knows (a function's timeout, a queue's FIFO-ness and dead-letter queue, a table's capacity mode, a
 * stage's detailed metrics) is read from it instead of asked again.
 */
import { Annotations, CfnResource, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { KIND_LIST, type ConstructContext, type KINDS, type KindKey } from '../model/kinds';
import { safeLabel } from '../model/naming';

/** Construct ids CDK gives the L1 behind an L2, or an L2's default child: the label comes from the parent. */
const DEFAULT_IDS = new Set(['Resource', 'Default']);

function cfnOf<T>(c: IConstruct, type: string): T | undefined {
  if (CfnResource.isCfnResource(c)) return c.cfnResourceType === type ? (c as T) : undefined;
  const child = c.node.defaultChild;
  return child && CfnResource.isCfnResource(child) && child.cfnResourceType === type
    ? (child as T)
    : undefined;
}

/** The logical id a resolved `Ref` or `Fn::GetAtt` points at. */
function targetId(resolved: unknown): string | undefined {
  if (!resolved || typeof resolved !== 'object') return undefined;
  const r = resolved as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  if (typeof r.Ref === 'string') return r.Ref;
  const att = r['Fn::GetAtt'];
  return Array.isArray(att) && typeof att[0] === 'string' ? att[0] : undefined;
}

/**
 * Where a hook's warning about a construct goes: the L2 when the construct is its L1 (its default child). Telemetry.watch
 * asks the hooks about both, and CDK keeps one of equal messages on a construct, so the user reads the warning once.
 */
function warningScope(c: IConstruct): IConstruct {
  const parent = c.node.scope;
  return parent && CfnResource.isCfnResource(c) && parent.node.defaultChild === c ? parent : c;
}

/** The construct context the kind files' hooks get: all access to aws-cdk-lib at run time lives here. */
export const CONSTRUCT_CONTEXT: ConstructContext = {
  cfnOf,
  referenced<T>(c: IConstruct, value: unknown, type: string): T | undefined {
    const stack = Stack.of(c);
    const id = targetId(stack.resolve(value));
    if (!id) return undefined;
    const found = stack.node
      .findAll()
      .find(
        (r) =>
          CfnResource.isCfnResource(r) && r.cfnResourceType === type && stack.resolve(r.logicalId) === id,
      );
    return found as T | undefined;
  },
  label(c) {
    const node = DEFAULT_IDS.has(c.node.id) && c.node.scope ? c.node.scope.node : c.node;
    return safeLabel(node.id).slice(0, 64);
  },
  isToken: (v) => Token.isUnresolved(v),
  number: (v) => (typeof v === 'number' && !Token.isUnresolved(v) ? v : undefined),
  string: (v) => (typeof v === 'string' && !Token.isUnresolved(v) ? v : undefined),
  resolve: (c, v) => (v === undefined ? undefined : Stack.of(c).resolve(v)),
  seconds: (v) => (typeof v === 'number' && !Token.isUnresolved(v) && v > 0 ? `${v}s` : undefined),
  warn: (c, id, message) => Annotations.of(warningScope(c)).addWarningV2(id, message),
};

/** A construct's entry, with the kind whose `services[]` key it goes under. */
export type ConstructEntry = {
  [K in KindKey]: {
    readonly kind: K;
    readonly entry: NonNullable<ReturnType<(typeof KINDS)[K]['construct']['entry']>>;
  };
}[KindKey];

/**
 * The entry of the first kind (in registry order) that recognizes the construct, an L2 or the L1 behind it, or
 * undefined when no kind does.
 */
export function entryFromConstruct(construct: IConstruct): ConstructEntry | undefined {
  for (const kind of KIND_LIST) {
    const entry = kind.construct.entry(construct, CONSTRUCT_CONTEXT);
    if (entry !== undefined) return { kind: kind.key, entry } as ConstructEntry;
  }
  return undefined;
}
