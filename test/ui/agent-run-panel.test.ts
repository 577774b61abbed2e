/**
 * The agent issue panel in Chromium against the sandbox: a VPN request is approved but its group
 * step cannot run (no Entra connection), so the run is blocked; an agent sees the timeline, the
 * audit chain's verification and retries the failed step with a reason.
 */
import type { Envelope } from '../../src/contract/envelope';
import type { RunView } from '../../src/contract/run-view';
import { configureAsAdmin, raiseVpnRequest } from './support/raise-vpn-request';
import { startUiHarness, type UiHarness } from './support/ui-harness';

jest.setTimeout(180_000);

const AGENT = 'acc-agent-1';
const REQUESTER = 'acc-alice';
let ui: UiHarness;
let issueKey = '';

beforeAll(async () => {
  ui = await startUiHarness(['admin', 'issue-panel']);
  await configureAsAdmin(ui);
  issueKey = await raiseVpnRequest(ui, REQUESTER);
  const approvals = await ui.rest('acc-mgr-001', 'GET', `/rest/servicedeskapi/request/${issueKey}/approval`);
  const pending = (approvals.json as { values: { id: string; finalDecision: string }[] }).values.find((a) => a.finalDecision === 'pending');
  if (!pending) throw new Error('no pending approval');
  await ui.rest('acc-mgr-001', 'POST', `/rest/servicedeskapi/request/${issueKey}/approval/${pending.id}`, { decision: 'approve' });
  await ui.sandbox.platform.settle();
});

afterAll(async () => {
  await ui?.close();
});

describe('agent issue panel', () => {
  it('shows the timeline and the verified audit chain, and retries the failed step with a reason', async () => {
    const page = await ui.open('issue-panel', AGENT, { issue: issueKey });
    await page.getByTestId('run-status').getByText('blocked').waitFor();
    await page.getByTestId('audit-status').getByText(/audit chain verified/).waitFor();
    await page.getByRole('row').filter({ hasText: 'failed' }).first().waitFor();
    await ui.screenshot(page, 'issue-panel-blocked');

    const before = await ui.invoke<Envelope<RunView>>('issue-panel', 'run/get', { issueKey }, AGENT);
    if (!before.ok) throw new Error(before.error.message);
    expect(before.data.allowedActions).toContain('retry');

    const reason = page.getByLabel('Reason (recorded in the audit trail)');
    await reason.fill('x');
    await page.getByText('Reason must say why, in at least 3 characters').waitFor();
    await page.getByLabel('Action').click();
    await page.getByRole('option', { name: 'Retry the failed step' }).click();
    await reason.fill('Entra connection fixed by IT');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText(/^Recorded:/).waitFor();
    await page.getByRole('row').filter({ hasText: 'Avery Agent' }).first().waitFor();
    await ui.screenshot(page, 'issue-panel-retried');

    const after = await ui.invoke<Envelope<RunView>>('issue-panel', 'run/get', { issueKey }, AGENT);
    if (!after.ok) throw new Error(after.error.message);
    expect(after.data.timeline.length).toBeGreaterThan(before.data.timeline.length);
    expect(after.data.timeline.some((e) => e.kind === 'override' && e.actor.kind === 'user' && e.actor.accountId === AGENT)).toBe(true);
    expect(after.data.audit).toMatchObject({ ok: true });
    await page.close();
  });

  it('reads the run without looking the issue up when the panel context carries its id', async () => {
    const byKey = await ui.invoke<Envelope<RunView>>('issue-panel', 'run/get', {}, AGENT, { issue: { key: issueKey } });
    const id = ui.sandbox.site.getIssue(issueKey)?.id;
    ui.sandbox.site.clearCalls();
    const byContext = await ui.invoke<Envelope<RunView>>('issue-panel', 'run/get', {}, AGENT, { issue: { key: issueKey, id } });
    expect(byContext).toEqual(byKey);
    const appIssueReads = ui.sandbox.site.calls().filter((c) => c.caller.kind === 'app' && c.method === 'GET' && c.routeTemplate === '/rest/api/3/issue/{issueIdOrKey}');
    expect(appIssueReads).toEqual([]);
  });

  it('is refused to a customer', async () => {
    const answer = await ui.invoke<Envelope<RunView>>('issue-panel', 'run/get', { issueKey }, REQUESTER);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
