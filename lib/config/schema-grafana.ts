/**
 * The `grafana:` section of telemetry.yaml: an Amazon Managed Grafana workspace, who may administer and edit it,
 * its data sources and its dashboards. Cross-field rules live in `to-model-grafana.ts`.
 */
import { z } from 'zod';
import { ampWorkspaceId, duration, httpsUrl, obj, region } from './schema-helpers';

const pattern = (re: RegExp, message: string) => z.string().regex(re, { message });

/** IAM Identity Center identity store ids: a GUID, optionally prefixed by 10 hex digits and "-". */
const IDENTITY_ID =
  /^([0-9a-f]{10}-)?[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
const identityIds = (what: string) =>
  z
    .array(
      pattern(
        IDENTITY_ID,
        `${what} must be IAM Identity Center ids like 906755a1b2-1a2b3c4d-aaaa-bbbb-cccc-0123456789ab (not names)`,
      ),
    )
    .optional();

const Principals = (role: string) =>
  obj(
    {
      users: identityIds('users').describe(`IAM Identity Center user ids that get the ${role} role.`),
      groups: identityIds('groups').describe(`IAM Identity Center group ids that get the ${role} role.`),
    },
    `IAM Identity Center users and groups with the ${role} role (set through UpdatePermissions).`,
  );

const awsId = (prefix: string, example: string) =>
  pattern(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `must be an id like ${example}`);

export const GrafanaSamlSchema = obj(
  {
    metadataUrl: httpsUrl('metadataUrl must be an https:// URL')
      .optional()
      .describe("The IdP's SAML metadata URL (or give metadataXml)."),
    metadataXml: z.string().min(1).optional().describe("The IdP's SAML metadata document."),
    assertions: obj(
      {
        role: z.string().min(1).describe('Attribute holding the role (compared with admins / editors).'),
        email: z.string().min(1).optional(),
        groups: z.string().min(1).optional(),
        login: z.string().min(1).optional(),
        name: z.string().min(1).optional(),
        org: z.string().min(1).optional(),
      },
      'SAML assertion attribute names.',
    ),
    admins: z.array(z.string().min(1)).optional().describe('Role attribute values that grant Admin.'),
    editors: z.array(z.string().min(1)).optional().describe('Role attribute values that grant Editor.'),
    allowedOrganizations: z
      .array(z.string().min(1))
      .optional()
      .describe('Only members of these organizations may sign in.'),
    loginValidity: duration('How long a SAML sign-in stays valid, in whole minutes. Default 1d.').optional(),
  },
  'SAML sign-in (when authentication includes saml).',
);

export const GrafanaSchema = obj(
  {
    version: z
      .string()
      .regex(/^\d+\.\d+$/, { message: 'version must be a Grafana version like "10.4"' })
      .superRefine((v, ctx) => {
        if (Number(v.split('.')[0]) < 9) {
          ctx.addIssue({
            code: 'custom',
            message: `version ${v} has no service accounts, which provisioning needs: use 9.4 or later (e.g. 10.4)`,
          });
        }
      })
      .optional()
      .describe(
        'Grafana version of the workspace, e.g. "10.4" (the default; the dashboards target it). Upgrade only: a lower version than deployed fails.',
      ),
    authentication: z
      .array(z.enum(['sso', 'saml']))
      .min(1, { message: 'list at least one of sso, saml' })
      .optional()
      .describe('How people sign in: sso (IAM Identity Center, the default), saml, or both.'),
    admins: Principals('Admin').optional(),
    editors: Principals('Editor').optional(),
    saml: GrafanaSamlSchema.optional(),
    prometheus: obj(
      {
        workspace: ampWorkspaceId().describe('AMP workspace id.'),
        region: region().optional().describe("The AMP workspace's Region. Default: the stack's."),
      },
      'An Amazon Managed Service for Prometheus workspace to query (read-only, SigV4 with the workspace role).',
    ).optional(),
    network: obj(
      {
        prefixLists: z
          .array(awsId('pl', 'pl-0123456789abcdef0'))
          .optional()
          .describe('Managed prefix lists of the IP addresses allowed in.'),
        vpcEndpoints: z
          .array(awsId('vpce', 'vpce-0123456789abcdef0'))
          .optional()
          .describe('com.amazonaws.<region>.grafana-workspace interface endpoints allowed in.'),
        provisioner: obj(
          {
            subnets: z.array(awsId('subnet', 'subnet-0123456789abcdef0')).min(1),
            securityGroups: z.array(awsId('sg', 'sg-0123456789abcdef0')).min(1),
          },
          'Where the provisioning Lambda runs: subnets whose traffic the rules let in (and that reach the Grafana and S3 APIs).',
        ).optional(),
      },
      'Network access control: only these IP ranges and VPC endpoints reach the workspace.',
    ).optional(),
    pluginAdmin: z.boolean().optional().describe('Let admins install and update plugins. Default false.'),
    dashboards: obj(
      {
        generated: z.boolean().optional().describe('One dashboard per service from this file. Default true.'),
        shipped: z
          .boolean()
          .optional()
          .describe('The dashboards that ship with cdk-telemetry (its dashboards/ folder). Default true.'),
        folders: z
          .array(z.string().min(1))
          .optional()
          .describe(
            'Folders of your own dashboard JSON files, relative to where cdk runs; provisioned as-is.',
          ),
      },
      'Which dashboards are provisioned.',
    ).optional(),
    contactPoints: z
      .boolean()
      .optional()
      .describe('Grafana contact points for the alert topics, one per severity. Default true.'),
  },
  'An Amazon Managed Grafana workspace: data sources and dashboards provisioned as code.',
);

export type GrafanaConfig = z.output<typeof GrafanaSchema>;
