/** Amazon Managed Grafana: per active user per workspace; at least one editor licence is billed per workspace. */
import { resourceLine, type CostLine, type ResourceEstimator } from '../types';
import { usd } from '../prices';

export const grafanaWorkspaces: ResourceEstimator = {
  types: ['AWS::Grafana::Workspace'],
  estimate: (r, usage, prices) => {
    const base = resourceLine(r, r.resource.Properties?.Name);
    const editors = Math.max(1, usage.grafana.editors);
    const lines: CostLine[] = [
      {
        ...base,
        item: 'Grafana editor licences',
        quantity: editors,
        unit: 'users',
        unitPrice: prices.grafana.editor,
        monthly: editors * prices.grafana.editor,
        ...(usage.grafana.editors < 1 ? { basis: 'at least one is billed' } : {}),
      },
    ];
    if (usage.grafana.viewers > 0)
      lines.push({
        ...base,
        item: 'Grafana viewer licences',
        quantity: usage.grafana.viewers,
        unit: 'users',
        unitPrice: prices.grafana.viewer,
        monthly: usage.grafana.viewers * prices.grafana.viewer,
      });
    return lines;
  },
  assumptions: (usage, prices) => [
    `Managed Grafana: ${usage.grafana.editors} editor(s) at ${usd(prices.grafana.editor)} and ${usage.grafana.viewers} viewer(s) at ${usd(prices.grafana.viewer)} per workspace a month (grafana.editors, grafana.viewers; at least one editor is billed); a service account counts as a user while it exists.`,
  ],
};
