/**
 * Client-side engagement: a CloudWatch RUM app monitor, its authorization, and the metrics the product dashboard
 * shows (RUM's own in `AWS/RUM` by `application_name`, custom events in `RUM/CustomMetrics/<app>`). Pure data.
 */
import type { MetricId } from './alarm-spec';

export interface RumModel {
  /** The app monitor name. */
  readonly name: string;
  readonly domains: readonly string[];
  readonly sampleRate: number;
  readonly telemetries: ReadonlyArray<'errors' | 'performance' | 'http'>;
  readonly xray: boolean;
  readonly cookies: boolean;
  readonly authorization: 'cognito' | 'resourcePolicy';
  /** Custom event types turned into metrics. */
  readonly events: readonly string[];
  readonly logs: boolean;
}

/** The metrics RUM writes for every app monitor (CloudWatch User Guide, "CloudWatch metrics that you can collect with CloudWatch RUM"). */
export const RUM_METRICS = {
  sessions: 'SessionCount',
  pageViews: 'PageViewCount',
  jsErrors: 'JsErrorCount',
  httpErrors: 'HttpErrorCount',
  navigationDuration: 'PerformanceNavigationDuration',
} as const;

/** A metric RUM writes for the app monitor. */
export function rumMetric(monitor: string, name: string): MetricId {
  return { namespace: 'AWS/RUM', metricName: name, dimensions: { application_name: monitor } };
}

/** The namespace given to the custom metrics (RUM prepends `RUM/CustomMetrics/`). */
export const rumCustomNamespace = (app: string) => app;

/** A custom event's metric: the count of events of that type, without dimensions (no `DimensionKeys`). */
export function rumEventMetric(app: string, event: string): MetricId {
  return {
    namespace: `RUM/CustomMetrics/${rumCustomNamespace(app)}`,
    metricName: metricNameOf(event),
    dimensions: {},
  };
}

/** A metric name for an event type (RUM metric names: letters, digits and `_ . -`). */
export const metricNameOf = (event: string) => event.replace(/:/g, '_');
