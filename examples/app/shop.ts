/**
 * The example shop (stacks.ts) and its telemetry: cdk-telemetry watches the whole app with one line, plus two
 * overrides.
 */
import type { App } from 'aws-cdk-lib';
import { Telemetry, type TelemetryWatch } from '../../lib';
import { shopStacks, type FulfilmentStack, type StorefrontStack } from './stacks';

export { FulfilmentStack, StorefrontStack, shopStacks } from './stacks';

/** The shop and its telemetry: one line to watch the app, two overrides. */
export function shopApp(app: App): {
  storefront: StorefrontStack;
  fulfilment: FulfilmentStack;
  watch: TelemetryWatch;
} {
  const { storefront, fulfilment } = shopStacks(app);

  const watch = Telemetry.watch(app, {
    app: 'shop',
    alerting: { critical: { email: ['oncall@example.com'] } },
  });
  // Placing an order has a 150 ms budget; the order queue may hold messages for 10 minutes before it is late.
  Telemetry.of(storefront.placeOrder).operation('place-order', '150ms');
  Telemetry.of(fulfilment.queue).alarm('messageAge', { threshold: 600 });
  return { storefront, fulfilment, watch };
}
