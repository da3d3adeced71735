/**
 * X-Ray sampling rules and groups: whatever `AWS::XRay::SamplingRule` and `AWS::XRay::Group` resources the
 * assembly holds must exist in the account with the fields the template sets (GetSamplingRules, GetGroups,
 * paginated). Needs `xray:GetSamplingRules` and `xray:GetGroups`.
 */
import {
  GetGroupsCommand,
  GetSamplingRulesCommand,
  type GetGroupsCommandOutput,
  type GetSamplingRulesCommandOutput,
  type Group,
  type SamplingRule,
  type XRayClient,
} from '@aws-sdk/client-xray';
import { awsCall, forEachPage, type RetryOptions } from '../aws/call';
import { evaluate, type CfnTemplateLike } from '../read/intrinsics';
import type { StackRead } from '../read/assembly';
import { differences, describeDifferences, type Check } from './check';

/** A sampling rule or group as the template sets it: only the fields present; unresolvable ones are notes. */
export interface XRayExpected {
  readonly type: 'rule' | 'group';
  readonly name: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly notes: readonly string[];
}

const RULE_FIELDS = [
  'Priority',
  'FixedRate',
  'ReservoirSize',
  'ServiceName',
  'ServiceType',
  'Host',
  'HTTPMethod',
  'URLPath',
  'ResourceARN',
  'Version',
  'Attributes',
];

function resolve(value: unknown, template: CfnTemplateLike, where: string, notes: string[]): unknown {
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 1) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolve(v, template, `${where}.${k}`, notes)]),
    );
  }
  const v = evaluate(value, template);
  if (v.ok) return /^-?\d+(\.\d+)?$/.test(v.value) && typeof value !== 'string' ? Number(v.value) : v.value;
  notes.push(`${where}: ${v.why}`);
  return undefined;
}

/** The sampling rules and groups of an assembly. */
export function xrayResources(stacks: readonly StackRead[]): XRayExpected[] {
  const out: XRayExpected[] = [];
  for (const stack of stacks) {
    for (const [id, r] of Object.entries(stack.template.Resources ?? {})) {
      const props = (r.Properties ?? {}) as Record<string, unknown>;
      const notes: string[] = [];
      if (r.Type === 'AWS::XRay::SamplingRule') {
        const rule = (props.SamplingRule ?? {}) as Record<string, unknown>;
        const name = resolve(rule.RuleName ?? props.RuleName, stack.template, `${id}.RuleName`, notes);
        const fields: Record<string, unknown> = {};
        for (const f of RULE_FIELDS)
          if (rule[f] !== undefined)
            fields[f] = resolve(rule[f], stack.template, `${id}.SamplingRule.${f}`, notes);
        out.push({ type: 'rule', name: String(name ?? id), fields, notes });
      } else if (r.Type === 'AWS::XRay::Group') {
        const name = resolve(props.GroupName, stack.template, `${id}.GroupName`, notes);
        const fields: Record<string, unknown> = {};
        if (props.FilterExpression !== undefined)
          fields.FilterExpression = resolve(
            props.FilterExpression,
            stack.template,
            `${id}.FilterExpression`,
            notes,
          );
        const insights = props.InsightsConfiguration as Record<string, unknown> | undefined;
        if (insights)
          fields.InsightsConfiguration = resolve(
            insights,
            stack.template,
            `${id}.InsightsConfiguration`,
            notes,
          );
        out.push({ type: 'group', name: String(name ?? id), fields, notes });
      }
    }
  }
  return out;
}

export async function listSamplingRules(
  client: XRayClient,
  retry: RetryOptions = {},
): Promise<SamplingRule[]> {
  const rules: SamplingRule[] = [];
  await forEachPage(
    (NextToken) =>
      awsCall<GetSamplingRulesCommandOutput>(
        'xray',
        client,
        new GetSamplingRulesCommand({ NextToken }),
        retry,
      ),
    (out) => {
      for (const r of out.SamplingRuleRecords ?? []) if (r.SamplingRule) rules.push(r.SamplingRule);
    },
  );
  return rules;
}

export async function listGroups(client: XRayClient, retry: RetryOptions = {}): Promise<Group[]> {
  const groups: Group[] = [];
  await forEachPage(
    (NextToken) =>
      awsCall<GetGroupsCommandOutput>('xray', client, new GetGroupsCommand({ NextToken }), retry),
    (out) => groups.push(...(out.Groups ?? [])),
  );
  return groups;
}

export function checkXRay(
  expected: readonly XRayExpected[],
  rules: readonly SamplingRule[],
  groups: readonly Group[],
  prefix?: string,
): Check[] {
  const checks: Check[] = [];
  const kindOf = (t: 'rule' | 'group') => (t === 'rule' ? 'x-ray sampling rule' : 'x-ray group');
  for (const e of expected) {
    const kind = kindOf(e.type);
    const live: Record<string, unknown> | undefined =
      e.type === 'rule'
        ? (rules.find((r) => r.RuleName === e.name) as Record<string, unknown> | undefined)
        : (groups.find((g) => g.GroupName === e.name) as Record<string, unknown> | undefined);
    if (!live) {
      checks.push({ status: 'fail', kind, subject: e.name, detail: 'not deployed' });
      continue;
    }
    const actual = Object.fromEntries(Object.keys(e.fields).map((k) => [k, pickLike(e.fields[k], live[k])]));
    const diffs = differences(e.fields, actual, '', (a, b) => a === undefined || a === b);
    const notes = e.notes.length ? ` (not compared: ${e.notes.join('; ')})` : '';
    checks.push(
      diffs.length
        ? {
            status: 'fail',
            kind,
            subject: e.name,
            detail: `differs (assembly → deployed): ${describeDifferences(diffs)}${notes}`,
            differences: diffs,
          }
        : { status: 'pass', kind, subject: e.name, detail: `deployed as synthesized${notes}` },
    );
  }
  if (prefix) {
    const known = new Set(expected.map((e) => `${e.type}:${e.name}`));
    const live: [XRayExpected['type'], string | undefined][] = [
      ...rules.map((r): [XRayExpected['type'], string | undefined] => ['rule', r.RuleName]),
      ...groups.map((g): [XRayExpected['type'], string | undefined] => ['group', g.GroupName]),
    ];
    for (const [type, name] of live)
      if (name?.startsWith(prefix) && !known.has(`${type}:${name}`))
        checks.push({
          status: 'warn',
          kind: kindOf(type),
          subject: name,
          detail: `has the prefix "${prefix}" but is not in the assembly`,
        });
  }
  return checks;
}

/** The deployed value, restricted to the keys the template sets (nested objects too). */
function pickLike(expected: unknown, actual: unknown): unknown {
  if (
    expected &&
    typeof expected === 'object' &&
    !Array.isArray(expected) &&
    actual &&
    typeof actual === 'object'
  ) {
    return Object.fromEntries(
      Object.keys(expected).map((k) => [
        k,
        pickLike((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k]),
      ]),
    );
  }
  return actual;
}
