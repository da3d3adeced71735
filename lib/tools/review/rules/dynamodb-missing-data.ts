import { effectiveMissingData } from '../../../model/alarm-spec';
import { metricSpec, type ReviewRule } from '../types';

export const dynamodbMissingData: ReviewRule = {
  id: 'dynamodb-missing-data',
  level: 'info',
  title: 'Missing-data treatment that DynamoDB ignores',
  advice:
    'CloudWatch alarms on AWS/DynamoDB metrics always ignore missing data, whatever TreatMissingData says (PutMetricAlarm API).',
  check: (a) => {
    const s = metricSpec(a.alarm.spec);
    if (!s) return [];
    const ignored = effectiveMissingData(s) !== s.treatMissingData;
    return ignored && (s.treatMissingData === 'breaching' || s.treatMissingData === 'notBreaching')
      ? [`TreatMissingData "${s.treatMissingData}" has no effect on AWS/DynamoDB metrics`]
      : [];
  },
};
