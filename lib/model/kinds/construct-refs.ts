/**
 * What construct hooks need to look around a resource in its stack: the L1 resources of a type that refer to it
 * (the event-source mappings and async-invoke configs of a function, the attachments of a volume, the capacity
 * providers of a cluster). Loads nothing from aws-cdk-lib: a CloudFormation resource is recognized by its
 * `cfnResourceType`, and references by the `Ref` / `Fn::GetAtt` they resolve to.
 */
import type { IConstruct } from 'constructs';
import type { ConstructContext } from './types';

/** An L1 resource as the hooks see it. */
export interface CfnLike extends IConstruct {
  readonly cfnResourceType: string;
  readonly logicalId: string;
  readonly stack: IConstruct;
}

const isCfn = (c: unknown): c is CfnLike =>
  typeof c === 'object' &&
  c !== null &&
  typeof (c as { cfnResourceType?: unknown }).cfnResourceType === 'string';

/** Whether a resolved value refers to the resource with this logical id (`Ref` or `Fn::GetAtt`, nested anywhere). */
export function refersTo(resolved: unknown, logicalId: string, depth = 0): boolean {
  if (depth > 20 || resolved === null || typeof resolved !== 'object') return false;
  if (Array.isArray(resolved)) return resolved.some((v) => refersTo(v, logicalId, depth + 1));
  const o = resolved as Record<string, unknown>;
  if (o.Ref === logicalId) return true;
  const att = o['Fn::GetAtt'];
  if (Array.isArray(att) && att[0] === logicalId) return true;
  if (typeof att === 'string' && att.split('.')[0] === logicalId) return true;
  return Object.values(o).some((v) => refersTo(v, logicalId, depth + 1));
}

/**
 * The L1 resources of a CloudFormation type in the target's stack whose property (`prop`) refers to the target:
 * e.g. the `AWS::Lambda::EventSourceMapping`s whose `functionName` is the function.
 */
export function referencing<T>(
  ctx: ConstructContext,
  target: CfnLike,
  cfnType: string,
  prop: (resource: T) => unknown,
): T[] {
  const id = ctx.resolve(target, target.logicalId);
  if (typeof id !== 'string') return [];
  return target.stack.node
    .findAll()
    .filter((c): c is CfnLike => isCfn(c) && c.cfnResourceType === cfnType)
    .filter((c) => refersTo(ctx.resolve(c, prop(c as unknown as T)), id)) as unknown as T[];
}

/** The CloudFormation type of the resource a token refers to (in the same stack), among some types. */
export function referencedType(
  ctx: ConstructContext,
  from: IConstruct,
  token: unknown,
  types: readonly string[],
): string | undefined {
  return types.find((t) => ctx.referenced(from, token, t) !== undefined);
}

/** A string or a number the template knows, as a number; undefined for a token or nothing. */
export function numberOf(ctx: ConstructContext, value: unknown): number | undefined {
  const n = ctx.number(value);
  if (n !== undefined) return n;
  const s = ctx.string(value);
  return s !== undefined && /^\d+(\.\d+)?$/.test(s) ? Number(s) : undefined;
}
