/**
 * The request lifecycle end to end on the local platform: the real app (manifest.yml +
 * src/index.ts) on the emulated Forge runtime and Jira/JSM site with the demo desk. An admin
 * configures settings and publishes the example policy through the admin resolver; a customer
 * raises a VPN request through the JSM REST API; the manager lane approves through the JSM
 * approval API; the run's issue property carries a verifiable audit chain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT, startForgeTestPlatform, type ForgeTestPlatform } from '../support/forge-platform';
import { buildDemoSeed, DEMO_APPROVERS_FIELD_ID, DEMO_PROJECT, DEMO_REQUEST_TYPE_FIELD_ID, DEMO_STATUSES, DEMO_TRANSITIONS } from '../../platform/sandbox/demo-seed';
import type { JiraSite } from '../../platform/jira';
import { WORKFLOW_CATALOG } from '../../src/domain/workflows/catalog';
import { verifyAuditChain, type AuditEvent } from '../../src/domain/audit/audit-chain';
import type { RunProperty } from '../../src/app/run/run-property';

const ADMIN = 'acc-admin';
const REQUESTER = 'acc-alice';

const demo = buildDemoSeed(PROJECT_ROOT);
const S = DEMO_STATUSES;
const T = DEMO_TRANSITIONS;

/** What an admin enters on the settings page for the demo desk. */
function demoSettings(): unknown {
  const workflowForType = (requestTypeKey: string): string => {
    const workflow = WORKFLOW_CATALOG.find((w) => w.requestTypes.includes(requestTypeKey));
    if (!workflow) throw new Error(`no workflow handles request type ${requestTypeKey}`);
    return workflow.key;
  };
  return {
    schemaVersion: 1,
    serviceDesk: { projectKey: DEMO_PROJECT.key, serviceDeskId: DEMO_PROJECT.serviceDeskId },
    requestTypeFieldId: DEMO_REQUEST_TYPE_FIELD_ID,
    approversFieldId: DEMO_APPROVERS_FIELD_ID,
    requestTypes: Object.entries(demo.requestTypeIds).map(([key, requestTypeId]) => ({ requestTypeId, workflowKey: workflowForType(key) })),
    fields: Object.entries(demo.inputFieldIds).map(([input, fieldId]) => ({ fieldId, input })),
    targets: {
      'awaiting-approval-any': { statusId: S.approvalAny, transitionId: T.requestApprovalAny },
      'awaiting-approval-all': { statusId: S.approvalAll, transitionId: T.requestApprovalAll },
      'awaiting-approval-2-of-m': { statusId: S.approvalTwoOfM, transitionId: T.requestApprovalTwoOfM },
      'in-progress': { statusId: S.inProgress, transitionId: T.startProgress },
      'waiting-for-customer': { statusId: S.waitingForCustomer, transitionId: T.waitForCustomer },
      escalated: { statusId: S.escalated, transitionId: T.escalate },
      blocked: { statusId: S.blocked, transitionId: T.block },
      done: { statusId: S.done, transitionId: T.resolve },
      declined: { statusId: S.declined, transitionId: T.decline },
      cancelled: { statusId: S.cancelled, transitionId: T.cancel },
    },
    publishersGroup: null,
  };
}

let env: ForgeTestPlatform;
let site: JiraSite;

async function callSite(accountId: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await site.handle({
    method,
    path,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    caller: { kind: 'user', accountId },
  });
  return { status: response.status, json: response.body === '' ? undefined : (JSON.parse(response.body) as unknown) };
}

async function invokeAdmin(functionKey: string, payload: unknown): Promise<unknown> {
  const result = (await env.platform.invokeResolver({ functionKey, payload, accountId: ADMIN })) as { ok: boolean; error?: unknown; data?: unknown };
  if (!result.ok) throw new Error(`${functionKey} failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

function runProperty(issueKey: string): RunProperty {
  return site.getProperties(issueKey)['approval-router.run'] as RunProperty;
}

/** The whole audit chain: sealed chunks from their own properties, then the open chunk. */
function auditEvents(issueKey: string): AuditEvent[] {
  const props = site.getProperties(issueKey);
  const run = runProperty(issueKey);
  const sealed: AuditEvent[] = [];
  for (let i = 0; i < run.audit.chunk; i++) sealed.push(...(props[`approval-router.audit.${i}`] as { events: AuditEvent[] }).events);
  return [...sealed, ...run.audit.events];
}

beforeAll(async () => {
  env = await startForgeTestPlatform({});
  site = env.site as JiraSite;
  // On Forge the app's clock and Jira's agree. Here the site runs on the emulated clock while the
  // app reads Date, so Date is pinned to the emulated clock (timers stay real: delivery uses them).
  jest.useFakeTimers({
    now: env.clock.now(),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
});

afterAll(() => {
  jest.useRealTimers();
  env?.uninstall();
});

describe('vpn-access request lifecycle', () => {
  let issueKey = '';

  it('an admin configures the app and publishes the example policy as version 1', async () => {
    await invokeAdmin('settings/save', { settings: demoSettings() });
    const document = parseYaml(readFileSync(join(PROJECT_ROOT, 'examples', 'policy.yaml'), 'utf8')) as unknown;
    await invokeAdmin('draft/save', { document });
    await invokeAdmin('policy/publish', { comment: 'Baseline routing', expectedVersion: null });
    const versions = (await invokeAdmin('version/list', {})) as { version: number; isPublished: boolean }[];
    expect(versions.find((v) => v.isPublished)?.version).toBe(1);
  });

  it('an employee request for the standard profile waits on the manager lane', async () => {
    const created = await callSite(REQUESTER, 'POST', '/rest/servicedeskapi/request', {
      serviceDeskId: DEMO_PROJECT.serviceDeskId,
      requestTypeId: demo.requestTypeIds['vpn-access'],
      requestFieldValues: {
        summary: 'VPN for internal tools',
        [demo.inputFieldIds['vpnProfile'] as string]: 'standard',
        [demo.inputFieldIds['businessJustification'] as string]: 'I work remotely and need the internal wiki.',
      },
    });
    expect(created.status).toBe(201);
    issueKey = (created.json as { issueKey: string }).issueKey;
    await env.platform.settle();

    const issue = site.getIssue(issueKey);
    const workflowFieldId = site.appFieldId('workflow');
    expect(workflowFieldId).toBeDefined();
    expect(issue?.values[workflowFieldId as string]).toBe('vpn-access@1.0.0');
    expect(issue?.statusId).toBe(S.approvalAny);
    const approvers = issue?.values[DEMO_APPROVERS_FIELD_ID] as string[];
    // No directory connection names Alice's manager, so the manager lane's owner group decides.
    expect([...approvers].sort()).toEqual(['acc-mgr-001', 'acc-mgr-002']);
    expect(approvers).not.toContain(REQUESTER);
    expect(site.listComments(issueKey).some((c) => c.internal)).toBe(true);
    expect(runProperty(issueKey).state).toMatchObject({ phase: 'awaiting-approval', lane: 'manager', workflow: 'vpn-access@1.0.0', policyVersion: 1 });
  });

  it('the manager approves through JSM and the run moves on', async () => {
    const approvals = await callSite('acc-mgr-001', 'GET', `/rest/servicedeskapi/request/${issueKey}/approval`);
    expect(approvals.status).toBe(200);
    const pending = (approvals.json as { values: { id: string; finalDecision: string }[] }).values.find((a) => a.finalDecision === 'pending');
    expect(pending).toBeDefined();
    const decided = await callSite('acc-mgr-001', 'POST', `/rest/servicedeskapi/request/${issueKey}/approval/${pending?.id}`, { decision: 'approve' });
    expect(decided.status).toBe(200);
    await env.platform.settle();

    const property = runProperty(issueKey);
    // The approval is recorded with who decided. No Entra connection is configured on this site,
    // so the group step cannot run: the request must end visibly blocked with an exception, never
    // silently done, and nothing may have been sent to an external system.
    const types = auditEvents(issueKey).map((e) => e.type);
    expect(types).toContain('approval.approved');
    expect(property.state).toMatchObject({ phase: 'exception', blocked: 'yes', workflow: 'vpn-access@1.0.0' });
    expect(env.platform.externalCalls()).toEqual([]);
    expect(site.getIssue(issueKey)?.statusId).toBe(S.blocked);
    const events = auditEvents(issueKey);
    expect(events.length).toBe(property.audit.count);
    expect(verifyAuditChain(events)).toMatchObject({ ok: true, count: events.length });
    expect(events.at(-1)?.hash).toBe(property.audit.head);
  });
});
