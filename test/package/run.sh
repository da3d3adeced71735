#!/usr/bin/env bash
# Packaging test (`npm run test:package`, and a step of .ci/run; not part of `npm test`): packs the library, checks
# what the tarball ships, installs it into a fresh consumer project with only aws-cdk-lib, constructs, TypeScript 5.9
# and the CDK CLI, compiles a small app that gives the constructs construct objects (test/package/consumer-app.ts),
# synthesizes it with `npx cdk synth`, and runs `npx cdk-telemetry review` on its assembly (test/package/check.mjs
# asserts on the alarms and exit statuses). It proves the published package works (types, shipped files, bin,
# exports), not only the source tree. Needs the npm registry (or the npm cache: installs prefer it).
#
# Usage: bash test/package/run.sh [--keep]    --keep: keep the temporary folder and print where it is
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
START=$(date +%s)
WORK=$(mktemp -d)
if [ "${1:-}" = --keep ]; then
  echo "keeping $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi
step() { echo "package: $1 ($(($(date +%s) - START)) s)"; }

# 1. Pack. `npm pack` runs the type-checked build (prepack) unless dist/ is current, declarations included.
if node test/package/dist-current.cjs; then
  step 'dist/ is current: packing it as it is'
  PACK_FLAGS=(--ignore-scripts)
else
  step 'building and packing'
  PACK_FLAGS=()
fi
TARBALL=$(npm pack --silent "${PACK_FLAGS[@]}" --pack-destination "$WORK" 2>"$WORK/pack.log" | tail -n 1) || {
  cat "$WORK/pack.log" >&2
  exit 1
}
TARBALL="$WORK/$TARBALL"

# 2. What the tarball ships, and what it must not.
tar -tzf "$TARBALL" | sed 's|^package/||' | sort >"$WORK/files.txt"
missing=0
for f in package.json README.md LICENSE telemetry.schema.json \
  dist/lib/index.js dist/lib/index.d.ts dist/bin/cli.js dist/bin/app.js \
  dist/lib/runtime/index.js dist/lib/runtime/index.d.ts dist/lib/watch/telemetry.d.ts; do
  grep -qxF "$f" "$WORK/files.txt" || {
    echo "package: the tarball lacks $f" >&2
    missing=1
  }
done
grep -q '^dashboards/.*\.json$' "$WORK/files.txt" || {
  echo 'package: the tarball lacks the shipped Grafana dashboards (dashboards/*.json)' >&2
  missing=1
}
# Tests, fixtures, sources, assemblies, dependencies, build caches and scratch files stay out.
if grep -E '(^|/)(test|tests|__snapshots__|cdk\.out|node_modules|bench|examples|scripts|\.scratch|coverage)/|\.test\.(js|ts|d\.ts)$|\.tsbuildinfo$|^(lib|bin)/.*\.ts$|^\.|\.sources-hash' \
  "$WORK/files.txt" >"$WORK/unwanted.txt"; then
  echo "package: the tarball ships files it should not:" >&2
  head -n 20 "$WORK/unwanted.txt" >&2
  missing=1
fi
[ "$missing" = 0 ] || exit 1
step "tarball: $(wc -l <"$WORK/files.txt") files, $(du -k "$TARBALL" | cut -f1) KiB"

# 3. A fresh consumer: the versions this repository develops with, from the npm registry (the npm cache first).
version() { node -p "require('$1/package.json').version"; }
CDK_LIB=$(version aws-cdk-lib)
CONSTRUCTS=$(version constructs)
TYPESCRIPT=$(version typescript)
CDK_CLI=$(version aws-cdk)
mkdir "$WORK/consumer"
cd "$WORK/consumer"
echo '{ "name": "consumer", "version": "1.0.0", "private": true }' >package.json
npm install --prefer-offline --no-audit --no-fund --loglevel=error \
  "aws-cdk-lib@$CDK_LIB" "constructs@$CONSTRUCTS" "typescript@$TYPESCRIPT" "aws-cdk@$CDK_CLI" "$TARBALL"
step "consumer installed: aws-cdk-lib@$CDK_LIB constructs@$CONSTRUCTS typescript@$TYPESCRIPT aws-cdk@$CDK_CLI"
# The compiler options of `cdk init app --language typescript` (NodeNext resolution through the package's exports).
cat >tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "lib": ["ES2022"],
    "strict": true,
    "noImplicitReturns": true,
    "skipLibCheck": true,
    "types": [],
    "outDir": "out"
  },
  "files": ["app.ts", "runtime.ts"]
}
JSON
# The package's own declarations, type-checked (skipLibCheck off; `esnext.disposable` and `dom` for what aws-cdk-lib's
# and zod's declarations name): a .d.ts that refers to a module or type a consumer cannot resolve fails here.
cat >tsconfig.declarations.json <<'JSON'
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "noEmit": true, "skipLibCheck": false, "lib": ["ES2022", "esnext.disposable", "dom"] },
  "files": ["node_modules/cdk-telemetry/dist/lib/index.d.ts", "node_modules/cdk-telemetry/dist/lib/runtime/index.d.ts"]
}
JSON
cat >cdk.json <<'JSON'
{ "app": "node out/app.js", "context": { "@aws-cdk/core:aspectStabilization": true } }
JSON
cp "$ROOT/test/package/consumer-app.ts" app.ts
# The runtime subpath export resolves, with its types.
cat >runtime.ts <<'TS'
import { configureTelemetry } from 'cdk-telemetry/runtime';
export const configure: typeof configureTelemetry = configureTelemetry;
TS

# 4. Compile (the package's declarations are type-checked too: skipLibCheck is off), synthesize, review.
npx tsc -p .
step 'consumer compiled'
npx tsc -p tsconfig.declarations.json
step "the package's declarations type-check"

export CDK_DISABLE_CLI_TELEMETRY=true
npx cdk synth --quiet --no-notices --no-version-reporting >synth.log 2>&1 || {
  cat synth.log >&2
  exit 1
}
step 'consumer synthesized (npx cdk synth)'
node "$ROOT/test/package/check.mjs"
step 'ok'
