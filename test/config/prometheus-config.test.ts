/**
 * The `prometheus:` section: what it becomes in the model, and one line naming the field for each mistake.
 */
import { modelFromText } from '../../lib/config/load';
import { configErrorOf } from '../helpers/config-error';

const BASE = 'app: shop\nservices:\n  - name: api\n    lambda: [f]\n';
const WS = 'ws-0a1b2c3d-aaaa-bbbb-cccc-0123456789ab';

describe('the prometheus section', () => {
  test('an empty section creates a workspace with the default routes', () => {
    expect(modelFromText(`${BASE}prometheus: {}\n`).prometheus).toEqual({
      workspace: { type: 'create', alias: 'shop-telemetry' },
      alertManager: {
        repeatInterval: { critical: 14_400, warning: 43_200, info: 86_400 },
        groupWait: 30,
        groupInterval: 300,
      },
    });
  });

  test('settings of a created workspace', () => {
    const m = modelFromText(
      `${BASE}prometheus:\n  alias: shop-metrics\n  retention: 1y\n  alertmanager: { repeat: { critical: 1h }, groupWait: 10s, groupInterval: 2m }\n`,
    );
    expect(m.prometheus).toEqual({
      workspace: { type: 'create', alias: 'shop-metrics', retentionDays: 365 },
      alertManager: {
        repeatInterval: { critical: 3600, warning: 43_200, info: 86_400 },
        groupWait: 10,
        groupInterval: 120,
      },
    });
  });

  test('an existing workspace by id, and Grafana may name the same one', () => {
    const m = modelFromText(
      `${BASE}prometheus: { workspace: ${WS}, region: eu-west-1 }\ngrafana:\n  prometheus: { workspace: ${WS}, region: eu-west-1 }\n`,
    );
    expect(m.prometheus).toEqual({ workspace: { type: 'existing', workspaceId: WS, region: 'eu-west-1' } });
  });

  test.each([
    [
      `prometheus: { workspace: shop }`,
      /prometheus\.workspace: workspace must be an Amazon Managed Service for Prometheus workspace id like ws-12345678-abcd-\.\.\./,
    ],
    [
      `grafana:\n  prometheus: { workspace: shop }`,
      /grafana\.prometheus\.workspace: workspace must be an Amazon Managed Service for Prometheus workspace id/,
    ],
    [
      `prometheus: { workspace: ${WS}, alias: x }`,
      /prometheus\.alias: alias applies to a workspace cdk-telemetry creates: leave it out with workspace/,
    ],
    [
      `prometheus: { workspace: ${WS}, alertmanager: {} }`,
      /prometheus\.alertmanager: an existing workspace keeps its own alert manager definition/,
    ],
    [`prometheus: { region: eu-west-1 }`, /prometheus\.region: region goes with workspace/],
    [
      `prometheus: { retention: 4y }`,
      /prometheus\.retention: 4y is more than AMP keeps samples \(at most 1095d\)/,
    ],
    [
      `prometheus: { alertmanager: { repeat: { critical: 6d } } }`,
      /prometheus\.alertmanager\.repeat\.critical: AMP repeats notifications at most every 5 days/,
    ],
    [
      `prometheus: { alertmanager: { repeat: { warning: 1m } } }`,
      /prometheus\.alertmanager\.repeat\.warning: a repeat interval shorter than groupInterval/,
    ],
    [`prometheus: { alias: 'a b' }`, /prometheus\.alias: alias may only hold letters, digits/],
    [`prometheus: { retention: 90 }`, /prometheus\.retention/],
    [
      `prometheus: { scrape: true }`,
      /prometheus: unknown key "scrape" \(allowed: workspace, region, alias, retention, alertmanager\)/,
    ],
    [
      `prometheus: {}\ngrafana:\n  prometheus: { workspace: ${WS} }`,
      /prometheus\.workspace: grafana\.prometheus names workspace ws-0a1b2c3d-aaaa-bbbb-cccc-0123456789ab, but this section creates one/,
    ],
    [
      `prometheus: { workspace: ${WS} }\ngrafana:\n  prometheus: { workspace: ws-99999999-aaaa }`,
      /prometheus\.workspace: grafana\.prometheus names workspace ws-99999999-aaaa: leave grafana\.prometheus out/,
    ],
  ])('%s', (section, message) => {
    expect(configErrorOf(`${BASE}${section}\n`)).toMatch(message);
  });
});
