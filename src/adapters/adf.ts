/** Atlassian Document Format: just what the app reads (plain text) and writes (paragraphs). */
import { adfToPlainText } from '../domain/common/adf-text';

/** The text of an ADF document as its author typed it (see adfToPlainText). Plain strings pass through. */
export function adfToText(doc: unknown): string {
  if (doc === null || doc === undefined) return '';
  if (typeof doc === 'string') return doc;
  if (typeof doc !== 'object') return '';
  return adfToPlainText(doc as Readonly<Record<string, unknown>>);
}

/** An ADF document of plain paragraphs. */
export function paragraphsToAdf(paragraphs: readonly string[]): Record<string, unknown> {
  return {
    type: 'doc',
    version: 1,
    content: paragraphs
      .filter((text) => text.length > 0)
      .map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  };
}
