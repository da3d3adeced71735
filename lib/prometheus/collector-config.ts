/**
 * OpenTelemetry collector configurations that send metrics to an AMP workspace with SigV4 remote write, generated
 * from the model: for a Lambda function (the collector inside an ADOT layer) and for a container sidecar (the ADOT
 * collector image). They label the series as the rules expect (`series.ts`): `service.namespace` (the app),
 * `service` and `operation` become labels through `resource_to_telemetry_conversion`; the sidecar maps routes to
 * the model's operations, the Lambda function gets its operation as a resource attribute (its layer's collector has
 * no processors).
 *
 * The workspace endpoint and Region come from environment variables, so the configuration text holds no
 * deploy-time values.
 */
import { routeRegex } from './rules/promql';
import { OTEL_ATTRIBUTES } from './rules/series';

/** Environment variables the configurations read. */
export const COLLECTOR_ENV = {
  remoteWriteUrl: 'CDK_TELEMETRY_AMP_REMOTE_WRITE_URL',
  region: 'CDK_TELEMETRY_AMP_REGION',
} as const;

/** Where a collector runs: the ADOT Lambda layer's collector (`lambda`) or a sidecar container (`sidecar`). */
export type CollectorTarget = 'lambda' | 'sidecar';

/**
 * Components each collector build has, from their sources: the ADOT Lambda layer's collector
 * (aws-observability/aws-otel-lambda `adot/collector/lambdacomponents/default.go`: no processors) and the ADOT
 * collector image (aws-observability/aws-otel-collector `pkg/defaultcomponents`, the ones used here).
 */
export const COLLECTOR_COMPONENTS: Readonly<
  Record<
    CollectorTarget,
    Readonly<Record<'receivers' | 'processors' | 'exporters' | 'extensions', readonly string[]>>
  >
> = {
  lambda: {
    receivers: ['otlp'],
    processors: [],
    exporters: [
      'awsxray',
      'awsemf',
      'prometheus',
      'prometheusremotewrite',
      'logging',
      'debug',
      'otlp',
      'otlphttp',
    ],
    extensions: ['sigv4auth'],
  },
  sidecar: {
    receivers: ['otlp', 'prometheus', 'awsecscontainermetrics'],
    processors: ['batch', 'memory_limiter', 'resource', 'transform', 'attributes', 'filter'],
    exporters: ['awsxray', 'awsemf', 'prometheusremotewrite', 'debug', 'otlp', 'otlphttp'],
    extensions: ['sigv4auth', 'health_check'],
  },
};

/** A route of the model with the operation its budget belongs to. */
export interface RouteOperation {
  /** `GET`, `POST`...; `ANY` or undefined matches every method. @default - every method */
  readonly method?: string;
  /** The route template, e.g. `/tasks/{id}` (Express-style `:id` in `http.route` matches too). */
  readonly path: string;
  /** The operation whose budget the route's requests count against. */
  readonly operation: string;
}

/** Options of {@link collectorConfig}. */
export interface CollectorConfigOptions {
  /** Where the collector runs, which decides the components it may use. */
  readonly target: CollectorTarget;
  /** Sidecar only: resource attributes set on every sample (`service.namespace`, `service`). @default - none */
  readonly resource?: Readonly<Record<string, string>>;
  /** Sidecar only: routes whose requests get an `operation` attribute. @default - none */
  readonly operations?: readonly RouteOperation[];
  /** Also send traces to X-Ray (what the ADOT layers and image do by default). @default true */
  readonly traces?: boolean;
}

/** An OTTL string literal. */
const ottl = (s: string) => JSON.stringify(s);

/** The collector configuration, as data. */
export function collectorConfig(o: CollectorConfigOptions): Record<string, unknown> {
  const sidecar = o.target === 'sidecar';
  const processors: Record<string, unknown> = {};
  if (sidecar) {
    processors['memory_limiter'] = { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 };
    if (o.resource && Object.keys(o.resource).length) {
      processors['resource/cdk-telemetry'] = {
        attributes: Object.entries(o.resource).map(([key, value]) => ({ key, value, action: 'upsert' })),
      };
    }
    if (o.operations?.length) {
      const statements = o.operations.map((r) => {
        const method =
          r.method && r.method !== 'ANY'
            ? ` and attributes[${ottl(OTEL_ATTRIBUTES.method)}] == ${ottl(r.method)}`
            : '';
        return `set(attributes[${ottl(OTEL_ATTRIBUTES.operation)}], ${ottl(r.operation)}) where IsMatch(attributes[${ottl(OTEL_ATTRIBUTES.route)}], ${ottl(`^${routeRegex(r.path)}$`)})${method}`;
      });
      processors['transform/operations'] = {
        error_mode: 'ignore',
        metric_statements: [{ context: 'datapoint', statements }],
      };
    }
    processors['batch'] = { timeout: '10s' };
  }
  const metricProcessors = Object.keys(processors);
  const traces = o.traces ?? true;
  return {
    extensions: {
      sigv4auth: { region: `\${env:${COLLECTOR_ENV.region}}`, service: 'aps' },
    },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: 'localhost:4317' }, http: { endpoint: 'localhost:4318' } } },
    },
    ...(metricProcessors.length ? { processors } : {}),
    exporters: {
      prometheusremotewrite: {
        endpoint: `\${env:${COLLECTOR_ENV.remoteWriteUrl}}`,
        auth: { authenticator: 'sigv4auth' },
        resource_to_telemetry_conversion: { enabled: true },
      },
      ...(traces ? { awsxray: {} } : {}),
    },
    service: {
      extensions: ['sigv4auth'],
      pipelines: {
        metrics: {
          receivers: ['otlp'],
          ...(metricProcessors.length ? { processors: metricProcessors } : {}),
          exporters: ['prometheusremotewrite'],
        },
        ...(traces ? { traces: { receivers: ['otlp'], exporters: ['awsxray'] } } : {}),
      },
    },
  };
}

/** The configuration as one line (JSON is YAML): fits an environment variable. */
export const renderCollectorConfig = (o: CollectorConfigOptions): string =>
  JSON.stringify(collectorConfig(o));

const KINDS = ['receivers', 'processors', 'exporters', 'extensions'] as const;
/** `prometheusremotewrite/amp` → `prometheusremotewrite`. */
const typeOf = (id: string) => id.split('/')[0];

/**
 * Why a collector configuration would not start on its target: a component the build lacks, a pipeline naming a
 * component that is not defined, an authenticator that is not an enabled extension, a component defined and unused.
 */
export function collectorConfigProblems(config: Record<string, unknown>, target: CollectorTarget): string[] {
  const out: string[] = [];
  const section = (k: string) => (config[k] ?? {}) as Record<string, Record<string, unknown>>;
  const used = new Set<string>();
  for (const kind of KINDS) {
    for (const id of Object.keys(section(kind))) {
      if (!COLLECTOR_COMPONENTS[target][kind].includes(typeOf(id)))
        out.push(`${kind}.${id}: the ${target} collector has no ${typeOf(id)} component`);
    }
  }
  const service = (config.service ?? {}) as {
    extensions?: string[];
    pipelines?: Record<string, Record<string, string[] | undefined>>;
  };
  for (const ext of service.extensions ?? []) {
    used.add(`extensions.${ext}`);
    if (!Object.hasOwn(section('extensions'), ext)) out.push(`service.extensions: ${ext} is not defined`);
  }
  for (const [name, pipeline] of Object.entries(service.pipelines ?? {})) {
    if (!pipeline.receivers?.length || !pipeline.exporters?.length)
      out.push(`service.pipelines.${name}: needs receivers and exporters`);
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      for (const id of pipeline[kind] ?? []) {
        used.add(`${kind}.${id}`);
        if (!Object.hasOwn(section(kind), id))
          out.push(`service.pipelines.${name}.${kind}: ${id} is not defined`);
      }
    }
  }
  for (const kind of KINDS) {
    for (const id of Object.keys(section(kind))) {
      if (!used.has(`${kind}.${id}`)) out.push(`${kind}.${id}: defined but not used in service`);
    }
  }
  for (const [id, exporter] of Object.entries(section('exporters'))) {
    const auth = (exporter?.auth as { authenticator?: string } | undefined)?.authenticator;
    if (auth && !(service.extensions ?? []).includes(auth))
      out.push(`exporters.${id}.auth: ${auth} is not an enabled extension`);
  }
  return out;
}
