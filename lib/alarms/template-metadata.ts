/**
 * Records, once per template, which apps and services its alarms belong to (`Metadata["cdk-telemetry"]`), plus the
 * few labels alarm names cannot carry. Tools read labels back from alarm names with it (see `model/labels.ts`).
 */
import { Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AlarmLabels, AnyAlarmSpec } from '../model/alarm-spec';
import { labelsFromName, type TemplateTelemetryMetadata } from '../model/labels';
import type { SloTierFacts } from '../model/slo-words';
import { METADATA_KEY } from './render';

const ID = 'CdkTelemetryMetadata';

const sameLabels = (a: AlarmLabels, b: AlarmLabels) =>
  a.app === b.app &&
  a.service === b.service &&
  a.resource === b.resource &&
  a.kind === b.kind &&
  a.signal === b.signal;

export class TemplateMetadata extends Construct {
  /** The stack's collector, created on first use. */
  static of(scope: Construct): TemplateMetadata {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(ID) as TemplateMetadata | undefined) ?? new TemplateMetadata(stack, ID);
  }

  private readonly specs: AnyAlarmSpec[] = [];
  private readonly slos: Record<string, SloTierFacts> = Object.create(null);

  private constructor(stack: Stack, id: string) {
    super(stack, id);
    stack.templateOptions.metadata = {
      ...stack.templateOptions.metadata,
      [METADATA_KEY]: Lazy.any({ produce: () => this.render() }),
    };
  }

  add(specs: readonly AnyAlarmSpec[]): void {
    this.specs.push(...specs);
  }

  /** SLO tier composites' facts, for `review`'s words. */
  addSlos(facts: Readonly<Record<string, SloTierFacts>>): void {
    Object.assign(this.slos, facts);
  }

  private render(): TemplateTelemetryMetadata | undefined {
    const apps: Record<string, string[]> = {};
    for (const s of this.specs) {
      if (!s.labels) continue;
      const list = (apps[s.labels.app] ??= []);
      if (!list.includes(s.labels.service)) list.push(s.labels.service);
    }
    if (Object.keys(apps).length === 0) return undefined;
    const labels: Record<string, AlarmLabels> = {};
    for (const s of this.specs) {
      if (!s.labels) continue;
      const derived = labelsFromName(s.name, s.type === 'metric' ? s.source : undefined, { apps });
      if (!derived || !sameLabels(derived.labels, s.labels) || derived.severity !== s.severity)
        labels[s.name] = s.labels;
    }
    return {
      apps,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(this.slos).length ? { slos: this.slos } : {}),
    };
  }
}
