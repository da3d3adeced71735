#!/usr/bin/env node
/* global process */
// cdk.json's "app": runs bin/app.ts, compiled when it can.
//
// `npm run build` (which `npm ci` runs) compiles it to dist/ and records a hash of the sources it compiled
// (scripts/source-hash.cjs). When that hash equals the hash of the sources now, the app runs from dist/ with plain
// node; otherwise (an edit to lib/ since the build, or no build) it runs from the TypeScript sources through tsx,
// after a one-line note. Either way the synthesized assembly is the same; the compiled one starts faster.
// CDK_TELEMETRY_FROM_SOURCE=1 runs the TypeScript sources whatever dist/ holds.
const { join } = require('node:path');
const { builtFrom, sourcesHash } = require('../scripts/source-hash.cjs');

const root = join(__dirname, '..');
const built = builtFrom(root);
const fromSource = process.env.CDK_TELEMETRY_FROM_SOURCE === '1';

if (!fromSource && built !== undefined && built === sourcesHash(root)) {
  require(join(root, 'dist', 'bin', 'app.js'));
} else {
  if (!fromSource) {
    const why = built === undefined ? 'dist/ is not built' : 'the sources changed since dist/ was built';
    process.stderr.write(`note: ${why}: synthesizing from TypeScript (\`npm run build\` makes it faster)\n`);
  }
  require('tsx/cjs/api').register();
  require(join(root, 'bin', 'app.ts'));
}
