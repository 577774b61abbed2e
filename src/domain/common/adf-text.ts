/**
 * Atlassian Document Format (rich text) as plain text, one way for the whole app: request fields,
 * descriptions and comments read from Jira all become the text their author typed.
 */
type AdfNode = Readonly<Record<string, unknown>>;

const childrenOf = (node: AdfNode): AdfNode[] => (Array.isArray(node.content) ? (node.content as AdfNode[]) : []);
const attr = (node: AdfNode, key: string): string | undefined => {
  const value = (node.attrs as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};

/** Inline node types: text and what sits within a line. */
const INLINE_TYPES = new Set(['text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'date', 'status', 'placeholder', 'mediaInline']);

/** The largest instant a JavaScript date can hold: past it, a timestamp is not a date. */
const MAX_DATE_MS = 8.64e15;

/**
 * A rich-text (ADF) field as the plain text the customer typed: paragraphs separated by a blank
 * line, line breaks kept, list, task and decision items one per line, mentions and links as their
 * text; blank lines at either end dropped. Workflows such as customer communications hash and
 * send this text word for word, so the structure matters as much as the words.
 */
export function adfToPlainText(doc: AdfNode): string {
  return blocksText(childrenOf(doc), '\n\n').trim();
}

function blocksText(blocks: readonly AdfNode[], separator: string): string {
  return blocks
    .map(blockText)
    .filter((text) => text !== null)
    .join(separator);
}

/** Items one per line, each after its marker, with the lines of a nested block indented under it. */
function itemsText(items: readonly AdfNode[], marker: (item: AdfNode, index: number) => string): string {
  return items
    .map((item, i) => {
      // A task list nests by holding another task list among its items.
      if (item.type === 'taskList') return `  ${(blockText(item) ?? '').replace(/\n/g, '\n  ')}`;
      const children = childrenOf(item);
      const body = children.some((c) => INLINE_TYPES.has(String(c.type))) ? inlineText(children) : blocksText(children, '\n');
      return `${marker(item, i)} ${body.replace(/\n/g, '\n  ')}`;
    })
    .join('\n');
}

function blockText(block: AdfNode): string | null {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      return inlineText(childrenOf(block));
    case 'codeBlock':
      return childrenOf(block).map((n) => (typeof n.text === 'string' ? n.text : '')).join('');
    case 'bulletList':
      return itemsText(childrenOf(block), () => '-');
    case 'orderedList': {
      const start = Number(attr(block, 'order') ?? 1);
      return itemsText(childrenOf(block), (_item, i) => `${(Number.isFinite(start) ? start : 1) + i}.`);
    }
    case 'taskList':
      return itemsText(childrenOf(block), (item) => (attr(item, 'state') === 'DONE' ? '- [x]' : '- [ ]'));
    case 'decisionList':
      return itemsText(childrenOf(block), () => '-');
    case 'blockquote':
    case 'panel':
    case 'expand':
      return blocksText(childrenOf(block), '\n\n');
    case 'rule':
      return '---';
    default: {
      // Unknown blocks (tables, media...) keep whatever text they hold.
      const children = childrenOf(block);
      if (children.length === 0) return null;
      return children.some((c) => INLINE_TYPES.has(String(c.type))) ? inlineText(children) : blocksText(children, '\n');
    }
  }
}

function inlineText(nodes: readonly AdfNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text' && typeof node.text === 'string') out += node.text;
    else if (node.type === 'hardBreak') out += '\n';
    else if (node.type === 'mention' || node.type === 'status') out += attr(node, 'text') ?? '';
    else if (node.type === 'emoji') out += attr(node, 'text') ?? attr(node, 'shortName') ?? '';
    else if (node.type === 'inlineCard') out += attr(node, 'url') ?? '';
    else if (node.type === 'date') {
      const ms = Number(attr(node, 'timestamp'));
      // A timestamp no date can hold is kept as written rather than stopping the request.
      out += Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString().slice(0, 10) : (attr(node, 'timestamp') ?? '');
    } else out += inlineText(childrenOf(node));
  }
  return out;
}
