/**
 * The series contract between the collectors and the rules: which OpenTelemetry metric the rules read, under which
 * Prometheus name, and which labels say what. The collectors this package generates (`collector-config.ts`) set the
 * labels; an application that writes to the workspace some other way must set them too.
 *
 * OpenTelemetry's stable HTTP server metric is the histogram `http.server.request.duration` in seconds, with the
 * attributes `http.request.method`, `http.route` and `http.response.status_code`. The collector's Prometheus
 * remote-write exporter names it `http_server_request_duration_seconds` (`_bucket`, `_count`, `_sum`) and turns
 * dots in attribute names into underscores; with `resource_to_telemetry_conversion` the resource attributes
 * `service.namespace`, `service` and `operation` become labels as well.
 */

/** Metric and label names, in Prometheus form. */
export const SERIES = {
  /** The histogram's base name; the rules read `_bucket` and `_count`. */
  duration: 'http_server_request_duration_seconds',
  /** The application (`service.namespace`, set to the config's `app`). */
  app: 'service_namespace',
  /** The service of the model (resource attribute `service`). */
  service: 'service',
  /** The budgeted operation (resource attribute `operation` for a Lambda function, mapped from routes in a sidecar). */
  operation: 'operation',
  route: 'http_route',
  method: 'http_request_method',
  status: 'http_response_status_code',
} as const;

/** The OpenTelemetry attribute (or resource attribute) behind each label the collectors set. */
export const OTEL_ATTRIBUTES = {
  app: 'service.namespace',
  service: 'service',
  operation: 'operation',
  route: 'http.route',
  method: 'http.request.method',
} as const;

/**
 * The bucket boundaries (seconds) OpenTelemetry's semantic conventions advise for `http.server.request.duration`.
 * Quantiles are interpolated inside a bucket, so a budget on a boundary (50 ms, 75 ms, 100 ms, 250 ms, 500 ms...)
 * is compared exactly; between boundaries, `histogram_quantile` assumes requests spread evenly over the bucket.
 */
export const DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
