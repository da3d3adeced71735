/**
 * The benchmark's workload: N services, each with one Lambda function, one REST API stage with one method, one
 * SQS queue and one DynamoDB table, all referenced by name. The same list drives every configuration (our
 * telemetry.yaml, cdk-monitoring-constructs, the bare app), so all of them watch the same resources.
 */

export const APP = 'bench';

/** Resources a service monitors: the function, the API method (on its stage), the queue and the table. */
export const MONITORED_PER_SERVICE = 4;

export interface ServiceWorkload {
  readonly name: string;
  readonly functionName: string;
  readonly api: {
    readonly name: string;
    readonly stage: string;
    readonly method: string;
    readonly path: string;
  };
  readonly queueName: string;
  readonly tableName: string;
}

export function workload(services: number): ServiceWorkload[] {
  return Array.from({ length: services }, (_, i) => {
    const id = String(i).padStart(4, '0');
    return {
      name: `svc-${id}`,
      functionName: `${APP}-${id}-handler`,
      api: { name: `${APP}-${id}-api`, stage: 'prod', method: 'GET', path: '/items' },
      queueName: `${APP}-${id}-jobs`,
      tableName: `${APP}-${id}-items`,
    };
  });
}

/**
 * The workload as telemetry.yaml: catalog defaults everywhere (zero configuration gives the recommended set) and
 * the default 200 ms budget for the function and the API method.
 */
export function workloadYaml(services: readonly ServiceWorkload[]): string {
  const lines = [
    `app: ${APP}`,
    'tags: { team: platform }',
    'alerting:',
    `  critical: { email: [oncall@${APP}.example] }`,
    'budgets: { default: 200ms }',
    'services:',
  ];
  for (const s of services) {
    lines.push(
      `  - name: ${s.name}`,
      `    lambda: [${s.functionName}]`,
      `    restApi: [{ name: ${s.api.name}, stage: ${s.api.stage}, methods: ['${s.api.method} ${s.api.path}'] }]`,
      `    sqs: [${s.queueName}]`,
      `    dynamodb: [${s.tableName}]`,
    );
  }
  return lines.join('\n') + '\n';
}
