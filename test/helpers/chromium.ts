/**
 * Whether the browser tests run: with Debian's Chromium (`.ci/run` installs it) they run; without it they are skipped
 * on a developer's machine and fail in CI, where they must run. `CHROMIUM_PATH` points at another Chromium.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** CI is set to anything but '', 'false' or '0' (how CI systems set it and how tools read it). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== 'false' && v !== '0';
}

/** 'run' when Chromium is at `path`, else 'skip' outside CI; throws in CI. */
export function browserTests(path = CHROMIUM, env: NodeJS.ProcessEnv = process.env): 'run' | 'skip' {
  if (existsSync(path)) return 'run';
  if (inCi(env)) {
    throw new Error(
      `${path} is missing and CI is set: the browser tests must run in CI (.ci/run installs Debian's chromium; CHROMIUM_PATH points at another)`,
    );
  }
  return 'skip';
}
