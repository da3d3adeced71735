/**
 * A template that was already validated is not validated again: `cdk synth`, then `cdk diff`, then `cdk deploy`
 * synthesize the same templates three times, and each time aws-cdk-lib starts its CloudFormation validator
 * (`@aws/cloudformation-validate`, a WebAssembly engine that costs ~6 s of CPU to start, as much as the rest of the
 * synth), then validates every template (~0.05-1.5 s each).
 *
 * `memoizeValidation` replaces the module's `CompositeEngine` (the one aws-cdk-lib's CloudFormationValidatePlugin
 * constructs) by one that looks each template up in a cache before it starts the real engine. The key is everything
 * the report depends on: the validator's version, the engine configuration (its rules, by content), the validation
 * options (rules excluded, severity, account and region) and the template's exact bytes. A template not in the cache
 * is validated by the real engine, started on the first miss, and its report stored; a synth whose templates all
 * hit never starts it. Findings are reported and fail the synth exactly as before, cached or not.
 *
 * The cache holds at most {@link MAX_ENTRIES} reports (least recently used dropped); a configuration that is not
 * plain data (rule or schema files read by path) is never cached. `CDK_TELEMETRY_VALIDATION_CACHE=0` turns it off.
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** Reports kept in the cache folder; older ones are removed when a new one is written. */
export const MAX_ENTRIES = 256;
/** A stored report larger than this is not stored (a template with thousands of findings). */
const MAX_REPORT_BYTES = 4 * 1024 * 1024;

/** The part of `@aws/cloudformation-validate` this module and validator-worker.ts use. */
export interface ValidatorModule {
  CompositeEngine: new (config?: unknown) => ValidatorEngine;
}
/** An engine of the module: what aws-cdk-lib calls. */
export interface ValidatorEngine {
  validateTemplate(template: TemplateLike, config?: unknown): unknown;
  free(): void;
}
/** A template object of the module, as the memo reads it. */
export interface TemplateLike {
  readBytes(): Uint8Array;
}

/** Counters of one process, for tests and the benchmark. */
export interface MemoStats {
  hits: number;
  misses: number;
  enginesStarted: number;
}

const MEMOIZED = Symbol.for('cdk-telemetry.validation-memo');

/** JSON of plain data only (objects, arrays, strings, numbers, booleans, null); undefined for anything else. */
export function plainJson(value: unknown): string | undefined {
  const plain = (v: unknown): boolean => {
    if (v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v)) return true;
    if (Array.isArray(v)) return v.every(plain);
    if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
    return Object.values(v as object).every(plain);
  };
  return plain(value) ? JSON.stringify(value ?? null) : undefined;
}

/**
 * Makes `mod.CompositeEngine` look templates up in `cacheDir` before validating them. `version` names the validator
 * build (its package version). Idempotent; returns the counters of this process.
 */
export function memoizeValidation(
  mod: ValidatorModule,
  cacheDir: string,
  version: string,
  maxEntries = MAX_ENTRIES,
): MemoStats {
  const existing = (mod as unknown as Record<symbol, MemoStats | undefined>)[MEMOIZED];
  if (existing) return existing;
  const Real = mod.CompositeEngine;
  const stats: MemoStats = { hits: 0, misses: 0, enginesStarted: 0 };

  class MemoizedEngine implements ValidatorEngine {
    private real?: ValidatorEngine;
    private readonly configKey: string | undefined;
    constructor(private readonly config?: unknown) {
      this.configKey = plainJson(config);
    }
    private engine(): ValidatorEngine {
      if (!this.real) {
        this.real = new Real(this.config);
        stats.enginesStarted++;
      }
      return this.real;
    }
    validateTemplate(template: TemplateLike, options?: unknown): unknown {
      const optionsKey = plainJson(options);
      if (this.configKey === undefined || optionsKey === undefined) {
        return this.engine().validateTemplate(template, options);
      }
      const key = createHash('sha256')
        .update(`${version}\0${this.configKey}\0${optionsKey}\0`)
        .update(template.readBytes())
        .digest('hex');
      const cached = readEntry(cacheDir, key);
      if (cached !== undefined) {
        stats.hits++;
        return cached;
      }
      stats.misses++;
      const report = this.engine().validateTemplate(template, options);
      writeEntry(cacheDir, key, report, maxEntries);
      return report;
    }
    free(): void {
      this.real?.free();
      this.real = undefined;
    }
  }
  // aws-cdk-lib calls the engine's other methods never; keep them working on the real engine all the same
  for (const name of Object.getOwnPropertyNames(Real.prototype)) {
    if (name === 'constructor' || Object.hasOwn(MemoizedEngine.prototype, name)) continue;
    Object.defineProperty(MemoizedEngine.prototype, name, {
      value(this: { engine(): Record<string, (...a: unknown[]) => unknown> }, ...args: unknown[]) {
        return this.engine()[name](...args);
      },
    });
  }
  mod.CompositeEngine = MemoizedEngine;
  Object.defineProperty(mod, MEMOIZED, { value: stats });
  return stats;
}

function readEntry(dir: string, key: string): unknown {
  const file = join(dir, `${key}.json`);
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const now = new Date();
    utimesSync(file, now, now); // recently used
    return report;
  } catch {
    return undefined; // absent, or unreadable: validate again
  }
}

function writeEntry(dir: string, key: string, report: unknown, maxEntries: number): void {
  try {
    const text = JSON.stringify(report);
    if (text === undefined || text.length > MAX_REPORT_BYTES) return;
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${key}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, `${key}.json`)); // readers see a whole report or none
    prune(dir, maxEntries);
  } catch {
    // a cache that cannot be written only costs the next synth a validation
  }
}

function prune(dir: string, maxEntries: number): void {
  const entries = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (entries.length <= maxEntries) return;
  const byAge = entries
    .map((f) => {
      try {
        return { f, t: statSync(join(dir, f)).mtimeMs };
      } catch {
        return { f, t: 0 };
      }
    })
    .sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, entries.length - maxEntries)) rmSync(join(dir, f), { force: true });
}

/** Where aws-cdk-lib's validator is, the folder its reports are cached in, and the version that keys them. */
export function cdkValidationCache(): { path: string; dir: string; version: string } {
  const { cdkLib, path } = cdkValidatorPath();
  const pkg = JSON.parse(readFileSync(join(dirname(path), 'package.json'), 'utf8')) as { version: string };
  const cdkVersion = (JSON.parse(readFileSync(join(cdkLib, 'package.json'), 'utf8')) as { version: string })
    .version;
  const dir = join(dirname(cdkLib), '.cache', 'cdk-telemetry', 'cfn-validate');
  return { path, dir, version: `${pkg.version}/${cdkVersion}` };
}

/** Where the validator aws-cdk-lib loads lives, and aws-cdk-lib's own folder. */
export function cdkValidatorPath(): { cdkLib: string; path: string } {
  const cdkLib = dirname(require.resolve('aws-cdk-lib/package.json'));
  return { cdkLib, path: require.resolve('@aws/cloudformation-validate', { paths: [cdkLib] }) };
}

/**
 * Memoizes the validator aws-cdk-lib loads, in `node_modules/.cache/cdk-telemetry/cfn-validate/` beside the
 * aws-cdk-lib the app uses, unless `CDK_TELEMETRY_VALIDATION_CACHE=0`. Returns the counters, or undefined when off.
 */
export function memoizeCdkValidation(env: NodeJS.ProcessEnv = process.env): MemoStats | undefined {
  if (env.CDK_TELEMETRY_VALIDATION_CACHE === '0') return undefined;
  const { path, dir, version } = cdkValidationCache();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very module instance aws-cdk-lib requires
  const mod = require(path) as ValidatorModule;
  return memoizeValidation(mod, dir, version);
}
