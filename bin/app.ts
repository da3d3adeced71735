#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth` builds the telemetry stacks from telemetry.yaml (or `-c config=path/to/file.yaml`).
 * A mistake in the config prints one line naming the file, position and field, and exits with status 1.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../lib/config/errors';
import { loadModel } from '../lib/config/load';
import { PlanError } from '../lib/model/plan';
import { addTelemetryStacks } from '../lib/stacks/telemetry-app';

function main(): number {
  const app = new App();
  const file = String(app.node.tryGetContext('config') ?? 'telemetry.yaml');
  try {
    addTelemetryStacks(app, loadModel(file));
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`error: ${e.message}`);
      return 1;
    }
    if (e instanceof PlanError) {
      console.error(`error: ${file}: ${e.message}`);
      return 1;
    }
    throw e;
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return 0;
}

process.exitCode = main();
