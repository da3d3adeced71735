import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Alerting } from '../../lib/alerting/alerting';
import { modelFromText } from '../../lib/config/load';
import type { SamplingRuleSpec, TraceGroupSpec } from '../../lib/model/tracing';
import { eventBridgePublishes } from '../../lib/stacks/governance';
import { enableTracing, TRACING_WARNING } from '../../lib/tracing/enable-tracing';
import { Tracing } from '../../lib/tracing/tracing';
import { XRaySamplingRules } from '../../lib/tracing/sampling-rules';
import { userApp } from '../fixtures/user-app';
import { parseInputTemplate, type RuleTarget } from '../helpers/rule-target';
import { resourcesOfType, testApp, type CfnTemplate } from '../helpers/synth';

describe('Tracing construct', () => {
  const app = testApp();
  const stack = new Stack(app, 'Shop');
  const alerting = new Alerting(stack, 'Alerting', {
    topicNamePrefix: 'shop-alerts',
    allowEventBridge: true,
  });
  const rules: SamplingRuleSpec[] = [
    { serviceName: 'shop-api/prod', rate: 0.1, reservoir: 2 },
    { serviceName: 'shop-api/prod', httpMethod: 'POST', urlPath: '/pay', rate: 1 },
    { rate: 0.01, reservoir: 0 },
    {
      serviceName: 'shop-api/prod',
      urlPath: '/health',
      rate: 0,
      reservoir: 0,
      priority: 50,
      name: 'shop-health',
    },
  ];
  const groups: TraceGroupSpec[] = [
    { groupName: 'shop-checkout', filterExpression: 'service("shop-api/prod")', notify: 'critical' },
    { groupName: 'shop-batch', filterExpression: 'service("shop-batch")' },
    { groupName: 'shop-quiet', filterExpression: 'service("shop-quiet")', notify: false },
  ];
  const tracing = new Tracing(stack, 'Tracing', {
    namePrefix: 'shop',
    samplingRules: rules,
    groups,
    alerts: alerting,
  });
  const template = Template.fromStack(stack);
  const t = template.toJSON() as CfnTemplate;

  test('snapshot', () => {
    expect(t).toMatchSnapshot();
  });

  test('sampling rules: everything under SamplingRule, priorities by specificity then order, names by match', () => {
    const rendered = Object.values(resourcesOfType(t, 'AWS::XRay::SamplingRule')).map(
      (r) => r.Properties!.SamplingRule as Record<string, unknown>,
    );
    expect(rendered.map((r) => [r.RuleName, r.Priority])).toEqual([
      ['shop-shop-api-prod', 1000],
      ['shop-shop-api-prod-POST-pay', 100],
      ['shop-all', 9000],
      ['shop-health', 50],
    ]);
    expect(rendered[1]).toEqual({
      RuleName: 'shop-shop-api-prod-POST-pay',
      Priority: 100,
      FixedRate: 1,
      ReservoirSize: 1,
      ServiceName: 'shop-api/prod',
      ServiceType: '*',
      Host: '*',
      HTTPMethod: 'POST',
      URLPath: '/pay',
      ResourceARN: '*',
      Version: 1,
    });
    for (const r of Object.values(resourcesOfType(t, 'AWS::XRay::SamplingRule'))) {
      expect(Object.keys(r.Properties!)).toEqual(['SamplingRule']);
    }
    expect(tracing.samplingRules!.rules.map((r) => r.ruleName)).toHaveLength(4);
  });

  test('groups: Insights on, notifications on unless notify is false', () => {
    template.hasResourceProperties('AWS::XRay::Group', {
      GroupName: 'shop-checkout',
      FilterExpression: 'service("shop-api/prod")',
      InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: true },
    });
    template.hasResourceProperties('AWS::XRay::Group', {
      GroupName: 'shop-quiet',
      InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: false },
    });
  });

  test('insight notifications: one rule per severity, filtered on its groups, to that topic as a Chatbot message', () => {
    const eventRules = Object.values(resourcesOfType(t, 'AWS::Events::Rule'));
    expect(eventRules.map((r) => r.Properties!.Name)).toEqual([
      'shop-xray-insights-critical',
      'shop-xray-insights-warning',
    ]);
    const critical = eventRules[0].Properties!;
    expect(critical.EventPattern).toEqual({
      source: ['aws.xray'],
      'detail-type': ['AWS X-Ray Insight Update'],
      detail: { GroupName: ['shop-checkout'] },
    });
    const target = (critical.Targets as RuleTarget[])[0];
    expect(target.Arn).toEqual({ Ref: expect.stringMatching(/^Alertingcritical/) });
    // Placeholders in value position (`"id":<id>`) are quoted by EventBridge; inside strings they stay as text.
    const message = parseInputTemplate(target.InputTransformer.InputTemplate);
    expect(message).toEqual({
      version: '1.0',
      source: 'custom',
      id: 'id',
      content: {
        textType: 'client-markdown',
        title: 'X-Ray insight <detail-State>: <detail-GroupName>',
        description:
          '*What*: <detail-Summary>\n*Since*: <detail-StartTime> (epoch ms)\n*Where*: <account> / <region>',
        nextSteps: [
          'Open https://console.aws.amazon.com/xray/home?region=<region>#/insights/<detail-InsightId> and follow the root cause service',
        ],
        keywords: ['x-ray', 'insight', 'critical'],
      },
    });
    expect(target.InputTransformer.InputPathsMap).toMatchObject({
      'detail-State': '$.detail.State',
      'detail-GroupName': '$.detail.GroupName',
      'detail-Summary': '$.detail.Summary',
    });
    expect(
      (eventRules[1].Properties!.EventPattern as { detail: { GroupName: string[] } }).detail.GroupName,
    ).toEqual(['shop-batch']);
  });

  test('a notification that cannot be published is kept in the alerting dead-letter queue, after an hour of retries', () => {
    const queue = stack.getLogicalId(alerting.undelivered!.queue.node.defaultChild as never);
    for (const rule of Object.values(resourcesOfType(t, 'AWS::Events::Rule'))) {
      const [target] = rule.Properties!.Targets as Array<Record<string, unknown>>;
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queue, 'Arn'] } });
      expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 185 });
    }
    expect(tracing.notifications!.deadLetterQueue).toBe(alerting.deadLetterQueue);
  });

  test('in GovCloud the notification links to the GovCloud console', () => {
    const gov = new Stack(new App(), 'Gov', { env: { region: 'us-gov-west-1' } });
    const topics = new Alerting(gov, 'Alerting', { topicNamePrefix: 'gov', allowEventBridge: true });
    new Tracing(gov, 'Tracing', { namePrefix: 'gov', groups: [groups[0]], alerts: topics });
    const json = JSON.stringify(Template.fromStack(gov).toJSON());
    expect(json).toContain('https://console.amazonaws-us-gov.com/xray/home');
    expect(json).not.toContain('console.aws.amazon.com');
  });

  test('without allowEventBridge, neither the key nor the topics mention EventBridge (backward compatible)', () => {
    const plain = new Stack(undefined, 'Plain');
    new Alerting(plain, 'Alerting', { topicNamePrefix: 'plain' });
    expect(JSON.stringify(Template.fromStack(plain).toJSON())).not.toContain('events.amazonaws.com');
  });

  test('the topics let EventBridge publish, scoped to this account', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'EventBridgeRulesPublish',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });
});

describe('Tracing props are checked against X-Ray limits', () => {
  const errorOf = (f: (s: Stack) => void) => {
    const stack = new Stack();
    try {
      f(stack);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };

  test.each<[string, SamplingRuleSpec[], RegExp]>([
    [
      'a rate of 2',
      [{ rate: 2 }],
      /^Default\/Rules: rules\[0\]\.rate: rate 2 is out of range: .* from 0 to 1/,
    ],
    [
      '30 rules',
      Array.from({ length: 30 }, (_, i) => ({ serviceName: `svc-${i}`, rate: 0.1 })),
      /rules: 30 sampling rules: X-Ray allows at most 25 per Region/,
    ],
    [
      'a 33-character name',
      [{ name: 'a'.repeat(33), rate: 0.1 }],
      /rules\[0\]\.name: rule name "a{33}" must be 1-32 letters/,
    ],
    [
      'priority 10000',
      [{ priority: 10000, rate: 0.1 }],
      /rules\[0\]\.priority: priority 10000 must be a whole number from 1 to 9999/,
    ],
    [
      'two rules with one priority',
      [
        { serviceName: 'a', priority: 7, rate: 0.1 },
        { serviceName: 'b', priority: 7, rate: 0.1 },
      ],
      /rules\[1\]\.priority: priority 7 is also used by rule 0/,
    ],
    [
      'two rules with one match',
      [
        { serviceName: 'a', rate: 0.1 },
        { serviceName: 'a', rate: 0.2, name: 'other' },
      ],
      /rules\[1\]: matches exactly what rule 0 matches/,
    ],
  ])('%s', (_what, rules, message) => {
    expect(errorOf((s) => new XRaySamplingRules(s, 'Rules', { rules }))).toMatch(message);
  });

  test('notifications without topics', () => {
    expect(
      errorOf(
        (s) =>
          new Tracing(s, 'T', {
            namePrefix: 'x',
            groups: [{ groupName: 'x-a', filterExpression: 'service("a")' }],
          }),
      ),
    ).toMatch(
      /^Default\/T: alerts: groups x-a send insight notifications; give the alert topics or set notify: false$/,
    );
  });

  test('a group that leaves notify at its default notifies, so the core topics let EventBridge publish', () => {
    const model = modelFromText('app: shop\nservices:\n  - name: api\n    lambda: [fn]\n');
    const group = { groupName: 'shop-api', filterExpression: 'service("shop-api")' };
    const tracing = (g: TraceGroupSpec) => ({ ...model, tracing: { samplingRules: [], groups: [g] } });
    expect(eventBridgePublishes(tracing(group))).toBe(true);
    expect(eventBridgePublishes(tracing({ ...group, notify: false }))).toBe(false);
    expect(eventBridgePublishes(model)).toBe(false);
  });

  test('enableTracing with an ADOT layer version aws-cdk-lib does not know', () => {
    expect(errorOf((s) => enableTracing(s, { adot: { layer: 'python', version: '9.9.9' } }))).toMatch(
      /^Default: enableTracing: adot\.version: version 9\.9\.9 of the python layer is not known to aws-cdk-lib \(known: latest, 1\.29\.0, /,
    );
  });

  test('a group name X-Ray refuses', () => {
    expect(
      errorOf(
        (s) =>
          new Tracing(s, 'T', {
            namePrefix: 'x',
            groups: [{ groupName: 'Default', filterExpression: 'x', notify: false }],
          }),
      ),
    ).toMatch(/groups\[0\]\.groupName: group name "Default" must be 1-32 letters/);
  });
});

describe('enableTracing() on ordinary user stacks', () => {
  const app = testApp();
  const u = userApp(app);
  const aspect = enableTracing(app, { adot: { layer: 'javascript' } });
  const assembly = app.synth();
  const orders = assembly.getStackByName('Orders').template as CfnTemplate;
  const checks = assembly.getStackByName('Checks').template as CfnTemplate;
  const id = (c: IConstruct, stack = u.orders) =>
    stack.getLogicalId((c.node.defaultChild ?? c) as CfnElement);
  const props = (t: CfnTemplate, logicalId: string) => t.Resources[logicalId].Properties!;

  test('snapshot of the user stacks after the Aspect', () => {
    expect({ orders, checks }).toMatchSnapshot();
  });

  test('every Lambda function gets active tracing: off → Active, PassThrough → Active, L1 too', () => {
    for (const fn of [u.api, u.worker, u.imported, u.python]) {
      expect(props(orders, id(fn)).TracingConfig).toEqual({ Mode: 'Active' });
    }
    expect(props(orders, id(u.legacy)).TracingConfig).toEqual({ Mode: 'Active' });
  });

  test('the REST API stage traces; the state machine traces; the Puppeteer canary traces', () => {
    expect(props(orders, id(u.rest.deploymentStage)).TracingEnabled).toBe(true);
    expect(props(orders, id(u.machine)).TracingConfiguration).toEqual({ Enabled: true });
    expect(props(checks, id(u.puppeteer, u.checks)).RunConfig).toEqual({ ActiveTracing: true });
    expect(props(checks, id(u.playwright, u.checks)).RunConfig).toBeUndefined();
  });

  test('roles get exactly the X-Ray write actions, on "*", and nothing else changes', () => {
    const policyOf = (t: CfnTemplate, roleLogicalId: string) =>
      Object.values(resourcesOfType(t, 'AWS::IAM::Policy')).find((p) =>
        (p.Properties!.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleLogicalId),
      )!.Properties!.PolicyDocument as { Statement: unknown[] };
    const xray = (actions: string[]) => ({ Action: actions, Effect: 'Allow', Resource: '*' });
    // cdk.json's @aws-cdk/aws-iam:minimizePolicies sorts the actions of a statement.
    expect(policyOf(orders, id(u.api.role!)).Statement).toEqual([
      xray(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']),
    ]);
    expect(policyOf(orders, id(u.legacyRole)).Statement).toEqual([
      xray(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']),
    ]);
    expect(policyOf(orders, id(u.machine.role)).Statement).toEqual([
      xray([
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]),
    ]);
    expect(policyOf(checks, id(u.puppeteer.role, u.checks)).Statement).toEqual([
      { Action: 'xray:PutTraceSegments', Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('ADOT: the Node.js functions get the layer and wrapper, the Python function does not', () => {
    const api = props(orders, id(u.api));
    expect(api.Layers).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'arn:aws:lambda:',
            { Ref: 'AWS::Region' },
            ':901920570463:layer:aws-otel-nodejs-amd64-ver-1-30-1:1',
          ],
        ],
      },
    ]);
    expect(api.Environment).toEqual({ Variables: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-handler' } });
    expect(props(orders, id(u.python)).Layers).toBeUndefined();
    expect(props(orders, id(u.python)).Environment).toBeUndefined();
  });

  test('changes are listed, and what could not be done is a warning', () => {
    const summary = aspect.changes.map((c) => `${c.outcome} ${c.resource} ${c.path}`);
    expect(summary).toEqual([
      'changed lambda Orders/Api/Resource', // tracing
      'changed lambda Orders/Api/Resource', // ADOT
      'changed lambda Orders/Worker/Resource',
      'changed lambda Orders/Worker/Resource',
      'changed lambda Orders/Legacy',
      'incomplete lambda Orders/Legacy', // no ADOT on an L1 function
      'incomplete lambda Orders/Imported/Resource', // its role is imported
      'changed lambda Orders/Imported/Resource',
      'changed lambda Orders/Python/Resource', // tracing only: the layer is for Node.js
      'changed restApiStage Orders/Rest/DeploymentStage.prod/Resource',
      'unsupported httpApi Orders/Http/Resource',
      'changed stateMachine Orders/Machine/Resource',
      'changed canary Checks/Home/Resource',
      'unsupported canary Checks/Checkout/Resource',
    ]);
    const warnings = (stack: Stack) =>
      Annotations.fromStack(stack)
        .findWarning('*', Match.stringLikeRegexp(`enableTracing`))
        .map((w) => `${w.id}: ${String(w.entry.data).replace(/ \[ack: .*\]$/, '')}`);
    expect(warnings(u.orders)).toEqual([
      '/Orders/Legacy: enableTracing: ADOT layer not added: it needs a lambda.Function (L2) for its Region and architecture',
      '/Orders/Imported/Resource: enableTracing: active X-Ray tracing on (was off), but add xray:PutTraceSegments, xray:PutTelemetryRecords on "*" to its role yourself (it is not a role of this app that can be changed)',
      '/Orders/Http/Resource: enableTracing: HTTP APIs (API Gateway v2) have no X-Ray tracing; trace the integrations behind them (Lambda functions are traced), or use a REST API',
    ]);
    expect(warnings(u.checks)).toEqual([
      '/Checks/Checkout/Resource: enableTracing: runtime syn-nodejs-playwright-6.0 has no active tracing; X-Ray traces Node.js Puppeteer canaries (syn-nodejs-puppeteer-*) only',
    ]);
    expect(
      Annotations.fromStack(u.orders)
        .findInfo('/Orders/Api/Resource', Match.anyValue())
        .map((i) => i.entry.data),
    ).toEqual([
      'enableTracing: active X-Ray tracing on (was off)',
      expect.stringMatching(
        /^enableTracing: ADOT layer added \(javascript, AWS_LAMBDA_EXEC_WRAPPER=\/opt\/otel-handler\)$/,
      ),
    ]);
    expect(TRACING_WARNING).toBe('cdk-telemetry:tracing');
  });

  test('the X-Ray wildcard it adds is acknowledged for cdk-nag with the reason (synthesis passed AwsSolutions)', () => {
    const policy = u.api.role!.node.findChild('DefaultPolicy');
    const ack = policy.node.metadata.find((m) => m.type === 'aws:cdk:acknowledged-rules');
    expect(Object.entries(ack?.data ?? {})).toEqual([
      [
        expect.stringMatching(/AwsSolutions-IAM5\[Resource::\*\]$/),
        expect.stringMatching(/have no resource-level permissions/),
      ],
    ]);
  });
});
