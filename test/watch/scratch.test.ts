import { testApp } from '../helpers/synth';
import { shopApp } from '../../examples/app/shop';

test('scratch', () => {
  const app = testApp();
  const { watch } = shopApp(app);
  const asm = app.synth();
  console.log(asm.stacks.map((s) => `${s.stackName} ${Object.keys(s.template.Resources).length}`).join('\n'));
  console.log(watch.result!.model.services.map((s) => `${s.name}: ${s.resources.map((r) => `${r.kind}/${r.label}`).join(' ')}`).join('\n'));
  console.log(watch.result!.stacks.plan.services.flatMap(p => p.alarms.map(a => `${a.name} ${a.threshold}`)).join('\n'));
});
