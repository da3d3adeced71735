/**
 * The worker's shared CloudFormation validation engine (validator-engine.js): it still finds what the engine finds,
 * and it is one engine however many test files and syntheses ask for it; a template validated before gets the same
 * report from the memo.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { testApp } from '../synth';

/** The part of @aws/cloudformation-validate used here (it is aws-cdk-lib's own dependency, not ours). */
interface Engine {
  validateTemplate(template: object, config: object): { diagnostics: unknown[] };
  free(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- what aws-cdk-lib requires, as jest maps it
const validate = require('@aws/cloudformation-validate') as {
  CompositeEngine: new (config: object) => Engine;
  TemplateContent: new (content: string, name: string) => object;
};

/** This worker's validation memo counters (validator-engine.js). */
const memo = (validate as unknown as Record<symbol, { hits: number; misses: number }>)[
  Symbol.for('cdk-telemetry.test.validation-memo')
];

test('a template CloudFormation would refuse still fails synthesis, with the validator’s findings, also from the memo', () => {
  const hits = memo.hits;
  for (let i = 0; i < 2; i++) {
    const app = testApp();
    const stack = new Stack(app, 'S');
    new CfnResource(stack, 'Bad', {
      type: 'AWS::CloudWatch::Alarm',
      properties: { Threshold: 'abc', EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold' },
    });
    expect(() => app.synth()).toThrow(/Threshold: 'abc' is not of type 'number' \(CloudFormation Validate\)/);
  }
  // the second synth, at least, had its report from the memo (unless CDK_TELEMETRY_VALIDATION_CACHE=0 turns it off)
  expect(memo.hits > hits).toBe(process.env.CDK_TELEMETRY_VALIDATION_CACHE !== '0');
});

test('every synthesis in the worker gets the same, already started engine', () => {
  const a = new validate.CompositeEngine({});
  const b = new validate.CompositeEngine({});
  expect(a).toBe(b);
  a.free(); // what aws-cdk-lib does before starting another: a no-op here
  const report = b.validateTemplate(
    new validate.TemplateContent(JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue' } } }), 't.json'),
    { severityLevel: 'WARN' },
  );
  expect(report.diagnostics).toEqual([]);
  const again = b.validateTemplate(
    new validate.TemplateContent(JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue' } } }), 't.json'),
    { severityLevel: 'WARN' },
  );
  expect(again.diagnostics).toEqual(report.diagnostics);
});
