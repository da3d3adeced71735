/**
 * Configs that use every kind, from each kind's `example`: `examples/every-kind.yaml` (one of each, grouped into a
 * service per dashboard section) and the scale test's app (ten of each). Generated, so a new kind is in both.
 * Loaded only by the generator and the tests (not by `./index.ts`): the kinds themselves load no YAML.
 */
import { stringify } from 'yaml';
import { DASHBOARD_SECTIONS } from './types';
import { KIND_LIST } from '.';

/** The config, as data: `copies` entries of every kind, one service per dashboard section that has kinds. */
export function everyKindConfig(copies = 1): Record<string, unknown> {
  const services = DASHBOARD_SECTIONS.flatMap((section) => {
    const kinds = KIND_LIST.filter((k) => k.dashboard === section);
    if (kinds.length === 0) return [];
    const service: Record<string, unknown> = { name: section };
    for (const k of kinds) service[k.key] = Array.from({ length: copies }, (_, i) => k.example(i + 1));
    return [service];
  });
  return {
    app: 'every',
    tags: { team: 'platform' },
    alerting: {
      critical: { email: ['oncall@every.example'] },
      warning: { email: ['alerts@every.example'] },
    },
    services,
  };
}

/** The text of examples/every-kind.yaml: a header, then the generated config. */
export function everyKindYaml(copies = 1): string {
  const header = [
    '# yaml-language-server: $schema=../telemetry.schema.json',
    '# Every resource kind cdk-telemetry monitors, one entry each, grouped into a service per dashboard section.',
    "# Generated from the kinds' examples (`example` in lib/model/kinds/*.ts) by `npm run examples`: do not edit.",
    '# Synthesize it with: npx cdk synth -c config=examples/every-kind.yaml',
  ];
  return `${header.join('\n')}\n${stringify(everyKindConfig(copies), { lineWidth: 0, singleQuote: true })}`;
}
