import { LIMITS, isValidPeriod } from '../../../model/limits';
import { renderAlarmRule } from '../../../model/alarm-rule';
import type { ReviewRule } from '../types';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The other limits of PutMetricAlarm / PutCompositeAlarm (the ones the rules above do not cover). */
export const rejectedByCloudWatch: ReviewRule = {
  id: 'rejected-by-cloudwatch',
  level: 'error',
  title: 'Value CloudWatch rejects',
  advice: 'The deployment would fail: fix the value named in the finding.',
  check: (a) => {
    const s = a.alarm.spec;
    const out: string[] = [];
    if (!PRINTABLE_ASCII.test(s.name)) out.push('the name is not printable ASCII');
    if (s.description.length > LIMITS.description)
      out.push(`the description is ${s.description.length} characters (at most ${LIMITS.description})`);
    for (const [state, list] of Object.entries(s.actions)) {
      if (list.length > LIMITS.actionsPerState)
        out.push(`${list.length} ${state} actions (at most ${LIMITS.actionsPerState} per state)`);
    }
    if (s.type === 'metric') {
      if (!isValidPeriod(s.source.period))
        out.push(`period ${s.source.period} s is not 10, 30 or a multiple of 60`);
      if (s.evaluationPeriods < 1) out.push('evaluation periods must be at least 1');
      else if (s.datapointsToAlarm < 1 || s.datapointsToAlarm > s.evaluationPeriods)
        out.push(`datapoints to alarm ${s.datapointsToAlarm} is not between 1 and ${s.evaluationPeriods}`);
    } else {
      const chars = renderAlarmRule(s.rule).length;
      if (chars > LIMITS.compositeRuleChars)
        out.push(`the rule is ${chars} characters (at most ${LIMITS.compositeRuleChars})`);
    }
    return out;
  },
};
