/** Atlassian Document Format: just what the app reads (plain text) and writes (paragraphs). */

interface AdfNode {
  type?: string;
  text?: string;
  content?: AdfNode[];
}

const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote', 'rule', 'tableRow']);

/** The text of an ADF document, block elements on their own lines. Plain strings pass through. */
export function adfToText(doc: unknown): string {
  if (doc === null || doc === undefined) return '';
  if (typeof doc === 'string') return doc;
  const lines: string[] = [];
  let current = '';
  const walk = (node: AdfNode): void => {
    if (node.type === 'text' && typeof node.text === 'string') current += node.text;
    if (node.type === 'hardBreak') current += '\n';
    for (const child of node.content ?? []) walk(child);
    if (node.type && BLOCKS.has(node.type)) {
      lines.push(current);
      current = '';
    }
  };
  walk(doc as AdfNode);
  if (current) lines.push(current);
  return lines.join('\n').trim();
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
