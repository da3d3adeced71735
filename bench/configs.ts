/** The configurations measured side by side, each synthesized in its own child process. */
export interface BenchConfig {
  readonly id: string;
  readonly title: string;
  /** Module under bench/apps/ exporting `build(app, services, options)`. */
  readonly module: string;
  readonly options?: Record<string, unknown>;
}

export const CONFIGS: readonly BenchConfig[] = [
  { id: 'bare', title: 'bare CDK app (baseline)', module: 'bare' },
  { id: 'ours', title: 'cdk-telemetry', module: 'ours' },
  { id: 'ours-nag', title: 'cdk-telemetry + cdk-nag', module: 'ours-nag' },
  { id: 'cmc', title: 'CMC, equivalent alarms', module: 'cmc', options: { alarms: true } },
  { id: 'cmc-defaults', title: 'CMC, defaults (no alarms)', module: 'cmc', options: { alarms: false } },
];

export function configById(id: string): BenchConfig {
  const c = CONFIGS.find((x) => x.id === id);
  if (!c) throw new Error(`unknown configuration "${id}" (known: ${CONFIGS.map((x) => x.id).join(', ')})`);
  return c;
}
