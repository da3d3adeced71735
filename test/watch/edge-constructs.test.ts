import { App, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { IConstruct } from 'constructs';
import { entryFromConstruct } from '../../lib/watch/entry-from-construct';

/** A user's stack with one construct of most edge and network kinds, as a new user would write it. */
function edgeStack() {
  const app = new App();
  const stack = new Stack(app, 'Edge', { env: { account: '111122223333', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const rewrite = new cloudfront.Function(stack, 'Rewrite', {
    code: cloudfront.FunctionCode.fromInline('function handler(event) { return event.request; }'),
  });
  const distribution = new cloudfront.Distribution(stack, 'Cdn', {
    defaultBehavior: {
      origin: new origins.HttpOrigin('example.com'),
      functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    },
  });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const web = new elbv2.ApplicationTargetGroup(stack, 'Web', {
    vpc,
    port: 80,
    targetType: elbv2.TargetType.IP,
  });
  alb.addListener('Http', { port: 80, defaultTargetGroups: [web] });
  const pool = new cognito.UserPool(stack, 'Users');
  const client = pool.addClient('WebClient', {
    supportedIdentityProviders: [
      cognito.UserPoolClientIdentityProvider.COGNITO,
      cognito.UserPoolClientIdentityProvider.GOOGLE,
    ],
  });
  const socket = new apigwv2.WebSocketApi(stack, 'Chat');
  const stage = new apigwv2.WebSocketStage(stack, 'ChatProd', {
    webSocketApi: socket,
    stageName: 'prod',
    autoDeploy: true,
  });
  const cert = new acm.Certificate(stack, 'Tls', { domainName: 'shop.example.com' });
  const endpoint = vpc.addInterfaceEndpoint('Sqs', { service: ec2.InterfaceVpcEndpointAwsService.SQS });
  const acl = new wafv2.CfnWebACL(stack, 'Acl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'shopAcl', sampledRequestsEnabled: true },
  });
  return { stack, distribution, alb, client, stage, cert, endpoint, acl, vpc };
}

describe('entryFromConstruct: edge and network constructs', () => {
  const s = edgeStack();
  const entry = (c: IConstruct) => {
    const e = entryFromConstruct(c);
    return { kind: e?.kind, entry: s.stack.resolve(e?.entry) as Record<string, unknown> };
  };

  test('CloudFront distribution: its id and the CloudFront Functions its behaviors run', () => {
    const e = entry(s.distribution);
    expect(e.kind).toBe('cloudfront');
    expect(e.entry).toMatchObject({
      id: { Ref: expect.stringMatching(/^Cdn/) },
      label: 'Cdn',
      additionalMetrics: false,
    });
    expect(e.entry.functions).toEqual([expect.stringMatching(/Rewrite/)]);
  });

  test('ALB: its full name and the target groups its listeners forward to', () => {
    const e = entry(s.alb);
    expect(e.kind).toBe('applicationLoadBalancer');
    expect(e.entry.name).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Alb/), 'LoadBalancerFullName'] });
    expect(e.entry.targetGroups).toEqual([
      { name: { 'Fn::GetAtt': [expect.stringMatching(/^Web/), 'TargetGroupFullName'] }, label: 'Web' },
    ]);
  });

  test('Cognito client: pool, client and federated providers (not the COGNITO directory)', () => {
    expect(entry(s.client)).toMatchObject({
      kind: 'cognito',
      entry: { identityProviders: ['Google'], label: 'WebClient' },
    });
  });

  test('WebSocket stage: a WEBSOCKET API is its own kind, not an HTTP API', () => {
    expect(entry(s.stage)).toMatchObject({
      kind: 'websocketApi',
      entry: { stage: 'prod', detailedMetrics: false },
    });
  });

  test('certificate, interface endpoint, NAT gateway and WAF ACL: ids and what the construct knows', () => {
    expect(entry(s.cert).kind).toBe('certificate');
    expect(entry(s.endpoint)).toMatchObject({ kind: 'vpcEndpoint', entry: { type: 'Interface' } });
    const nat = s.vpc.node
      .findAll()
      .find((c) => (c as { cfnResourceType?: string }).cfnResourceType === 'AWS::EC2::NatGateway')!;
    expect(entry(nat).kind).toBe('natGateway');
    expect(entry(s.acl)).toEqual({
      kind: 'wafWebAcl',
      entry: { metricName: 'shopAcl', scope: 'REGIONAL', region: 'us-east-1', label: 'Acl' },
    });
  });
});
