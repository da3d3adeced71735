/**
 * The CloudFormation validator's engine runs in a worker thread, called synchronously from the main thread.
 *
 * Starting the engine (`@aws/cloudformation-validate`'s `CompositeEngine`) grows its WebAssembly memory in hundreds
 * of small steps, and V8 answers each step with a full garbage collection of the thread's JavaScript heap (538
 * mark-compacts during one engine start, "external memory pressure" in `node --trace-gc`). In a bare CDK app that
 * heap holds a few MB and each collection is cheap; in the main thread of this app it holds the whole construct tree
 * (70-100 MB after construction), and the same start costs about 2 s more CPU (standalone, the engine started beside
 * a 100 MB heap: 7.5 s against 5.2 s). A worker has its own heap, a few MB, so there the collections stay cheap.
 *
 * {@link runValidatorInWorker} replaces the module's `CompositeEngine` (the one aws-cdk-lib's
 * CloudFormationValidatePlugin constructs) by one that starts the real engine in a worker and forwards each
 * `validateTemplate` call to it, waiting for the answer (`Atomics.wait`). The worker gets the same configuration,
 * template text and name and options, and answers with the same report (a structured clone of it); an error of the
 * engine is thrown in the main thread with its message. A configuration that is not plain data (a rule file object)
 * keeps the engine in the main thread. `CDK_TELEMETRY_VALIDATOR_WORKER=0` turns it off.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  cdkValidatorPath,
  plainJson,
  type TemplateLike,
  type ValidatorEngine,
  type ValidatorModule,
} from './validation-memo';

const IN_WORKER = Symbol.for('cdk-telemetry.validator-worker');

/** The worker: loads the module, starts the engine, answers each request on its port. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { modulePath, config, port, signal } = workerData;
const flag = new Int32Array(signal);
function wake() { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); }
// a worker that ends for any reason wakes the caller, which then finds no answer instead of waiting for ever
process.on('exit', wake);
function reply(message) { port.postMessage(message); wake(); }
function fail(e) { reply(e instanceof Error ? { error: e.message, name: e.name } : { error: String(e), thrownString: true }); }
let mod, engine;
try { mod = require(modulePath); engine = new mod.CompositeEngine(config); reply({ ok: true }); } catch (e) { fail(e); }
port.on('message', ({ template, options }) => {
  try {
    const t = template.path !== undefined ? new mod.TemplateFile(template.path) : new mod.TemplateContent(template.content, template.name);
    reply({ report: engine.validateTemplate(t, options) });
  } catch (e) { fail(e); }
});
`;

interface Reply {
  ok?: boolean;
  report?: unknown;
  error?: string;
  name?: string;
  /** The engine threw a string (its validation-core failures), not an Error. */
  thrownString?: boolean;
}

/** What a template object of the module carries: text or bytes and a name, or a path. */
function templateData(template: unknown): Record<string, unknown> {
  const t = template as { content?: unknown; name?: unknown; path?: unknown; readBytes?: () => Uint8Array };
  if (typeof t.path === 'string') return { path: t.path };
  const content =
    typeof t.content === 'string' || t.content instanceof Uint8Array ? t.content : t.readBytes?.();
  return { content, name: t.name };
}

/**
 * Makes `mod.CompositeEngine` run in a worker thread; `modulePath` is the module's resolved path (the worker
 * requires it). Idempotent. Returns whether it did (not with `CDK_TELEMETRY_VALIDATOR_WORKER=0`).
 */
export function runValidatorInWorker(
  mod: ValidatorModule,
  modulePath: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.CDK_TELEMETRY_VALIDATOR_WORKER === '0') return false;
  if ((mod as unknown as Record<symbol, boolean | undefined>)[IN_WORKER]) return true;
  const Real = mod.CompositeEngine;

  class WorkerEngine implements ValidatorEngine {
    private readonly worker?: Worker;
    private readonly port?: MessagePort;
    private readonly flag = new Int32Array(new SharedArrayBuffer(4));
    private readonly local?: ValidatorEngine;
    constructor(config?: unknown) {
      if (plainJson(config) === undefined) {
        this.local = new Real(config);
        return;
      }
      const { port1, port2 } = new MessageChannel();
      this.port = port1;
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { modulePath, config, port: port2, signal: this.flag.buffer },
        transferList: [port2],
      });
      this.worker.unref();
      this.wait(); // the engine started, or its error thrown here as the real constructor would
    }
    private wait(): unknown {
      Atomics.wait(this.flag, 0, 0);
      Atomics.store(this.flag, 0, 0);
      const reply = receiveMessageOnPort(this.port!)?.message as Reply | undefined;
      if (reply === undefined)
        throw new Error('the CloudFormation validator worker stopped without an answer');
      if (reply.error !== undefined) {
        if (reply.thrownString) throw reply.error; // as the engine threw it
        const error = new Error(reply.error);
        if (reply.name) error.name = reply.name;
        throw error;
      }
      return reply.report;
    }
    validateTemplate(template: TemplateLike, options?: unknown): unknown {
      if (this.local) return this.local.validateTemplate(template, options);
      this.port!.postMessage({ template: templateData(template), options });
      return this.wait();
    }
    free(): void {
      this.local?.free();
      this.port?.close();
      void this.worker?.terminate();
    }
  }
  mod.CompositeEngine = WorkerEngine;
  Object.defineProperty(mod, IN_WORKER, { value: true });
  return true;
}

/** {@link runValidatorInWorker} for the validator aws-cdk-lib loads. */
export function runCdkValidatorInWorker(env: NodeJS.ProcessEnv = process.env): boolean {
  const { path } = cdkValidatorPath();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very module instance aws-cdk-lib requires
  return runValidatorInWorker(require(path) as ValidatorModule, path, env);
}
