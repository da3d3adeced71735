/** `cdk synth` entry of the example shop (examples/app/cdk.json): cdk-nag AwsSolutions on every stack. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { shopApp } from './shop';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
shopApp(app);
