/**
 * The example shop without its telemetry: examples/app/main.ts with `shopStacks` in place of `shopApp` (cdk-nag
 * AwsSolutions on, as there), so cdk-telemetry is never loaded. bench/watch.ts synthesizes it beside main.ts.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { shopStacks } from '../examples/app/stacks';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
shopStacks(app);
