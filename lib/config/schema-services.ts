/**
 * The per-kind part of telemetry.yaml, built from the kind registry: one key per kind under each service
 * (`services[].lambda`, ...) and under `defaults`, each kind's entry schema written in its kind file.
 */
import { z } from 'zod';
import { KINDS, KIND_LIST, type KindKey } from '../model/kinds';
import { formatCount } from '../model/units';
import { obj, patternName } from './schema-helpers';
import { alarms, SCHEMA_KIT } from './schema-kit';
import { SlosSchema } from './schema-slo';

export { AlarmOverrideSchema, type AlarmOverride } from './schema-kit';

/** Resources of one kind in one service, at most this many (each becomes several alarms). */
export const MAX_ENTRIES_PER_KIND = 5_000;

type Built = { [K in KindKey]: ReturnType<(typeof KINDS)[K]['config']['schema']> };

const built = new Map<KindKey, Built[KindKey]>();

/**
 * A kind's entry schema and defaults fields, built from its kind file the first time a config uses the kind (or
 * the JSON Schema is written): a config validates only the kinds it has, so synthesis does not slow down as kinds
 * are added.
 */
export function kindSchema<K extends KindKey>(key: K): Built[K] {
  let b = built.get(key);
  if (!b) {
    b = KINDS[key].config.schema(SCHEMA_KIT) as Built[K];
    built.set(key, b);
  }
  return b as Built[K];
}

type ServiceKinds = { [K in KindKey]: z.ZodOptional<z.ZodLazy<z.ZodArray<Built[K]['entry']>>> };
const serviceKinds = Object.fromEntries(
  KIND_LIST.map((k) => [
    k.key,
    z
      .lazy(() =>
        z.array(kindSchema(k.key as KindKey).entry).max(MAX_ENTRIES_PER_KIND, {
          message: `at most ${formatCount(MAX_ENTRIES_PER_KIND)} per service: split the service`,
        }),
      )
      .optional()
      .describe(k.config.doc),
  ]),
) as unknown as ServiceKinds;

export const ServiceSchema = obj({
  name: patternName(/^[a-z][a-z0-9-]{0,31}$/, 'lower case, digits and "-", at most 32'),
  description: z.string().max(200).optional(),
  stack: patternName(/^[a-z][a-z0-9-]{0,31}$/, 'lower case, digits and "-"')
    .optional()
    .describe('Deploy this service in a named stack shared with other services. Default: its own stack.'),
  ...serviceKinds,
  slos: SlosSchema,
});

type Alarms = { alarms: ReturnType<typeof alarms> };
type DefaultsOf<T> = T extends z.ZodRawShape
  ? z.ZodOptional<z.ZodLazy<z.ZodObject<T & Alarms, z.core.$strict>>>
  : never;
type DefaultsShape = { [K in KindKey]: DefaultsOf<Built[K]['defaults']> } & {
  account: z.ZodOptional<z.ZodObject<Alarms, z.core.$strict>>;
};

const accountTables = KIND_LIST.flatMap((k) => k.account);

/** `defaults`: per kind, its defaults fields and overrides of every row of its tables; `account` for account-wide rows. */
export const DefaultsSchema = obj({
  ...(Object.fromEntries(
    KIND_LIST.map((k) => [
      k.key,
      z
        .lazy(() => obj({ ...kindSchema(k.key as KindKey).defaults, alarms: alarms(...k.tables) }))
        .optional()
        .describe(`Defaults for every ${k.config.doc.replace(/[,.].*$/, '').toLowerCase()} entry.`),
    ]),
  ) as unknown as Omit<DefaultsShape, 'account'>),
  account: obj({ alarms: alarms(...accountTables) })
    .optional()
    .describe('Overrides of the account-wide alarms (once per app).'),
} as DefaultsShape)
  .optional()
  .describe('Defaults for every resource of a kind; a resource can still override them.');

/** One entry of `services:` in telemetry.yaml, as parsed (defaults filled in); the schema documents every field. */
export type ServiceConfig = z.output<typeof ServiceSchema>;
