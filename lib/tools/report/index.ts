/** One renderer per format; `json` is the tools' own data and is written by the commands. */
import type { ReportDoc } from './document';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { renderText, type TextOptions } from './text';

export const FORMATS = ['table', 'md', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export function renderDoc(
  doc: ReportDoc,
  format: Exclude<Format, 'json'>,
  options: TextOptions = {},
): string {
  switch (format) {
    case 'table':
      return renderText(doc, options);
    case 'md':
      return renderMarkdown(doc);
    case 'html':
      return renderHtml(doc);
  }
}

export * from './document';
