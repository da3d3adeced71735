/**
 * Amazon SES: the account's reputation (bounce and complaint rates, no dimensions) against the rates at which SES
 * reviews and pauses an account, and the same rates per configuration set (`ses:configuration-set`) for sets
 * that publish reputation metrics. Not in AWS's recommended-alarm list; thresholds from SES's enforcement page.
 */
import type { CfnConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { offUnlessEnabled } from './switches';
import { defineKind, defineTable, type CatalogRow } from './types';

const ALARMS = 'https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard-cloudwatch-alarm.html';
const ENFORCEMENT = 'https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html';
const SET_METRICS = 'https://docs.aws.amazon.com/ses/latest/dg/monitor-sender-reputation.html';

/** A reputation rate (0 to 1) above a threshold, over 15 minutes (SES updates the rates every few minutes). */
const rate = (
  id: string,
  metricName: string,
  param: string,
  severity: 'warning' | 'critical',
  meaning: string,
  why: string,
  source: string,
): CatalogRow => ({
  id,
  signal: metricName === 'Reputation.BounceRate' ? 'bounceRate' : 'complaintRate',
  metric: { type: 'metric', metricName, stat: 'Maximum' },
  threshold: { param },
  comparison: 'GreaterThanOrEqualToThreshold',
  period: 900,
  datapoints: [1, 1],
  missing: 'notBreaching',
  severity,
  enabled: true,
  unit: 'count',
  meaning,
  firstStep:
    severity === 'critical'
      ? 'stop bulk sends now (pause the configuration set or campaign), then clean the list: SES pauses the account next'
      : 'find the list or campaign behind the bounces or complaints (event publishing), remove bad addresses, check opt-in',
  source: `${source}; ${ENFORCEMENT}`,
  why,
});

const PARAMS = {
  bounceReview: {
    default: 0.05,
    doc: 'Bounce rate (0 to 1) at which SES places an account under review: 5 %.',
  },
  bouncePause: {
    default: 0.08,
    doc: 'Bounce rate (0 to 1) that pages: 80 % of the 10 % at which SES may pause sending.',
  },
  complaintReview: {
    default: 0.001,
    doc: 'Complaint rate (0 to 1) at which SES places an account under review: 0.1 %.',
  },
  complaintPause: {
    default: 0.004,
    doc: 'Complaint rate (0 to 1) that pages: 80 % of the 0.5 % at which SES may pause sending.',
  },
};

const rows = (scope: string, source: string): CatalogRow[] => [
  rate(
    'bounceRate',
    'Reputation.BounceRate',
    'bounceReview',
    'warning',
    `The bounce rate of ${scope} is {threshold} or more: SES reviews accounts from 5 %`,
    'SES places an account under review at a 5 % bounce rate: warn there (`bounceReview`). The rate is a fraction (0.05 is 5 %) over a representative volume of recent sends, so one 15-minute period is enough.',
    source,
  ),
  {
    ...rate(
      'bounceRateCritical',
      'Reputation.BounceRate',
      'bouncePause',
      'critical',
      `The bounce rate of ${scope} is {threshold} or more, close to the 10 % at which SES may pause sending`,
      'SES may pause sending at a 10 % bounce rate, which stops every email the application sends (sign-ups, password resets): page at 80 % of it (`bouncePause`, 8 %).',
      source,
    ),
  },
  rate(
    'complaintRate',
    'Reputation.ComplaintRate',
    'complaintReview',
    'warning',
    `The complaint rate of ${scope} is {threshold} or more: SES reviews accounts from 0.1 %`,
    'SES places an account under review at a 0.1 % complaint rate: warn there (`complaintReview`).',
    source,
  ),
  rate(
    'complaintRateCritical',
    'Reputation.ComplaintRate',
    'complaintPause',
    'critical',
    `The complaint rate of ${scope} is {threshold} or more, close to the 0.5 % at which SES may pause sending`,
    'SES may pause sending at a 0.5 % complaint rate: page at 80 % of it (`complaintPause`, 0.4 %).',
    source,
  ),
];

/** A configuration set with reputation metrics on (ReputationOptions.ReputationMetricsEnabled). */
const CONFIGURATION_SET = defineTable({
  kind: 'ses',
  title: 'SES configuration set',
  namespace: 'AWS/SES',
  dimensions: ['ses:configuration-set'],
  params: PARAMS,
  rows: rows('configuration set {resource}', SET_METRICS),
  signals: [
    {
      title: 'Bounce rate',
      metricName: 'Reputation.BounceRate',
      stat: 'Maximum',
      line: { param: 'bounceReview', label: 'review' },
    },
    {
      title: 'Complaint rate',
      metricName: 'Reputation.ComplaintRate',
      stat: 'Maximum',
      line: { param: 'complaintReview', label: 'review' },
    },
  ],
  cost: [],
});

/** The account's reputation: what SES itself enforces. */
const ACCOUNT = defineTable({
  kind: 'sesAccount',
  title: 'SES sending reputation (account)',
  namespace: 'AWS/SES',
  dimensions: [],
  params: PARAMS,
  rows: rows('the account', ALARMS),
  signals: [],
  cost: [],
});

export const ses = defineKind({
  key: 'ses',
  dashboard: 'messaging',
  tables: [CONFIGURATION_SET],
  account: [ACCOUNT],
  config: {
    doc: "SES configuration sets, by name; the account's reputation alarms (bounce and complaint rates) come with them.",
    schema: (k) => ({
      entry: k.z.union([
        k.awsName('a configuration set name'),
        k.obj({
          name: k.awsName('name').describe('The configuration set name.'),
          label: k.label,
          reputationMetrics: k.z
            .boolean()
            .optional()
            .describe(
              'Whether the set publishes reputation metrics (ReputationMetricsEnabled): its own rate alarms. Default true.',
            ),
          alarms: k.alarms(CONFIGURATION_SET),
        }),
      ]),
      defaults: {},
    }),
    resources: (entry, ctx) => {
      const e = typeof entry === 'string' ? { name: entry } : entry;
      // Without reputation metrics the set has no rate metrics: its rows are off (the account's still watch).
      const overrides = offUnlessEnabled(
        ctx.overrides('alarms' in e ? e.alarms : undefined),
        'reputationMetrics' in e && e.reputationMetrics === false
          ? CONFIGURATION_SET.rows.map((r) => r.id)
          : [],
      );
      return [
        {
          kind: 'ses',
          label: ctx.label('label' in e ? e.label : undefined, e.name),
          dimensions: { 'ses:configuration-set': e.name },
          params: ctx.params(CONFIGURATION_SET, {}),
          overrides,
          origin: ctx.origin(),
        },
      ];
    },
    account: (sets, ctx) =>
      sets.length === 0
        ? []
        : [
            {
              kind: 'sesAccount',
              label: 'ses',
              dimensions: {},
              params: ctx.params(ACCOUNT, {}),
              overrides: ctx.overrides,
              origin: 'defaults.account',
            },
          ],
  },
  example: (n) => `transactional-mail-${n}`,
  construct: {
    cfnTypes: ['AWS::SES::ConfigurationSet'],
    entry: (c, ctx) => {
      const set = ctx.cfnOf<CfnConfigurationSet>(c, 'AWS::SES::ConfigurationSet');
      if (!set) return undefined;
      const reputation = ctx.resolve(set, set.reputationOptions) as
        { reputationMetricsEnabled?: unknown } | undefined;
      return {
        name: ctx.string(set.name) ?? set.ref,
        label: ctx.label(c),
        reputationMetrics: reputation?.reputationMetricsEnabled === true,
      };
    },
  },
});
