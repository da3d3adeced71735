/**
 * Where and how the telemetry deploys, checked as a whole: the Region (known, in a supported partition, with every
 * service the config's sections use), the size of the core stack's subscriptions, and the compliance packs.
 */
import type { CompliancePackId } from '../compliance/packs';
import { SEVERITIES } from '../model/alarm-spec';
import { regionProblems, sectionsOf, type RegionalSection } from '../model/region-services';
import { subscriptionCapacityProblem } from '../model/stack-capacity';
import type { TelemetryModel } from '../model/telemetry-model';
import type { ConfigPath, IssueSink } from './errors';
import type { TelemetryConfig } from './schema';

/** Where in the config a section is written, for the error's position. */
function sectionPath(config: TelemetryConfig, id: RegionalSection['id'] | undefined): ConfigPath {
  switch (id) {
    case 'slack': {
      const severity = SEVERITIES.find((s) => config.alerting?.[s]?.slack?.length) ?? 'critical';
      return ['alerting', severity, 'slack'];
    }
    case 'tracing':
    case 'audit':
    case 'grafana':
      return [id];
    case 'dataProtection':
    case 'archive':
      return ['logs', id];
    default:
      return config.env?.region !== undefined ? ['env', 'region'] : [];
  }
}

/** Checks the model against its Region and the core stack's capacity; returns the compliance packs. */
export function deploymentModel(
  config: TelemetryConfig,
  model: Omit<TelemetryModel, 'compliance'>,
  issues: IssueSink,
): Pick<TelemetryModel, 'compliance'> {
  const region = config.env?.region;
  if (region !== undefined) {
    for (const p of regionProblems(region, sectionsOf(model))) {
      issues.add(sectionPath(config, p.section?.id), p.message);
    }
  }
  const tooMany = subscriptionCapacityProblem(model.alerting.channels);
  if (tooMany) issues.add(['alerting'], tooMany);
  const packs = config.compliance as readonly CompliancePackId[] | undefined;
  return packs?.length ? { compliance: [...new Set(packs)] } : {};
}
