/* global process, performance */
// Jest's node environment, plus:
// - one CloudFormation validation engine per worker, shared by all its test files (see validator-engine.js);
//   jest.config.js maps `@aws/cloudformation-validate` to validator-module.js, which reads it from here;
// - with TEST_CPU_LOG=<file>, one line per test file appended to <file>: its CPU time in ms (the worker's, every
//   thread, plus the child processes it waited for), its wall time, the file, the CloudFormation validator's memo
//   hits and misses in it (see validator-engine.js), and the CPU ms spent before its first hook or test ran (loading
//   its modules and its top-level code), to find the suites that cost the most;
// - with TEST_CPU_PROFILE=<folder>, a V8 CPU profile of each test file written there (<file path>.cpuprofile);
// - CDK apps of the tests do not record each resource's creation stack trace (context
//   `aws:cdk:disable-creation-stack-traces`, through CDK_CONTEXT_JSON in the test's environment). `cdk synth` records
//   one in the assembly's metadata for every CloudFormation resource; no test reads it, and under jest each one is a
//   source-mapped stack trace (the 7,000-alarm app's file: 13.8 s of CPU with them, 12.2 s without). Templates are
//   unchanged.
const { appendFileSync, readFileSync, writeFileSync } = require('node:fs');
const { Session } = require('node:inspector');
const { join, relative } = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

const KEY = Symbol.for('cdk-telemetry.test.cloudformation-validate');

/** CPU time of this process and of the children it has waited for, in ms. */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  let children = 0;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in 1/100 s
  } catch {
    // not Linux: the worker's own time only
  }
  return (user + system) / 1000 + children;
}

/** The worker's validation memo counters, once a synthesis has loaded the engine. */
function memoStats() {
  const { hits = 0, misses = 0 } = require.cache[require.resolve('./validator-engine')]?.exports.stats ?? {};
  return { hits, misses };
}

class Environment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // required by node itself (not by the test file's module registry), on the first synthesis of the worker: the
    // module (and the engine it starts) is then cached for the worker's life
    this.global[KEY] = () => require('./validator-engine').module;
    this.testPath = relative(config.projectConfig.rootDir, context.testPath);
    const env = this.global.process.env;
    env.CDK_CONTEXT_JSON = JSON.stringify({
      ...(env.CDK_CONTEXT_JSON ? JSON.parse(env.CDK_CONTEXT_JSON) : {}),
      'aws:cdk:disable-creation-stack-traces': true,
    });
  }

  async setup() {
    if (process.env.TEST_CPU_PROFILE) {
      // one inspector session for the worker's life, the profiler started and stopped around each file
      this.session ??= globalThis[Symbol.for('cdk-telemetry.test.inspector')] ??= (() => {
        const s = new Session();
        s.connect();
        s.post('Profiler.enable');
        return s;
      })();
      this.session.post('Profiler.start');
    }
    this.startCpu = cpuMs();
    this.startWall = performance.now();
    this.startMemo = memoStats();
    await super.setup();
  }

  handleTestEvent(event) {
    if (event.name === 'run_start') this.loadedCpu = cpuMs();
  }

  async teardown() {
    await super.teardown();
    if (this.session) {
      const file = join(process.env.TEST_CPU_PROFILE, `${this.testPath.replace(/[\\/]/g, '_')}.cpuprofile`);
      await new Promise((done) =>
        this.session.post('Profiler.stop', (err, res) => {
          if (!err) writeFileSync(file, JSON.stringify(res.profile));
          done();
        }),
      );
    }
    const log = process.env.TEST_CPU_LOG;
    if (log) {
      const cpu = (cpuMs() - this.startCpu).toFixed(0);
      const wall = (performance.now() - this.startWall).toFixed(0);
      const memo = memoStats();
      const hits = memo.hits - this.startMemo.hits;
      const misses = memo.misses - this.startMemo.misses;
      const load = ((this.loadedCpu ?? NaN) - this.startCpu).toFixed(0);
      appendFileSync(log, `${cpu}\t${wall}\t${this.testPath}\t${hits}\t${misses}\t${load}\n`);
    }
  }
}

module.exports = Environment;
