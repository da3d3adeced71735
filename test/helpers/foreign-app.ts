/**
 * A CDK app this project did not write: cdk-monitoring-constructs' MonitoringFacade on a Lambda function (latency,
 * fault count and rate, throttles, low TPS, an anomaly-detection alarm, a composite) plus an aws-cdk-lib
 * AnomalyDetectionAlarm without a name, synthesized with cdk-nag like every test app.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { MonitoringFacade, SnsAlarmActionStrategy } from 'cdk-monitoring-constructs';
import { testApp } from './synth';

export function synthForeignApp() {
  const app = testApp();
  const stack = new Stack(app, 'Shop');
  const topic = new sns.Topic(stack, 'Pager', { topicName: 'shop-pager', enforceSSL: true });
  const facade = new MonitoringFacade(stack, 'Monitoring', {
    alarmFactoryDefaults: {
      alarmNamePrefix: 'shop',
      actionsEnabled: true,
      action: new SnsAlarmActionStrategy({ onAlarmTopic: topic }),
    },
  });
  facade.monitorLambdaFunction({
    lambdaFunction: lambda.Function.fromFunctionName(stack, 'Checkout', 'shop-checkout'),
    addLatencyP99Alarm: { Warning: { maxLatency: Duration.millis(500) } },
    addFaultRateAlarm: { Critical: { maxErrorRate: 5 } },
    addFaultCountAlarm: { Warning: { maxErrorCount: 3, datapointsToAlarm: 3, evaluationPeriods: 5 } },
    addThrottlesCountAlarm: { Warning: { maxErrorCount: 0 } },
    addLowTpsAlarm: { Warning: { minTps: 1 } },
  });
  facade.monitorCustom({
    alarmFriendlyName: 'Orders',
    metricGroups: [
      {
        title: 'Orders',
        metrics: [
          {
            metric: new cw.Metric({
              namespace: 'Shop',
              metricName: 'Orders',
              statistic: 'Sum',
              label: 'Orders',
            }),
            alarmFriendlyName: 'Orders',
            anomalyDetectionStandardDeviationToRender: 3,
            addAlarmOnAnomaly: {
              Warning: {
                standardDeviationForAlarm: 2,
                alarmWhenAboveTheBand: true,
                alarmWhenBelowTheBand: true,
              },
            },
          },
        ],
      },
    ],
  });
  facade.createCompositeAlarmUsingDisambiguator('Critical');
  new cw.AnomalyDetectionAlarm(stack, 'ApiLatency', {
    metric: new cw.Metric({
      namespace: 'AWS/ApiGateway',
      metricName: 'Latency',
      statistic: 'p90',
      dimensionsMap: { ApiName: 'shop-api', Stage: 'prod' },
    }),
    evaluationPeriods: 3,
    stdDevs: 2.5,
    comparisonOperator: cw.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
  });
  return app.synth();
}
