/**
 * A CloudWatch RUM app monitor (`AWS::RUM::AppMonitor`) with its authorization: a Cognito identity pool whose guest
 * role may only `rum:PutRumEvents` to this monitor, or (`resourcePolicy`) a resource policy on the monitor that
 * accepts the web client's unsigned events. Custom events become metrics in `RUM/CustomMetrics/<app>`.
 */
import { Aws, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnAppMonitor } from 'aws-cdk-lib/aws-rum';
import { Construct } from 'constructs';
import { acknowledgeInPacks, INLINE_POLICY_REASON } from '../compliance/acknowledge';
import { metricNameOf, rumCustomNamespace, type RumModel } from '../model/rum';

export interface RumMonitorProps {
  /** The application (custom metrics go to `RUM/CustomMetrics/<app>`). */
  readonly app: string;
  readonly rum: RumModel;
}

/** The RUM app monitor of an app and what lets browsers write to it. */
export class RumMonitor extends Construct {
  readonly appMonitor: CfnAppMonitor;
  /** The identity pool browsers get guest credentials from (`cognito` authorization). */
  readonly identityPool?: cognito.CfnIdentityPool;
  /** The guest role: `rum:PutRumEvents` to this monitor only. */
  readonly guestRole?: iam.Role;

  constructor(scope: Construct, id: string, props: RumMonitorProps) {
    super(scope, id);
    const r = props.rum;
    const monitorArn = `arn:${Aws.PARTITION}:rum:${Aws.REGION}:${Aws.ACCOUNT_ID}:appmonitor/${r.name}`;
    let auth: Pick<CfnAppMonitor.AppMonitorConfigurationProperty, 'identityPoolId' | 'guestRoleArn'> = {};
    let resourcePolicy: CfnAppMonitor.ResourcePolicyProperty | undefined;
    if (r.authorization === 'cognito') {
      const pool = new cognito.CfnIdentityPool(this, 'IdentityPool', {
        identityPoolName: `${r.name.replace(/-/g, '_')}_rum`,
        allowUnauthenticatedIdentities: true,
        allowClassicFlow: false,
      });
      Validations.of(pool).acknowledge({
        id: 'AwsSolutions-COG7',
        reason:
          'The visitors of a public web application are not signed in: CloudWatch RUM sends their events with guest (unauthenticated) credentials, whose role may only call rum:PutRumEvents on this one app monitor',
      });
      const role = new iam.Role(this, 'GuestRole', {
        description: `Browsers of ${r.domains.join(', ')}: send CloudWatch RUM events to ${r.name}`,
        assumedBy: new iam.FederatedPrincipal(
          'cognito-identity.amazonaws.com',
          {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': pool.ref },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
          },
          'sts:AssumeRoleWithWebIdentity',
        ),
      });
      role.addToPolicy(new iam.PolicyStatement({ actions: ['rum:PutRumEvents'], resources: [monitorArn] }));
      acknowledgeInPacks(role, 'IAMNoInlinePolicy', INLINE_POLICY_REASON);
      new cognito.CfnIdentityPoolRoleAttachment(this, 'Roles', {
        identityPoolId: pool.ref,
        roles: { unauthenticated: role.roleArn },
      });
      auth = { identityPoolId: pool.ref, guestRoleArn: role.roleArn };
      this.identityPool = pool;
      this.guestRole = role;
    } else {
      resourcePolicy = {
        policyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'WebClientsSendEvents',
              Effect: 'Allow',
              Principal: '*',
              Action: 'rum:PutRumEvents',
              Resource: monitorArn,
            },
          ],
        }),
      };
    }
    this.appMonitor = new CfnAppMonitor(this, 'AppMonitor', {
      name: r.name,
      domainList: [...r.domains],
      cwLogEnabled: r.logs,
      ...(resourcePolicy ? { resourcePolicy } : {}),
      ...(r.events.length ? { customEvents: { status: 'ENABLED' } } : {}),
      appMonitorConfiguration: {
        allowCookies: r.cookies,
        enableXRay: r.xray,
        sessionSampleRate: r.sampleRate,
        telemetries: [...r.telemetries],
        ...auth,
        ...(r.events.length
          ? {
              metricDestinations: [
                {
                  destination: 'CloudWatch',
                  metricDefinitions: r.events.map((event) => ({
                    name: metricNameOf(event),
                    namespace: rumCustomNamespace(props.app),
                    eventPattern: JSON.stringify({ event_type: [event] }),
                    unitLabel: 'Count',
                  })),
                },
              ],
            }
          : {}),
      },
    });
  }
}
