/**
 * Cognito user pool clients (`UserPool`, `UserPoolClient`): sign-up, sign-in and token-refresh throttles, and
 * federation throttles per identity provider (a child table by `IdentityProvider`).
 */
import type { CfnUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { MonitoredResource } from '../telemetry-model';
import { safeLabel } from '../naming';
import { awsId } from './aws-ids';
import type { Severity } from '../alarm-spec';
import { AWS_RECOMMENDED, defineKind, defineTable, type CatalogRow } from './types';

const SRC = `${AWS_RECOMMENDED}#Cognito`;
const QUOTAS = 'https://docs.aws.amazon.com/cognito/latest/developerguide/limits.html';

const throttles = (
  id: string,
  metricName: string,
  what: string,
  severity: Severity,
  implementsId: string,
  why: string,
): CatalogRow => ({
  id,
  signal: id,
  metric: { type: 'metric', metricName, stat: 'Sum' },
  threshold: { param: 'maxThrottles' },
  comparison: 'GreaterThanThreshold',
  period: 60,
  datapoints: [5, 5],
  missing: 'notBreaching',
  severity,
  enabled: true,
  unit: 'count',
  meaning: `${what} to {resource} are throttled (more than {threshold} a minute)`,
  firstStep: `find the client that calls too often (a retry loop, a load test); else request a higher Cognito quota (${QUOTAS})`,
  source: SRC,
  why: `AWS: "depends" on the request rate (throttles are the category's requests-per-second quota). Default: any throttle in each of 5 minutes (\`maxThrottles\` 0), since a client that retries well rarely hits the quota for 5 minutes in a row. ${why}`,
  implements: implementsId,
});

const THROTTLES = { maxThrottles: { default: 0, doc: 'Throttled requests per minute tolerated.' } };

const CLIENT = defineTable({
  kind: 'cognito',
  title: 'Cognito user pool client',
  namespace: 'AWS/Cognito',
  dimensions: ['UserPool', 'UserPoolClient'],
  params: THROTTLES,
  rows: [
    throttles(
      'signInThrottles',
      'SignInThrottles',
      'Sign-ins',
      'critical',
      'cognito-signinthrottles',
      'It pages: users who cannot sign in feel it.',
    ),
    throttles(
      'signUpThrottles',
      'SignUpThrottles',
      'Sign-ups',
      'warning',
      'cognito-signupthrottles',
      'Warning: a new user can try again; a sustained case still needs a look.',
    ),
    throttles(
      'tokenRefreshThrottles',
      'TokenRefreshThrottles',
      'Token refreshes',
      'warning',
      'cognito-tokenrefreshthrottles',
      'Warning: SDKs retry refreshes; sessions end only when it lasts.',
    ),
  ],
  signals: [
    { title: 'Sign-in successes', metricName: 'SignInSuccesses', stat: 'Sum' },
    { title: 'Sign-in throttles', metricName: 'SignInThrottles', stat: 'Sum' },
    { title: 'Token refresh successes', metricName: 'TokenRefreshSuccesses', stat: 'Sum' },
    { title: 'Sign-up throttles', metricName: 'SignUpThrottles', stat: 'Sum' },
  ],
  cost: [],
});

const FEDERATION = defineTable({
  kind: 'cognitoFederation',
  title: 'Cognito federated identity provider',
  namespace: 'AWS/Cognito',
  dimensions: ['UserPool', 'UserPoolClient', 'IdentityProvider'],
  params: THROTTLES,
  rows: [
    throttles(
      'federationThrottles',
      'FederationThrottles',
      'Federated sign-ins',
      'warning',
      'cognito-federationthrottles',
      'Warning: the pool-wide sign-in alarm pages when users are locked out.',
    ),
  ],
  signals: [
    { title: 'Federation successes', metricName: 'FederationSuccesses', stat: 'Sum' },
    { title: 'Federation throttles', metricName: 'FederationThrottles', stat: 'Sum' },
  ],
  cost: [],
});

const POOL = /^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]{1,32}$/;
const CLIENT_ID = /^[0-9a-z]{1,128}$/;
const PROVIDER = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,32}$/u;

export const cognito = defineKind({
  key: 'cognito',
  dashboard: 'edge',
  tables: [CLIENT, FEDERATION],
  account: [],
  config: {
    doc: 'Cognito user pool clients, with their federated identity providers.',
    schema: (k) => {
      const maxThrottles = k
        .int('Throttled requests per minute tolerated. Default 0.', 0, 100_000)
        .optional();
      return {
        entry: k.obj({
          userPool: awsId(
            k,
            POOL,
            'a user pool id, e.g. eu-west-1_aBcD12345',
            'The user pool id (the UserPool dimension).',
          ),
          client: awsId(
            k,
            CLIENT_ID,
            'an app client id (lower-case letters and digits)',
            'The app client id (the UserPoolClient dimension).',
          ),
          label: k.label,
          identityProviders: k.z
            .array(
              awsId(
                k,
                PROVIDER,
                'an identity provider name, e.g. Google',
                'A federated identity provider name.',
              ),
            )
            .max(50, { message: 'at most 50 identity providers per client' })
            .optional()
            .describe(
              'Federated identity providers (Google, SignInWithApple, a SAML or OIDC name) whose throttles are alarmed. Read from the construct.',
            ),
          maxThrottles,
          alarms: k.alarms(CLIENT, FEDERATION),
        }),
        defaults: { maxThrottles },
      };
    },
    resources: (e, ctx) => {
      const label = ctx.label(e.label, e.client);
      const overrides = ctx.overrides(e.alarms);
      const params = { maxThrottles: e.maxThrottles ?? ctx.defaults.maxThrottles };
      const dimensions = { UserPool: e.userPool, UserPoolClient: e.client };
      const out: Array<MonitoredResource<'cognito' | 'cognitoFederation'>> = [
        {
          kind: 'cognito',
          label,
          dimensions,
          params: ctx.params(CLIENT, params),
          overrides,
          origin: ctx.origin(),
        },
      ];
      const seen = new Set<string>();
      (e.identityProviders ?? []).forEach((provider, j) => {
        if (seen.has(provider))
          return ctx.issue(['identityProviders', j], `identity provider "${provider}" is listed twice`);
        seen.add(provider);
        out.push({
          kind: 'cognitoFederation',
          label: safeLabel(`${label}-${ctx.isToken(provider) ? `idp${j + 1}` : provider}`),
          dimensions: { ...dimensions, IdentityProvider: provider },
          params: ctx.params(FEDERATION, params),
          overrides,
          origin: ctx.origin('identityProviders', j),
        });
      });
      return out;
    },
    account: () => [],
  },
  example: (n) => ({
    userPool: `eu-west-1_aBcD1234${n}`,
    client: `4tnpl2mfp0ifb6ag7f9b8v${String(n).padStart(4, '0')}`,
    label: `shop-web-${n}`,
    identityProviders: ['Google'],
  }),
  construct: {
    cfnTypes: ['AWS::Cognito::UserPoolClient'],
    entry: (c, ctx) => {
      const client = ctx.cfnOf<CfnUserPoolClient>(c, 'AWS::Cognito::UserPoolClient');
      if (!client) return undefined;
      // COGNITO is the pool's own directory, not a federation; others (Google, a SAML name) federate.
      const providers = ((ctx.resolve(client, client.supportedIdentityProviders) as unknown[]) ?? [])
        .map((p) => ctx.string(p))
        .filter((p): p is string => p !== undefined && p !== 'COGNITO');
      return {
        userPool: client.userPoolId,
        client: client.ref,
        label: ctx.label(c),
        ...(providers.length ? { identityProviders: providers } : {}),
      };
    },
  },
});
