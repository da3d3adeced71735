import { browserTests } from './chromium';
import { inCi } from './ci';

test('in CI a missing Chromium fails the browser tests; elsewhere they are skipped', () => {
  const missing = '/nonexistent/chromium';
  expect(() => browserTests(missing, { CI: 'true' })).toThrow(
    /^\/nonexistent\/chromium is missing and CI is set: the browser tests must run in CI/,
  );
  expect(() => browserTests(missing, { CI: '1' })).toThrow(/is missing and CI is set/);
  expect(browserTests(missing, {})).toBe('skip');
  expect(browserTests(missing, { CI: 'false' })).toBe('skip');
  expect(browserTests(process.execPath, { CI: 'true' })).toBe('run');
});

test('CI is on for any value but empty, false or 0', () => {
  expect([undefined, '', 'false', 'FALSE', '0', 'true', '1', 'yes'].map((CI) => inCi({ CI }))).toEqual([
    false,
    false,
    false,
    false,
    false,
    true,
    true,
    true,
  ]);
});
