/**
 * The baseline: a CDK app with one stack holding one placeholder resource (CloudFormation validation refuses a
 * template without resources). Its time is module load of aws-cdk-lib, start of the validation engine and synth.
 */
import { CfnWaitConditionHandle, Stack, type App } from 'aws-cdk-lib';
import type { ServiceWorkload } from '../workload';
import { APP } from '../workload';

export function build(app: App, _services: readonly ServiceWorkload[]): void {
  const stack = new Stack(app, `${APP}-bare`);
  new CfnWaitConditionHandle(stack, 'Placeholder');
}
