/**
 * The script of an HTTP uptime check: a small Node.js handler (inline code of the canary) that calls one URL with
 * Node's own `fetch` (Node.js 18+, every current Synthetics Node.js runtime), and throws when the status or the
 * body is not what the check expects: a thrown error is a failed run for CloudWatch Synthetics (`SuccessPercent`
 * 0, `Failed` 1). It needs no Synthetics library, so the same text runs in a test against a local server.
 */
import type { CanaryTest } from '../model/uptime';

type HttpTest = Extract<CanaryTest, { type: 'http' }>;

/**
 * The handler's source (`exports.handler`). The settings are embedded as JSON (no string splicing of user text
 * into code). `abortAfterMs` stops the request before the canary's own timeout, so a hung endpoint reads as a
 * failed check with a reason, not as a timed-out run.
 */
export function httpCheckScript(test: HttpTest, abortAfterMs: number): string {
  const settings = JSON.stringify({
    url: test.url,
    method: test.method,
    status: test.status ?? null,
    contains: test.contains ?? null,
    abortAfterMs,
  });
  return `'use strict';
// cdk-telemetry HTTP uptime check (generated): fails the run when the status or body is not as expected.
const CHECK = ${settings};
exports.handler = async function handler() {
  const started = Date.now();
  let response;
  try {
    response = await fetch(CHECK.url, {
      method: CHECK.method,
      redirect: 'follow',
      headers: { 'user-agent': 'cdk-telemetry-uptime-check' },
      signal: AbortSignal.timeout(CHECK.abortAfterMs),
    });
  } catch (e) {
    throw new Error(CHECK.method + ' ' + CHECK.url + ' failed after ' + (Date.now() - started) + ' ms: ' + ((e && (e.cause && e.cause.code || e.name)) || e));
  }
  const ok = CHECK.status === null ? response.status >= 200 && response.status < 300 : response.status === CHECK.status;
  if (!ok) {
    throw new Error(CHECK.method + ' ' + CHECK.url + ' answered ' + response.status + ', expected ' + (CHECK.status === null ? '2XX' : CHECK.status));
  }
  if (CHECK.contains !== null) {
    const body = CHECK.method === 'HEAD' ? '' : await response.text();
    if (!body.includes(CHECK.contains)) {
      throw new Error(CHECK.method + ' ' + CHECK.url + ' answered ' + response.status + ' without the expected text (' + body.length + ' characters read)');
    }
  } else if (response.body) {
    await response.body.cancel();
  }
  console.log(CHECK.method + ' ' + CHECK.url + ' answered ' + response.status + ' in ' + (Date.now() - started) + ' ms');
  return 'ok';
};
`;
}
