import type { IConstruct } from 'constructs';

/** A mistake in construct props: the message starts with the construct path, like aws-cdk-lib's errors. */
export class TelemetryPropsError extends Error {
  constructor(scope: IConstruct, message: string) {
    super(`${scope.node.path || 'App'}: ${message}`);
    this.name = 'TelemetryPropsError';
  }
}
