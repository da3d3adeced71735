import { z } from 'zod';
import { TelemetryConfigSchema } from './schema';

/** The JSON Schema of telemetry.yaml (draft 2020-12), for editor completion and validation. */
export function telemetryJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(TelemetryConfigSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/cdk-telemetry/cdk-telemetry/telemetry.schema.json',
    title: 'cdk-telemetry configuration (telemetry.yaml)',
  };
}
