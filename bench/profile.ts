/**
 * Where a synthesis spends its time: runs one configuration of the synth benchmark under `node --cpu-prof` and
 * summarizes the main thread's profile by package (self time) and by function (inclusive time).
 *
 *   npx tsx bench/profile.ts --config ours --n 40
 *   npx tsx bench/profile.ts --config cmc --n 40 --top 40
 *
 * Profiles are kept in bench/out/profiles/ (open them in Chrome DevTools or speedscope). V8's background threads
 * (garbage collection helpers, WebAssembly tier-up compilation) are not in a main-thread profile; the benchmark's
 * CPU time counts them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderTable } from '../lib/tools/cli/table';
import { configById } from './configs';

const ROOT = resolve(__dirname, '..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The package or area a frame belongs to. */
export function categoryOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName.startsWith('(')) return functionName; // (garbage collector), (program), (idle), (root)
    if (/^(js-to-wasm|wasm-to-js|wasm-function|\$)/.test(functionName) || /^\d+$/.test(functionName)) {
      return 'CloudFormation validator (WASM)';
    }
    return 'V8 builtins';
  }
  if (url.startsWith('wasm://')) return 'CloudFormation validator (WASM)';
  if (url.startsWith('node:')) return 'node internals';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg === '@aws/cloudformation-validate') return 'CloudFormation validator (JS glue)';
    if (pkg === 'aws-cdk-lib') {
      const inner = path.slice(path.indexOf('/aws-cdk-lib/') + '/aws-cdk-lib/'.length).split('/');
      return `aws-cdk-lib/${inner[0]}`;
    }
    if (pkg === 'tsx' || pkg === 'esbuild' || pkg === 'get-tsconfig') return 'loader (tsx)';
    return pkg;
  }
  if (path.startsWith(ROOT)) {
    const rel = path.slice(ROOT.length + 1);
    return rel.startsWith('lib/') ? `cdk-telemetry ${rel.split('/').slice(0, 2).join('/')}` : rel;
  }
  return 'other';
}

export function summarize(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const categories = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const keyOf = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'}  ${categoryOf(n.callFrame)}${n.callFrame.url ? `:${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}` : ''}`;
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const cat = categoryOf(node.callFrame);
    categories.set(cat, (categories.get(cat) ?? 0) + us);
    // inclusive: every distinct frame on this sample's stack gets the sample once
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = keyOf(byId.get(cur)!);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const totalUs = [...categories.values()].reduce((a, b) => a + b, 0);
  return { totalUs, categories, inclusive };
}

function main() {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', default: 'ours' },
      n: { type: 'string', default: '40' },
      top: { type: 'string', default: '30' },
    },
  });
  const config = configById(values.config);
  const dir = join(ROOT, 'bench', 'out', 'profiles', `${config.id}-n${values.n}`);
  const outdir = join(ROOT, 'bench', 'out', 'cdk.out', `profile-${config.id}-n${values.n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`profiling ${config.id} N=${values.n} ...\n`);
  const run = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '--cpu-prof',
      '--cpu-prof-dir',
      dir,
      '--import',
      'tsx',
      join(ROOT, 'bench', 'child.ts'),
      config.id,
      values.n,
      outdir,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(run.stderr.split('\n').slice(0, 6).join('\n'));
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written to ${dir}`);
  const { totalUs, categories, inclusive } = summarize(
    JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile,
  );
  const ms = (us: number) => (us / 1000).toFixed(0);
  const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1)} %`;
  const top = Number(values.top);
  process.stdout.write(
    [
      `${config.title}, N=${values.n}: main thread ${ms(totalUs)} ms sampled (${join('bench/out/profiles', `${config.id}-n${values.n}`, file)})`,
      '',
      'Self time by package',
      renderTable(
        [...categories]
          .sort((a, b) => b[1] - a[1])
          .map(([category, us]) => ({ category, 'self ms': ms(us), share: pct(us) })),
        'text',
      ),
      '',
      `Inclusive time, top ${top} frames`,
      renderTable(
        [...inclusive]
          .filter(
            ([k]) => !k.startsWith('(root)') && !/ (CloudFormation validator \(WASM\)|V8 builtins)/.test(k),
          )
          .sort((a, b) => b[1] - a[1])
          .slice(0, top)
          .map(([frame, us]) => ({ frame, ms: ms(us), share: pct(us) })),
        'text',
      ),
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}
