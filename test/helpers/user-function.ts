/**
 * An ordinary user function for the construct tests: Node.js, inline code, a 5 s timeout (the tests read it back),
 * and the acknowledgement of its one cdk-nag finding (the basic execution role), which is not cdk-telemetry's.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

export function userFunction(
  scope: Construct,
  id: string,
  props: Partial<lambda.FunctionProps> = {},
): lambda.Function {
  const fn = new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_LATEST,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ ok: true });'),
    timeout: Duration.seconds(5),
    ...props,
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'Test fixture: an ordinary user function with the basic execution role; not part of cdk-telemetry.',
  });
  return fn;
}
