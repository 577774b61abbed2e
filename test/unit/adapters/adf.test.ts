import { adfToText, paragraphsToAdf } from '../../../src/adapters/adf';

describe('comments and descriptions read from Jira', () => {
  it('read as the author typed them: mentions kept, paragraphs apart, line breaks kept', () => {
    const reply = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'The end date is 2026-03-31; ask ' }, { type: 'mention', attrs: { id: 'acc-carol', text: '@Carol Chen' } }, { type: 'text', text: '.' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Line one' }, { type: 'hardBreak' }, { type: 'text', text: 'line two' }] },
      ],
    };
    expect(adfToText(reply)).toBe('The end date is 2026-03-31; ask @Carol Chen.\n\nLine one\nline two');
  });

  it('give back what the app wrote, paragraph for paragraph, and pass plain strings and nothing through', () => {
    expect(adfToText(paragraphsToAdf(['First.', '', 'Second.']))).toBe('First.\n\nSecond.');
    expect(adfToText('already text')).toBe('already text');
    expect(adfToText(null)).toBe('');
  });
});
