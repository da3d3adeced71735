/**
 * Grafana benchmarks (`npx tsx bench/grafana.ts`): dashboard generation, synth time with and without the Grafana
 * stack, the provider bundle, and one provisioning run of the handler against the fake Grafana server on
 * 127.0.0.1 (create, then an update that changes nothing). Numbers go in the README.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateWorkspaceServiceAccountCommand,
  CreateWorkspaceServiceAccountTokenCommand,
  GrafanaClient,
  ListWorkspaceServiceAccountsCommand,
} from '@aws-sdk/client-grafana';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { modelFromText } from '../lib/config/load';
import { appDashboards } from '../lib/grafana/dashboards/from-model';
import { dataSourceSpecs } from '../lib/grafana/data-sources';
import { bundleProvider } from '../lib/grafana/provider-code';
import { makeHandler } from '../lib/grafana/provider/handler';
import type { ProvisioningProps } from '../lib/grafana/provider/types';
import { FakeGrafana } from '../test/helpers/fake-grafana';
import { synthModel } from '../test/helpers/synth';
import { median } from './median';

function time(runs: number, fn: () => void): number {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

async function main() {
  const example = readFileSync(join(__dirname, '..', 'telemetry.yaml'), 'utf8');
  const withGrafana = modelFromText(example);
  const without = { ...withGrafana, grafana: undefined };

  const gen = time(20, () => appDashboards(withGrafana, withGrafana.grafana!.dashboards));
  const big = {
    app: 'big',
    services: Array.from({ length: 20 }, (_, s) => ({
      name: `svc${s}`,
      resources: Array.from({ length: 50 }, (__, r) => ({
        ...withGrafana.services[0].resources.find((x) => x.kind === 'lambda')!,
        label: `fn${r}`,
        dimensions: { FunctionName: `svc${s}-fn${r}` },
      })),
    })),
  };
  const genBig = time(5, () => appDashboards(big, { generated: true, shipped: false, folders: [] }));
  console.log(`dashboards, example app (2 generated + 2 shipped): ${gen.toFixed(1)} ms`);
  console.log(`dashboards, 20 services x 50 functions: ${genBig.toFixed(1)} ms`);

  synthModel(withGrafana); // warm up module loading, the validator and the provider bundle
  const runs: Record<'with' | 'without', number[]> = { with: [], without: [] };
  for (let i = 0; i < 5; i++) {
    runs.without.push(time(1, () => synthModel(without)));
    runs.with.push(time(1, () => synthModel(withGrafana)));
  }
  const synthWithout = median(runs.without);
  const synthWith = median(runs.with);
  console.log(`synth (nag + CFN validation), example app without grafana: ${synthWithout.toFixed(0)} ms`);
  console.log(`synth (nag + CFN validation), example app with grafana: ${synthWith.toFixed(0)} ms`);

  const dir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  const t0 = performance.now();
  bundleProvider(dir);
  console.log(
    `provider bundle (cold esbuild): ${(performance.now() - t0).toFixed(0)} ms, ${(statSync(join(dir, 'index.js')).size / 1024).toFixed(0)} KiB`,
  );

  // One real provisioning run against the fake Grafana on 127.0.0.1.
  const token = 'bench-token';
  const server = await new FakeGrafana(token).start();
  const bundle = { dashboards: appDashboards(withGrafana, withGrafana.grafana!.dashboards) };
  mockClient(GrafanaClient)
    .onAnyCommand()
    .resolves({})
    .on(ListWorkspaceServiceAccountsCommand)
    .resolves({ serviceAccounts: [] })
    .on(CreateWorkspaceServiceAccountCommand)
    .resolves({ id: 'sa' })
    .on(CreateWorkspaceServiceAccountTokenCommand)
    .resolves({ serviceAccountToken: { id: 't', key: token, name: 't' } });
  mockClient(S3Client)
    .on(GetObjectCommand)
    .callsFake(() => ({ Body: { transformToString: async () => JSON.stringify(bundle) } }));
  const spec: ProvisioningProps = {
    workspaceId: 'g-0123456789',
    endpoint: server.url,
    folder: { uid: 'bench', title: 'bench' },
    dataSources: dataSourceSpecs({ region: 'eu-west-1' }),
    contactPoints: [],
    dashboards: { bucket: 'b', key: 'k', uids: bundle.dashboards.map((d) => d.uid) },
  };
  const handler = makeHandler({
    grafana: new GrafanaClient({ region: 'eu-west-1' }),
    s3: new S3Client({ region: 'eu-west-1' }),
    log: () => undefined,
    respond: async (_e, body) => {
      if (body.Status !== 'SUCCESS') throw new Error(`bench run failed: ${body.Reason}`);
    },
  });
  const event = (RequestType: string) =>
    ({
      RequestType,
      ResourceType: 'Custom::GrafanaProvisioning',
      ResourceProperties: { ServiceToken: 'x', Spec: JSON.stringify(spec) },
      OldResourceProperties: { ServiceToken: 'x', Spec: JSON.stringify(spec) },
      PhysicalResourceId: 'p',
      LogicalResourceId: 'L',
      RequestId: 'r',
      StackId: 's',
      ResponseURL: `${server.url}/cfn-response/x`,
    }) as unknown as CloudFormationCustomResourceEvent;
  for (const type of ['Create', 'Update']) {
    server.reset();
    const t1 = performance.now();
    await handler(event(type), { getRemainingTimeInMillis: () => 300_000 });
    console.log(
      `handler ${type}: ${(performance.now() - t1).toFixed(0)} ms, ${server.requests.length} requests (${server.writes().length} writes)`,
    );
  }
  await server.stop();
}

void main();
