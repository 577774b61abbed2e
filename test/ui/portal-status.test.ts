/**
 * The portal request panel in Chromium against the sandbox: the requester sees in plain words
 * what their request waits on; another customer sees nothing of it.
 */
import type { Envelope } from '../../src/contract/envelope';
import type { PortalStatus } from '../../src/contract/run-view';
import { configureAsAdmin, raiseVpnRequest } from './support/raise-vpn-request';
import { startUiHarness, type UiHarness } from './support/ui-harness';

jest.setTimeout(180_000);

const REQUESTER = 'acc-alice';
const OTHER_CUSTOMER = 'acc-carol';
let ui: UiHarness;
let issueKey = '';

beforeAll(async () => {
  ui = await startUiHarness(['admin', 'portal']);
  await configureAsAdmin(ui);
  issueKey = await raiseVpnRequest(ui, REQUESTER);
});

afterAll(async () => {
  await ui?.close();
});

describe('portal request panel', () => {
  it('tells the requester what the request waits on, without naming approvers', async () => {
    const page = await ui.open('portal', REQUESTER, { request: issueKey });
    const headline = page.getByTestId('status-headline');
    await headline.waitFor();
    expect(await headline.textContent()).toMatch(/Waiting for .*approval/i);
    const text = (await page.locator('main').textContent()) ?? '';
    for (const approver of ['acc-mgr-001', 'acc-mgr-002']) expect(text).not.toContain(approver);
    await ui.screenshot(page, 'portal-status');
    await page.close();
  });

  it('shows another customer nothing of the request', async () => {
    const page = await ui.open('portal', OTHER_CUSTOMER, { request: issueKey });
    await page.getByTestId('status-unavailable').waitFor();
    expect(await page.getByTestId('status-headline').count()).toBe(0);
    await ui.screenshot(page, 'portal-other-customer');
    const answer = await ui.invoke<Envelope<PortalStatus>>('portal', 'portal/status', { issueKey }, OTHER_CUSTOMER, { request: { key: issueKey } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await page.close();
  });
});
