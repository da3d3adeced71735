/**
 * `rum:`: client-side engagement from a CloudWatch RUM app monitor (`AWS::RUM::AppMonitor`): sessions, page views,
 * errors and page load times of the web application, and its custom events as metrics (see `lib/model/rum.ts`).
 */
import { z } from 'zod';
import { obj } from './schema-helpers';

/** Custom events turned into metrics: RUM allows 2,000 metric definitions per destination; a dashboard needs far fewer. */
export const MAX_RUM_EVENTS = 20;

const domain = z
  .string()
  .regex(/^(localhost|\*?(\.?[a-zA-Z0-9-]{1,63})(\.[a-zA-Z0-9-]{1,63})+|(\d{1,3}\.){3}\d{1,3})$/, {
    message: 'must be a host name such as app.example.com or *.example.com (no scheme, no path)',
  })
  .max(253);

export const RumSchema = obj({
  name: z
    .string()
    .regex(/^[\w-]{1,64}$/, { message: 'name must be 1-64 letters, digits, "-" or "_"' })
    .optional()
    .describe('The app monitor name. Default: <app>-web.'),
  domains: z
    .array(domain)
    .min(1)
    .max(5, { message: 'an app monitor takes at most 5 domains' })
    .describe('The domains of the web application (a wildcard is allowed: *.example.com).'),
  sampleRate: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe('Share of user sessions recorded, 0 to 1 (RUM bills per event). Default 0.1.'),
  telemetries: z
    .array(z.enum(['errors', 'performance', 'http']))
    .min(1)
    .default(['errors', 'performance', 'http'])
    .describe('What the web client records. Default: errors, performance and http.'),
  xray: z
    .boolean()
    .default(false)
    .describe('Trace the HTTP requests of sampled sessions with X-Ray. Default false.'),
  cookies: z
    .boolean()
    .default(true)
    .describe(
      'Let the web client set cookies, so sessions and users are counted across pages. Default true.',
    ),
  authorization: z
    .enum(['cognito', 'resourcePolicy'])
    .default('cognito')
    .describe(
      'How browsers are allowed to send events: cognito (an identity pool whose guest role may only rum:PutRumEvents to this monitor), or resourcePolicy (the monitor accepts unsigned events; no Cognito). Default cognito.',
    ),
  events: z
    .array(
      z.string().regex(/^[a-zA-Z0-9_.:-]{1,128}$/, {
        message: 'an event type is 1-128 letters, digits, "_", ".", ":" or "-"',
      }),
    )
    .max(MAX_RUM_EVENTS, { message: `at most ${MAX_RUM_EVENTS} custom events as metrics` })
    .optional()
    .describe(
      "Custom events (cwr('recordEvent', { type, data })) counted as metrics on the product dashboard.",
    ),
  logs: z
    .boolean()
    .default(false)
    .describe('Keep a copy of the events in CloudWatch Logs (billed as log ingestion). Default false.'),
});

export type RumConfig = z.output<typeof RumSchema>;
