/* global process */
// Jest's order (failed first, then slowest first by the last run's timings, else largest file first), with the test
// files that read a shared synth (`sharedApp('name')`, `sharedSynth('name')`, … of test/helpers/shared-synth.ts)
// after the others: the global setup starts those synths in the background, and the other files keep both cores
// busy meanwhile. The names it found go to the global setup in CDK_TELEMETRY_SHARED_SYNTHS.
const { readFileSync } = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

const USE = /\b(?:sharedApp|sharedSynth|sharedAssembly|copyOfShared)\(\s*['"]([\w-]+)['"]/g;

class SharedSynthsLast extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const needs = new Map(
      sorted.map((t) => [t, [...readFileSync(t.path, 'utf8').matchAll(USE)].map((m) => m[1])]),
    );
    process.env.CDK_TELEMETRY_SHARED_SYNTHS = [...new Set([...needs.values()].flat())].join(',');
    return [
      ...sorted.filter((t) => needs.get(t).length === 0),
      ...sorted.filter((t) => needs.get(t).length > 0),
    ];
  }
}

module.exports = SharedSynthsLast;
