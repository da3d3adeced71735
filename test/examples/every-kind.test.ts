import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIND_LIST } from '../../lib/model/kinds';
import { everyKindYaml } from '../../lib/model/kinds/examples';
import { LIMITS } from '../../lib/model/limits';
import type { addTelemetryStacks } from '../../lib/stacks/telemetry-app';
import { synthConfig, type CfnTemplate } from '../helpers/synth';
import { synthUnchecked } from '../helpers/unchecked-synth';

const FILE = join(__dirname, '../../examples/every-kind.yaml');

type Plan = ReturnType<typeof addTelemetryStacks>['plan'];

/**
 * Metric alarms per resource kind (the `kind` label of the alarm's metadata-free name is read from the plan): of the
 * services, of the account (once per app), or both.
 */
function alarmsPerKind(plan: Plan, of: 'services' | 'account' | 'both' = 'both') {
  const out: Record<string, number> = {};
  const alarms = [
    ...(of === 'account' ? [] : plan.services.flatMap((s) => s.alarms)),
    ...(of === 'services' ? [] : plan.account),
  ];
  for (const a of alarms) {
    const kind = a.labels?.kind ?? '?';
    out[kind] = (out[kind] ?? 0) + 1;
  }
  return out;
}

describe('examples/every-kind.yaml: every kind in one app', () => {
  test('the committed file is what `npm run examples` writes', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(everyKindYaml());
  });

  const { stacks } = synthConfig(readFileSync(FILE, 'utf8'));
  const perKind = alarmsPerKind(stacks.plan);

  test('synthesizes with cdk-nag and CloudFormation validation, and every kind has alarms', () => {
    for (const kind of KIND_LIST)
      expect({ kind: kind.key, alarms: perKind[kind.key] ?? 0 }).not.toEqual({ kind: kind.key, alarms: 0 });
    expect(perKind).toMatchSnapshot();
  });

  test('ten of every kind in one app stay within CloudFormation and CloudWatch limits (stacks split)', () => {
    // Without cdk-nag and validation: the synth above passed both with one of every kind.
    const { stacks: ten, assembly } = synthUnchecked(everyKindYaml(10));
    // Account-wide alarms are once per app, whatever the number of resources (a kind may have both: the app's
    // queue of undelivered alerts is alarmed like every SQS dead-letter queue).
    const [one, many] = [stacks.plan, ten.plan];
    for (const of of ['services', 'account'] as const) {
      const expected = Object.fromEntries(
        Object.entries(alarmsPerKind(one, of)).map(([kind, n]) => [kind, of === 'account' ? n : n * 10]),
      );
      expect({ of, alarms: alarmsPerKind(many, of) }).toEqual({ of, alarms: expected });
    }
    for (const stack of assembly.stacks) {
      const t = stack.template as CfnTemplate;
      const bytes = readFileSync(join(assembly.directory, stack.templateFile)).length;
      expect({
        stack: stack.stackName,
        ok: Object.keys(t.Resources).length <= LIMITS.templateResources && bytes <= LIMITS.templateBytes,
      }).toEqual({ stack: stack.stackName, ok: true });
    }
  });
});
