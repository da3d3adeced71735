/**
 * Where and how the telemetry deploys, checked as a whole: the Region (known, in a supported partition, with every
 * service the config's sections use) and the compliance packs. The core stack's subscriptions need no check here:
 * the schema's `CHANNEL_LIMITS` keep them under `MAX_SUBSCRIPTION_RESOURCES` (a test holds the worst case to it),
 * and the `Alerting` construct checks what is given to it directly.
 */
import type { CompliancePackId } from '../compliance/packs';
import { SEVERITIES } from '../model/alarm-spec';
import { regionProblems, sectionsOf, type RegionalSection } from '../model/region-services';
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
    case 'prometheus':
    case 'rum':
      return [id];
    case 'kpiLogs':
      return ['kpis'];
    case 'dataProtection':
    case 'archive':
      return ['logs', id];
    default:
      return config.env?.region !== undefined ? ['env', 'region'] : [];
  }
}

/** Checks the model against its Region; returns the compliance packs. */
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
  const packs = config.compliance as readonly CompliancePackId[] | undefined;
  return packs?.length ? { compliance: [...new Set(packs)] } : {};
}
