import type { Command } from 'commander';
import type { CliIo } from '../program';
import { registerBacktest } from './backtest';
import { registerCatalog } from './catalog';
import { registerTest } from './test';
import { registerVerify } from './verify';
import { registerCost } from './cost';
import { registerDiff } from './diff';
import { registerReview } from './review';
import { registerRuntimeConfig } from './runtime-config';

/** A command module: adds one command to the program. */
export type RegisterCommand = (program: Command, io: CliIo) => void;

/** Every command, in help order. Add a line per command. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerCatalog,
  registerReview,
  registerDiff,
  registerCost,
  registerBacktest,
  registerTest,
  registerVerify,
  registerRuntimeConfig,
];
