/**
 * Dashboard JSON files: the ones that ship in the package's `dashboards/` folder, and folders of your own.
 * Each file is one dashboard with a fixed `uid`, provisioned as-is.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DashboardEntry } from '../provider/types';

/** The package's `dashboards/` folder (from the sources and from the compiled `dist/`). */
export function shippedDashboardsDir(): string {
  const candidates = [join(__dirname, '../../../dashboards'), join(__dirname, '../../../../dashboards')];
  const found = candidates.find((d) => existsSync(join(d, 'README.md')));
  if (!found)
    throw new Error(
      `cdk-telemetry: the shipped dashboards folder is missing (looked in ${candidates.join(', ')})`,
    );
  return found;
}

/** Every `*.json` file of a folder, by file name. Throws naming the file when one is not a dashboard. */
export function loadDashboardFolder(dir: string): DashboardEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new Error(`${file}: not valid JSON (${(e as Error).message})`, { cause: e });
      }
      const d = json as { uid?: unknown; title?: unknown };
      if (!json || typeof json !== 'object' || Array.isArray(json)) {
        throw new Error(`${file}: expected a dashboard object`);
      }
      if (typeof d.uid !== 'string' || typeof d.title !== 'string') {
        throw new Error(`${file}: a provisioned dashboard needs a fixed "uid" and a "title"`);
      }
      return {
        uid: d.uid,
        title: d.title,
        source: basename(dir) + '/' + f,
        dashboard: json as Record<string, unknown>,
      };
    });
}
