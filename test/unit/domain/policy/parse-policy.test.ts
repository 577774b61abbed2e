import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicyText, parsePolicy, type PolicyError } from '../../../../src/domain/policy/parse-policy';
import { BUILT_IN_LANES } from '../../../../src/domain/policy/policy-schema';
import { laneFixture, policyDocument } from './policy-fixture';

const trigger = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'amount-over-1000',
  description: 'Large amounts',
  when: { fact: 'amount', op: 'gt', value: 1000 },
  stage: { lane: 'finance', mode: { type: 'any' }, order: 1 },
  ...overrides,
});

function withLanes(edit: (lanes: Record<string, unknown>) => void): Record<string, unknown> {
  const doc = policyDocument() as unknown as Record<string, unknown>;
  const lanes = { ...(doc.lanes as Record<string, unknown>) };
  edit(lanes);
  return { ...doc, lanes };
}

function errorsOf(input: unknown): readonly PolicyError[] {
  const result = parsePolicy(input);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors;
}

// Each broken document and an error it must report: exact path, and words in the message.
const broken: [string, unknown, string, RegExp][] = [
  ['unknown top-level key', { ...policyDocument(), owner: 'x' }, 'owner', /not a known setting/],
  [
    'unknown key inside a lane',
    withLanes((l) => (l.security = { ...laneFixture('security'), escalate: '1d' })),
    'lanes.security.escalate',
    /not a known setting/,
  ],
  ['bad duration', withLanes((l) => (l.finance = laneFixture('finance', { remindAfter: '4 hours' }))), 'lanes.finance.remindAfter', /whole number followed by m, h, d or w/],
  ['missing owner group id', withLanes((l) => (l.security = { ...laneFixture('security'), owner: { name: 'sec' } })), 'lanes.security.owner.groupId', /is required/],
  ['missing built-in lane', withLanes((l) => delete l.customer), 'lanes.customer', /the customer lane is required/],
  ['bad lane key', withLanes((l) => (l['Legal Team'] = laneFixture('legal'))), 'lanes.Legal Team', /lowercase letters/],
  ['unknown lane in a trigger', policyDocument({ triggers: [trigger({ stage: { lane: 'legal', mode: { type: 'any' }, order: 1 } })] as never }), 'triggers[0].stage.lane', /unknown lane "legal"/],
  ['duplicate trigger id', policyDocument({ triggers: [trigger(), trigger()] as never }), 'triggers[1].id', /duplicate trigger id "amount-over-1000"/],
  ['bad operator', policyDocument({ triggers: [trigger({ when: { fact: 'amount', op: 'greaterThan', value: 1 } })] as never }), 'triggers[0].when.op', /"greaterThan" is not allowed here; use one of: equals, notEquals, in/],
  [
    'bad operator deep in a group',
    policyDocument({
      triggers: [
        trigger(),
        trigger(),
        trigger(),
        trigger({
          id: 'deep',
          when: { all: [{ fact: 'amount', op: 'gt', value: 1 }, { any: [{ fact: 'x', op: 'like', value: 'a' }] }] },
        }),
      ].map((t, i) => (i < 3 ? { ...t, id: `t-${i}` } : t)) as never,
    }),
    'triggers[3].when.all[1].any[0].op',
    /"like" is not allowed here/,
  ],
  ['wrong value type for gt', policyDocument({ triggers: [trigger({ when: { fact: 'amount', op: 'gt', value: '1000' } })] as never }), 'triggers[0].when.value', /must be a number, not text/],
  ['missing value', policyDocument({ triggers: [trigger({ when: { fact: 'amount', op: 'gt' } })] as never }), 'triggers[0].when.value', /is required/],
  ['extra key in a comparison', policyDocument({ triggers: [trigger({ when: { fact: 'amount', op: 'gt', value: 1, unit: 'eur' } })] as never }), 'triggers[0].when.unit', /not a known setting/],
  ['not a condition at all', policyDocument({ triggers: [trigger({ when: { foo: 1 } })] as never }), 'triggers[0].when', /must be a comparison \{fact, op, value\} or a group/],
  ['empty any group', policyDocument({ triggers: [trigger({ when: { any: [] } })] as never }), 'triggers[0].when.any', /must have at least 1 item/],
  ['n-of-m below two', policyDocument({ triggers: [trigger({ stage: { lane: 'finance', mode: { type: 'n-of-m', n: 1 }, order: 1 } })] as never }), 'triggers[0].stage.mode.n', /must be at least 2/],
  ['unknown mode', policyDocument({ triggers: [trigger({ stage: { lane: 'finance', mode: { type: 'majority' }, order: 1 } })] as never }), 'triggers[0].stage.mode.type', /"majority" is not allowed here; use one of: any, all, n-of-m/],
  ['bad fact name', policyDocument({ triggers: [trigger({ when: { fact: 'amount in eur', op: 'gt', value: 1 } })] as never }), 'triggers[0].when.fact', /must be a fact name/],
  ['escalation to an unknown lane', withLanes((l) => (l.engineering = laneFixture('engineering', { onTimeout: { action: 'escalate-lane', lane: 'legal' } }))), 'lanes.engineering.onTimeout.lane', /names unknown lane "legal"/],
  ['wrong schema version', { ...policyDocument(), schemaVersion: 2 }, 'schemaVersion', /must be 1/],
  ['version missing', (({ version: _v, ...rest }) => rest)(policyDocument()), 'version', /is required/],
  ['empty author', { ...policyDocument(), author: '' }, 'author', /is required/],
  ['triggers not a list', { ...policyDocument(), triggers: {} }, 'triggers', /must be a list, not an object/],
  ['not an object', 'lanes: {}', '', /must be an object, not text/],
];

describe('parsePolicy', () => {
  it.each(broken)('reports %s at its path', (_name, doc, path, message) => {
    const errors = errorsOf(doc);
    const match = errors.find((e) => e.path === path);
    expect({ path, errors }).toEqual({ path, errors: expect.arrayContaining([expect.objectContaining({ path })]) });
    expect(match?.message).toMatch(message);
  });

  it('reports a single error for a bad operator instead of one per union branch', () => {
    const errors = errorsOf(policyDocument({ triggers: [trigger({ when: { fact: 'amount', op: 'gtx', value: 1 } })] as never }));
    expect(errors).toHaveLength(1);
  });

  it('reports every error of a document, not only the first', () => {
    const errors = errorsOf({ ...policyDocument(), version: 0, author: '', extra: true });
    expect(errors.map((e) => e.path).sort()).toEqual(['author', 'extra', 'version']);
  });

  it('applies defaults to an accepted document', () => {
    const result = parsePolicy(policyDocument({ triggers: [trigger()] as never }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.excludeAssignee).toBe(false);
    expect(result.policy.triggers[0]?.enabled).toBe(true);
    expect(result.policy.lanes.security?.approverSource).toBe('group');
  });
});

describe('loadPolicyText', () => {
  const examplePath = join(__dirname, '../../../../examples/policy.yaml');

  it('accepts the example policy, which covers the five built-in lanes', () => {
    const result = loadPolicyText(readFileSync(examplePath, 'utf8'), 'yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const lane of BUILT_IN_LANES) expect(result.policy.lanes[lane]).toBeDefined();
    const lanesUsed = new Set(result.policy.triggers.map((t) => t.stage.lane));
    expect([...lanesUsed].sort()).toEqual([...BUILT_IN_LANES].sort());
    expect(result.policy.lanes.manager?.approverSource).toBe('requester-manager');
  });

  it('accepts the same policy written as JSON', () => {
    expect(loadPolicyText(JSON.stringify(policyDocument({ triggers: [trigger()] as never })), 'json').ok).toBe(true);
  });

  it.each([
    ['yaml', 'schemaVersion: 1\nlanes:\n  manager: [unclosed\n', /^not valid YAML at line \d+, column \d+/],
    ['yaml', 'version: 1\nversion: 2\n', /^not valid YAML at line 2/],
    ['json', '{\n  "schemaVersion": 1,\n  "version": 1,\n}', /^not valid JSON at line 4, column 1/],
    ['json', '', /^not valid JSON/],
  ] as const)('rejects unparsable %s text with the line', (format, text, message) => {
    const result = loadPolicyText(text, format);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(message);
  });

  it('reports schema errors with paths after parsing YAML', () => {
    const result = loadPolicyText('schemaVersion: 1\nversion: 1\nauthor: me\nlanes: {}\ntriggers: []\n', 'yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(expect.arrayContaining(BUILT_IN_LANES.map((lane) => `lanes.${lane}`)));
  });
});
