/**
 * What an SLO adds beside its alarms, in the scope that holds its tier composites: its Application Signals objective
 * (when switched on) and its tiers' facts in the template metadata, which `review` puts in words.
 */
import type { Construct } from 'constructs';
import type { CompositeAlarmSpec } from '../model/alarm-spec';
import { objectivesBeside } from '../model/slo-application-signals';
import { sloTierFacts } from '../model/slo-words';
import type { SloModel } from '../model/slo';
import { ApplicationSignalsSlos } from './application-signals-slos';
import { TemplateMetadata } from './template-metadata';

/** Renders the SLO extras of `services` whose composites are among `composites`; the objectives, if any. */
export function addSloExtras(
  scope: Construct,
  app: string,
  services: ReadonlyArray<{ readonly name: string; readonly slos?: readonly SloModel[] }>,
  composites: readonly CompositeAlarmSpec[],
): ApplicationSignalsSlos | undefined {
  const here = new Set(composites.map((c) => c.name));
  const metadata = TemplateMetadata.of(scope);
  for (const s of services) {
    for (const slo of s.slos ?? []) {
      const facts = sloTierFacts(app, s.name, slo);
      metadata.addSlos(Object.fromEntries(Object.entries(facts).filter(([name]) => here.has(name))));
    }
  }
  const objectives = objectivesBeside(app, services, composites);
  return objectives.length
    ? new ApplicationSignalsSlos(scope, 'ApplicationSignals', { objectives })
    : undefined;
}
