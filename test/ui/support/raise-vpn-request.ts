import type { Envelope } from '../../../src/contract/envelope';
import { DEMO_PROJECT } from '../../../platform/sandbox/demo-seed';
import { publishDemoSettingsAndPolicy } from '../../../platform/sandbox/demo-app-config';
import { demo } from './demo-settings';
import type { UiHarness } from './ui-harness';

const ADMIN = 'acc-admin';

/** An admin resolver call as the demo admin; fails the test when refused. */
export async function adminCall<T>(ui: UiHarness, key: string, payload: unknown): Promise<T> {
  const envelope = await ui.invoke<Envelope<T>>('admin', key, payload, ADMIN);
  if (!envelope.ok) throw new Error(`${key}: ${envelope.error.message}`);
  return envelope.data;
}

/** Configures the app as the demo admin (settings, example policy) through the admin resolver. */
export async function configureAsAdmin(ui: UiHarness): Promise<void> {
  await publishDemoSettingsAndPolicy((key, payload) => adminCall(ui, key, payload));
}

/** A standard VPN request raised by `requester` on the portal's REST API; returns its key once settled. */
export async function raiseVpnRequest(ui: UiHarness, requester: string): Promise<string> {
  const id = (input: string): string => demo.inputFieldIds[input] ?? input;
  const created = await ui.rest(requester, 'POST', '/rest/servicedeskapi/request', {
    serviceDeskId: DEMO_PROJECT.serviceDeskId,
    requestTypeId: demo.requestTypeIds['vpn-access'],
    requestFieldValues: { summary: 'VPN for internal tools', [id('vpnProfile')]: 'standard', [id('businessJustification')]: 'I work remotely and need the internal wiki.' },
  });
  if (created.status !== 201) throw new Error(`could not raise the request: ${JSON.stringify(created.json)}`);
  await ui.sandbox.platform.settle();
  return (created.json as { issueKey: string }).issueKey;
}
