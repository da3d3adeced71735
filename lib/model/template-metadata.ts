/**
 * What the alarm renderer writes into templates and the tools read back, kept free of CDK imports so that the
 * `cdk-telemetry` command starts without loading aws-cdk-lib.
 */

/** The template metadata key under which an alarm's model labels are kept (read back by the review tool). */
export const METADATA_KEY = 'cdk-telemetry';

/** Extended statistics (percentiles, trimmed means, ...) go to `ExtendedStatistic`, the rest to `Statistic`. */
export const STANDARD_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
