/**
 * Names the alarm renderer writes into templates and the tools read back, kept free of CDK imports so that the
 * `cdk-telemetry` command starts without loading aws-cdk-lib (`alarms/render.ts` re-exports them).
 */

/** The template metadata key that says which apps and services a template's alarms belong to (see model/labels). */
export const METADATA_KEY = 'cdk-telemetry';

/** Extended statistics (percentiles, trimmed means, ...) go to `ExtendedStatistic`, the rest to `Statistic`. */
export const STANDARD_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
