/**
 * The `grafana:` section (validated) → the Grafana part of the model. Cross-field rules: SAML needs its settings,
 * Identity Center assignments need Identity Center sign-in, network access control needs a way in for the
 * provisioning Lambda, dashboard folders must exist.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDurationMs } from '../model/duration';
import { DEFAULT_GRAFANA_VERSION, type GrafanaModel, type GrafanaSamlModel } from '../model/grafana';
import type { IssueSink } from './errors';
import type { GrafanaConfig } from './schema-grafana';

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
          `${s.loginValidity} is not a whole number of minutes (e.g. 60m, 8h, 1d)`,
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
          `${id} is also listed under admins.${kind}: keep one role`,
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
      add(['dashboards', 'folders', i], `folder "${f}" not found (looked in ${full})`);
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
