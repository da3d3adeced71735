/** cdk-telemetry with cdk-nag's AwsSolutions pack on every stack, as bin/app.ts runs it. */
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { ServiceWorkload } from '../workload';
import { build as buildOurs } from './ours';

export function build(app: App, services: readonly ServiceWorkload[]): void {
  buildOurs(app, services);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
