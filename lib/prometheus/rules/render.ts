/**
 * The one renderer from a rules file (data) to the YAML Prometheus, promtool and AMP read. Keys in the order
 * Prometheus documents them; long expressions stay on one line (no folding), so a rule reads as written.
 */
import { stringify } from 'yaml';
import { promDuration } from './promql';
import { isAlertingRule, type Rule, type RuleFile } from './rule-model';

/** YAML as the Prometheus tools read it here: long lines stay one line, a repeated object is written again (no anchors). */
export const promYaml = (doc: unknown): string =>
  stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });

function ruleObject(r: Rule): Record<string, unknown> {
  if (!isAlertingRule(r))
    return { record: r.record, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) };
  return {
    alert: r.alert,
    expr: r.expr,
    ...(r.for ? { for: promDuration(r.for) } : {}),
    labels: r.labels,
    annotations: r.annotations,
  };
}

/** The rules file as YAML. */
export function renderRuleFile(file: RuleFile): string {
  const doc = {
    groups: file.groups.map((g) => ({
      name: g.name,
      interval: promDuration(g.interval),
      rules: g.rules.map(ruleObject),
    })),
  };
  return promYaml(doc);
}
