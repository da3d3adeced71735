import { LIMITS } from '../../../model/limits';
import type { ReviewRule } from '../types';

export const nameTooLong: ReviewRule = {
  id: 'name-too-long',
  level: 'error',
  title: 'Alarm name over 255 characters',
  advice:
    'CloudWatch rejects alarm names over 255 characters: shorten it (cdk-telemetry shortens and hashes).',
  check: (a) => {
    const n = a.alarm.spec.name.length;
    return n > LIMITS.alarmName ? [`the name is ${n} characters (at most ${LIMITS.alarmName})`] : [];
  },
};
