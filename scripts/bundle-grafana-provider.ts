/**
 * Part of `npm run build`: bundles the Grafana provider's handler into `dist/lib/grafana/provider/bundle/index.js`,
 * so the published package needs neither esbuild nor Docker at synth time.
 */
import { join } from 'node:path';
import { bundleProvider } from '../lib/grafana/provider-code';

const root = join(__dirname, '..');
const out = join(root, 'dist', 'lib', 'grafana', 'provider', 'bundle');
bundleProvider(out, join(root, 'lib', 'grafana', 'provider', 'index.ts'));
console.log(`wrote ${join(out, 'index.js')}`);
