import { AlarmRuleSyntaxError, parseAlarmRule, renderAlarmRule } from '../../lib/model/alarm-rule';
import type { AlarmRule } from '../../lib/model/alarm-spec';

const a = (alarm: string, state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA' = 'ALARM'): AlarmRule => ({
  type: 'state',
  state,
  alarm,
});

describe('composite alarm rules', () => {
  const cases: Array<[string, AlarmRule]> = [
    ['ALARM("x")', a('x')],
    ['ALARM("x") OR ALARM("y")', { type: 'or', operands: [a('x'), a('y')] }],
    [
      'ALARM("x") AND (OK("y") OR INSUFFICIENT_DATA("z"))',
      {
        type: 'and',
        operands: [a('x'), { type: 'or', operands: [a('y', 'OK'), a('z', 'INSUFFICIENT_DATA')] }],
      },
    ],
    ['NOT ALARM("x")', { type: 'not', operand: a('x') }],
    ['TRUE', { type: 'const', value: true }],
    [
      'AT_LEAST(2, ALARM, ("a", "b", "c"))',
      { type: 'atLeast', threshold: 2, state: 'ALARM', alarms: ['a', 'b', 'c'] },
    ],
    [
      'AT_LEAST(50%, NOT OK, ("a", "b"))',
      { type: 'atLeast', threshold: '50%', state: 'OK', negate: true, alarms: ['a', 'b'] },
    ],
    ['ALARM("say \\"hi\\"")', a('say "hi"')],
  ];

  test.each(cases)('%s renders and parses back', (text, rule) => {
    expect(renderAlarmRule(rule)).toBe(text);
    expect(parseAlarmRule(text)).toEqual(rule);
  });

  test('NOT binds tighter than AND, AND tighter than OR', () => {
    expect(parseAlarmRule('ALARM(a) OR NOT ALARM(b) AND ALARM(c)')).toEqual({
      type: 'or',
      operands: [a('a'), { type: 'and', operands: [{ type: 'not', operand: a('b') }, a('c')] }],
    });
  });

  test('unquoted names and ARNs are accepted', () => {
    expect(parseAlarmRule('alarm(arn:aws:cloudwatch:eu-west-1:1:alarm:x)')).toEqual(
      a('arn:aws:cloudwatch:eu-west-1:1:alarm:x'),
    );
  });

  test.each([
    ['ALARM("x"', /expected "\)" but the rule ended/],
    ['ALARM("x") OR', /the rule ended too early/],
    ['WARNING("x")', /unexpected "WARNING" at character 1/],
    ['AT_LEAST(2, BROKEN, ("a"))', /"BROKEN" is not ALARM, OK or INSUFFICIENT_DATA/],
    ['ALARM("x) ', /unterminated string/],
  ])('%s is a syntax error that says where', (text, message) => {
    expect(() => parseAlarmRule(text)).toThrow(AlarmRuleSyntaxError);
    expect(() => parseAlarmRule(text)).toThrow(message);
  });
});
