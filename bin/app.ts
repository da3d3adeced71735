#!/usr/bin/env node
/**
 * The CDK app: `npx cdk synth` builds the telemetry stacks from telemetry.yaml (or `-c config=path/to/file.yaml`).
 * A mistake in the config prints one line naming the file, position and field, and exits with status 1.
 * A synthesis that fails (config, plan, CloudFormation validation, cdk-nag, an exception) leaves the last good
 * assembly in cdk.out as it was (see atomic-synth.ts). CloudFormation validation reports are cached by template
 * content (validation-memo.ts): synthesizing unchanged templates again does not start the validator; when it starts
 * for a small app, its WebAssembly is compiled without tier-up (validator-tiering.ts).
 */
import { App, CfnResource, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { z } from 'zod';
import { ConfigError } from '../lib/config/errors';
import { loadModel, locatePlanError } from '../lib/config/load';
import { PlanError } from '../lib/model/plan';
import type { TelemetryModel } from '../lib/model/telemetry-model';
import { addTelemetryStacks } from '../lib/stacks/telemetry-app';
import { SynthFailed, synthAtomically } from './atomic-synth';
import { memoizeCdkValidation } from './validation-memo';
import { runCdkValidatorInWorker } from './validator-worker';
import { validatorLiftoffOnly } from './validator-tiering';

// This process parses one config once: zod's JIT (a function compiled per object schema at its first parse) costs more
// than it saves then. Without it, parsing telemetry.yaml takes 0.26-0.30 s of CPU instead of 0.39-0.48 s (three
// interleaved runs); the result is the same, only how zod walks the schema differs.
z.config({ jitless: true });

let model: TelemetryModel | undefined;

function build(app: App): void {
  const file = String(app.node.tryGetContext('config') ?? 'telemetry.yaml');
  model = loadModel(file);
  addTelemetryStacks(app, model);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // before the validator's module is loaded (by the memo below, or by app.synth())
  validatorLiftoffOnly(app.node.findAll().filter((c) => CfnResource.isCfnResource(c)).length);
  runCdkValidatorInWorker(); // its engine apart from the construct tree's heap (see validator-worker.ts)
  memoizeCdkValidation(); // an unchanged template is not validated again (see validation-memo.ts)
}

function main(): number {
  const outdir = process.env.CDK_OUTDIR; // set by the CDK CLI
  const kept = outdir ? `; ${outdir} keeps the last good assembly` : '';
  try {
    if (outdir) {
      synthAtomically(outdir, build);
    } else {
      const app = new App({ autoSynth: false });
      build(app);
      app.synth();
    }
    return 0;
  } catch (e) {
    const error = e instanceof PlanError && model ? locatePlanError(e, model) : e;
    if (error instanceof ConfigError) {
      // Every problem, one line each.
      for (const line of error.lines) console.error(`error: ${line}`);
      return 1;
    }
    if (e instanceof SynthFailed) {
      console.error(`error: ${e.message}${kept}`);
      return 1;
    }
    if (kept) console.error(`error: synthesis failed${kept}`);
    throw e;
  }
}

process.exitCode = main();
