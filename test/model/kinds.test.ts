import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { kindSchema } from '../../lib/config/schema-services';
import {
  CATALOG,
  KINDS,
  KIND_LIST,
  KIND_ORDER,
  RESOURCE_KINDS,
  isResourceKind,
  kindOf,
  type KindCatalog,
} from '../../lib/model/kinds';
import { PRICE_TABLE } from '../../lib/tools/cost/prices';

describe('the kind registry', () => {
  test('each kind sits under its own key, and its first table is its own', () => {
    for (const [key, kind] of Object.entries(KINDS)) {
      expect(kind.key).toBe(key);
      expect(kind.tables[0].kind).toBe(key);
    }
  });

  test('resource kinds are unique across the registry; lookups by user text are prototype-safe', () => {
    const all = KIND_LIST.flatMap((k) => [...k.tables, ...k.account].map((t) => t.kind));
    expect(new Set(all).size).toBe(all.length);
    expect(RESOURCE_KINDS).toEqual(all);
    for (const text of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(isResourceKind(text)).toBe(false);
  });

  test('an override key names one row: row ids are unique across a kind’s tables, and across account tables', () => {
    for (const kind of KIND_LIST) {
      const ids = kind.tables.flatMap((t) => t.rows.map((r) => r.id));
      expect({ kind: kind.key, dup: ids.filter((id, i) => ids.indexOf(id) !== i) }).toEqual({
        kind: kind.key,
        dup: [],
      });
    }
    const account = KIND_LIST.flatMap((k) => k.account.flatMap((t) => t.rows.map((r) => r.id)));
    expect(account.filter((id, i) => account.indexOf(id) !== i)).toEqual([]);
  });

  test('the dashboard order is derived: every resource table exactly once, sections top to bottom', () => {
    const tables = KIND_LIST.flatMap((k) => k.tables.map((t) => t.kind));
    expect([...KIND_ORDER].sort()).toEqual([...tables].sort());
    // The order of the first kinds is unchanged by the move: APIs, Lambda, DynamoDB, SQS; new kinds go in their sections.
    const first = [
      'restApi',
      'restApiRoute',
      'httpApi',
      'httpApiRoute',
      'lambda',
      'dynamodb',
      'dynamodbOperation',
      'sqs',
      'sqsDlq',
    ];
    expect(KIND_ORDER.filter((k) => first.includes(k))).toEqual(first);
    expect(KIND_ORDER.indexOf('stepFunctions')).toBeLessThan(KIND_ORDER.indexOf('dynamodb')); // compute
    expect(KIND_ORDER.indexOf('sns')).toBeGreaterThan(KIND_ORDER.indexOf('sqsDlq')); // messaging
  });

  test.each(RESOURCE_KINDS.map((k) => [k, CATALOG[k] as KindCatalog] as const))(
    '%s: signals and cost items refer to what exists',
    (_kind, table) => {
      const rowIds = new Set(table.rows.map((r) => r.id));
      for (const s of table.signals) {
        if (s.line) expect(table.params[s.line.param]).toBeDefined();
        if (s.statOf) expect(rowIds.has(s.statOf)).toBe(true);
        if (s.title.includes('{stat}')) expect(s.statOf).toBeDefined();
      }
      for (const c of table.cost) {
        expect(typeof PRICE_TABLE.cloudwatch[c.price]).toBe('number');
        expect(c.perResource).toBeGreaterThan(0);
        expect(c.why).toMatch(/https:\/\//);
      }
      // Account tables have no dimensions and no dashboard graphs; resource tables have both.
      const isAccount = KIND_LIST.some((k) => k.account.includes(table));
      expect(table.dimensions.length === 0).toBe(isAccount);
      if (!isAccount) expect(table.signals.length).toBeGreaterThan(0);
    },
  );

  test.each(KIND_LIST.map((k) => [k.key, k] as const))(
    '%s: its schema accepts a plain entry, refuses an unknown key, and lists its tables’ rows as override keys',
    (key, kind) => {
      const schema = kindSchema(key as Parameters<typeof kindSchema>[0]);
      expect(schema.entry.safeParse({ bogus: 1 }).success).toBe(false);
      const rows = (tables: readonly KindCatalog[]) =>
        Object.fromEntries(tables.flatMap((t) => t.rows.map((r) => [r.id, { enabled: true }])));
      // Overrides of every row: the entry's own (and for most kinds its children's) under its `alarms`; an API's
      // route rows under each route's `alarms`.
      const alarms = rows(kind.tables);
      const route = { route: 'GET /x', alarms: rows(kind.tables.slice(1)) };
      const minimal: Record<string, unknown> = {
        lambda: { name: 'f', alarms },
        restApi: { name: 'a', stage: 'prod', alarms: rows(kind.tables.slice(0, 1)), methods: [route] },
        httpApi: { id: 'a1b2c3d4e5', alarms: rows(kind.tables.slice(0, 1)), routes: [route] },
        dynamodb: { name: 't', alarms },
        sqs: { name: 'q', alarms },
        sns: { name: 't', alarms },
        stepFunctions: { name: 's', alarms },
        ec2Instance: { id: 'i-0123456789abcdef0', alarms },
        ebsVolume: { id: 'vol-0123456789abcdef0', alarms },
        autoScalingGroup: { name: 'g', alarms },
        ecsCluster: { name: 'c', alarms },
        ecsService: { name: 's', cluster: 'c', alarms },
        eksCluster: { name: 'c', alarms },
        lambdaEventSourceMapping: { uuid: '14e0db71-5d35-4eb5-b481-000000000001', alarms },
        codeBuild: { name: 'build', alarms },
        appRunner: { name: 'web', id: '0123456789abcdef0123456789abcdef', alarms },
        sagemakerEndpoint: { name: 'model', variants: ['a', 'b'], alarms },
        kinesis: { name: 's', consumers: ['c'], alarms },
        scheduler: { name: 'default', alarms },
        eventRule: { name: 'r', alarms },
        eventBus: { name: 'orders', alarms },
        glueJob: { name: 'etl', observability: true, alarms },
        memoryDb: { name: 'sessions', replicas: 2, alarms },
        pipe: { name: 'p', alarms },
        firehose: { name: 'f', alarms },
        ses: { name: 'set', alarms },
        msk: { name: 'kafka', alarms },
        amazonMq: { name: 'mq', alarms },
        rdsInstance: { id: 'db', alarms },
        auroraCluster: { id: 'cluster', alarms },
        elasticache: { id: 'cache', alarms: rows(kind.tables) },
        efs: { id: 'fs-0123456789abcdef0', alarms },
        s3: { name: 'bucket', filter: 'EntireBucket', alarms: rows(kind.tables) },
        openSearch: { name: 'search', account: '123456789012', alarms },
        redshift: { id: 'warehouse', alarms },
        documentDb: { id: 'docs', alarms },
        s3ObjectLambda: {
          name: 'olap',
          dataSource: 'arn:aws:s3:us-east-1:123456789012:accesspoint/ap',
          alarms,
        },
        certificate: {
          arn: 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
          alarms,
        },
        cloudfront: { id: 'E2QWRUHAPOMQZL', functions: ['f'], alarms },
        cognito: { userPool: 'eu-west-1_aBcD12345', client: 'abc123', identityProviders: ['Google'], alarms },
        route53HealthCheck: { id: 'abcdef11-2222-3333-4444-555555fedcba', alarms },
        websocketApi: { id: 'a1b2c3d4e5', stage: 'prod', routes: ['$connect'], alarms },
        applicationLoadBalancer: {
          name: 'app/a/50dc6c495c0c9188',
          targetGroups: ['targetgroup/t/73e2d6bc24d8a067'],
          alarms,
        },
        appSync: { id: 'abcdefghijklmnopqrstuvwxyz', alarms },
        wafWebAcl: { metricName: 'acl', region: 'eu-west-1', alarms },
        natGateway: { id: 'nat-0123456789abcdef0', alarms },
        vpcEndpoint: {
          id: 'vpce-0123456789abcdef0',
          vpc: 'vpc-0123456789abcdef0',
          service: 'com.amazonaws.eu-west-1.sqs',
          alarms,
        },
        vpcEndpointService: {
          id: 'vpce-svc-0123456789abcdef0',
          loadBalancers: [
            'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/n/60dc6c495c0c9188',
          ],
          zones: ['eu-west-1a'],
          alarms,
        },
        vpnConnection: { id: 'vpn-0123456789abcdef0', tunnels: ['203.0.113.1'], alarms },
        networkLoadBalancer: {
          name: 'net/n/60dc6c495c0c9188',
          targetGroups: ['targetgroup/t/73e2d6bc24d8a067'],
          alarms,
        },
        transitGateway: { id: 'tgw-0123456789abcdef0', alarms },
        canary: { name: 'uptime-check', alarms },
      };
      // A kind added to the registry must be added here with a minimal entry.
      expect(Object.keys(minimal)).toContain(key);
      const parsed = schema.entry.safeParse(minimal[key]);
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  test('kindOf reads a kind back from an alarm: namespace, dimension names and signal', () => {
    expect(kindOf('AWS/SNS', ['TopicName'], 'notificationsFailed')).toBe('sns');
    expect(kindOf('AWS/States', ['StateMachineArn'], 'latencyBudget')).toBe('stepFunctions');
    expect(kindOf('AWS/ApiGateway', ['ApiId', 'Stage', 'Route'], 'latencyBudget')).toBe('httpApiRoute');
    expect(kindOf('AWS/ApiGateway', ['Method', 'Resource', 'Stage', 'ApiName'], 'traffic')).toBe(
      'restApiRoute',
    );
    expect(kindOf('AWS/SNS', [], 'smsSpend')).toBe('snsAccount');
    expect(kindOf('AWS/SNS', ['TopicName'], 'bogus')).toBeUndefined();
    // A bus's throttles and a rule's share metric and signal; the dimensions tell them apart.
    expect(kindOf('AWS/Events', ['EventBusName'], 'throttled')).toBe('eventBus');
    expect(kindOf('AWS/Events', ['RuleName'], 'throttled')).toBe('eventRule');
    expect(kindOf('Glue', ['JobName', 'JobRunId', 'Type', 'ObservabilityGroup'], 'jobErrors')).toBe(
      'glueJob',
    );
  });

  test('loading the kinds loads neither zod nor aws-cdk-lib (the CLI reads the catalog)', () => {
    const probe = `require('./lib/model/kinds');
      const loaded = Object.keys(require.cache).filter((k) => k.includes('node_modules'));
      console.log(JSON.stringify([...new Set(loaded.map((k) => k.split('node_modules/')[1].split('/')[0]))]));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', probe], {
      cwd: join(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const packages: string[] = JSON.parse(r.stdout);
    for (const heavy of ['zod', 'aws-cdk-lib', 'constructs', 'yaml']) expect(packages).not.toContain(heavy);
  });
});
