/**
 * Reads telemetry.yaml: YAML → schema → cross-field rules → model. Every user mistake becomes a
 * {@link ConfigError} with file, line, column and path, every problem on its own line.
 */
import { readFileSync, statSync } from 'node:fs';
import type { PlanError } from '../model/plan';
import type { TelemetryModel } from '../model/telemetry-model';
import { ConfigError, formatPath, type ConfigPath } from './errors';
import { MAX_YAML_CHARS, parseYamlWith, type ParsedYaml } from './parse-yaml';
import { TelemetryConfigSchema, type TelemetryConfig } from './schema';
import { pathOf, toModel } from './to-model';

/** Only blank lines and comments. Line by line: one pattern over the whole text backtracks exponentially. */
const isEmpty = (text: string) => text.split('\n').every((line) => /^\s*(#.*)?\s*$/.test(line));

function parse(text: string, file: string) {
  if (isEmpty(text)) {
    throw new ConfigError(file, [], 'the file is empty: start from the example telemetry.yaml in the README');
  }
  return parseYamlWith(TelemetryConfigSchema, text, file, 'keys app, services, ...');
}

/** Where each model read from a file came from, to locate the problems found later (when the stacks are built). */
const sources = new WeakMap<TelemetryModel, { file: string; parsed: ParsedYaml<TelemetryConfig> }>();

/** Parses and validates config text. Throws {@link ConfigError} listing every problem. */
export function parseConfig(text: string, file = 'telemetry.yaml'): TelemetryConfig {
  return parse(text, file).data;
}

/** Parses, validates and builds the model. Throws {@link ConfigError} listing every problem. */
export function modelFromText(text: string, file = 'telemetry.yaml'): TelemetryModel {
  const parsed = parse(text, file);
  const { model, issues } = toModel(parsed.data);
  if (issues.length) {
    throw ConfigError.located(file, issues, (i) => parsed.locate(i.path));
  }
  sources.set(model, { file, parsed });
  return model;
}

/** Reads a config file. A missing file is a user mistake too. */
export function loadModel(file: string): TelemetryModel {
  let text: string;
  try {
    // Bounded before it is read: a config is never gigabytes.
    if (statSync(file).size > MAX_YAML_CHARS * 4) {
      throw new ConfigError(file, [], `the file is larger than ${MAX_YAML_CHARS} characters; not read`);
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      file,
      [],
      code === 'ENOENT'
        ? 'file not found (pass -c config=path/to/telemetry.yaml)'
        : `cannot read the file (${code ?? 'unknown error'})`,
    );
  }
  return modelFromText(text, file);
}

/** A plan origin (`services[0].lambda[1].alarms.duration`, `service api`) as a path in the config. */
function originPath(origin: string, model: TelemetryModel): ConfigPath {
  const service = /^service (.+)$/.exec(origin);
  if (service) {
    const i = model.services.findIndex((s) => s.name === service[1]);
    return i >= 0 ? ['services', i] : [];
  }
  return pathOf(origin);
}

/**
 * A {@link PlanError} found while building the stacks of a model, as a {@link ConfigError} located in the file
 * the model was read from: line, column, and the path the user wrote. A part of the origin the user did not write
 * (an alarm with its defaults: `alarms.duration`) is named in the message instead of blamed as a field.
 */
export function locatePlanError(e: PlanError, model: TelemetryModel): ConfigError {
  const source = sources.get(model);
  const path = originPath(e.origin, model);
  if (!source || !path.length) return new ConfigError(source?.file ?? 'telemetry.yaml', [], e.message);
  const written = source.parsed.written(path);
  const rest = path.slice(written.length);
  const what =
    rest.length === 2 && rest[0] === 'alarms'
      ? `the ${String(rest[1])} alarm`
      : rest.length
        ? formatPath(rest)
        : '';
  return new ConfigError(
    source.file,
    written,
    what ? `${what}: ${e.problem}` : e.problem,
    source.parsed.locate(written),
  );
}
