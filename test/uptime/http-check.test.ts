/** The generated HTTP check, run as Synthetics would run it (its handler), against a real server on 127.0.0.1. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { httpCheckScript } from '../../lib/uptime/http-check';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/health') res.writeHead(200).end('{"status":"ok"}');
    else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end('late'), 2_000).unref();
    else if (req.url === '/private') res.writeHead(401).end('no');
    else res.writeHead(503).end('down');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** Loads the script like a CommonJS module and calls its handler. */
function handlerOf(script: string): () => Promise<string> {
  const module = { exports: {} as { handler?: () => Promise<string> } };
  runInNewContext(script, {
    module,
    exports: module.exports,
    fetch,
    AbortSignal,
    console: { log: () => {} },
  });
  return module.exports.handler!;
}
const run = (test: Parameters<typeof httpCheckScript>[0], abortAfterMs = 1_000) =>
  handlerOf(httpCheckScript(test, abortAfterMs))();

describe('HTTP uptime check script', () => {
  it('passes on a 2XX with the expected text', async () => {
    await expect(run({ type: 'http', url: `${base}/health`, method: 'GET', contains: '"ok"' })).resolves.toBe(
      'ok',
    );
  });
  it('fails a run on a 5XX, naming the status', async () => {
    await expect(run({ type: 'http', url: `${base}/down`, method: 'GET' })).rejects.toThrow(
      /answered 503, expected 2XX/,
    );
  });
  it('fails when the body lacks the text', async () => {
    await expect(
      run({ type: 'http', url: `${base}/health`, method: 'GET', contains: 'green' }),
    ).rejects.toThrow(/without the expected text/);
  });
  it('checks an exact status when given (a protected route answers 401)', async () => {
    await expect(run({ type: 'http', url: `${base}/private`, method: 'GET', status: 401 })).resolves.toBe(
      'ok',
    );
    await expect(run({ type: 'http', url: `${base}/health`, method: 'GET', status: 401 })).rejects.toThrow(
      /answered 200, expected 401/,
    );
  });
  it('gives up before the canary timeout on a hung endpoint, with a reason', async () => {
    await expect(run({ type: 'http', url: `${base}/slow`, method: 'GET' }, 300)).rejects.toThrow(
      /failed after \d+ ms: TimeoutError/,
    );
  });
  it('embeds user text as data, not code', () => {
    const script = httpCheckScript(
      { type: 'http', url: 'https://x.example/a', method: 'GET', contains: "'); evil(); ('" },
      1000,
    );
    expect(script).toContain(JSON.stringify("'); evil(); ('"));
    expect(() => handlerOf(script)).not.toThrow();
  });
});
