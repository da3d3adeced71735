/**
 * Synthesis without cdk-nag and without CloudFormation validation (construct validation stays), for tests about
 * something else than whether the templates pass them (sizes, splitting, reading back), on apps whose resources a
 * checked synth of the same shape covers elsewhere: say at the call which one. Validation is most of a large app's
 * synth (7,000 alarms: about two thirds of the CPU), so an app of that size is validated once in the suite, not once per test file.
 */
import { App } from 'aws-cdk-lib';
import { modelFromText } from '../../lib/config/load';
import { addTelemetryStacks } from '../../lib/stacks/telemetry-app';
import { CDK_CONTEXT, withDeprecationsAsErrors } from './synth';

export function synthUnchecked(text: string) {
  // `builtinCloudFormationValidation: false` is what skips the validator: with the context flag
  // `@aws-cdk/core:validateAgainstDefaultRules` off it still runs every template, its errors only made warnings.
  const app = new App({ context: CDK_CONTEXT, builtinCloudFormationValidation: false });
  // deprecated aws-cdk-lib APIs fail here as in synthModel (a user's synth would print a warning)
  const { stacks, assembly } = withDeprecationsAsErrors(() => {
    const stacks = addTelemetryStacks(app, modelFromText(text));
    return { stacks, assembly: app.synth() };
  });
  return { app, stacks, assembly };
}
