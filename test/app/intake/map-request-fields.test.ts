import { mapRequestFields } from '../../../src/app/intake/map-request-fields';
import type { AppSettings } from '../../../src/contract/app-settings';

// Only the field mapping matters here.
const settings = { fields: [{ fieldId: 'customfield_1', input: 'exactCopy' }] } as unknown as AppSettings;
const copyOf = (value: unknown) => mapRequestFields(settings, { customfield_1: value })['exactCopy'];

const text = (t: string) => ({ type: 'text', text: t });
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });

describe('rich-text (ADF) fields become the text the customer typed', () => {
  it('keeps paragraphs apart by a blank line and line breaks as line breaks', () => {
    const value = doc(
      paragraph(text('Hello,')),
      paragraph(text('Our EU region is under maintenance on 12 January from 02:00 to 03:00 UTC.'), { type: 'hardBreak' }, text('No action is needed on your side.')),
      paragraph(text('The Example team')),
    );
    expect(copyOf(value)).toBe('Hello,\n\nOur EU region is under maintenance on 12 January from 02:00 to 03:00 UTC.\nNo action is needed on your side.\n\nThe Example team');
  });

  it('keeps marks out of the text and the words of mentions, emoji, links and dates in it', () => {
    const value = doc(
      paragraph(
        { type: 'text', text: 'Ask ', marks: [{ type: 'strong' }] },
        { type: 'mention', attrs: { id: 'acc-1', text: '@Alice Archer' } },
        text(' about '),
        { type: 'inlineCard', attrs: { url: 'https://status.example.com/incidents/42' } },
        text(' '),
        { type: 'emoji', attrs: { shortName: ':tada:', text: '🎉' } },
        text(' on '),
        { type: 'date', attrs: { timestamp: '1767571200000' } },
      ),
    );
    expect(copyOf(value)).toBe('Ask @Alice Archer about https://status.example.com/incidents/42 🎉 on 2026-01-05');
  });

  it('writes list items one per line, numbered from where the list starts', () => {
    const item = (t: string) => ({ type: 'listItem', content: [paragraph(text(t))] });
    const value = doc(
      paragraph(text('Steps:')),
      { type: 'orderedList', attrs: { order: 3 }, content: [item('Open Billing'), item('Choose Exports')] },
      { type: 'bulletList', content: [item('PDF'), item('CSV')] },
    );
    expect(copyOf(value)).toBe('Steps:\n\n3. Open Billing\n4. Choose Exports\n\n- PDF\n- CSV');
  });

  it('keeps code blocks, quotes and headings as their text', () => {
    const value = doc(
      { type: 'heading', attrs: { level: 2 }, content: [text('Maintenance')] },
      { type: 'blockquote', content: [paragraph(text('Quoted line'))] },
      { type: 'codeBlock', content: [text('line 1\nline 2')] },
      { type: 'rule' },
    );
    expect(copyOf(value)).toBe('Maintenance\n\nQuoted line\n\nline 1\nline 2\n\n---');
  });

  it('writes to-dos and decisions one per line, nested ones indented', () => {
    const task = (t: string, state: 'TODO' | 'DONE') => ({ type: 'taskItem', attrs: { localId: t, state }, content: [text(t)] });
    const value = doc(
      { type: 'taskList', attrs: { localId: 'l1' }, content: [task('Rotate the key', 'DONE'), task('Tell customers', 'TODO'), { type: 'taskList', attrs: { localId: 'l2' }, content: [task('EU first', 'TODO')] }] },
      { type: 'decisionList', attrs: { localId: 'd1' }, content: [{ type: 'decisionItem', attrs: { localId: 'd', state: 'DECIDED' }, content: [text('Send on Monday')] }] },
    );
    expect(copyOf(value)).toBe('- [x] Rotate the key\n- [ ] Tell customers\n  - [ ] EU first\n\n- Send on Monday');
  });

  it('indents a nested list under its item without blank lines', () => {
    const item = (...content: unknown[]) => ({ type: 'listItem', content });
    const value = doc({ type: 'bulletList', content: [item(paragraph(text('a')), { type: 'bulletList', content: [item(paragraph(text('b')))] }), item(paragraph(text('c')))] });
    expect(copyOf(value)).toBe('- a\n  - b\n- c');
  });

  it('drops blank paragraphs at either end, and a document of blank paragraphs is no value', () => {
    expect(copyOf(doc(paragraph(), paragraph(text('Hello')), paragraph()))).toBe('Hello');
    expect(mapRequestFields(settings, { customfield_1: doc(paragraph(), paragraph()) })).toEqual({});
  });

  it('keeps a date no calendar can hold as written instead of failing the request', () => {
    expect(copyOf(doc(paragraph(text('Due '), { type: 'date', attrs: { timestamp: '99999999999999999' } })))).toBe('Due 99999999999999999');
  });

  it('treats an empty document as no value, and plain values as they are', () => {
    expect(mapRequestFields(settings, { customfield_1: doc() })).toEqual({});
    expect(copyOf('Plain text\n\nkept')).toBe('Plain text\n\nkept');
    expect(copyOf({ value: 'email' })).toBe('email');
  });
});
