/** `maintenance` → maintenance window models: names unique, services known. */
import { parseDurationMs } from '../model/duration';
import type { MaintenanceWindowModel } from '../model/maintenance';
import { quote } from '../util/echo';
import { formatPath, type IssueSink } from './errors';
import type { MaintenanceConfig } from './schema-maintenance';

export function maintenanceModel(
  windows: MaintenanceConfig,
  services: readonly string[],
  issues: IssueSink,
): MaintenanceWindowModel[] {
  const names = new Set<string>();
  const out: MaintenanceWindowModel[] = [];
  windows.forEach((w, i) => {
    const p = ['maintenance', i];
    if (names.has(w.name)) return issues.add([...p, 'name'], `window name ${quote(w.name)} is used twice`);
    names.add(w.name);
    const unknown = (w.services ?? []).findIndex((s) => !services.includes(s));
    if (unknown >= 0) {
      return issues.add(
        [...p, 'services', unknown],
        `${quote(w.services![unknown])} is not a service of this app (services: ${services.slice(0, 8).join(', ')})`,
      );
    }
    out.push({
      name: w.name,
      ...(w.description ? { description: w.description } : {}),
      schedule: w.schedule,
      durationSeconds: Math.round(parseDurationMs(w.duration) / 1000),
      ...(w.timezone ? { timezone: w.timezone } : {}),
      ...(w.services ? { services: [...new Set(w.services)] } : {}),
      ...(w.severities ? { severities: [...new Set(w.severities)] } : {}),
      origin: formatPath(p),
    });
  });
  return out;
}
