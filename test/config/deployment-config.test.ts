/**
 * Where the telemetry deploys and what protects its data, from telemetry.yaml: Regions, Object Lock on the trail
 * and the archive, compliance packs, and the lists that add resources to the stacks that do not split.
 * Config only: nothing is synthesized here.
 */
import { modelFromText } from '../../lib/config/load';
import { CHANNEL_LIMITS } from '../../lib/config/schema';
import {
  MAX_SUBSCRIPTION_RESOURCES,
  subscriptionCapacityProblem,
  subscriptionResources,
} from '../../lib/model/stack-capacity';
import { REGIONS } from '../../lib/model/regions.generated';
import { regionsFor, REGIONAL_SECTIONS, SUPPORTED_REGIONS } from '../../lib/model/region-services';
import { configErrorOf } from '../helpers/config-error';

const APP = `app: shop
services:
  - name: api
    lambda: [shop-pay]
`;
const withRegion = (region: string, more = '') => `${APP}env: { region: ${region} }\n${more}`;
const GRAFANA = `grafana: { authentication: [sso], admins: { groups: [906755a1b2-1a2b3c4d-aaaa-bbbb-cccc-0123456789ab] } }\n`;
const SLACK = `alerting: { warning: { slack: [{ workspace: T04SHOP01, channel: C04ALERTS1 }] } }\n`;
const ARCHIVE = (extra: string) =>
  `logs:\n  archive:\n    bucket: { name: 'shop-archive-{account}-{region}' }\n    logGroups: [/aws/lambda/shop-pay]\n${extra}`;

describe('Regions', () => {
  test('no Region stays the default: an environment-agnostic synth', () => {
    expect(modelFromText(`${APP}${GRAFANA}${SLACK}`).env).toBeUndefined();
  });

  test('a Region that matches the pattern but does not exist names the field and the known Regions', () => {
    const message = configErrorOf(withRegion('zz-nowhere-9'));
    expect(message).toMatch(
      /^telemetry\.yaml:5:\d+: env\.region: "zz-nowhere-9" is not an AWS Region known to aws-cdk-lib [\d.]+ region-info \(allowed: af-south-1, .*, us-gov-west-1, .*us-west-2\)$/,
    );
    expect(message.length).toBeLessThan(1000);
  });

  test('Amazon Managed Grafana where it does not exist: the grafana section, and the Regions where it works', () => {
    const message = configErrorOf(withRegion('sa-east-1', GRAFANA));
    expect(message).toMatch(
      /^telemetry\.yaml:6:1: grafana: Amazon Managed Grafana \(AWS::Grafana::Workspace\) is not available in sa-east-1; grafana works in: .*eu-west-1.*us-east-1.* \(per @aws\/cloudformation-validate [\d.]+\)$/,
    );
    // eu-west-1 has it: the config is accepted there.
    expect(modelFromText(withRegion('eu-west-1', GRAFANA)).env).toEqual({ region: 'eu-west-1' });
  });

  test('GovCloud is supported where its services exist: Slack (AWS Chatbot) is refused there, the rest is not', () => {
    expect(modelFromText(withRegion('us-gov-west-1', ARCHIVE(''))).env?.region).toBe('us-gov-west-1');
    expect(configErrorOf(withRegion('us-gov-west-1', SLACK))).toMatch(
      /^telemetry\.yaml:6:\d+: alerting\.warning\.slack: Slack channels through AWS Chatbot \(AWS::Chatbot::SlackChannelConfiguration\) is not available in us-gov-west-1; alerting\.<severity>\.slack works in: /,
    );
  });

  test('China (aws-cn) is refused in one line: its service principals and console hosts are not verified', () => {
    expect(configErrorOf(withRegion('cn-north-1'))).toMatch(
      /^telemetry\.yaml:5:\d+: env\.region: cn-north-1 is in the aws-cn partition, which cdk-telemetry does not support .*; supported: the aws and aws-us-gov partitions \(af-south-1, /,
    );
  });

  test('the data: every supported Region has the core services; Grafana in fewer; sources named', () => {
    const core = REGIONAL_SECTIONS.find((s) => s.id === 'core')!;
    expect(regionsFor(core)).toEqual(SUPPORTED_REGIONS);
    expect(SUPPORTED_REGIONS).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'us-gov-west-1']));
    expect(SUPPORTED_REGIONS).not.toContain('cn-north-1');
    const grafana = regionsFor(REGIONAL_SECTIONS.find((s) => s.id === 'grafana')!);
    expect(grafana).toEqual(
      expect.arrayContaining(['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-1']),
    );
    expect(grafana.length).toBeLessThan(SUPPORTED_REGIONS.length);
    expect(REGIONS.length).toBeGreaterThanOrEqual(40);
  });
});

describe('Object Lock', () => {
  test('on the archive bucket, as on the trail bucket: mode and days in the model', () => {
    const m = modelFromText(`${APP}${ARCHIVE('    objectLock: { mode: governance, retention: 2y }\n')}`);
    expect(m.logs!.archive!.objectLock).toEqual({ mode: 'governance', days: 730 });
    const a = modelFromText(`${APP}audit: { objectLock: { retention: 1y } }\n`);
    expect(a.audit!.objectLock).toEqual({ mode: 'compliance', days: 365 });
  });

  test.each([
    [
      'audit',
      'audit: { objectLock: { retention: 99999999y } }\n',
      /^telemetry\.yaml:5:\d+: audit\.objectLock\.retention: retention must be 1d to 100y \(36500 days\), the longest S3 Object Lock allows$/,
    ],
    [
      'logs.archive',
      ARCHIVE('    objectLock: { retention: 99999999y }\n'),
      /^telemetry\.yaml:9:\d+: logs\.archive\.objectLock\.retention: retention must be 1d to 100y \(36500 days\), the longest S3 Object Lock allows$/,
    ],
    [
      'audit (longer than kept)',
      'audit: { objectLock: { retention: 8y } }\n',
      /^telemetry\.yaml:5:\d+: audit\.objectLock\.retention: retention of 2920 days is out of range: 1 to 2557 days \(no longer than the objects are kept, the compliance tier\)$/,
    ],
    [
      'logs.archive (a mode S3 does not have)',
      ARCHIVE('    objectLock: { mode: legal, retention: 1y }\n'),
      /^telemetry\.yaml:9:\d+: logs\.archive\.objectLock\.mode: .*governance.*compliance/,
    ],
  ])('%s: a retention out of range is one clean line with the allowed range', (_where, text, message) => {
    expect(configErrorOf(`${APP}${text}`)).toMatch(message);
  });

  test('an existing archive bucket cannot be locked from here', () => {
    const text = `${APP}logs:\n  archive:\n    bucket: { existing: my-archive }\n    logGroups: [/aws/lambda/shop-pay]\n    objectLock: { retention: 1y }\n`;
    expect(configErrorOf(text)).toMatch(
      /^telemetry\.yaml:\d+:\d+: logs\.archive\.objectLock: Object Lock is set when a bucket is created/,
    );
  });
});

describe('compliance packs', () => {
  test('listed by id, once each', () => {
    expect(modelFromText(`${APP}compliance: [pci-dss-3.2.1, nist-800-53-r5]\n`).compliance).toEqual([
      'pci-dss-3.2.1',
      'nist-800-53-r5',
    ]);
    expect(modelFromText(APP).compliance).toBeUndefined();
    expect(configErrorOf(`${APP}compliance: [nist-800-53-r5, nist-800-53-r5]\n`)).toMatch(
      /compliance\[1\]: "nist-800-53-r5" is listed twice$/,
    );
    expect(configErrorOf(`${APP}compliance: [sox]\n`)).toMatch(
      /compliance\[0\]: .*nist-800-53-r5.*hipaa-security.*pci-dss-3\.2\.1/,
    );
  });
});

describe('lists that add resources to the stacks that do not split', () => {
  test('600 alert subscriptions: one line naming the field and its bound, not TooManyResourcesInStack at synth', () => {
    const emails = Array.from({ length: 600 }, (_, i) => `p${i}@shop.example`).join(', ');
    expect(configErrorOf(`${APP}alerting: { critical: { email: [${emails}] } }\n`)).toMatch(
      /^telemetry\.yaml:5:\d+: alerting\.critical\.email: at most 50 email addresses per severity/,
    );
  });

  test('the most subscriptions the config allows fit the core stack', () => {
    // Every severity at its bounds, every Slack channel distinct (a channel is 2 resources, once per app).
    const full = (prefix: string) => ({
      email: Array.from({ length: CHANNEL_LIMITS.email }, (_, i) => `${prefix}${i}@shop.example`),
      https: Array.from({ length: CHANNEL_LIMITS.https }, (_, i) => `https://${prefix}${i}.example/hook`),
      slack: Array.from({ length: CHANNEL_LIMITS.slack }, (_, i) => ({
        workspace: 'T1',
        channel: `${prefix}${i}`,
      })),
    });
    const channels = { critical: full('c'), warning: full('w'), info: full('i') };
    const n = subscriptionResources(channels);
    expect(n).toBe(3 * (CHANNEL_LIMITS.email + CHANNEL_LIMITS.https + 2 * CHANNEL_LIMITS.slack));
    expect(n).toBeLessThanOrEqual(MAX_SUBSCRIPTION_RESOURCES);
    expect(subscriptionCapacityProblem(channels)).toBeUndefined();
  });

  test('1,000 archived log groups: one line naming the limit and the field', () => {
    const groups = Array.from({ length: 1000 }, (_, i) => `/aws/lambda/fn-${i}`).join(', ');
    const text = `${APP}logs:\n  archive:\n    bucket: { name: 'a-{account}-{region}' }\n    logGroups: [${groups}]\n`;
    expect(configErrorOf(text)).toMatch(
      /^telemetry\.yaml:8:\d+: logs\.archive\.logGroups: 1000 log groups do not fit the logs stack: each is a subscription filter, and CloudFormation allows 500 resources per stack, so at most 400 log groups are archived per app$/,
    );
  });
});
