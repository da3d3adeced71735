/**
 * Generated configs for scale tests and benchmarks: `functions` Lambda functions spread over `services`
 * services, optionally with an API method, a queue and a table per service.
 */
export interface ScaleOptions {
  readonly services: number;
  readonly functionsPerService: number;
  /** Add an API method, an SQS queue (with DLQ) and a DynamoDB table to each service. @default false */
  readonly fullService?: boolean;
}

export function scaleConfig(o: ScaleOptions): string {
  const lines = [
    'app: scale',
    'tags: { team: platform }',
    'alerting:',
    '  critical: { email: [oncall@scale.example] }',
    'services:',
  ];
  for (let s = 0; s < o.services; s++) {
    const id = String(s).padStart(4, '0');
    lines.push(`  - name: svc-${id}`);
    lines.push('    lambda:');
    for (let f = 0; f < o.functionsPerService; f++)
      lines.push(`      - scale-${id}-fn-${String(f).padStart(4, '0')}`);
    if (o.fullService) {
      lines.push('    restApi:', `      - { name: scale-api-${id}, stage: prod, methods: [GET /items] }`);
      lines.push('    sqs:', `      - { name: scale-queue-${id}, dlq: scale-queue-${id}-dlq }`);
      lines.push('    dynamodb:', `      - scale-table-${id}`);
    }
  }
  return lines.join('\n') + '\n';
}
