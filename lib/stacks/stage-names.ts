/**
 * Names of the telemetry of an app inside a CDK `Stage`: several stages of one app (beta and prod, in one account or
 * several) each get stacks, alert topics, alarms and dashboards of their own, named `<app>-<stage>-...`.
 */
import { Stage } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** What an app name must match (telemetry.yaml's `app`), stage included. */
export const APP_NAME = /^[a-z][a-z0-9-]{0,23}$/;

/**
 * The stage `scope` is in (the scope itself when it is a Stage), as a name part: lower case, letters, digits and
 * `-`; empty for the App itself (whose stage name is empty).
 */
export function stageNamePart(scope: IConstruct): string {
  const stage = Stage.isStage(scope) ? scope : Stage.of(scope);
  return (stage?.stageName ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The app name the telemetry in `scope` is named by: `app` in the App, `<app>-<stage>` in a Stage (nested stages
 * joined by `-`, as CDK's `stageName`). Undefined when that name is longer or otherwise not a valid app name: the
 * caller says so, naming the stage.
 */
export function appNameInStage(scope: IConstruct, app: string): string | undefined {
  const stage = stageNamePart(scope);
  const name = stage ? `${app}-${stage}` : app;
  return APP_NAME.test(name) ? name : undefined;
}
