import { fromConditionForm, parseScalar, rowPath, toConditionForm } from '../../static/admin/src/tabs/condition-rows';
import type { Condition } from '../../src/domain/policy/policy-schema';
import { parsePolicy } from '../../src/domain/policy/parse-policy';
import { policyDocument } from '../fakes/policy/policy-fixtures';

describe('trigger conditions as form rows', () => {
  it.each<[string, Condition, 'rows' | 'advanced']>([
    ['a single comparison', { fact: 'amount', op: 'gt', value: 1000 }, 'rows'],
    ['all of comparisons', { all: [{ fact: 'target.environment', op: 'equals', value: 'production' }, { fact: 'change.blastRadius', op: 'equals', value: 'high' }] }, 'rows'],
    ['any of comparisons', { any: [{ fact: 'requester.employmentType', op: 'in', value: ['contractor', 'vendor'] }, { fact: 'amount', op: 'lte', value: 5 }] }, 'rows'],
    ['text that looks like a number', { fact: 'target.system', op: 'equals', value: '1500' }, 'rows'],
    ['a list with text and numbers', { fact: 'data.classification', op: 'notIn', value: ['restricted', 7, '8'] }, 'rows'],
    ['absence', { fact: 'access.durationHours', op: 'exists', value: false }, 'rows'],
    ['a negation', { not: { fact: 'request.type', op: 'equals', value: 'password-reset' } }, 'advanced'],
    ['nested groups', { all: [{ fact: 'amount', op: 'gt', value: 1 }, { any: [{ fact: 'currency', op: 'equals', value: 'EUR' }] }] }, 'advanced'],
  ])('round-trips %s unchanged', (_name, condition, kind) => {
    const form = toConditionForm(condition);
    expect(form.kind).toBe(kind);
    expect(fromConditionForm(form)).toEqual(condition);
  });

  it.each<[string, string | number | boolean]>([
    ['1000', 1000],
    ['-2.5', -2.5],
    ['"1000"', '1000'],
    ['true', true],
    ['production', 'production'],
    ['  spaced  ', 'spaced'],
  ])('reads the typed value %j as %j', (text, value) => {
    expect(parseScalar(text)).toEqual(value);
  });

  it('leaves a non-number threshold for the policy schema to reject, at the row the validator names', () => {
    const form = toConditionForm({ fact: 'amount', op: 'gt', value: 1000 });
    if (form.kind !== 'rows') throw new Error('expected rows');
    const edited = { ...form, rows: [{ ...form.rows[0]!, value: 'a lot' }] };
    const document = policyDocument();
    document.triggers[0]!.when = fromConditionForm(edited) as Condition;
    const result = parsePolicy(document);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toContain(`triggers[0].${rowPath(edited, 0)}.value`);
  });

  it('names rows inside a group by their index', () => {
    const form = toConditionForm({ any: [{ fact: 'a', op: 'equals', value: 1 }, { fact: 'b', op: 'equals', value: 2 }] });
    expect(rowPath(form, 1)).toBe('when.any[1]');
  });
});
