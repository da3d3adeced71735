/**
 * Checks every dashboard before it is shipped: a uid Grafana accepts and no two alike, a title, every panel,
 * query and annotation on a data source that is provisioned (by uid and type, or through a data source variable
 * of a provisioned type), and a grid that holds: positions within 24 columns, no two panels overlapping.
 */
import type { DataSourceRef } from '../data-sources';
import type { DashboardEntry } from '../provider/types';

const GRID_COLUMNS = 24;
/** Grafana uids (dashboards, folders, data sources) are at most 40 characters of letters, digits, "-" and "_". */
export const MAX_UID = 40;
const UID = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_UID}}$`);
/** Data sources Grafana always has. */
const BUILT_IN = new Set(['-- Grafana --', 'grafana', '-- Mixed --', '-- Dashboard --']);

type Json = Record<string, unknown>;
interface Grid {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Why Grafana would refuse a uid, or undefined when it takes it. */
export function uidProblem(uid: string): string | undefined {
  return UID.test(uid) ? undefined : `uid "${uid}" must be 1-${MAX_UID} letters, digits, "-" or "_"`;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function panelsOf(d: Json): Json[] {
  return Array.isArray(d.panels) ? (d.panels as Json[]) : [];
}

function checkGrid(panels: Json[], where: string, problems: string[]) {
  const placed: Array<{ name: string; g: Grid }> = [];
  for (const p of panels) {
    const name = `panel "${String(p.title ?? p.id ?? p.type)}"`;
    const g = p.gridPos as Partial<Grid> | undefined;
    if (!g || ![g.x, g.y, g.w, g.h].every(isInt)) {
      problems.push(`${where}: ${name} has no complete gridPos {x, y, w, h}`);
      continue;
    }
    const grid = g as Grid;
    if (grid.x < 0 || grid.y < 0 || grid.w < 1 || grid.h < 1 || grid.x + grid.w > GRID_COLUMNS) {
      problems.push(`${where}: ${name} at x=${grid.x} w=${grid.w} leaves the ${GRID_COLUMNS}-column grid`);
      continue;
    }
    for (const other of placed) {
      const o = other.g;
      if (grid.x < o.x + o.w && o.x < grid.x + grid.w && grid.y < o.y + o.h && o.y < grid.y + grid.h) {
        problems.push(`${where}: ${name} overlaps ${other.name}`);
      }
    }
    placed.push({ name, g: grid });
  }
}

/** The problems of a set of dashboards, one line each (empty when all is well). */
export function dashboardProblems(
  entries: readonly DashboardEntry[],
  dataSources: readonly DataSourceRef[],
): string[] {
  const problems: string[] = [];
  const byUid = new Map<string, string>();
  const types = new Set(dataSources.map((d) => d.type));
  for (const e of entries) {
    const where = `dashboard "${e.title}" (${e.source})`;
    const d = e.dashboard as Json;
    const uidIssue = uidProblem(e.uid);
    if (uidIssue) problems.push(`${where}: ${uidIssue}`);
    if (d.uid !== e.uid) problems.push(`${where}: uid "${String(d.uid)}" differs from "${e.uid}"`);
    if (!e.title.trim()) problems.push(`${where}: has no title`);
    const seen = byUid.get(e.uid);
    if (seen) problems.push(`${where}: uid "${e.uid}" is also used by ${seen}`);
    byUid.set(e.uid, where);

    // Data source variables (`${ds}`) resolve when they select a provisioned type.
    const variables = new Map<string, string>();
    for (const v of ((d.templating as Json | undefined)?.list as Json[] | undefined) ?? []) {
      if (v.type === 'datasource') variables.set(String(v.name), String(v.query));
    }
    const resolves = (ref: unknown, what: string) => {
      if (ref === undefined || ref === null) return;
      const r = ref as { uid?: unknown; type?: unknown };
      const uid = typeof ref === 'string' ? ref : String(r.uid ?? '');
      if (BUILT_IN.has(uid)) return;
      const variable = /^\$\{?(\w+)\}?$/.exec(uid)?.[1];
      if (variable !== undefined) {
        const type = variables.get(variable);
        if (!type || !types.has(type)) {
          problems.push(
            `${where}: ${what} uses data source variable "${uid}", which selects no provisioned type (${[...types].join(', ')})`,
          );
        }
        return;
      }
      const match = dataSources.find((s) => s.uid === uid);
      if (!match) {
        problems.push(
          `${where}: ${what} uses data source "${uid}", which is not provisioned (${dataSources.map((s) => s.uid).join(', ')})`,
        );
      } else if (r.type !== undefined && r.type !== match.type) {
        problems.push(
          `${where}: ${what} names data source "${uid}" with type "${String(r.type)}", but it is a ${match.type}`,
        );
      }
    };

    const checkPanel = (p: Json) => {
      const what = `panel "${String(p.title || p.type)}"`;
      const targets = (p.targets as Json[] | undefined) ?? [];
      if (p.type !== 'row' && targets.length && p.datasource === undefined) {
        problems.push(`${where}: ${what} has queries but no data source`);
      }
      resolves(p.datasource, what);
      targets.forEach((t, i) => resolves(t.datasource, `${what} query ${String(t.refId ?? i)}`));
    };
    const top = panelsOf(d);
    for (const p of top) {
      checkPanel(p);
      const nested = panelsOf(p);
      nested.forEach(checkPanel);
      // A collapsed row keeps its panels inside; they are laid out on their own when it opens.
      if (nested.length) checkGrid(nested, `${where} row "${String(p.title)}"`, problems);
    }
    checkGrid(top, where, problems);
    for (const a of ((d.annotations as Json | undefined)?.list as Json[] | undefined) ?? []) {
      resolves(a.datasource, `annotation "${String(a.name)}"`);
    }
  }
  return problems;
}
