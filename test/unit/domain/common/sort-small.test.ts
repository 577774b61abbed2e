import fc from 'fast-check';
import { sortSmall } from '../../../../src/domain/common/sort-small';

describe('sortSmall', () => {
  it('orders exactly as the built-in stable sort, for short and long lists', () => {
    const byKey = (a: { key: number; seq: number }, b: { key: number; seq: number }) => a.key - b.key;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), (keys) => {
        const items = keys.map((key, seq) => ({ key, seq }));
        expect(sortSmall([...items], byKey)).toEqual([...items].sort(byKey));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts in place and returns the same list', () => {
    const list = ['acc-3', 'acc-1', 'acc-2'];
    expect(sortSmall(list, (a, b) => (a < b ? -1 : a > b ? 1 : 0))).toBe(list);
    expect(list).toEqual(['acc-1', 'acc-2', 'acc-3']);
  });
});
