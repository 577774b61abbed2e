import { BUILT_IN_LANES } from '../../../../src/domain/policy/policy-schema';
import { DURATION_PATTERN } from '../../../../src/domain/common/duration';
import {
  SEMVER_PATTERN,
  WORKFLOW_CATALOG,
  assertCatalogValid,
  findCatalogProblems,
  findWorkflowByRef,
  findWorkflowForRequestType,
  formatWorkflowRef,
} from '../../../../src/domain/workflows/catalog';
import { ACTION_NAMES, type AnyWorkflow, type WorkflowContext } from '../../../../src/domain/workflows/workflow-types';
import { CONTRACTOR, VALID_FIELDS, makeContext } from './workflow-fixtures';

const REQUEST_TYPES = [
  'vpn-access',
  'shared-mailbox-access',
  'prod-db-access',
  'password-reset',
  'customer-data-export',
  'refund-credit',
  'prod-config-change',
  'customer-communication',
];

/** Everything a workflow derives from one request, as the app would compute it. */
function evaluate(workflow: AnyWorkflow, fields: unknown, ctx: WorkflowContext) {
  const input: unknown = workflow.input.parse(fields);
  const facts = workflow.facts(input, ctx);
  return {
    input,
    questions: workflow.validate(input, ctx),
    facts,
    floor: workflow.floor(input, facts, ctx),
    steps: workflow.steps(input, ctx),
    revocation: workflow.revocation(input, ctx),
  };
}

describe('workflow catalog', () => {
  it('holds the eight pre-built workflows, one per request type', () => {
    expect(WORKFLOW_CATALOG.map((workflow) => workflow.requestTypes)).toEqual(REQUEST_TYPES.map((type) => [type]));
    expect(findCatalogProblems(WORKFLOW_CATALOG)).toEqual([]);
    expect(() => assertCatalogValid(WORKFLOW_CATALOG)).not.toThrow();
  });

  it.each(REQUEST_TYPES)('finds the workflow for %s', (requestType) => {
    const workflow = findWorkflowForRequestType(requestType);
    expect(workflow?.key).toBe(requestType);
    expect(findWorkflowByRef({ key: requestType, version: workflow?.version ?? '' })).toBe(workflow);
  });

  it.each(REQUEST_TYPES)('%s declares exactly the directories its steps and revocation change groups in', (requestType) => {
    const workflow = findWorkflowForRequestType(requestType) as AnyWorkflow;
    const { steps, revocation } = evaluate(workflow, VALID_FIELDS[requestType], makeContext({ requestKey: 'ITSM-1' }));
    const calls = [
      ...steps.flatMap((step) => (step.kind === 'action' ? [step.call, ...(step.compensation ? [step.compensation] : [])] : [])),
      ...(revocation?.calls ?? []),
    ];
    const changed = new Set(calls.filter((c) => /GroupMember$/.test(c.action)).map((c) => c.action.split('.')[0]));
    expect([...(workflow.grantsIn ?? [])].sort()).toEqual([...changed].sort());
  });

  it('finds nothing for an unknown request type or version', () => {
    expect(findWorkflowForRequestType('laptop-order')).toBeUndefined();
    expect(findWorkflowForRequestType('')).toBeUndefined();
    expect(findWorkflowByRef({ key: 'vpn-access', version: '9.9.9' })).toBeUndefined();
  });

  it('formats the Workflow field value as key@version', () => {
    expect(formatWorkflowRef({ key: 'vpn-access', version: '1.0.0' })).toBe('vpn-access@1.0.0');
  });

  const vpn = WORKFLOW_CATALOG[0] as AnyWorkflow;
  const mailbox = WORKFLOW_CATALOG[1] as AnyWorkflow;
  it.each<[string, AnyWorkflow[], RegExp]>([
    ['a request type claimed twice', [vpn, { ...mailbox, requestTypes: ['vpn-access'] }], /request type "vpn-access" is claimed by both vpn-access@1\.0\.1 and shared-mailbox-access@1\.0\.1/],
    ['the same key@version twice', [vpn, { ...vpn, requestTypes: ['vpn-access-2'] }], /vpn-access@1\.0\.1: defined twice/],
    ['a version that is not semver', [{ ...vpn, version: '1.0' }], /version "1\.0" is not semver/],
    ['a version with a leading zero', [{ ...vpn, version: '01.0.0' }], /not semver/],
    ['a key with capitals', [{ ...vpn, key: 'VPN' }], /key must be lowercase/],
    ['no request type', [{ ...vpn, requestTypes: [] }], /handles no request type/],
    ['an input field listed twice', [{ ...vpn, inputFields: [...vpn.inputFields, vpn.inputFields[0] as AnyWorkflow['inputFields'][number]] }], /input field is listed twice/],
  ])('detects %s', (_name, catalog, problem) => {
    const problems = findCatalogProblems(catalog);
    expect(problems).toEqual([expect.stringMatching(problem)]);
    expect(() => assertCatalogValid(catalog)).toThrow(problem);
  });

  it('allows two versions of one workflow when they claim different request types', () => {
    expect(findCatalogProblems([vpn, { ...vpn, version: '1.1.0', requestTypes: ['vpn-access-v2'] }])).toEqual([]);
  });

  it.each(['1.0.0', '0.1.0', '10.20.30', '1.0.0-rc.1', '1.0.0+build.5'])('accepts semver %s', (version) => {
    expect(SEMVER_PATTERN.test(version)).toBe(true);
  });

  describe.each(WORKFLOW_CATALOG.map((workflow) => [workflow.key, workflow] as const))('%s', (key, workflow) => {
    const fields = VALID_FIELDS[key];
    const ctx = makeContext({ requestType: key });

    it('describes itself and every input its schema reads', () => {
      expect(workflow.title.length).toBeGreaterThan(3);
      expect(workflow.description.length).toBeGreaterThan(30);
      for (const field of workflow.inputFields) {
        expect(field.label.length).toBeGreaterThan(1);
        expect(field.description.length).toBeGreaterThan(10);
      }
      const names = workflow.inputFields.map((field) => field.name);
      const parsed = workflow.input.parse(fields) as Record<string, unknown>;
      Object.keys(parsed).forEach((name) => expect(names).toContain(name));
      workflow.inputFields.filter((field) => field.required).forEach((field) => expect(parsed[field.name]).toBeDefined());
    });

    it('asks for every required field when the request is empty', () => {
      const result = workflow.input.safeParse({});
      expect(result.success).toBe(false);
      const missing = new Set(result.error?.issues.map((issue) => String(issue.path[0])));
      expect([...missing].sort()).toEqual(workflow.inputFields.filter((field) => field.required).map((field) => field.name).sort());
      result.error?.issues.forEach((issue) => expect(issue.message).toMatch(/ is required\.$/));
    });

    it('refuses field values that are not an object', () => {
      expect(workflow.input.safeParse('vpn please').error?.issues[0]?.message).toBe('The request fields must be an object of field values.');
    });

    it('accepts the sample request without questions', () => {
      expect(evaluate(workflow, fields, ctx).questions).toEqual([]);
    });

    it('is deterministic: the same input and context give deep-equal results', () => {
      const first = evaluate(workflow, structuredClone(fields), makeContext({ requestType: key }));
      const second = evaluate(workflow, structuredClone(fields), makeContext({ requestType: key }));
      expect(second).toEqual(first);
      const contractor = makeContext({ requestType: key, requester: CONTRACTOR });
      expect(evaluate(workflow, structuredClone(fields), contractor)).toEqual(evaluate(workflow, structuredClone(fields), contractor));
    });

    it('produces plain JSON steps with stable unique ids, known actions and no secrets', () => {
      const { steps, revocation, floor, facts } = evaluate(workflow, fields, ctx);
      expect(steps.length).toBeGreaterThan(0);
      const ids = steps.map((step) => step.id);
      expect(new Set(ids).size).toBe(ids.length);
      ids.forEach((id) => expect(id).toMatch(/^[a-z][a-z0-9-]+$/));
      const calls = [
        ...steps.flatMap((step) => (step.kind === 'action' ? [step.call, ...(step.compensation ? [step.compensation] : [])] : [])),
        ...(revocation?.calls ?? []),
      ];
      for (const call of calls) {
        expect(ACTION_NAMES).toContain(call.action);
        expect(JSON.parse(JSON.stringify(call.params))).toEqual(call.params);
        expect(JSON.stringify(call.params)).not.toMatch(/"(password|secret|token|apiKey|authorization)"/i);
      }
      for (const step of steps) {
        if (step.kind === 'manual') {
          expect(BUILT_IN_LANES).toContain(step.ownerLane);
          expect(step.dueWithin).toMatch(DURATION_PATTERN);
        }
      }
      for (const stage of floor) {
        expect(BUILT_IN_LANES).toContain(stage.lane);
        expect(stage.order).toBeGreaterThanOrEqual(1);
        if (stage.approversFromFact !== undefined) expect(facts[stage.approversFromFact]).toBeDefined();
      }
      if (revocation !== null) expect(Date.parse(revocation.at)).toBeGreaterThan(Date.parse(ctx.now));
    });
  });
});
