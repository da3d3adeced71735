/** Estimators by resource type. Add a priced type: one file, one line here. */
import type { ResourceEstimator } from '../types';
import { canaries } from './canaries';
import { trails } from './cloudtrail';
import { dashboards } from './dashboards';
import { grafanaWorkspaces } from './grafana';
import { kmsKeys } from './kms';
import { logGroups } from './logs';
import { metricFilters } from './metric-filters';
import { rumAppMonitors } from './rum';
import { xrayGroups, xraySamplingRules } from './xray';

export const ESTIMATORS: readonly ResourceEstimator[] = [
  dashboards,
  xraySamplingRules,
  xrayGroups,
  trails,
  logGroups,
  grafanaWorkspaces,
  kmsKeys,
  rumAppMonitors,
  metricFilters,
  canaries,
];

/** Types that exist in templates but have no monthly charge of their own (or only per-use charges). */
export const NO_FIXED_CHARGE = new Set([
  'AWS::CDK::Metadata',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SNS::Subscription',
  'AWS::KMS::Alias',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::Chatbot::SlackChannelConfiguration',
  'AWS::Events::Rule',
  'AWS::Logs::ResourcePolicy',
  'AWS::Logs::SubscriptionFilter',
  'AWS::XRay::ResourcePolicy',
  'AWS::Lambda::Function',
  'AWS::Lambda::Permission',
  'AWS::CloudFormation::CustomResource',
  'AWS::Cognito::IdentityPool',
  'AWS::Cognito::IdentityPoolRoleAttachment',
]);
