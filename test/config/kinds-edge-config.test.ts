import { configErrorOf } from '../helpers/config-error';
import { alarms, config, dims } from '../helpers/kinds-config';

describe('edge and network kinds from telemetry.yaml', () => {
  const specs = alarms(
    config(`    cloudfront:
      - { id: E2QWRUHAPOMQZL, label: cdn, functions: [rewrite] }
    certificate:
      - { arn: "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789", label: tls }
    cognito:
      - { userPool: us-east-1_aBcD12345, client: abc123, label: web, identityProviders: [Google] }
    route53HealthCheck:
      - { id: abcdef11-2222-3333-4444-555555fedcba, label: home }
    websocketApi:
      - { id: w1b2c3d4e5, stage: prod, label: chat, routes: [$connect, sendMessage] }
    applicationLoadBalancer:
      - { name: app/shop/50dc6c495c0c9188, label: alb, targetResponseTime: 1s, targetGroups: [targetgroup/web/73e2d6bc24d8a067] }
    networkLoadBalancer:
      - { name: net/ledger/60dc6c495c0c9188, label: nlb, targetGroups: [{ name: targetgroup/tcp/83e2d6bc24d8a067, minHealthy: 2 }] }
    appSync:
      - { id: abcdefghijklmnopqrstuvwxyz, label: gql }
    wafWebAcl:
      - { metricName: shopAcl, region: us-east-1, label: waf }
    natGateway:
      - { id: nat-0123456789abcdef0, label: nat }
    vpcEndpoint:
      - { id: vpce-0123456789abcdef0, vpc: vpc-0123456789abcdef0, service: com.amazonaws.us-east-1.sqs, label: sqsvpce }
    vpcEndpointService:
      - { id: vpce-svc-0123456789abcdef0, label: svc, loadBalancers: ["arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/n/60dc6c495c0c9188"], zones: [us-east-1a, us-east-1b], alarms: { rstPacketsSent: { enabled: true } } }
    vpnConnection:
      - { id: vpn-0123456789abcdef0, label: office, tunnels: [203.0.113.1, 203.0.113.2] }
    transitGateway:
      - { id: tgw-0123456789abcdef0, label: tgw }`),
  );
  const names = [...specs.keys()];
  const of = (label: string) => names.filter((n) => n.startsWith(`demo-svc-${label}-`));

  test("CloudFront: AWS's rows with Region=Global; OriginLatency off without additional metrics; functions by name", () => {
    expect(dims(specs.get('demo-svc-cdn-serverErrorRate-critical'))).toEqual({
      DistributionId: 'E2QWRUHAPOMQZL',
      Region: 'Global',
    });
    expect(names).not.toContain('demo-svc-cdn-originLatency-warning');
    expect(dims(specs.get('demo-svc-cdn-rewrite-functionExecutionErrors-warning'))).toEqual({
      DistributionId: 'E2QWRUHAPOMQZL',
      FunctionName: 'rewrite',
      Region: 'Global',
    });
    expect(specs.get('demo-svc-cdn-serverErrorRate-critical')?.description).toMatch(/us-east-1/);
  });

  test('ACM: 44 days warns, 7 days pages, one datapoint a day', () => {
    expect(specs.get('demo-svc-tls-daysToExpiry-warning')).toMatchObject({
      threshold: 44,
      source: { period: 86_400 },
      comparison: 'LessThanOrEqualToThreshold',
    });
    expect(specs.get('demo-svc-tls-daysToExpiry-critical')).toMatchObject({ threshold: 7 });
  });

  test('Cognito: sign-in throttles page; federation by identity provider', () => {
    expect(of('web')).toEqual(
      expect.arrayContaining([
        'demo-svc-web-signInThrottles-critical',
        'demo-svc-web-Google-federationThrottles-warning',
      ]),
    );
    expect(dims(specs.get('demo-svc-web-Google-federationThrottles-warning'))).toEqual({
      UserPool: 'us-east-1_aBcD12345',
      UserPoolClient: 'abc123',
      IdentityProvider: 'Google',
    });
  });

  test('WebSocket API: stage errors, route integration latency by route key; traffic off', () => {
    expect(of('chat')).toEqual([
      'demo-svc-chat-executionError-critical',
      'demo-svc-chat-clientError-warning',
      'demo-svc-chat-connect-integrationLatency-warning',
      'demo-svc-chat-sendMessage-integrationLatency-warning',
    ]);
    expect(dims(specs.get('demo-svc-chat-connect-integrationLatency-warning'))).toEqual({
      ApiId: 'w1b2c3d4e5',
      Stage: 'prod',
      Route: '$connect',
    });
  });

  test('load balancers: guarded 5xx rates, response time in seconds, target health per group', () => {
    expect(specs.get('demo-svc-alb-targetResponseTime-warning')).toMatchObject({ threshold: 1 });
    expect(specs.get('demo-svc-alb-elbServerErrorRate-critical')?.source.type).toBe('math');
    expect(dims(specs.get('demo-svc-alb-web-noHealthyTargets-critical'))).toEqual({
      TargetGroup: 'targetgroup/web/73e2d6bc24d8a067',
      LoadBalancer: 'app/shop/50dc6c495c0c9188',
    });
    expect(specs.get('demo-svc-nlb-tcp-noHealthyTargets-critical')).toMatchObject({ threshold: 2 });
    expect(names).not.toContain('demo-svc-alb-clientTlsErrors-warning');
  });

  test('network: dimension names with spaces, one endpoint-service alarm per zone, VPN tunnels, WAF off', () => {
    expect(dims(specs.get('demo-svc-sqsvpce-packetsDropped-warning'))).toEqual({
      'VPC Id': 'vpc-0123456789abcdef0',
      'VPC Endpoint Id': 'vpce-0123456789abcdef0',
      'Endpoint Type': 'Interface',
      'Service Name': 'com.amazonaws.us-east-1.sqs',
    });
    expect(of('svc').sort()).toEqual([
      'demo-svc-svc-us-east-1a-rstPacketsSent-warning',
      'demo-svc-svc-us-east-1b-rstPacketsSent-warning',
    ]);
    expect(of('office')).toEqual(
      expect.arrayContaining([
        'demo-svc-office-connectionDown-critical',
        'demo-svc-office-tunnel1-tunnelState-warning',
      ]),
    );
    expect(of('waf')).toEqual([]);
    expect(of('nat')).toEqual([
      'demo-svc-nat-portAllocationErrors-warning',
      'demo-svc-nat-packetDropRate-warning',
    ]);
    expect(of('tgw')).toEqual(['demo-svc-tgw-noRouteDrops-warning']);
    expect(of('gql')).toHaveLength(3);
  });

  test('us-east-1-only metrics are refused from another Region, one line naming env.region', () => {
    const env = 'env: { region: eu-west-1 }';
    expect(configErrorOf(config('    cloudfront: [{ id: E2QWRUHAPOMQZL }]', env))).toMatch(
      /services\[0\]\.cloudfront\[0\]: CloudFront publishes its metrics only in us-east-1.*env\.region is eu-west-1/,
    );
    expect(
      configErrorOf(config('    route53HealthCheck: [abcdef11-2222-3333-4444-555555fedcba]', env)),
    ).toMatch(/only in us-east-1/);
    expect(
      configErrorOf(
        config(
          '    certificate: ["arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"]',
          env,
        ),
      ),
    ).toMatch(/certificate is in us-east-1.*env\.region is eu-west-1/);
  });

  test('bad values: one line with the range or the expected shape', () => {
    expect(
      configErrorOf(config('    cognito: [{ userPool: eu-west-1_x1, client: abc, maxThrottles: -1 }]')),
    ).toMatch(/maxThrottles: must be a whole number from 0 to 100,000/);
    expect(configErrorOf(config('    natGateway: [nat-xyz]'))).toMatch(
      /does not look like nat-0123456789abcdef0/,
    );
    expect(configErrorOf(config('    wafWebAcl: [{ metricName: acl }]'))).toMatch(/region.*give `region`/);
  });
});
