import { formatCount, formatThreshold } from '../../lib/model/units';

test.each([
  [0, '0'],
  [999, '999'],
  [1000, '1,000'],
  [-1234567, '-1,234,567'],
  [1234567.25, '1,234,567.25'],
  ['1234.50', '1,234.50'],
])('formatCount(%p) is %p, as en-US writes it', (value, expected) => {
  expect(formatCount(value)).toBe(expected);
  if (typeof value === 'number')
    expect(formatCount(value)).toBe(value.toLocaleString('en-US', { maximumFractionDigits: 20 }));
});

test('thresholds read with their unit', () => {
  expect(formatThreshold(10000, 'count')).toBe('10,000');
  expect(formatThreshold(5, '%')).toBe('5%');
  expect(formatThreshold(450, 's')).toBe('7.5 min');
});
