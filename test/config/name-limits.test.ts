/**
 * Names at the limits of the schema (issue 11, the family the fuzzer reached three times: a value the schema
 * accepts that a resource further down refuses). The app, service, SLO, journey, KPI and maintenance names at the
 * longest the schema takes, of each character class it takes ("-" doubled and at the end, digits), go into every
 * resource name the telemetry derives from them: one synthesis of every capability, with cdk-nag and CloudFormation
 * validation as `cdk synth` runs them, proves that each derived name fits its resource. The names CloudFormation
 * validation does not see (made at deploy, or checked by the service only) are checked against their rules here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { modelFromText } from '../../lib/config/load';
import { isTrailName } from '../../lib/model/audit';
import { applicationSignalsSloName } from '../../lib/model/slo-application-signals';
import { synthModel } from '../helpers/synth';

const ROOT = join(__dirname, '../..');
const EXAMPLE = parse(readFileSync(join(ROOT, 'telemetry.yaml'), 'utf8'));

/**
 * The longest names of each class the schema takes: letters, digits, "-" doubled and "-" at the end. The last app
 * name holds them all; it is the one synthesized.
 */
const APPS = ['abcdefghijklmnopqrstuvwx', 'a0123456789012345678901-', 'a1--b2--c3--d4--e5--f6--'];
const service = (i: number, app: number) =>
  [`s${app}${i}`.padEnd(32, 'z'), `s${app}${i}`.padEnd(31, '9') + '-', `s${app}${i}-`.padEnd(32, '-')][i % 3];
const SLO = (i: number) =>
  [`l${i}`.padEnd(24, 'Q'), `l${i}-`.padEnd(23, '-') + '9', `l${i}`.padEnd(24, '7')][i % 3];

/** The example with every name at its limit, Application Signals SLOs and a maintenance window on top. */
function longNames(app: number): string {
  const c = structuredClone(EXAMPLE);
  c.app = APPS[app];
  // One resource of a kind is enough for the names: the example's others only cost synthesis time.
  c.services[0].restApi[0].methods = ['GET /tasks'];
  c.services[0].lambda = c.services[0].lambda.slice(0, 1);
  c.services[1].lambda = c.services[1].lambda.slice(0, 1);
  delete c.budgets.operations['export-report'];
  c.services.push({ name: 'third', lambda: ['sophie-third'] });
  delete c.compliance; // the packs check the same resources again, and name nothing
  c.services.forEach((s: { name: string; slos?: Array<{ name: string }> }, i: number) => {
    s.name = service(i, app);
    s.slos?.forEach((slo, j) => (slo.name = SLO(j)));
  });
  c.tracing.services = { [c.services[0].name]: c.tracing.services.api };
  c.applicationSignals = { slos: true };
  c.journeys[0].name = `j${app}`.padEnd(40, app === 1 ? '-' : 'j');
  c.kpis[0].name = `k${app}`.padEnd(40, app === 2 ? '9' : '-');
  c.maintenance = [{ name: `m${app}`.padEnd(32, '-'), schedule: 'cron(0 22 ? * TUE *)', duration: '1h' }];
  return stringify(c);
}

describe('names at the limits of the schema', () => {
  const models = APPS.map((_, i) => modelFromText(longNames(i)));

  test('each app and service name is the longest of its class the schema takes', () => {
    for (const m of models) {
      expect(m.app).toHaveLength(24);
      expect(m.services.map((s) => s.name.length)).toEqual([32, 32, 32]);
    }
  });

  // One synthesis, of the app name that holds every class (synthesis is what costs); the others are checked by rule.
  test('the longest names of each class synthesize clean (cdk-nag and CloudFormation validation)', () => {
    const { assembly } = synthModel(models[2]);
    expect(assembly.stacks.map((s) => s.stackName)).toContain(
      `${APPS[2]}-telemetry-${models[2].services[0].name}`,
    );
  });

  test('names checked only at deploy follow their service rules, for every class', () => {
    for (const m of models) {
      expect(isTrailName(m.audit!.trailName)).toBe(true);
      for (const s of m.services) {
        for (const slo of s.slos ?? []) {
          // AWS::ApplicationSignals::ServiceLevelObjective Name (CloudFormation reference).
          expect(applicationSignalsSloName(m.app, s.name, slo)).toMatch(
            /^[0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z]$/,
          );
        }
      }
    }
  });
});
