/** The tracing, audit and logs parts of the model, from their config sections (each optional). */
import type { ServiceModel, TelemetryModel } from '../model/telemetry-model';
import type { IssueSink } from './errors';
import type { TelemetryConfig } from './schema';
import { auditModel } from './to-model-audit';
import { logsModel, retentionTiers } from './to-model-logs';
import { tracingModel } from './to-model-tracing';

export function governanceModel(
  config: TelemetryConfig,
  services: readonly ServiceModel[],
  issues: IssueSink,
): Pick<TelemetryModel, 'tracing' | 'audit' | 'logs'> {
  const tiers = retentionTiers(config.logs, issues);
  return {
    ...(config.tracing ? { tracing: tracingModel(config.app, config.tracing, services, issues) } : {}),
    ...(config.audit ? { audit: auditModel(config.app, config.audit, tiers, issues) } : {}),
    ...(config.logs ? { logs: logsModel(config.logs, tiers, issues) } : {}),
  };
}
