/** Every CLI fuzz target, by name: what `test/fuzz/cli.ts` runs at length and `cli-fuzz.test.ts` briefly. */
import type { FuzzTarget } from '../harness';
import { cliAlarmTestTarget } from './cli-alarm-test';
import { cliAssemblyTarget } from './cli-assembly';
import type { CliCase } from './cli-common';
import { cliHistoryTarget } from './cli-history';
import { cliTemplateTarget } from './cli-template';

export const CLI_TARGETS: readonly FuzzTarget<CliCase>[] = [
  cliAssemblyTarget,
  cliTemplateTarget,
  cliHistoryTarget,
  cliAlarmTestTarget,
];
