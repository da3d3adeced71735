/**
 * A fuzz child process (started by runner.ts): loads one target and runs the inputs the runner sends, one at a
 * time. The runner enforces the limits; this side only reports what each input did.
 */
import { inputSeed, Rng, type Outcome } from './harness';
import { targetsOf, type ChildMessage } from './runner';

const [file, name, seedText] = process.argv.slice(2);
const seed = Number(seedText);
const found = targetsOf(file).find((t) => t.target.name === name);
if (!found) throw new Error(`no fuzz target "${name}" in ${file}`);
const target = found.target;

const send = (m: ChildMessage) => process.send!(m);

/** The full text of a thrown value: its stack when it has one. */
const errorText = (e: unknown) =>
  e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : `thrown ${typeof e}: ${String(e)}`;

async function runOne(index: number): Promise<Outcome> {
  let input: unknown;
  try {
    input = target.generate(new Rng(inputSeed(seed, index)), index);
  } catch (e) {
    // A bug of the target, not of the code under test: reported as a crash all the same, and said so.
    return { kind: 'crash', error: `the target's generate() threw: ${errorText(e)}` };
  }
  send({ type: 'start', index, input: target.describe(input) });
  return target.run(input);
}

process.on('message', (m: { type: 'run'; index: number }) => {
  if (m.type !== 'run') return;
  runOne(m.index)
    .catch((e: unknown): Outcome => ({ kind: 'crash', error: errorText(e) }))
    .then((outcome) => {
      send({ type: 'result', index: m.index, outcome, heapMb: process.memoryUsage().heapUsed / 1048576 });
    });
});

// An error thrown outside the input's own promise chain (a stray callback) is still that input's crash.
// The runner reads the end of stderr when a child exits in the middle of an input.
const stray = (e: unknown) => {
  const text = errorText(e);
  process.stderr.write(`\n${text}\nuncaught: ${text.split('\n')[0]}\n`);
  process.exit(70);
};
process.on('uncaughtException', stray);
process.on('unhandledRejection', stray);

send({ type: 'ready' });
