/**
 * How cdk-nag prints a value in a finding id, e.g. the resource of `AwsSolutions-IAM5[Resource::<...>]`: the value
 * resolved in its stack, then `Ref` → `<Name>`, `Fn::GetAtt` → `<Id.Attr>`, `Fn::Join` joined and `${X}` → `<X>`
 * (cdk-nag 3 `utils/flatten-cfn-reference`, Apache-2.0). With a concrete Region the partition and Region are
 * literals (`arn:aws:kms:eu-west-1:<AWS::AccountId>:...`), without one they are references: an acknowledgement
 * built from this matches in both.
 */
import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join'])) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (o['Fn::Sub'] !== undefined) return flatten(o['Fn::Sub']);
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if (o['Fn::ImportValue'] !== undefined) return flatten(o['Fn::ImportValue']);
    if (o.Ref !== undefined) return `<${flatten(o.Ref)}>`;
  }
  return JSON.stringify(node);
}

/** `value` (a string that may hold tokens) as cdk-nag shows it in finding ids, resolved in `scope`'s stack. */
export function nagReference(scope: IConstruct, value: string): string {
  return flatten(Stack.of(scope).resolve(value));
}
