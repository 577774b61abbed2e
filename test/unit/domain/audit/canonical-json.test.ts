import { canonicalJson } from '../../../../src/domain/audit/canonical-json';

describe('canonical JSON for hashing', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: { d: [3, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"y":2,"z":1}]}}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [[undefined, 1], '[null,1]'],
    [{ n: Number.NaN, i: Number.POSITIVE_INFINITY }, '{"i":null,"n":null}'],
    ['é"\n', JSON.stringify('é"\n')],
    [true, 'true'],
    [undefined, 'null'],
  ])('serializes %j as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('does not depend on key insertion order', () => {
    expect(canonicalJson({ x: 1, y: { q: 1, p: 2 } })).toBe(canonicalJson({ y: { p: 2, q: 1 }, x: 1 }));
  });

  it('terminates on cycles', () => {
    const value: Record<string, unknown> = { a: 1 };
    value.self = value;
    expect(canonicalJson(value)).toBe('{"a":1,"self":"[circular]"}');
  });
});
