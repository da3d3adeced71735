/** Reads the `--app` cloud assembly for a command; problems that leave nothing to work with are usage errors. */
import type { AnyAlarmSpec } from '../../model/alarm-spec';
import { readCloudAssembly, type AssemblyRead } from '../read/assembly';
import { UsageError } from './program';

export function readAssemblyOption(path: string): { read: AssemblyRead; alarms: AnyAlarmSpec[] } {
  const read = readCloudAssembly(path);
  if (read.stacks.length === 0) {
    const p = read.problems[0];
    throw new UsageError(`--app ${path}: ${p ? `${p.file}: ${p.message}` : 'no stacks'}`);
  }
  return { read, alarms: read.stacks.flatMap((s) => s.alarms.map((a) => a.spec)) };
}
