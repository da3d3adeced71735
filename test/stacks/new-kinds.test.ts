import { readCloudAssembly } from '../../lib/tools/read/assembly';
import { reviewAssembly } from '../../lib/tools/review/review';
import { resourcesOfType, synthConfig } from '../helpers/synth';

/** The kinds written in the registry shape, through the whole app: templates, nag, validation, read back. */
const CONFIG = `app: flows
alerting:
  critical: { email: [oncall@flows.example] }
budgets:
  operations:
    nightly: { budget: 30m, allowAboveDefault: true }
services:
  - name: orders
    sns:
      - orders-events
    stepFunctions:
      - checkout
      - { name: nightly, timeout: 2h, operation: nightly }
    httpApi:
      - { id: a1b2c3d4e5, routes: [POST /orders] }
`;

const { stacks, template, templateOf, assembly } = synthConfig(CONFIG);
const service = stacks.all.find((s) => s.stackName === 'flows-telemetry-orders')!;

describe('SNS, Step Functions and HTTP API routes in a synthesized app', () => {
  test('snapshot of the service stack', () => {
    expect(template(service)).toMatchSnapshot();
  });

  test('alarm count per kind, read back from the templates by the review tool', () => {
    const review = reviewAssembly(readCloudAssembly(assembly.directory));
    const kinds: Record<string, number> = {};
    for (const a of review.alarms) {
      if (a.spec.type === 'metric') {
        const kind = a.spec.labels?.kind ?? '?';
        kinds[kind] = (kinds[kind] ?? 0) + 1;
      }
    }
    // sns: 5 on by default; stepFunctions: 5 each, plus the timeout alarm and 2 budget alarms for `nightly`;
    // httpApi: 2 rates and latency; its route: 2 budget alarms. No SMS alarms (off unless you send SMS).
    // sqsDlq: the app's queue of undelivered alerts (core stack), which every app with alerting has.
    expect(kinds).toEqual({ sns: 5, stepFunctions: 13, httpApi: 3, httpApiRoute: 2, sqsDlq: 1 });
    expect(review.findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  test('a state machine named in the config is alarmed by its ARN in the deployment account and Region', () => {
    templateOf(service).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'flows-orders-checkout-executionsFailed-warning',
      Namespace: 'AWS/States',
      Dimensions: [
        {
          Name: 'StateMachineArn',
          Value: {
            'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:checkout',
          },
        },
      ],
    });
  });

  test('the composite pages for the critical failure rates', () => {
    const composites = Object.values(resourcesOfType(template(service), 'AWS::CloudWatch::CompositeAlarm'));
    expect(composites).toHaveLength(1);
    const rule = String(composites[0].Properties?.AlarmRule);
    expect(rule).toContain('flows-orders-checkout-failureRate-critical');
    expect(rule).toContain('flows-orders-a1b2c3d4e5-default-serverErrorRate-critical');
  });
});
