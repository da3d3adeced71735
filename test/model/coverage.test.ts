import { AWS_RECOMMENDED_ALARMS, EXCLUDED, PLANNED } from '../../lib/model/aws-recommended-alarms';
import { coverage, coverageBySection, entryDifferences, implementations } from '../../lib/model/coverage';
import { AWS_RECOMMENDED, KINDS, defineTable, type CatalogRow } from '../../lib/model/kinds';

/** Entries per section on AWS's page (../shared/reference/aws-recommended-alarms.md). */
const SECTIONS: Record<string, number> = {
  'Amazon API Gateway': 18,
  'Amazon EC2 Auto Scaling': 1,
  'AWS Certificate Manager (ACM)': 1,
  'Amazon CloudFront': 5,
  'Amazon Cognito': 4,
  'Amazon DynamoDB': 13,
  'Amazon EBS': 1,
  'Amazon EC2': 3,
  'Amazon ElastiCache': 5,
  'Amazon ECS': 7,
  'Amazon ECS with Container Insights': 13,
  'Amazon ECS with Container Insights with enhanced observability': 6,
  'Amazon EFS': 2,
  'Amazon EKS with Container Insights': 5,
  'Amazon EventBridge Scheduler': 4,
  'Amazon Kinesis Data Streams': 7,
  Lambda: 5,
  'Lambda Insights': 1,
  'Amazon VPC (AWS/NATGateway)': 2,
  'AWS Private Link (AWS/PrivateLinkEndpoints)': 1,
  'AWS Private Link (AWS/PrivateLinkServices)': 1,
  'Amazon RDS': 19,
  'Amazon Route 53 Public Data Plane': 1,
  'Amazon S3': 3,
  S3ObjectLambda: 3,
  'Amazon SNS': 9,
  'Amazon SQS': 4,
  'Site-to-Site VPN': 2,
};

describe("AWS's recommended alarms as data", () => {
  test('146 entries in 28 sections, with stable unique ids and a source anchor', () => {
    expect(AWS_RECOMMENDED_ALARMS).toHaveLength(146);
    const bySection: Record<string, number> = {};
    for (const e of AWS_RECOMMENDED_ALARMS) bySection[e.section] = (bySection[e.section] ?? 0) + 1;
    expect(bySection).toEqual(SECTIONS);
    const ids = AWS_RECOMMENDED_ALARMS.map((e) => e.id);
    expect(new Set(ids).size).toBe(146);
    for (const e of AWS_RECOMMENDED_ALARMS) {
      expect(e.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(e.source).toMatch(new RegExp(`^${AWS_RECOMMENDED.replace(/\./g, '\\.')}#[A-Za-z0-9-]+$`));
      expect(e.datapoints[0]).toBeLessThanOrEqual(e.datapoints[1]);
    }
  });

  test('the page as it reads, including what looks wrong on it', () => {
    const byId = new Map(AWS_RECOMMENDED_ALARMS.map((e) => [e.id, e]));
    expect(byId.get('apigateway-rest-5xxerror')).toMatchObject({
      namespace: 'AWS/ApiGateway',
      dimensions: ['ApiName', 'Stage'],
      statistic: 'Average',
      threshold: 0.05,
      datapoints: [3, 3],
      comparison: 'GreaterThanThreshold',
    });
    expect(byId.get('ecs-ci-enhanced-taskmemoryutilization')?.comparison).toBe('LessThanOrEqualToThreshold');
    expect(byId.get('sns-smssuccessrate')?.comparison).toBe('GreaterThanThreshold');
    expect(byId.get('rds-aurorabinlogreplicalag')).toMatchObject({
      threshold: -1,
      dimensions: ['DBClusterIdentifier', 'Role=WRITER'],
    });
    expect(byId.get('acm-daystoexpiry')).toMatchObject({ period: 86_400, threshold: 44 });
  });
});

describe('coverage: every entry is implemented by a row, excluded with a reason, or planned', () => {
  const statuses = coverage();

  test('no entry is left unaccounted for', () => {
    expect(statuses.filter((s) => s.status === 'missing').map((s) => s.entry.id)).toEqual([]);
  });

  test('an entry has one status: implemented, excluded and planned do not overlap', () => {
    const implemented = new Set(implementations().keys());
    for (const id of Object.keys(EXCLUDED)) expect(implemented.has(id) || id in PLANNED).toBe(false);
    for (const id of Object.keys(PLANNED)) expect(implemented.has(id)).toBe(false);
  });

  test('rows name entries that exist, and each entry is implemented by one row', () => {
    const ids = new Set(AWS_RECOMMENDED_ALARMS.map((e) => e.id));
    for (const [id, rows] of implementations()) {
      expect({ id, exists: ids.has(id) }).toEqual({ id, exists: true });
      expect({ id, rows: rows.length }).toEqual({ id, rows: 1 });
    }
    for (const id of [...Object.keys(EXCLUDED), ...Object.keys(PLANNED)]) expect(ids.has(id)).toBe(true);
  });

  const implemented = statuses.flatMap((s) =>
    s.status === 'implemented' ? [[`${s.by.kind}.${s.by.row.id} → ${s.entry.id}`, s] as const] : [],
  );
  test.each(implemented)('%s: the same alarm, or it says where it differs and why', (_name, s) => {
    const { row, differs } = s.by;
    expect([...differs].sort()).toEqual([...(row.differs ?? [])].sort());
    if (differs.length > 0 || s.entry.threshold === 'depends')
      expect((row.why ?? '').length).toBeGreaterThan(20);
    expect(row.source).toBe(s.entry.source);
  });

  test('excluded entries give a reason', () => {
    for (const reason of Object.values(EXCLUDED)) expect(reason.length).toBeGreaterThan(20);
  });

  test('a planned kind that exists must implement or exclude its entries (or say which option it lacks)', () => {
    for (const [id, p] of Object.entries(PLANNED)) {
      if (Object.hasOwn(KINDS, p.kind))
        expect({ id, needs: p.needs ?? '' }).toEqual({ id, needs: expect.any(String) });
      if (Object.hasOwn(KINDS, p.kind)) expect((p.needs ?? '').length).toBeGreaterThan(10);
    }
  });

  test('the tally by section adds up to 146', () => {
    const sections = coverageBySection(statuses);
    expect(sections).toHaveLength(28);
    const sum = (k: 'entries' | 'implemented' | 'excluded' | 'planned' | 'missing') =>
      sections.reduce((n, s) => n + s[k], 0);
    expect(sum('entries')).toBe(146);
    expect(sum('implemented') + sum('excluded') + sum('planned') + sum('missing')).toBe(146);
    // Today's kinds cover their sections of the page completely.
    const of = (name: string) => sections.find((s) => s.section === name)!;
    for (const name of ['Lambda', 'Amazon SQS', 'Amazon SNS'])
      expect(of(name).implemented).toBe(of(name).entries);
    expect(sum('implemented')).toBeGreaterThanOrEqual(38);
  });
});

describe('entryDifferences', () => {
  const entry = AWS_RECOMMENDED_ALARMS.find((e) => e.id === 'apigateway-rest-4xxerror')!;
  const table = defineTable({
    kind: 'example',
    title: 'Example',
    namespace: 'AWS/ApiGateway',
    dimensions: ['ApiName', 'Stage'],
    params: { latency: { default: 2500, doc: 'x' } },
    rows: [],
    signals: [],
    cost: [],
  });
  const row: CatalogRow = {
    id: 'x',
    signal: 'x',
    metric: { type: 'metric', metricName: '4XXError', stat: 'Average' },
    threshold: 0.05,
    comparison: 'GreaterThanThreshold',
    period: 60,
    datapoints: [5, 5],
    missing: 'notBreaching',
    severity: 'warning',
    enabled: true,
    unit: 'count',
    meaning: '{resource}',
    firstStep: 'x',
    source: entry.source,
  };

  test('none for the same alarm', () => {
    expect(entryDifferences(entry, table, row)).toEqual([]);
  });

  test('each field that differs', () => {
    expect(
      entryDifferences(entry, table, {
        ...row,
        namespace: 'Other',
        metric: { type: 'metric', metricName: '5XXError', stat: 'Sum' },
        dimensionMap: { ApiName: 'ApiName' },
        threshold: 0.1,
        period: 300,
        datapoints: [3, 5],
        comparison: 'LessThanThreshold',
      }),
    ).toEqual([
      'namespace',
      'metric',
      'dimensions',
      'statistic',
      'threshold',
      'period',
      'datapoints',
      'comparison',
    ]);
  });

  test('a parameter threshold compares by its default; a fixed dimension by its value', () => {
    const latency = AWS_RECOMMENDED_ALARMS.find((e) => e.id === 'apigateway-rest-latency')!;
    const p90 = {
      ...row,
      metric: { type: 'metric' as const, metricName: 'Latency', stat: 'p90' },
      threshold: { param: 'latency' },
      comparison: 'GreaterThanOrEqualToThreshold' as const,
    };
    expect(entryDifferences(latency, table, p90)).toEqual([]);
    expect(
      entryDifferences(latency, table, { ...p90, threshold: { param: 'latency', factor: 0.5 } }),
    ).toEqual(['threshold']);
    expect(entryDifferences(latency, table, { ...p90, fixedDimensions: { Region: 'Global' } })).toEqual([
      'dimensions',
    ]);
  });
});
