/**
 * The admin page in Chromium against the sandbox: an admin edits a trigger in the routing form,
 * simulates the draft against real requests, publishes it and restores the previous version; a
 * user who is not an admin sees why they cannot change anything, and the server refuses them.
 */
import type { Page } from 'playwright-core';
import type { Envelope } from '../../src/contract/envelope';
import type { VersionSummary } from '../../src/contract/admin';
import { DEMO_PROJECT } from '../../platform/sandbox/demo-seed';
import { demo, refundFields } from './support/demo-settings';
import { adminCall, configureAsAdmin } from './support/raise-vpn-request';
import { startUiHarness, type UiHarness } from './support/ui-harness';

jest.setTimeout(180_000);

const ADMIN = 'acc-admin';
const CUSTOMER = 'acc-alice';
let ui: UiHarness;

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor();
}

beforeAll(async () => {
  ui = await startUiHarness(['admin']);
  await configureAsAdmin(ui);
  // Two real refund requests for the simulation: one under and one over the finance threshold.
  for (const [summary, amount] of [['Refund for a late delivery', 300], ['Refund for the March outage', 5000]] as const) {
    const created = await ui.rest(CUSTOMER, 'POST', '/rest/servicedeskapi/request', {
      serviceDeskId: DEMO_PROJECT.serviceDeskId,
      requestTypeId: demo.requestTypeIds['refund-credit'],
      requestFieldValues: refundFields(summary, amount),
    });
    if (created.status !== 201) throw new Error(`could not raise a refund request: ${JSON.stringify(created.json)}`);
  }
  await ui.sandbox.platform.settle();
});

afterAll(async () => {
  await ui?.close();
});

describe('admin page', () => {
  it('an admin edits a trigger, simulates the draft, publishes it and restores the previous version', async () => {
    const page = await ui.open('admin', ADMIN);
    await page.getByTestId('validation-ok').waitFor();
    await page.getByText('Published version: 1.').waitFor();
    await ui.screenshot(page, 'admin-routing');

    // Lower the finance threshold from 1000 to 100; a bad value is caught while typing.
    const value = page.getByLabel('amount-over-1000 condition 1: value');
    await value.fill('a lot');
    await page.getByTestId('validation-errors').getByText('triggers[').first().waitFor();
    await value.fill('100');
    await page.getByTestId('validation-ok').waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved. It routes nothing until you publish it.').waitFor();

    await openTab(page, 'Simulate');
    await page.getByLabel('How many recent requests').fill('10');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const summary = page.getByTestId('simulation-summary');
    await summary.waitFor();
    await expectText(summary, /1 of 2 request\(s\) would be routed differently than by v1/);
    const row = page.getByRole('row').filter({ hasText: 'Refund for a late delivery' });
    await expectText(row, /adds a Finance and billing stage/);
    await ui.screenshot(page, 'admin-simulate');

    await openTab(page, 'Routing');
    await page.getByLabel('What changed (required to publish)').fill('Finance checks refunds over 100');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published version 2. New requests are routed by it now.').waitFor();

    await openTab(page, 'Versions');
    await page.getByRole('row').filter({ hasText: 'Finance checks refunds over 100' }).getByText('routing now').waitFor();
    await page.getByRole('button', { name: 'Show differences' }).click();
    await expectText(page.getByTestId('diff-result'), /amount-over-1000[\s\S]*when\.value: 1000 → 100/);
    await page.getByRole('button', { name: 'Restore v1' }).click();
    await page.getByRole('button', { name: 'Restore as v3' }).click();
    await page.getByRole('row').filter({ hasText: '(restores v1)' }).getByText('routing now').waitFor();
    await ui.screenshot(page, 'admin-versions');

    const versions = await adminCall<VersionSummary[]>(ui, 'version/list', {});
    expect(versions.map((v) => [v.version, v.restoredFrom ?? null, v.isPublished])).toEqual([
      [3, 1, true],
      [2, null, false],
      [1, null, false],
    ]);
    const restored = await adminCall<{ policy: { triggers: { id: string; when: unknown }[] } }>(ui, 'version/get', { version: 3 });
    expect(restored.policy.triggers.find((t) => t.id === 'amount-over-1000')?.when).toEqual({ fact: 'amount', op: 'gt', value: 1000 });
    await page.close();
  });

  it('shows the workflow catalog with read-only source, and the setup check', async () => {
    const page = await ui.open('admin', ADMIN);
    await openTab(page, 'Workflows');
    await page.getByRole('button', { name: 'Show source code of refund-credit' }).click();
    await expectText(page.getByLabel('Source code of refund-credit'), /key: 'refund-credit'/);
    await ui.screenshot(page, 'admin-workflows');

    await openTab(page, 'Setup check');
    await page.getByRole('button', { name: 'Run setup check' }).click();
    await page.getByTestId('setup-summary').waitFor();
    await ui.screenshot(page, 'admin-setup');

    await openTab(page, 'Settings');
    await page.getByLabel('Project key').waitFor();
    expect(await page.getByLabel('Project key').inputValue()).toBe(DEMO_PROJECT.key);
    await ui.screenshot(page, 'admin-settings');
    // Saving reloads the admin's permissions; the confirmation stays on screen through it.
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'Settings saved.' }), /Settings saved\./);
    // Once the permissions reload has come back (no request in flight), the confirmation is still there.
    await page.waitForLoadState('networkidle');
    expect(await page.getByText('Settings saved.').count()).toBe(1);

    await openTab(page, 'Connections');
    await page.getByRole('button', { name: 'Add connection' }).waitFor();
    await ui.screenshot(page, 'admin-connections');
    await page.close();
  });

  it('a user who is not an admin is told plainly, and the server refuses their changes', async () => {
    const before = await adminCall<VersionSummary[]>(ui, 'version/list', {});
    const page = await ui.open('admin', CUSTOMER);
    await page.getByText('You can look, but not change').waitFor();
    await page.getByTestId('validation-ok').waitFor();

    await page.getByLabel('What changed (required to publish)').fill('Trying to publish without rights');
    await page.getByRole('button', { name: 'Publish' }).click();
    const refusal = page.locator('[data-error-code="forbidden"]');
    await refusal.waitFor();
    await expectText(refusal, /Only Jira administrators/);
    await ui.screenshot(page, 'admin-refused');

    await openTab(page, 'Versions');
    await page.getByRole('button', { name: 'Restore v1' }).click();
    await page.getByRole('button', { name: 'Restore as v4' }).click();
    await page.locator('[data-error-code="forbidden"]').waitFor();

    expect(await adminCall<VersionSummary[]>(ui, 'version/list', {})).toEqual(before);
    const direct = await ui.invoke<Envelope<unknown>>('admin', 'policy/publish', { comment: 'Direct call', expectedVersion: 3 }, CUSTOMER);
    expect(direct).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await page.close();
  });
});

async function expectText(locator: { waitFor(): Promise<void>; textContent(): Promise<string | null> }, pattern: RegExp): Promise<void> {
  await locator.waitFor();
  // Poll the rendered text: the state is reached when the text matches, not after a delay.
  const deadline = Date.now() + 20_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent()) ?? '';
    if (pattern.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(text).toMatch(pattern);
}
