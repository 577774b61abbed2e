import { compileCondition } from '../../../../src/domain/policy/compile-condition';
import type { Condition } from '../../../../src/domain/policy/policy-schema';
import type { Facts } from '../../../../src/domain/facts';

const FACTS: Facts = {
  amount: 1500,
  'target.environment': 'production',
  'target.group': 'sql-admins',
  'target.group.privileged': true,
  'requester.groups': ['staff', 'vpn-users'],
  'audience.size': 0,
  'text.amount': '1500',
  'nothing': null,
};

type Row = [string, Condition, boolean, RegExp];

// Each row: a condition, whether it holds for FACTS, and what the explanation must say.
const comparisons: Row[] = [
  ['equals text', { fact: 'target.environment', op: 'equals', value: 'production' }, true, /target\.environment is "production"/],
  ['equals is case-sensitive', { fact: 'target.environment', op: 'equals', value: 'Production' }, false, /is "production", not "Production"/],
  ['equals boolean', { fact: 'target.group.privileged', op: 'equals', value: true }, true, /is true/],
  ['equals missing', { fact: 'data.classification', op: 'equals', value: 'restricted' }, false, /data\.classification is missing/],
  ['equals null counts as missing', { fact: 'nothing', op: 'equals', value: 'x' }, false, /nothing is missing/],
  ['equals type mismatch', { fact: 'text.amount', op: 'equals', value: 1500 }, false, /type mismatch/],
  ['equals on a list is a mismatch', { fact: 'requester.groups', op: 'equals', value: 'staff' }, false, /is a list .*\(type mismatch\)/],
  ['notEquals different', { fact: 'target.environment', op: 'notEquals', value: 'staging' }, true, /is "production", not "staging"/],
  ['notEquals same', { fact: 'target.environment', op: 'notEquals', value: 'production' }, false, /is "production"/],
  ['notEquals missing matches', { fact: 'data.classification', op: 'notEquals', value: 'public' }, true, /missing, so it is not "public"/],
  ['notEquals type mismatch matches', { fact: 'text.amount', op: 'notEquals', value: 1500 }, true, /type mismatch/],
  ['in', { fact: 'target.environment', op: 'in', value: ['staging', 'production'] }, true, /"production" is in \["staging", "production"\]/],
  ['in miss', { fact: 'target.environment', op: 'in', value: ['staging', 'development'] }, false, /is not in/],
  ['in missing', { fact: 'data.classification', op: 'in', value: ['restricted'] }, false, /missing/],
  ['in does not coerce', { fact: 'text.amount', op: 'in', value: [1500] }, false, /"1500" is not in \[1500\]/],
  ['in over a list fact', { fact: 'requester.groups', op: 'in', value: ['vpn-users', 'admins'] }, true, /holds "vpn-users", which is in/],
  ['in over a list fact, no overlap', { fact: 'requester.groups', op: 'in', value: ['admins'] }, false, /has nothing in/],
  ['notIn', { fact: 'target.environment', op: 'notIn', value: ['staging', 'development'] }, true, /is not in/],
  ['notIn miss', { fact: 'target.environment', op: 'notIn', value: ['production'] }, false, /is in/],
  ['notIn missing matches', { fact: 'data.classification', op: 'notIn', value: ['public'] }, true, /missing, so it is not in/],
  ['notIn over a list fact', { fact: 'requester.groups', op: 'notIn', value: ['staff'] }, false, /holds "staff"/],
  ['gt', { fact: 'amount', op: 'gt', value: 1000 }, true, /amount 1500 > 1000/],
  ['gt boundary', { fact: 'amount', op: 'gt', value: 1500 }, false, /amount 1500 is not > 1500/],
  ['gte boundary', { fact: 'amount', op: 'gte', value: 1500 }, true, /amount 1500 >= 1500/],
  ['lt', { fact: 'amount', op: 'lt', value: 1500 }, false, /is not < 1500/],
  ['lte boundary', { fact: 'amount', op: 'lte', value: 1500 }, true, /amount 1500 <= 1500/],
  ['lt zero', { fact: 'audience.size', op: 'lt', value: 1 }, true, /audience\.size 0 < 1/],
  ['gt missing', { fact: 'refund.amount', op: 'gt', value: 0 }, false, /refund\.amount is missing/],
  ['lt missing', { fact: 'refund.amount', op: 'lt', value: 1e9 }, false, /missing/],
  ['gt type mismatch', { fact: 'text.amount', op: 'gt', value: 1000 }, false, /text "1500", not a number \(type mismatch\)/],
  ['gte on a list', { fact: 'requester.groups', op: 'gte', value: 1 }, false, /type mismatch/],
  ['exists', { fact: 'amount', op: 'exists', value: true }, true, /amount is present/],
  ['exists on a zero', { fact: 'audience.size', op: 'exists', value: true }, true, /present/],
  ['exists missing', { fact: 'refund.amount', op: 'exists', value: true }, false, /missing/],
  ['exists null', { fact: 'nothing', op: 'exists', value: true }, false, /missing/],
  ['exists false on missing', { fact: 'refund.amount', op: 'exists', value: false }, true, /missing/],
  ['exists false on present', { fact: 'amount', op: 'exists', value: false }, false, /present/],
  ['contains on a list', { fact: 'requester.groups', op: 'contains', value: 'vpn-users' }, true, /contains "vpn-users"/],
  ['contains on a list, absent', { fact: 'requester.groups', op: 'contains', value: 'admins' }, false, /does not contain "admins"/],
  ['contains on text', { fact: 'target.group', op: 'contains', value: 'admin' }, true, /contains "admin"/],
  ['contains missing', { fact: 'tags', op: 'contains', value: 'x' }, false, /tags is missing/],
  ['contains on a number', { fact: 'amount', op: 'contains', value: 1 }, false, /type mismatch/],
  ['matches', { fact: 'target.group', op: 'matches', value: '*-ADMINS' }, true, /"sql-admins" matches "\*-ADMINS"/],
  ['matches miss', { fact: 'target.group', op: 'matches', value: 'vpn-*' }, false, /does not match "vpn-\*"/],
  ['matches over a list', { fact: 'requester.groups', op: 'matches', value: 'vpn-*' }, true, /holds "vpn-users", which matches/],
  ['matches over a list, none', { fact: 'requester.groups', op: 'matches', value: '*-admins' }, false, /nothing matching/],
  ['matches missing', { fact: 'target.system', op: 'matches', value: '*' }, false, /missing/],
  ['matches a number', { fact: 'amount', op: 'matches', value: '15*' }, false, /not text \(type mismatch\)/],
];

const groups: Row[] = [
  [
    'all, every part holds',
    { all: [{ fact: 'amount', op: 'gt', value: 1000 }, { fact: 'target.environment', op: 'equals', value: 'production' }] },
    true,
    /all hold: amount 1500 > 1000; target\.environment is "production"/,
  ],
  [
    'all names the part that fails',
    { all: [{ fact: 'amount', op: 'gt', value: 1000 }, { fact: 'amount', op: 'gt', value: 5000 }] },
    false,
    /not all hold: amount 1500 is not > 5000/,
  ],
  [
    'any names the part that holds',
    { any: [{ fact: 'amount', op: 'gt', value: 5000 }, { fact: 'target.group', op: 'matches', value: '*-admins' }] },
    true,
    /^target\.group "sql-admins" matches/,
  ],
  [
    'any, none holds',
    { any: [{ fact: 'amount', op: 'gt', value: 5000 }, { fact: 'data.classification', op: 'exists', value: true }] },
    false,
    /none holds: amount 1500 is not > 5000; data\.classification is missing/,
  ],
  ['not inverts', { not: { fact: 'target.environment', op: 'equals', value: 'production' } }, false, /not \(target\.environment is "production"\)/],
  ['not of missing', { not: { fact: 'data.classification', op: 'equals', value: 'public' } }, true, /not \(data\.classification is missing\)/],
  [
    'nested groups',
    {
      all: [
        { any: [{ fact: 'amount', op: 'gt', value: 5000 }, { fact: 'target.group.privileged', op: 'equals', value: true }] },
        { not: { fact: 'requester.groups', op: 'contains', value: 'security-approvers' } },
      ],
    },
    true,
    /all hold: target\.group\.privileged is true; not \(/,
  ],
];

describe('compiled conditions', () => {
  it.each([...comparisons, ...groups])('%s', (_name, condition, expected, explanation) => {
    const compiled = compileCondition(condition);
    expect(compiled.test(FACTS)).toBe(expected);
    expect(compiled.explain(FACTS)).toMatch(explanation);
  });

  it('covers every comparison operator', () => {
    const ops = new Set(comparisons.map(([, condition]) => ('op' in condition ? condition.op : '')));
    expect([...ops].sort()).toEqual(['contains', 'equals', 'exists', 'gt', 'gte', 'in', 'lt', 'lte', 'matches', 'notEquals', 'notIn']);
  });

  it('notEquals and notIn are the exact negations of equals and in', () => {
    const factsList: Facts[] = [FACTS, {}, { x: 'a' }, { x: 1 }, { x: ['a', 'b'] }, { x: null }, { x: true }];
    for (const facts of factsList) {
      for (const value of ['a', 1, true] as const) {
        expect(compileCondition({ fact: 'x', op: 'notEquals', value }).test(facts)).toBe(!compileCondition({ fact: 'x', op: 'equals', value }).test(facts));
        expect(compileCondition({ fact: 'x', op: 'notIn', value: [value] }).test(facts)).toBe(!compileCondition({ fact: 'x', op: 'in', value: [value] }).test(facts));
      }
    }
  });

  it('reads facts as flat keys and ignores inherited properties', () => {
    expect(compileCondition({ fact: 'constructor', op: 'exists', value: true }).test({})).toBe(false);
    expect(compileCondition({ fact: 'toString', op: 'equals', value: 'x' }).test({})).toBe(false);
  });
});
