/**
 * Tests that need a tool of the machine (Chromium, promtool, amtool): they run where it is installed; without it they
 * are skipped on a developer's machine and fail in CI, where they must run.
 */

/** CI is set to anything but '', 'false' or '0' (how CI systems set it and how tools read it). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== 'false' && v !== '0';
}

/** 'run' when the tool is `installed`, else 'skip' outside CI; in CI, throws `missing` (one line). */
export function toolTests(
  installed: boolean,
  missing: string,
  env: NodeJS.ProcessEnv = process.env,
): 'run' | 'skip' {
  if (installed) return 'run';
  if (inCi(env)) throw new Error(missing);
  return 'skip';
}
