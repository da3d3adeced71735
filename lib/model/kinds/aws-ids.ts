/**
 * What the edge and network kinds share: an AWS id field (a pattern, or a CDK token from code), a list of them
 * with a bound, and the check that metrics published in one Region only (CloudFront, Route 53: us-east-1) are
 * alarmed from that Region.
 */
import type { SchemaKit } from '../../config/schema-kit';
import type { EntryContext } from './types';

/** An id matching a pattern (or a CDK token from code); the message shows an example. */
export function awsId(k: SchemaKit, re: RegExp, example: string, doc: string) {
  return k.z
    .string()
    .min(1)
    .max(2048)
    .superRefine((v, c) => {
      if (!k.isToken(v) && !re.test(v))
        c.addIssue({
          code: 'custom',
          message: `"${v.length > 40 ? v.slice(0, 37) + '...' : v}" does not look like ${example}`,
        });
    })
    .meta({ pattern: re.source })
    .describe(doc);
}

/** The Region CloudFront and Route 53 publish their metrics in (Region=Global for CloudFront). */
export const US_EAST_1 = 'us-east-1';

/**
 * An alarm must be in the Region of its metric. A service that publishes only in us-east-1 cannot be alarmed from
 * a stack in another Region: refuse it when the Region is known (one line naming `env.region`); an
 * environment-agnostic app must be deployed to us-east-1, which the alarm descriptions say.
 */
export function requireRegion(
  ctx: Pick<EntryContext<unknown>, 'region' | 'issue' | 'isToken'>,
  service: string,
  region = US_EAST_1,
): void {
  if (ctx.region !== undefined && !ctx.isToken(ctx.region) && ctx.region !== region) {
    ctx.issue(
      [],
      `${service} publishes its metrics only in ${region}, and an alarm must be in its metric's Region: env.region is ${ctx.region}; monitor it from an app or stack in ${region}`,
    );
  }
}
