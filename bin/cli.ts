#!/usr/bin/env node
/** The `cdk-telemetry` command line. See `cdk-telemetry --help` and the README for exit statuses. */
import { runCli } from '../lib/tools/cli/program';

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
