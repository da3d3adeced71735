#!/usr/bin/env node
/** The `cdk-telemetry` command line. See `cdk-telemetry --help` and the README for exit statuses. */
import { main } from '../lib/tools/cli/program';

void main();
