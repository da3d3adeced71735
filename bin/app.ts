#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth` builds the telemetry stacks from telemetry.yaml (or `-c config=path/to/file.yaml`).
 * A mistake in the config prints one line naming the file, position and field, and exits with status 1.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../lib/config/errors';
import { loadModel, locatePlanError } from '../lib/config/load';
import { PlanError } from '../lib/model/plan';
import { addTelemetryStacks } from '../lib/stacks/telemetry-app';

function main(): number {
  const app = new App();
  const file = String(app.node.tryGetContext('config') ?? 'telemetry.yaml');
  let model;
  try {
    model = loadModel(file);
    addTelemetryStacks(app, model);
  } catch (e) {
    const error = e instanceof PlanError && model ? locatePlanError(e, model) : e;
    if (error instanceof ConfigError) {
      // Every problem, one line each.
      for (const line of error.lines) console.error(`error: ${line}`);
      return 1;
    }
    throw e;
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return 0;
}

process.exitCode = main();
