#!/usr/bin/env bash
# Packaging test (`npm run test:package`, and a step of .ci/run): packs the library, installs the tarball into a fresh
# consumer project with only aws-cdk-lib, constructs and TypeScript 5.9, compiles and synthesizes a small app that
# gives the constructs construct objects, then runs `npx cdk-telemetry review` on its assembly. It proves the
# published package works (types, shipped files, bin), not only the source tree. Needs the npm registry.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

npm run build >/dev/null
TARBALL=$(npm pack --silent --pack-destination "$WORK" | tail -n 1)
version() { node -p "require('$1/package.json').version"; }
CDK_LIB=$(version aws-cdk-lib)
CONSTRUCTS=$(version constructs)
TYPESCRIPT=$(version typescript)
echo "packed $TARBALL; consumer with aws-cdk-lib@$CDK_LIB constructs@$CONSTRUCTS typescript@$TYPESCRIPT"

mkdir "$WORK/consumer"
cd "$WORK/consumer"
echo '{ "name": "consumer", "version": "1.0.0", "private": true }' >package.json
npm install --no-audit --no-fund --loglevel=error \
  "aws-cdk-lib@$CDK_LIB" "constructs@$CONSTRUCTS" "typescript@$TYPESCRIPT" "$WORK/$TARBALL"
cat >tsconfig.json <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2022", "esnext.disposable"],
    "skipLibCheck": true,
    "module": "commonjs",
    "strict": true,
    "esModuleInterop": true,
    "types": [],
    "outDir": "out"
  },
  "files": ["app.ts"]
}
JSON
cp "$ROOT/test/package/consumer-app.ts" app.ts
npx tsc -p .
node out/app.js
for stack in Consumer consumer-telemetry-core consumer-telemetry-consumer OwnMonitoring; do
  [ -f "cdk.out/$stack.template.json" ] || { echo "missing cdk.out/$stack.template.json" >&2; exit 1; }
done
npx cdk-telemetry review cdk.out --format md >review.md
grep -q 'consumer-consumer-Handler-errors' review.md || { echo 'review lists no watched alarm' >&2; exit 1; }
grep -q 'own-items-' review.md || { echo 'review lists no ServiceMonitoring alarm' >&2; exit 1; }
echo "packaging test: ok ($(grep -c '^|' review.md) review table lines)"
