/** JUnit XML for CI systems (GitLab, Jenkins, GitHub test reporters): one testsuite per file. */
import { escapeHtml } from '../report/svg';
import type { CaseResult } from './run';

const esc = (s: string) =>
  escapeHtml(s)
    // XML 1.0 cannot carry control characters other than tab, newline and carriage return.
    .split('')
    .filter((ch) => ch.charCodeAt(0) >= 0x20 || ch === '\t' || ch === '\n' || ch === '\r')
    .join('');

export function junitXml(results: readonly CaseResult[]): string {
  const files = [...new Set(results.map((r) => r.file))];
  const failed = results.filter((r) => r.failures.length).length;
  const time = (rs: readonly CaseResult[]) => rs.reduce((s, r) => s + r.seconds, 0).toFixed(3);
  const suites = files.map((f) => {
    const rs = results.filter((r) => r.file === f);
    const cases = rs.map((r) => {
      const head = `    <testcase name="${esc(r.name)}" classname="${esc(f)}" time="${r.seconds.toFixed(3)}"`;
      if (!r.failures.length) return `${head}/>`;
      return `${head}>\n      <failure message="${esc(r.failures[0].split('\n')[0])}" type="AlarmStateMismatch">${esc(r.failures.join('\n\n'))}</failure>\n    </testcase>`;
    });
    return `  <testsuite name="${esc(f)}" tests="${rs.length}" failures="${rs.filter((r) => r.failures.length).length}" errors="0" time="${time(rs)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cdk-telemetry alarm tests" tests="${results.length}" failures="${failed}" errors="0" time="${time(results)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
