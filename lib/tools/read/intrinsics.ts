/**
 * Evaluates CloudFormation intrinsic functions to strings where a template allows it: `Ref` to pseudo
 * parameters (kept as `${AWS::Region}`-style placeholders), to parameters (their default) and to named resources
 * (their name), `Fn::Sub`, `Fn::Join`, `Fn::Select` (of a list or an `Fn::Split`), `Fn::GetAtt` of a named
 * resource's ARN. Anything else is
 * reported as unresolved rather than guessed.
 */
import { printable } from '../echo';
import { own } from '../own';

export interface CfnResource {
  readonly Type?: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

/** The parts of a CloudFormation template the readers use. */
export interface CfnTemplateLike {
  /** The template's resources, by logical id. @default - none */
  readonly Resources?: Record<string, CfnResource>;
  /** The template's parameters, by name (their defaults resolve `Ref`s). @default - none */
  readonly Parameters?: Record<string, { Default?: unknown; Type?: string }>;
}

/** The property holding a resource's physical name, for the types a reviewer meets in alarm actions. */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::SNS::Topic': 'TopicName',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CloudWatch::CompositeAlarm': 'AlarmName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::DynamoDB::Table': 'TableName',
};

const ARN_SERVICE: Readonly<Record<string, string>> = {
  'AWS::SNS::Topic': 'sns',
  'AWS::CloudWatch::Alarm': 'cloudwatch',
  'AWS::CloudWatch::CompositeAlarm': 'cloudwatch',
  'AWS::Lambda::Function': 'lambda',
};

export type Evaluated =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly why: string };

const ok = (value: string): Evaluated => ({ ok: true, value });
const no = (why: string): Evaluated => ({ ok: false, why });

function nameOf(template: CfnTemplateLike, logicalId: string): string | undefined {
  const r = own(template.Resources, logicalId);
  const prop = own(NAME_PROPERTY, r?.Type);
  const name = prop ? own(r?.Properties, prop) : undefined;
  return typeof name === 'string' ? name : undefined;
}

function ref(template: CfnTemplateLike, id: string): Evaluated {
  if (id.startsWith('AWS::')) return ok(`\${${id}}`);
  const param = own(template.Parameters, id);
  if (param !== null && typeof param === 'object') {
    const value = param.Default;
    if (['string', 'number', 'boolean'].includes(typeof value)) return ok(String(value));
    return no(`parameter ${printable(id, 100)} has no default`);
  }
  const resource = own(template.Resources, id);
  if (!resource) return no(`Ref to unknown ${printable(id, 100)}`);
  const name = nameOf(template, id);
  if (resource.Type === 'AWS::SNS::Topic') {
    // A topic's Ref is its ARN.
    return ok(`arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${name ?? id}`);
  }
  return name ? ok(name) : ok(id);
}

/** Evaluates a value to a string, or says why it cannot. */
export function evaluate(value: unknown, template: CfnTemplateLike): Evaluated {
  if (typeof value === 'string') return ok(value);
  if (typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return no('not a string');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) return no('not an intrinsic function');
  const [fn, arg] = entries[0];
  switch (fn) {
    case 'Ref':
      return typeof arg === 'string' ? ref(template, arg) : no('bad Ref');
    case 'Fn::Sub': {
      const [text, vars] = Array.isArray(arg)
        ? (arg as [unknown, Record<string, unknown>?])
        : [arg, undefined];
      if (typeof text !== 'string') return no('bad Fn::Sub');
      let failed: string | undefined;
      const out = text.replace(/\$\{([^}!][^}]*)\}/g, (whole, name: string) => {
        if (vars !== null && typeof vars === 'object' && Object.hasOwn(vars, name)) {
          const v = evaluate(vars[name], template);
          if (v.ok) return v.value;
          failed = v.why;
          return whole;
        }
        if (name.startsWith('AWS::')) return whole;
        const [id, attr] = name.split('.');
        const v = attr ? getAtt(template, id, attr) : ref(template, id);
        if (v.ok) return v.value;
        failed = v.why;
        return whole;
      });
      return failed ? no(failed) : ok(out.replace(/\$\{!/g, '${'));
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) {
        return no('bad Fn::Join');
      }
      const parts: string[] = [];
      for (const p of arg[1] as unknown[]) {
        const v = evaluate(p, template);
        if (!v.ok) return v;
        parts.push(v.value);
      }
      return ok(parts.join(arg[0]));
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) return no('bad Fn::Select');
      const list = arg[1];
      const index = Number(arg[0]);
      if (Array.isArray(list)) return evaluate(list[index], template);
      const split = splitList(list, template);
      if (!split.ok) return split;
      return index >= 0 && index < split.parts.length
        ? ok(split.parts[index])
        : no(`Fn::Select index ${printable(String(arg[0]), 40)} is outside the list`);
    }
    case 'Fn::GetAtt': {
      const [id, attr] = Array.isArray(arg) ? (arg as unknown[]) : String(arg).split('.');
      if (typeof id !== 'string' || typeof attr !== 'string') return no('bad Fn::GetAtt');
      return getAtt(template, id, attr);
    }
    case 'Fn::ImportValue': {
      const v = evaluate(arg, template);
      return v.ok ? ok(`import:${v.value}`) : v;
    }
    default:
      return no(`${printable(fn, 60)} cannot be evaluated from the template`);
  }
}

/**
 * `Fn::Split` of an evaluable string. `${AWS::...}` placeholders are kept whole (CDK splits ARNs built with them,
 * e.g. `Fn::Select [6, Fn::Split [":", <function ARN>]]` for a function name).
 */
function splitList(
  value: unknown,
  template: CfnTemplateLike,
): { ok: true; parts: string[] } | { ok: false; why: string } {
  const arg = (value as Record<string, unknown> | null)?.['Fn::Split'];
  if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== 'string' || arg[0] === '') {
    return { ok: false, why: 'Fn::Select over a computed list' };
  }
  const source = evaluate(arg[1], template);
  if (!source.ok) return source;
  const delimiter = arg[0];
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < source.value.length;) {
    if (source.value.startsWith('${', i)) {
      const end = source.value.indexOf('}', i);
      const stop = end < 0 ? source.value.length : end + 1;
      current += source.value.slice(i, stop);
      i = stop;
    } else if (source.value.startsWith(delimiter, i)) {
      parts.push(current);
      current = '';
      i += delimiter.length;
    } else {
      current += source.value[i++];
    }
  }
  parts.push(current);
  return { ok: true, parts };
}

function getAtt(template: CfnTemplateLike, id: string, attr: string): Evaluated {
  const r = own(template.Resources, id);
  if (!r) return no(`Fn::GetAtt of unknown ${printable(id, 100)}`);
  const name = nameOf(template, id) ?? id;
  const service = own(ARN_SERVICE, r.Type);
  if (attr === 'Arn' || attr === 'TopicArn') {
    if (service === 'cloudwatch')
      return ok(`arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${name}`);
    if (service === 'lambda')
      return ok(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}`);
    if (service === 'sns') return ok(`arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${name}`);
  }
  if (attr === 'TopicName' || attr === 'Name') return ok(name);
  return no(`Fn::GetAtt ${printable(`${id}.${attr}`, 100)} cannot be evaluated from the template`);
}

/** One ARN segment: plain characters or `${AWS::...}` placeholders (which contain colons). */
const SEG = '(?:\\$\\{[^}]*\\}|[^:$])*';
const SNS_ARN = new RegExp(`^arn:${SEG}:sns:${SEG}:${SEG}:([^:]+)$`);
const ALARM_ARN = new RegExp(`^arn:${SEG}:cloudwatch:${SEG}:${SEG}:alarm:(.+)$`);

/** An action ARN in the form a reviewer reads: an SNS topic's name, else the ARN itself. */
export function actionTarget(arn: string): string {
  const sns = SNS_ARN.exec(arn);
  return sns ? sns[1] : arn;
}

/** An alarm reference in a composite rule: the alarm's name (ARNs are reduced to the name). */
export function alarmNameOf(ref: string): string {
  const m = ALARM_ARN.exec(ref);
  return m ? m[1] : ref;
}
