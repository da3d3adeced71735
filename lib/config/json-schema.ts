import { z } from 'zod';
import { TelemetryConfigSchema } from './schema';

/**
 * The JSON Schema of telemetry.yaml (draft 2020-12), for editor completion and validation. Schemas used in many
 * places (an alarm override: one per row of every kind, under each entry and under `defaults`) are written once
 * under `$defs`, which keeps the file a quarter of the size it would be inline.
 */
export function telemetryJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(TelemetryConfigSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/cdk-telemetry/cdk-telemetry/telemetry.schema.json',
    title: 'cdk-telemetry configuration (telemetry.yaml)',
  };
}
