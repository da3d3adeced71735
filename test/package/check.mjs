/* global process, console */
/**
 * The packaging test's assertions (test/package/run.sh runs it in the consumer project, after `npx cdk synth`):
 * the consumer's assembly holds the stacks and alarms its app asks for, `npx cdk-telemetry review` reads every one of
 * them back, the override and the name outside the app are in the templates, and the command's exit statuses are
 * the README's. Plain JavaScript: it runs against the installed package, with nothing compiled.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
};

/** Runs the installed command as a user would (`npx cdk-telemetry ...`). */
function cli(...args) {
  const r = spawnSync('npx', ['--no-install', 'cdk-telemetry', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The assembly, read directly: every stack's template and its alarms.
const manifest = JSON.parse(readFileSync('cdk.out/manifest.json', 'utf8'));
const templates = new Map();
for (const [id, artifact] of Object.entries(manifest.artifacts)) {
  if (artifact.type !== 'aws:cloudformation:stack') continue;
  templates.set(id, JSON.parse(readFileSync(join('cdk.out', artifact.properties.templateFile), 'utf8')));
}
const alarmsOf = (id) =>
  Object.values(templates.get(id)?.Resources ?? {}).filter((r) =>
    ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'].includes(r.Type),
  );
const metricAlarm = (id, name) =>
  alarmsOf(id).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === name);
/** Alarms are named `<app>-<service>-<resource label>-<alarm id>-<severity>`. */
const ERRORS = 'consumer-consumer-Handler-errors-warning';

const WATCHED = 'consumer-telemetry-consumer';
for (const id of ['Consumer', 'consumer-telemetry-core', WATCHED, 'OwnMonitoring'])
  check(templates.has(id), `the assembly has the stack ${id}`);
const total = [...templates.keys()].reduce((n, id) => n + alarmsOf(id).length, 0);

// Telemetry.watch: every resource of the consumer's stack is watched, with the override.
const watched = alarmsOf(WATCHED).map((a) => a.Properties.AlarmName);
for (const resource of ['Handler', 'Api', 'Items', 'Work', 'Work-dlq'])
  check(
    watched.some((n) => n.startsWith(`consumer-consumer-${resource}-`)),
    `Telemetry.watch has alarms for ${resource} (${WATCHED} has ${watched.length} alarms)`,
  );
const errors = metricAlarm(WATCHED, ERRORS);
check(
  errors?.Properties.Threshold === 2,
  `the override Telemetry.of(fn) errors threshold 2 is in the template (got ${errors?.Properties.Threshold})`,
);
const duration = metricAlarm(WATCHED, 'consumer-consumer-Handler-duration-warning');
check(
  duration?.Properties.Threshold === 0.9 * 15000,
  `the duration alarm is at 90 % of the function's 15 s timeout, read from the construct (got ${duration?.Properties.Threshold})`,
);

// ServiceMonitoring with construct objects, and a function outside the app by name.
const own = alarmsOf('OwnMonitoring').map((a) => a.Properties.AlarmName);
check(
  own.some((n) => n.startsWith('own-items-billing-export-')),
  'ServiceMonitoring has alarms for the function named billing-export',
);
for (const resource of ['Handler', 'Api', 'Items', 'Work', 'Work-dlq'])
  check(
    own.some((n) => n.startsWith(`own-items-${resource}-`)),
    `ServiceMonitoring has alarms for the ${resource} construct`,
  );
const billingErrors = metricAlarm('OwnMonitoring', 'own-items-billing-export-errors-warning');
check(
  billingErrors !== undefined && billingErrors.Properties.Threshold !== 2,
  'the override is for the Handler construct only, not for the function named billing-export',
);

// `cdk-telemetry review` reads every alarm back.
const review = cli('review', '--app', 'cdk.out', '--format', 'json');
check(review.status === 0, `review exits 0 (got ${review.status}: ${review.stderr.trim()})`);
let doc;
try {
  doc = JSON.parse(review.stdout);
} catch {
  failures.push(`review --format json prints JSON (got ${review.stdout.slice(0, 200)})`);
}
if (doc) {
  check(doc.summary.alarms === total, `review reads all ${total} alarms (got ${doc.summary.alarms})`);
  check(
    doc.summary.stacks === templates.size,
    `review reads all ${templates.size} stacks (got ${doc.summary.stacks})`,
  );
  const reviewed = doc.alarms.find((a) => a.name === ERRORS);
  check(reviewed?.spec?.threshold === 2, 'review shows the override threshold (2) of Handler-errors');
  const strict = cli('review', '--app', 'cdk.out', '--strict', '--format', 'json');
  const found = doc.findings.length > 0 || doc.problems.length > 0;
  check(strict.status === (found ? 1 : 0), `review --strict exits ${found ? 1 : 0} (got ${strict.status})`);
}

// Exit statuses and one-line errors.
const version = cli('--version');
const expected = require('cdk-telemetry/package.json').version;
check(version.status === 0 && version.stdout.trim() === expected, `--version prints ${expected}`);
const missing = cli('review', '--app', 'no-such-assembly');
check(
  missing.status === 2 &&
    /^error: .*no-such-assembly/.test(missing.stderr) &&
    !/\n\s+at /.test(missing.stderr),
  `review of a missing assembly: one error line, exit 2 (got ${missing.status}: ${missing.stderr.trim()})`,
);
const format = cli('review', '--app', 'cdk.out', '--format', 'yaml');
check(format.status === 2, `an unknown --format exits 2 (got ${format.status})`);

// The runtime subpath export loads.
check(typeof require('./out/runtime.js').configure === 'function', 'cdk-telemetry/runtime loads');

if (failures.length) {
  for (const f of failures) console.error(`package: FAILED: ${f}`);
  process.exit(1);
}
console.log(
  `package: ${templates.size} stacks, ${total} alarms (${watched.length} watched in ${WATCHED}, ${own.length} by ServiceMonitoring); review, exit statuses and runtime export as expected`,
);
