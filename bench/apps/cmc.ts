/**
 * cdk-monitoring-constructs (CMC) on the same workload: one stack per service (as ours; a single stack would pass
 * CloudFormation's 500-resource limit at N = 40), each with a MonitoringFacade that watches the service's
 * resources, imported by name.
 *
 * `alarms: true` asks CMC for the alarms cdk-telemetry creates by default, with the same thresholds, periods,
 * M of N, comparison, missing-data treatment and routing (warnings to the warning topic, critical alarms silent
 * and one composite per service that pages on ALARM and OK). Where CMC has no built-in alarm (Lambda p95, SQS
 * in-flight) the alarm is a `monitorCustom` metric with `addAlarm`. The mapping and its gaps: bench/README.md.
 * `alarms: false` is CMC as it comes: the same monitorX calls, no alarms, its default dashboard.
 */
import { Duration, Fn, Stack, type App } from 'aws-cdk-lib';
import { RestApi, type IRestApi } from 'aws-cdk-lib/aws-apigateway';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import {
  MonitoringFacade,
  noopAction,
  notifySns,
  type CustomAlarmThreshold,
  type MonitoringFacadeProps,
} from 'cdk-monitoring-constructs';
import { APP, type ServiceWorkload } from '../workload';

/** Critical alarms carry this tag; the per-service composite watches every alarm with it. */
const PAGE = 'page';

/** M of N, our missing-data treatment and, for critical alarms, the composite's tag. */
function rule(
  m: number,
  n: number,
  missing: TreatMissingData,
  page = false,
  extra: Partial<CustomAlarmThreshold> = {},
): CustomAlarmThreshold {
  return {
    datapointsToAlarm: m,
    evaluationPeriods: n,
    treatMissingDataOverride: missing,
    ...(page ? { customTags: [PAGE] } : {}),
    ...extra,
  };
}

const NOT_BREACHING = TreatMissingData.NOT_BREACHING;
const GTE = { comparisonOperatorOverride: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD };
/** Percentile alarms that ignore periods with too few samples, as our budget and API latency rows do. */
const IGNORE_LOW_SAMPLES = { evaluateLowSampleCountPercentile: false };
/** Rates only when a period has at least 10 requests (CMC: `IF(sampleCount > 9, rate)`), like ours. */
const MIN_10_REQUESTS = { minSampleCountToEvaluateDatapoint: 9 };

/** Topics are addressed by name, as our monitoring stacks do (`Fn::Sub` of the ARN). */
function topic(stack: Stack, severity: string): ITopic {
  const arn = Fn.sub(
    `arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:${APP}-telemetry-${severity}`,
  );
  return Topic.fromTopicArn(stack, `${severity}Topic`, arn);
}

function facadeProps(stack: Stack, s: ServiceWorkload): MonitoringFacadeProps {
  const warning = topic(stack, 'warning');
  return {
    metricFactoryDefaults: { period: Duration.minutes(1) },
    alarmFactoryDefaults: {
      alarmNamePrefix: `${APP}-${s.name}`,
      actionsEnabled: true,
      action: noopAction(),
      disambiguatorAction: { Warning: notifySns(warning), Critical: noopAction() },
    },
  };
}

export function build(app: App, services: readonly ServiceWorkload[], options: { alarms: boolean }): void {
  for (const s of services) {
    const stack = new Stack(app, `${APP}-cmc-${s.name}`);
    const facade = new MonitoringFacade(stack, s.name, options.alarms ? facadeProps(stack, s) : undefined);
    const fn = LambdaFunction.fromFunctionName(stack, 'Function', s.functionName);
    const api: IRestApi = RestApi.fromRestApiAttributes(stack, 'Api', {
      restApiId: s.api.name,
      rootResourceId: 'root',
      restApiName: s.api.name,
    });
    const queue = Queue.fromQueueAttributes(stack, 'Queue', {
      queueArn: stack.formatArn({ service: 'sqs', resource: s.queueName }),
      queueName: s.queueName,
    });
    const table = Table.fromTableName(stack, 'Table', s.tableName);
    const method = {
      api,
      apiStage: s.api.stage,
      apiMethod: s.api.method,
      apiResource: s.api.path,
      alarmFriendlyName: `${s.api.name}-${s.api.method}-${s.api.path.replace(/\W+/g, '')}`,
    };

    if (!options.alarms) {
      facade
        .monitorLambdaFunction({ lambdaFunction: fn })
        .monitorApiGateway({ api, apiStage: s.api.stage })
        .monitorApiGateway(method)
        .monitorSqsQueue({ queue })
        .monitorDynamoTable({ table });
      continue;
    }

    facade
      .monitorLambdaFunction({
        lambdaFunction: fn,
        // CMC's fault rate is the Average of Errors (a 0..1 fraction); ours is 100 * Errors / Invocations.
        addFaultRateAlarm: {
          Critical: { maxErrorRate: 0.05, ...rule(3, 5, NOT_BREACHING, true, MIN_10_REQUESTS) },
        },
        addFaultCountAlarm: { Warning: { maxErrorCount: 0, ...rule(3, 3, NOT_BREACHING) } },
        addThrottlesCountAlarm: { Warning: { maxErrorCount: 0, ...rule(5, 5, NOT_BREACHING) } },
        addLatencyP90Alarm: {
          Warning: { maxLatency: Duration.millis(2700), ...rule(15, 15, NOT_BREACHING) },
        },
        addConcurrentExecutionsCountAlarm: {
          Warning: { maxRunningTasks: 900, ...rule(10, 10, NOT_BREACHING) },
        },
      })
      .monitorApiGateway({
        api,
        apiStage: s.api.stage,
        add5XXFaultRateAlarm: {
          Critical: { maxErrorRate: 0.05, ...rule(3, 3, NOT_BREACHING, true, MIN_10_REQUESTS) },
        },
        add4XXErrorRateAlarm: {
          Warning: { maxErrorRate: 0.05, ...rule(5, 5, NOT_BREACHING, false, MIN_10_REQUESTS) },
        },
        addLatencyP90Alarm: {
          Warning: {
            maxLatency: Duration.millis(2500),
            ...rule(5, 5, NOT_BREACHING, false, { ...GTE, ...IGNORE_LOW_SAMPLES }),
          },
        },
      })
      .monitorApiGateway({
        ...method,
        addLatencyP95Alarm: {
          Warning: {
            maxLatency: Duration.millis(200),
            ...rule(3, 5, NOT_BREACHING, false, IGNORE_LOW_SAMPLES),
          },
          Critical: {
            maxLatency: Duration.millis(300),
            ...rule(3, 5, NOT_BREACHING, true, IGNORE_LOW_SAMPLES),
          },
        },
      })
      .monitorSqsQueue({
        queue,
        addQueueMaxMessageAgeAlarm: {
          Warning: { maxAgeInSeconds: 450, ...rule(15, 15, NOT_BREACHING, false, GTE) },
        },
        addQueueMaxSizeAlarm: {
          Warning: { maxMessageCount: 1000, ...rule(15, 15, NOT_BREACHING, false, GTE) },
        },
      })
      .monitorDynamoTable({
        table,
        addReadThrottledEventsCountAlarm: {
          Warning: { maxThrottledEventsThreshold: 0, ...rule(5, 5, TreatMissingData.IGNORE) },
        },
        addWriteThrottledEventsCountAlarm: {
          Warning: { maxThrottledEventsThreshold: 0, ...rule(5, 5, TreatMissingData.IGNORE) },
        },
        addSystemErrorCountAlarm: { Warning: { maxErrorCount: 0, ...rule(15, 15, TreatMissingData.IGNORE) } },
      })
      // No built-in Lambda p95 alarm (P50/P90/P99/max only) and no SQS in-flight alarm: custom metrics.
      .monitorCustom({
        alarmFriendlyName: `${s.name}-custom`,
        metricGroups: [
          {
            title: 'Lambda p95 duration (budget)',
            metrics: [
              {
                metric: fn.metricDuration({ statistic: 'p95', period: Duration.minutes(1) }),
                alarmFriendlyName: `${s.functionName}-latencyBudget`,
                addAlarm: {
                  Warning: {
                    threshold: 200,
                    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
                    ...rule(3, 5, NOT_BREACHING, false, IGNORE_LOW_SAMPLES),
                  },
                  Critical: {
                    threshold: 300,
                    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
                    ...rule(3, 5, NOT_BREACHING, true, IGNORE_LOW_SAMPLES),
                  },
                },
              },
            ],
          },
          {
            title: 'SQS messages in flight',
            metrics: [
              {
                metric: queue.metricApproximateNumberOfMessagesNotVisible({
                  statistic: 'Average',
                  period: Duration.minutes(1),
                }),
                alarmFriendlyName: `${s.queueName}-inFlight`,
                addAlarm: {
                  Warning: {
                    threshold: 108000,
                    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    ...rule(15, 15, NOT_BREACHING),
                  },
                },
              },
            ],
          },
        ],
      });
    const critical = topic(stack, 'critical');
    facade.createCompositeAlarmUsingTag(PAGE, {
      disambiguator: 'Critical',
      alarmNameSuffix: 'anyCritical',
      alarmDescription: `Any critical alarm of service ${s.name}`,
      actionOverride: notifySns(critical, critical),
    });
  }
}
