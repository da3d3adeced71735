/**
 * Test helpers: synthesize the way `cdk synth` does (CloudFormation validation as errors, cdk-nag AwsSolutions
 * on every stack), so that every test that synthesizes also proves zero unacknowledged findings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { modelFromText } from '../../lib/config/load';
import type { TelemetryModel } from '../../lib/model/telemetry-model';
import { addTelemetryStacks, type TelemetryStacksOptions } from '../../lib/stacks/telemetry-app';

/** cdk.json's context: feature flags and `@aws-cdk/core:validateAgainstDefaultRules`, exactly as `cdk synth` sees them. */
export const CDK_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(__dirname, '../../cdk.json'), 'utf8'),
).context;

/** An App configured like cdk.json, with cdk-nag registered. */
export function testApp(): App {
  const app = new App({ context: CDK_CONTEXT });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/** Builds the telemetry stacks for a config text and synthesizes them (throws on any nag or validation finding). */
export function synthConfig(text: string, options?: TelemetryStacksOptions) {
  return synthModel(modelFromText(text), options);
}

/**
 * `checked: false` skips cdk-nag and CloudFormation validation (construct validation stays), for tests about something
 * else (sizes, splitting, reading back) on apps whose resources a checked synth covers elsewhere: say at the call which.
 * `builtinCloudFormationValidation: false` is what skips the validator; the context flag
 * `@aws-cdk/core:validateAgainstDefaultRules` off still validates every template, its errors only made warnings.
 */
export function synthModel(
  model: TelemetryModel,
  options?: TelemetryStacksOptions,
  { checked = true }: { checked?: boolean } = {},
) {
  const app = checked ? testApp() : new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false });
  const { stacks, assembly } = withDeprecationsAsErrors(() => {
    const stacks = addTelemetryStacks(app, model, options);
    return { stacks, assembly: app.synth() };
  });
  const template = (s: Stack) => assembly.getStackByName(s.stackName).template as CfnTemplate;
  return { app, stacks, assembly, template, templateOf: (s: Stack) => Template.fromJSON(template(s)) };
}

/**
 * Runs `build` with aws-cdk-lib's deprecation warnings as errors (`JSII_DEPRECATED=fail`): a deprecated API in the
 * telemetry stacks throws here instead of printing `[WARNING] aws-cdk-lib.… is deprecated` to a user's synth.
 */
export function withDeprecationsAsErrors<T>(build: () => T): T {
  const before = process.env.JSII_DEPRECATED;
  process.env.JSII_DEPRECATED = 'fail';
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env.JSII_DEPRECATED;
    else process.env.JSII_DEPRECATED = before;
  }
}

export interface CfnTemplate {
  Resources: Record<
    string,
    {
      Type: string;
      Properties?: Record<string, unknown>;
      Metadata?: Record<string, unknown>;
      DependsOn?: string[];
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
    }
  >;
  [k: string]: unknown;
}

/** Resources of one type in a template, by logical id. */
export function resourcesOfType(t: CfnTemplate, type: string) {
  return Object.fromEntries(Object.entries(t.Resources).filter(([, r]) => r.Type === type));
}
