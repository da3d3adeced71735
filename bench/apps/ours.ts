/** cdk-telemetry the way `cdk synth` of this repository builds it: telemetry.yaml text → model → stacks. */
import type { App } from 'aws-cdk-lib';
import { modelFromText } from '../../lib/config/load';
import { addTelemetryStacks } from '../../lib/stacks/telemetry-app';
import { workloadYaml, type ServiceWorkload } from '../workload';

export function build(app: App, services: readonly ServiceWorkload[]): void {
  addTelemetryStacks(app, modelFromText(workloadYaml(services), 'bench.yaml'));
}
