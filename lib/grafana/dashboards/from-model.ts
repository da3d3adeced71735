/** The dashboards of an app: generated per service from the model, shipped with the package, and your own folders. */
import type { GrafanaDashboardSources } from '../../model/grafana';
import type { TelemetryModel } from '../../model/telemetry-model';
import type { DashboardEntry } from '../provider/types';
import { loadDashboardFolder, shippedDashboardsDir } from './load';
import { planServiceRules } from '../../prometheus/rules/plan';
import { prometheusDashboard } from './prometheus-dashboard';
import { serviceDashboard, type ServiceDashboardOptions } from './service-dashboard';

/**
 * The Grafana dashboards of an app: one per service generated from the model (and its Prometheus rules when it has
 * some), the dashboards shipped with the package, and the JSON files of `sources.folders`.
 */
export function appDashboards(
  model: Pick<TelemetryModel, 'app' | 'services'> & Partial<Pick<TelemetryModel, 'alerting' | 'prometheus'>>,
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
      // Beside it, the values its Prometheus rules compare, when the app has a Prometheus workspace.
      const plan =
        model.prometheus &&
        model.alerting &&
        planServiceRules({ app: model.app, alerting: model.alerting }, svc);
      if (plan) {
        const prom = prometheusDashboard(model.app, plan);
        out.push({
          uid: prom.uid,
          title: prom.title,
          source: `generated from the rules of services[${i}]`,
          dashboard: prom,
        });
      }
    });
  }
  if (sources.shipped) out.push(...loadDashboardFolder(shippedDashboardsDir()));
  for (const folder of sources.folders) out.push(...loadDashboardFolder(folder));
  return out;
}
