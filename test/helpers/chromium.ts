/**
 * Whether the browser tests run: with Debian's Chromium (`.ci/run` installs it) they run; without it they are skipped
 * on a developer's machine and fail in CI, where they must run. `CHROMIUM_PATH` points at another Chromium.
 */
import { existsSync } from 'node:fs';
import { toolTests } from './ci';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** 'run' when Chromium is at `path`, else 'skip' outside CI; throws in CI. */
export function browserTests(path = CHROMIUM, env: NodeJS.ProcessEnv = process.env): 'run' | 'skip' {
  return toolTests(
    existsSync(path),
    `${path} is missing and CI is set: the browser tests must run in CI (.ci/run installs Debian's chromium; CHROMIUM_PATH points at another)`,
    env,
  );
}
