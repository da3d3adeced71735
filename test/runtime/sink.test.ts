/**
 * The stdout sink writes a flush straight to the file descriptor when the stream has nothing queued, and queues it
 * on the stream (as bytes) otherwise: lines stay whole and in order, a replaced `write` still sees every line, a
 * failing descriptor is counted, never thrown.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamSink, type WritableLike } from '../../lib/runtime/sink';
import { Telemetry } from '../../lib/runtime/telemetry';
import { T0 } from './helpers';

const ROOT = join(__dirname, '../..');

/** A stream over a real file descriptor, recording what goes through `write`. */
class FdStream extends EventEmitter implements WritableLike {
  writableLength = 0;
  readonly chunks: Array<string | Uint8Array> = [];
  constructor(readonly fd: number) {
    super();
  }
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(chunk);
    return true;
  }
}

let dir: string;
let file: string;
let fd: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sink-'));
  file = join(dir, 'out');
  fd = openSync(file, 'w');
});
afterEach(() => {
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

test('nothing queued: the text goes to the descriptor, not through the stream', () => {
  const stream = new FdStream(fd);
  const sink = new StreamSink(1024, () => stream);
  expect(sink.write('{"a":"é"}\n')).toBe(true);
  expect(sink.write('{"b":2}\n')).toBe(true);
  expect(readFileSync(file, 'utf8')).toBe('{"a":"é"}\n{"b":2}\n');
  expect(stream.chunks).toEqual([]);
});

test('a backlog: the text is queued on the stream as bytes, behind what is queued', () => {
  const stream = new FdStream(fd);
  stream.writableLength = 10;
  const sink = new StreamSink(1024, () => stream);
  expect(sink.write('{"a":1}\n')).toBe(true);
  expect(readFileSync(file, 'utf8')).toBe('');
  expect(stream.chunks).toHaveLength(1);
  expect(Buffer.isBuffer(stream.chunks[0])).toBe(true);
  expect(Buffer.from(stream.chunks[0]).toString('utf8')).toBe('{"a":1}\n');
  // the reused buffer is not what was queued: a later write leaves the queued bytes as they were
  sink.write('{"z":9}\n');
  expect(Buffer.from(stream.chunks[0]).toString('utf8')).toBe('{"a":1}\n');
});

test('a replaced write (a log capture) sees every line, as text', () => {
  const stream = new FdStream(fd);
  const seen: unknown[] = [];
  Object.defineProperty(stream, 'write', { value: (c: unknown) => (seen.push(c), true) });
  new StreamSink(1024, () => stream).write('{"a":1}\n');
  expect(seen).toEqual(['{"a":1}\n']);
  expect(readFileSync(file, 'utf8')).toBe('');
});

test('a long text (over 16 Ki characters) goes through the stream', () => {
  const stream = new FdStream(fd);
  const long = `{"m":"${'x'.repeat(20_000)}"}\n`;
  new StreamSink(1 << 20, () => stream).write(long);
  expect(stream.chunks).toEqual([long]);
});

test('a descriptor that fails (EBADF): counted as dropped, never thrown, later flushes dropped', () => {
  const stream = new FdStream(1 << 30); // no such descriptor
  const warnings: string[] = [];
  const t = new Telemetry({
    app: 'a',
    flush: 'manual',
    env: {},
    sink: new StreamSink(1024, () => stream),
    clock: () => T0,
    warn: (l) => warnings.push(l),
  });
  t.kpiCount('k');
  expect(() => t.flush()).not.toThrow();
  expect(t.stats().dropped.sinkError).toBe(1);
  expect(warnings.join('\n')).toMatch(/EBADF/);
  t.kpiCount('k');
  t.flush();
  expect(t.stats().dropped.sinkBusy).toBe(1);
  expect(t.stats().internalErrors).toBe(0);
});

test('a slow reader (child process): every line whole and in order, application lines included', async () => {
  const probe = `
    const { configureTelemetry, withTelemetry, telemetryStats } = require('./lib/runtime');
    configureTelemetry({ flush: 'invocation', limits: { maxPendingBytes: 64 * 1024 * 1024 } });
    const handler = withTelemetry('api.handle', (x) => x + 1);
    for (let i = 0; i < 20000; i++) {
      handler(i);
      if (i % 100 === 0) process.stdout.write('app ' + i + ' ' + 'y'.repeat(i % 7000) + '\\n');
    }
    const wait = () => (process.stdout.writableLength > 0 ? setTimeout(wait, 5) : process.stderr.write(JSON.stringify(telemetryStats()) + '\\n'));
    wait();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', probe], {
    cwd: ROOT,
    env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: 'x' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pause(); // the pipe fills: later writes are refused with EAGAIN and queue on the stream
  setTimeout(() => child.stdout.resume(), 300);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise((r) => child.on('close', r));
  expect(code).toBe(0);
  const stats = JSON.parse(err.trim().split('\n').pop()!) as { lines: number; dropped: { sinkBusy: number } };
  expect(stats.dropped.sinkBusy).toBe(0);
  const lines = out.split('\n');
  expect(lines.pop()).toBe('');
  const app = lines.filter((l) => l.startsWith('app '));
  const docs = lines.filter((l) => !l.startsWith('app '));
  expect(app.map((l) => Number(l.split(' ')[1]))).toEqual(Array.from({ length: 200 }, (_, i) => i * 100));
  for (const l of app) expect(l.split(' ')[2]).toBe('y'.repeat(Number(l.split(' ')[1]) % 7000));
  expect(docs).toHaveLength(20000);
  expect(stats.lines).toBe(20000);
  for (const d of docs) expect((JSON.parse(d) as { Duration: number[] }).Duration).toHaveLength(1);
}, 60_000);
