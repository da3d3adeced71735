/**
 * promtool and amtool (Debian's `prometheus` and `prometheus-alertmanager`, installed by .ci/run) for tests: run
 * them on files in a temporary folder. In CI a missing tool fails the suite; elsewhere its tests are skipped (ci.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolTests } from './ci';

export type PromTool = 'promtool' | 'amtool';

/** Whether each tool runs, asked once per test file (a file has several `describeWith` blocks). */
const checked = new Map<PromTool, 'run' | 'skip'>();

/** `describe` when the tool is installed, `describe.skip` when not (a thrown error in CI). */
export function describeWith(tool: PromTool): jest.Describe {
  let tests = checked.get(tool);
  if (tests === undefined) {
    const installed = spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
    tests = toolTests(
      installed,
      `${tool} is missing: .ci/run installs Debian's prometheus and prometheus-alertmanager`,
    );
    checked.set(tool, tests);
  }
  return tests === 'run' ? describe : describe.skip;
}

export interface ToolRun {
  readonly status: number | null;
  readonly stdout: string;
  /** stdout and stderr together (promtool reports failures on either). */
  readonly output: string;
}

/** Runs a tool in `cwd`. */
export function run(tool: PromTool, args: readonly string[], cwd: string): ToolRun {
  const r = spawnSync(tool, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, output: `${r.stdout}${r.stderr}` };
}

/** Writes files (name → text) to a new temporary folder and returns it. */
export function writeFiles(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'prom-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
