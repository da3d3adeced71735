/**
 * Synthesis without cdk-nag and CloudFormation validation: `synthModel(..., { checked: false })` of a config text
 * (see synth.ts). Validation is most of a large app's synth (7,000 alarms: about two thirds of the CPU), so an app of
 * that size is validated once in the suite, not once per test file.
 */
import { modelFromText } from '../../lib/config/load';
import { synthModel } from './synth';

export const synthUnchecked = (text: string) =>
  synthModel(modelFromText(text), undefined, { checked: false });
