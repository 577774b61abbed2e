import { hashText } from '../../../../src/domain/workflows/hash-text';
import { prodConfigChange, type ProdConfigChangeInput } from '../../../../src/domain/workflows/prod-config-change';
import { VALID_FIELDS, makeContext, messagesFor, parseOrFail } from './workflow-fixtures';

const base = VALID_FIELDS['prod-config-change'] as Record<string, unknown>;
const parse = (fields: Record<string, unknown> = {}): ProdConfigChangeInput =>
  parseOrFail<ProdConfigChangeInput>(prodConfigChange, { ...base, ...fields });

describe('production configuration change workflow', () => {
  it('parses raw JSM values (time zone offset normalized to UTC)', () => {
    expect(parse({ affectedSystems: 'Checkout-API, payments-gateway', blastRadius: { value: 'High' } })).toEqual({
      affectedSystems: ['checkout-api', 'payments-gateway'],
      changeSummary: 'Raise the checkout-api connection pool from 20 to 50',
      rollbackPlan: 'Set the pool size back to 20 in the config service and restart the pods one by one',
      blastRadius: 'high',
      plannedStart: '2026-03-02T07:00:00.000Z',
    });
  });

  it.each([
    ['affectedSystems', { affectedSystems: [] }, /Affected systems is required/],
    ['affectedSystems', { affectedSystems: ['checkout api!'] }, /is not a valid name/],
    ['changeSummary', { changeSummary: 'bump' }, /Change summary must be at least 20 characters/],
    ['rollbackPlan', { rollbackPlan: undefined }, /Rollback plan is required/],
    ['rollbackPlan', { rollbackPlan: 'revert it' }, /Rollback plan must be at least 40 characters/],
    ['blastRadius', { blastRadius: 'huge' }, /Blast radius must be one of: low, medium, high/],
    ['plannedStart', { plannedStart: '2026-03-02 09:00' }, /Planned start must be a date and time with a time zone/],
  ])('rejects a bad %s', (field, fields, message) => {
    const messages = messagesFor(prodConfigChange, { ...base, ...fields }, field);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['in the future', '2026-03-01T10:00:01Z', []],
    ['exactly now', '2026-03-01T10:00:00Z', ['plannedStart']],
    ['in the past', '2026-03-01T11:00:00+02:00', ['plannedStart']],
  ])('validates a planned start %s', (_name, plannedStart, fields) => {
    const questions = prodConfigChange.validate(parse({ plannedStart }), makeContext());
    expect(questions.map((q) => q.field)).toEqual(fields);
    questions.forEach((q) => expect(q.question).toMatch(/has already passed\. When should the change start\?/));
  });

  it('states production, the systems and the blast radius as facts', () => {
    expect(prodConfigChange.facts(parse({ affectedSystems: ['checkout-api', 'cdn'], blastRadius: 'low' }), makeContext())).toEqual({
      'target.environment': 'production',
      'target.system': ['checkout-api', 'cdn'],
      'change.blastRadius': 'low',
      'change.systemCount': 2,
    });
  });

  it.each([
    ['low', [{ lane: 'engineering', mode: { type: 'any' }, order: 1 }]],
    ['medium', [{ lane: 'engineering', mode: { type: 'any' }, order: 1 }]],
    [
      'high',
      [
        { lane: 'engineering', mode: { type: 'n-of-m', n: 2 }, order: 1 },
        { lane: 'manager', mode: { type: 'any' }, order: 2 },
      ],
    ],
  ])('requires the right floor for a %s blast radius', (blastRadius, expected) => {
    const input = parse({ blastRadius });
    const floor = prodConfigChange.floor(input, prodConfigChange.facts(input, makeContext()), makeContext());
    expect(floor.map(({ lane, mode, order }) => ({ lane, mode, order }))).toEqual(expected);
  });

  it('applies the change (rolled back by plan reference on failure), then verifies health', () => {
    const input = parse();
    const steps = prodConfigChange.steps(input, makeContext());
    expect(steps).toEqual([
      {
        kind: 'action',
        id: 'apply-change',
        title: 'Apply the change to checkout-api',
        call: {
          action: 'webhook.post',
          params: {
            endpoint: 'deployment-service',
            event: 'config-change.apply',
            payload: { requestKey: 'ITSM-42', systems: ['checkout-api'], plannedStart: '2026-03-02T07:00:00.000Z', changeSummarySha256: hashText(input.changeSummary) },
          },
        },
        compensation: {
          action: 'webhook.post',
          params: {
            endpoint: 'deployment-service',
            event: 'config-change.rollback',
            payload: { requestKey: 'ITSM-42', systems: ['checkout-api'], rollbackPlanRef: 'ITSM-42#rollbackPlan', rollbackPlanSha256: hashText(input.rollbackPlan) },
          },
        },
      },
      {
        kind: 'action',
        id: 'verify-health',
        title: 'Verify the health of checkout-api',
        call: { action: 'webhook.post', params: { endpoint: 'deployment-service', event: 'config-change.verify', payload: { requestKey: 'ITSM-42', systems: ['checkout-api'] } } },
      },
    ]);
    expect(prodConfigChange.revocation(input, makeContext())).toBeNull();
  });

  it('hashes the rollback plan so a changed plan is detectable', () => {
    const [a] = prodConfigChange.steps(parse(), makeContext());
    const [b] = prodConfigChange.steps(parse({ rollbackPlan: 'Set the pool size back to 10 in the config service and restart the pods one by one' }), makeContext());
    expect(a?.kind === 'action' && a.compensation).not.toEqual(b?.kind === 'action' && b.compensation);
    expect(hashText('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
