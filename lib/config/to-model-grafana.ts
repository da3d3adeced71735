/**
 * The `grafana:` section (validated) → the Grafana part of the model. Cross-field rules: SAML needs its settings,
 * Identity Center assignments need Identity Center sign-in, network access control needs a way in for the
 * provisioning Lambda, dashboard folders must exist.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as FromModel from '../grafana/dashboards/from-model';
import { loadDashboardFolder, shippedDashboardsDir } from '../grafana/dashboards/load';
import { dashboardProblems } from '../grafana/dashboards/validate';
import { dataSourceSpecs } from '../grafana/data-sources';
import { parseDurationMs } from '../model/duration';
import { DEFAULT_GRAFANA_VERSION, type GrafanaModel, type GrafanaSamlModel } from '../model/grafana';
import type { ServiceModel } from '../model/telemetry-model';
import { quote } from '../util/echo';
import type { IssueSink } from './errors';
import type { GrafanaConfig } from './schema-grafana';

/** A dashboard folder holds at most this many files, each at most this large (a dashboard is tens of KB). */
export const DASHBOARD_FOLDER_LIMITS = { files: 200, bytes: 2_000_000 } as const;

/** Dashboard folders are relative to `baseDir` (where cdk runs). */
export function grafanaModel(c: GrafanaConfig, issues: IssueSink, baseDir = process.cwd()): GrafanaModel {
  const add = (path: Array<string | number>, message: string) => issues.add(['grafana', ...path], message);

  const methods = c.authentication ?? ['sso'];
  if (new Set(methods).size !== methods.length) add(['authentication'], 'lists a method twice');
  const authentication = [...new Set(methods)].map((m): 'AWS_SSO' | 'SAML' =>
    m === 'sso' ? 'AWS_SSO' : 'SAML',
  );

  let saml: GrafanaSamlModel | undefined;
  if (methods.includes('saml') && !c.saml) {
    add(
      ['saml'],
      'required when authentication lists saml (metadataUrl or metadataXml, and assertions.role)',
    );
  }
  if (c.saml) {
    const s = c.saml;
    if (!methods.includes('saml')) add(['saml'], 'authentication does not list saml: add it or remove saml');
    if (!s.metadataUrl === !s.metadataXml) add(['saml'], 'give exactly one of metadataUrl, metadataXml');
    let loginValidityMinutes: number | undefined;
    if (s.loginValidity) {
      const minutes = parseDurationMs(s.loginValidity) / 60_000;
      if (!Number.isInteger(minutes) || minutes < 1) {
        add(
          ['saml', 'loginValidity'],
          `${quote(s.loginValidity)} is not a whole number of minutes (e.g. 60m, 8h, 1d)`,
        );
      } else {
        loginValidityMinutes = minutes;
      }
    }
    saml = {
      metadataUrl: s.metadataUrl,
      metadataXml: s.metadataXml,
      assertions: s.assertions,
      adminValues: s.admins ?? [],
      editorValues: s.editors ?? [],
      allowedOrganizations: s.allowedOrganizations ?? [],
      loginValidityMinutes,
    };
  }

  const principals = (key: 'admins' | 'editors') => {
    const p = c[key];
    if (p && !methods.includes('sso')) {
      add(
        [key],
        'IAM Identity Center assignments need authentication: [sso]; with SAML use saml.admins / saml.editors',
      );
    }
    return { users: p?.users ?? [], groups: p?.groups ?? [] };
  };
  const admins = principals('admins');
  const editors = principals('editors');
  for (const kind of ['users', 'groups'] as const) {
    admins[kind].forEach((id) => {
      if (editors[kind].includes(id)) {
        add(
          ['editors', kind, editors[kind].indexOf(id)],
          `${quote(id)} is also listed under admins.${kind}: keep one role`,
        );
      }
    });
  }

  let network: GrafanaModel['network'];
  if (c.network) {
    const n = c.network;
    const prefixListIds = n.prefixLists ?? [];
    const vpceIds = n.vpcEndpoints ?? [];
    if (prefixListIds.length + vpceIds.length === 0) {
      add(['network'], 'list prefixLists or vpcEndpoints: with both empty nobody can reach the workspace');
    }
    if (!n.provisioner) {
      add(
        ['network'],
        'with network access control the provisioning Lambda needs a way in: set network.provisioner { subnets, securityGroups }',
      );
    }
    network = {
      prefixListIds,
      vpceIds,
      provisioner: n.provisioner && {
        subnetIds: n.provisioner.subnets,
        securityGroupIds: n.provisioner.securityGroups,
      },
    };
  }

  const folders = c.dashboards?.folders ?? [];
  folders.forEach((f, i) => {
    const full = resolve(baseDir, f);
    if (!existsSync(full) || !statSync(full).isDirectory()) {
      add(['dashboards', 'folders', i], `folder ${quote(f)} not found (looked in ${quote(full, 120)})`);
    }
  });

  return {
    version: c.version ?? DEFAULT_GRAFANA_VERSION,
    authentication,
    admins,
    editors,
    saml,
    prometheus: c.prometheus && { workspaceId: c.prometheus.workspace, region: c.prometheus.region },
    network,
    pluginAdmin: c.pluginAdmin ?? false,
    dashboards: {
      generated: c.dashboards?.generated ?? true,
      shipped: c.dashboards?.shipped ?? true,
      folders: folders.map((f) => resolve(baseDir, f)),
    },
    contactPoints: c.contactPoints ?? true,
  };
}

/**
 * The dashboards of the folders given, checked as the Grafana stack will provision them: every `*.json` file a
 * dashboard object with a uid Grafana takes and a title, readable and bounded in number and size, and no uid
 * twice among them, the shipped ones and the generated ones. Problems go to `grafana.dashboards.folders[i]`.
 */
export function dashboardFolderIssues(
  app: string,
  services: readonly ServiceModel[],
  grafana: GrafanaModel,
  issues: IssueSink,
): void {
  const at = (i?: number) => ['grafana', 'dashboards', 'folders', ...(i === undefined ? [] : [i])];
  let readable = true;
  const shipped = resolve(shippedDashboardsDir());
  grafana.dashboards.folders.forEach((dir, i) => {
    if (!existsSync(dir)) {
      readable = false; // reported by grafanaModel
      return;
    }
    const problem =
      resolve(dir) === shipped
        ? 'is the folder of the dashboards that ship with cdk-telemetry, provisioned already (dashboards.shipped)'
        : folderProblem(dir);
    if (problem) {
      issues.add(at(i), problem);
      readable = false;
    }
  });
  if (!readable || !grafana.dashboards.folders.length) return;
  // Loaded on use: the generated dashboards bring the Grafana SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, for a faster synth
  const { appDashboards } = require('../grafana/dashboards/from-model') as typeof FromModel;
  const all = appDashboards({ app, services }, grafana.dashboards);
  const sources = dataSourceSpecs({ region: 'us-east-1', prometheus: grafana.prometheus });
  for (const p of dashboardProblems(all, sources)) issues.add(at(), p);
}

/** Why a dashboard folder cannot be provisioned as it is, if it cannot. */
function folderProblem(dir: string): string | undefined {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch (e) {
    return `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`;
  }
  const { files: maxFiles, bytes: maxBytes } = DASHBOARD_FOLDER_LIMITS;
  if (files.length > maxFiles) return `holds ${files.length} .json files; at most ${maxFiles}`;
  for (const f of files) {
    const stat = statSync(join(dir, f), { throwIfNoEntry: false });
    if (!stat?.isFile()) return `${quote(f)} is not a file`;
    if (stat.size > maxBytes)
      return `${quote(f)} is ${stat.size} bytes; a dashboard file is at most ${maxBytes}`;
  }
  try {
    loadDashboardFolder(dir);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}
