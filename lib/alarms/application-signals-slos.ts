/**
 * Renders SLOs as `AWS::ApplicationSignals::ServiceLevelObjective` (the properties come from
 * `model/slo-application-signals.ts`). Creating one also creates Application Signals' service-linked role when the
 * account lacks it, so no `AWS::ApplicationSignals::Discovery` is needed.
 */
import {
  CfnServiceLevelObjective,
  type CfnServiceLevelObjectiveProps,
} from 'aws-cdk-lib/aws-applicationsignals';
import { Construct } from 'constructs';

/** Properties of {@link ApplicationSignalsSlos}. */
export interface ApplicationSignalsSlosProps {
  /** The objectives' CloudFormation properties (`applicationSignalsSlo` makes them from an SLO). */
  readonly objectives: readonly CfnServiceLevelObjectiveProps[];
}

/** The Application Signals objectives of one stack's SLOs, with ids from their names. */
export class ApplicationSignalsSlos extends Construct {
  /** The rendered objectives, in the order given. */
  readonly objectives: readonly CfnServiceLevelObjective[];

  constructor(scope: Construct, id: string, props: ApplicationSignalsSlosProps) {
    super(scope, id);
    this.objectives = props.objectives.map((o) => new CfnServiceLevelObjective(this, o.name, o));
  }
}
