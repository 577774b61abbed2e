import type { AppSettings } from '../../contract/app-settings';

/**
 * Jira field values as workflow inputs: the admin maps field ids to input names in settings; the
 * value shapes Jira uses (users, options, ADF, cascades) become the plain values workflows parse.
 */
export function mapRequestFields(settings: AppSettings, fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const { fieldId, input } of settings.fields) {
    const value = plainValue(fields[fieldId]);
    if (value !== undefined && value !== null && value !== '') inputs[input] = value;
  }
  return inputs;
}

function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(plainValue).filter((v) => v !== undefined);
  if (typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record.accountId === 'string') return record.accountId;
  if (typeof record.value === 'string') return record.value;
  if (record.type === 'doc') return adfText(record);
  if (typeof record.name === 'string') return record.name;
  return undefined;
}

type AdfNode = Readonly<Record<string, unknown>>;

const childrenOf = (node: AdfNode): AdfNode[] => (Array.isArray(node.content) ? (node.content as AdfNode[]) : []);
const attr = (node: AdfNode, key: string): string | undefined => {
  const value = (node.attrs as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};

/**
 * A rich-text (ADF) field as the plain text the customer typed: paragraphs separated by a blank
 * line, line breaks kept, list items one per line, mentions and links as their text. Workflows
 * such as customer communications hash and send this text word for word, so the structure
 * matters as much as the words.
 */
function adfText(doc: AdfNode): string {
  return blocksText(childrenOf(doc));
}

function blocksText(blocks: readonly AdfNode[]): string {
  return blocks
    .map(blockText)
    .filter((text) => text !== null)
    .join('\n\n');
}

function blockText(block: AdfNode): string | null {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      return inlineText(childrenOf(block));
    case 'codeBlock':
      return childrenOf(block).map((n) => (typeof n.text === 'string' ? n.text : '')).join('');
    case 'bulletList':
    case 'orderedList': {
      const start = Number(attr(block, 'order') ?? 1);
      return childrenOf(block)
        .map((item, i) => `${block.type === 'orderedList' ? `${start + i}.` : '-'} ${blocksText(childrenOf(item)).replace(/\n/g, '\n  ')}`)
        .join('\n');
    }
    case 'blockquote':
    case 'panel':
    case 'expand':
      return blocksText(childrenOf(block));
    case 'rule':
      return '---';
    default:
      // Unknown blocks (tables, media...) keep whatever text they hold.
      return childrenOf(block).length > 0 ? blocksText(childrenOf(block)) : null;
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
      out += Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
    } else out += inlineText(childrenOf(node));
  }
  return out;
}
