import { compileWildcard, matchWildcard } from '../../../../src/domain/policy/match-wildcard';

describe('safe wildcard patterns', () => {
  it.each([
    ['*-admins', 'sql-admins', true],
    ['*-admins', 'SQL-Admins', true],
    ['*-admins', 'sql-admins-readonly', false],
    ['*-admins', '-admins', true],
    ['vpn-*', 'vpn-contractors', true],
    ['vpn-*', 'corp-vpn', false],
    ['*prod*', 'payments-prod-db', true],
    ['*prod*', 'staging', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'abbc', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['*', '', true],
    ['**', 'anything', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXcYb', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*ab*ab', 'xabyab', true],
    ['*ab*ab', 'xab', false],
    ['?', '', false],
    ['a.c', 'abc', false],
    ['[a]', '[a]', true],
    ['(x+)+y', '(x+)+y', true],
  ])('%j against %j is %s', (pattern, text, expected) => {
    expect(matchWildcard(compileWildcard(pattern), text)).toBe(expected);
  });

  it('stays fast on inputs that make backtracking regexes explode', () => {
    const pattern = compileWildcard(`${'*a'.repeat(40)}*b`);
    const text = 'a'.repeat(5000);
    // A backtracking matcher would not finish; this one answers with a bounded number of steps.
    expect(matchWildcard(pattern, text)).toBe(false);
    expect(matchWildcard(pattern, `${text}b`)).toBe(true);
  });
});
