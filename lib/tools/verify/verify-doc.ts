/** A verify report as a document (terminal, Markdown, HTML): the summary, then the checks that did not pass. */
import type { ReportDoc, Tone } from '../report/document';
import { verifySummary, type CheckStatus } from './check';
import type { VerifyReport } from './verify';

const TONE: Record<CheckStatus, Tone> = { pass: 'ok', fail: 'error', warn: 'warning', skip: 'muted' };

export interface VerifyDocOptions {
  /** List passing checks too. @default false */
  readonly all?: boolean;
  /** The assembly, for the subtitle. */
  readonly root?: string;
}

export function verifyDoc(report: VerifyReport, options: VerifyDocOptions = {}): ReportDoc {
  const s = verifySummary(report);
  const shown = options.all ? report.checks : report.checks.filter((c) => c.status !== 'pass');
  const prefix = report.prefix ? ` (app prefix "${report.prefix}")` : '';
  return {
    title: 'Deployment check',
    subtitle: `${options.root ? `${options.root} against the account: ` : ''}${s.pass} passed, ${s.fail} failed, ${s.warn} warnings, ${s.skip} skipped${prefix}`,
    blocks:
      shown.length === 0
        ? [{ type: 'paragraph', text: 'The account matches the assembly.' }]
        : [
            {
              type: 'table',
              columns: ['status', 'kind', 'name', 'detail'],
              rows: shown.map((c) => [
                { text: c.status.toUpperCase(), tone: TONE[c.status] },
                c.kind,
                c.subject,
                c.detail,
              ]),
            },
            ...(options.all
              ? []
              : [{ type: 'paragraph' as const, text: 'Passing checks are hidden; --all shows them.' }]),
          ],
  };
}
