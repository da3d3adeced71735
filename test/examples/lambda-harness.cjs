/* global process, console */
// Runs a bundled handler as the AWS Lambda Node.js runtime does, as far as logs go (aws-lambda-nodejs-runtime-
// interface-client, src/LogPatch.js): with AWS_LAMBDA_LOG_FORMAT=JSON, `console.*` writes one JSON record per call,
// `{"timestamp","level","requestId","message"}`, and calls below AWS_LAMBDA_LOG_LEVEL are dropped; and the platform
// drops stdout JSON lines whose "level" (INFO when absent) is below AWS_LAMBDA_LOG_LEVEL. Invocations run one at a
// time, each awaited, like a sandbox. Prints nothing of its own on stdout.
const [bundle, eventsJson] = process.argv.slice(2);
const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const min = LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL || 'TRACE').toUpperCase()] || 1;
let requestId = '';

// The platform's filter on what reaches CloudWatch Logs from stdout.
const rawWrite = process.stdout.write.bind(process.stdout);
let pending = '';
process.stdout.write = (chunk, ...rest) => {
  pending += String(chunk);
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    let level = 'INFO';
    try {
      const parsed = JSON.parse(line);
      if (parsed && typeof parsed.level === 'string' && LEVELS[parsed.level.toUpperCase()])
        level = parsed.level.toUpperCase();
    } catch {
      // a text line: INFO
    }
    if (LEVELS[level] >= min) rawWrite(line + '\n', ...rest);
  }
  return true;
};

const util = require('node:util');
for (const [name, level] of [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
]) {
  console[name] = (...args) => {
    if (LEVELS[level] < min) return;
    const message = args.length === 1 ? args[0] : util.format(...args);
    process.stdout.write(
      JSON.stringify({ timestamp: new Date().toISOString(), level, requestId, message }) + '\n',
    );
  };
}

(async () => {
  const { handler } = require(bundle);
  const results = [];
  for (const [i, event] of JSON.parse(eventsJson).entries()) {
    requestId = `req-${i}`;
    try {
      results.push(
        await handler(event, { awsRequestId: requestId, functionName: process.env.AWS_LAMBDA_FUNCTION_NAME }),
      );
    } catch (e) {
      results.push({ error: e.name });
    }
  }
  process.stderr.write(JSON.stringify(results) + '\n');
})();
