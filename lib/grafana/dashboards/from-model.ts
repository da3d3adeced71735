/** The dashboards of an app: generated per service from the model, shipped with the package, and your own folders. */
import type { GrafanaDashboardSources } from '../../model/grafana';
import type { TelemetryModel } from '../../model/telemetry-model';
import type { DashboardEntry } from '../provider/types';
import { loadDashboardFolder, shippedDashboardsDir } from './load';
import { serviceDashboard, type ServiceDashboardOptions } from './service-dashboard';

export function appDashboards(
  model: Pick<TelemetryModel, 'app' | 'services'>,
  sources: GrafanaDashboardSources = { generated: true, shipped: true, folders: [] },
  options: ServiceDashboardOptions = {},
): DashboardEntry[] {
  const out: DashboardEntry[] = [];
  if (sources.generated) {
    model.services.forEach((svc, i) => {
      const dashboard = serviceDashboard(model.app, svc, options);
      out.push({
        uid: dashboard.uid,
        title: dashboard.title,
        source: `generated from services[${i}]`,
        dashboard,
      });
    });
  }
  if (sources.shipped) out.push(...loadDashboardFolder(shippedDashboardsDir()));
  for (const folder of sources.folders) out.push(...loadDashboardFolder(folder));
  return out;
}
