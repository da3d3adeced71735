/**
 * Reads telemetry.yaml: YAML → schema → cross-field rules → model. Every user mistake becomes a
 * {@link ConfigError} with file, line, column and path.
 */
import { readFileSync } from 'node:fs';
import type { TelemetryModel } from '../model/telemetry-model';
import { ConfigError } from './errors';
import { parseYamlWith } from './parse-yaml';
import { TelemetryConfigSchema, type TelemetryConfig } from './schema';
import { toModel } from './to-model';

/** Only blank lines and comments. Line by line: one pattern over the whole text backtracks exponentially. */
const isEmpty = (text: string) => text.split('\n').every((line) => /^\s*(#.*)?\s*$/.test(line));

function parse(text: string, file: string) {
  if (isEmpty(text)) {
    throw new ConfigError(file, [], 'the file is empty: start from the example telemetry.yaml in the README');
  }
  return parseYamlWith(TelemetryConfigSchema, text, file, 'keys app, services, ...');
}

/** Parses and validates config text. Throws {@link ConfigError} on the first problem. */
export function parseConfig(text: string, file = 'telemetry.yaml'): TelemetryConfig {
  return parse(text, file).data;
}

/** Parses, validates and builds the model. */
export function modelFromText(text: string, file = 'telemetry.yaml'): TelemetryModel {
  const { data, locate } = parse(text, file);
  const { model, issues } = toModel(data);
  if (issues.length) {
    const first = issues[0];
    throw new ConfigError(file, first.path, first.message, locate(first.path), issues.length - 1);
  }
  return model;
}

/** Reads a config file. A missing file is a user mistake too. */
export function loadModel(file: string): TelemetryModel {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(
      file,
      [],
      code === 'ENOENT'
        ? 'file not found (pass -c config=path/to/telemetry.yaml)'
        : `cannot read the file (${code})`,
    );
  }
  return modelFromText(text, file);
}
