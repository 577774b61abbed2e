/**
 * `npm start` connects both directories as a two-directory company would: Entra ID describes
 * requesters (and holds the VPN groups), Okta holds the just-in-time database groups. A database
 * access request raised over REST is approved over REST and lands in Okta for the requester.
 */
import type { Sandbox, startSandbox as StartSandbox } from '../../../platform/sandbox/start-sandbox';
import { DEFAULT_DIRECTORY_SEED } from '../../../platform/stand-ins';
import { sandboxRest } from '../../support/sandbox-rest';

jest.setTimeout(120_000);

const ALICE_OKTA = DEFAULT_DIRECTORY_SEED.users.find((u) => u.key === 'alice')?.oktaId as string;
let sandbox: Sandbox;

beforeAll(async () => {
  const { startSandbox } = jest.requireActual<{ startSandbox: typeof StartSandbox }>('../../../platform/sandbox/start-sandbox');
  // The clock starts at wall time, as with `npm start`: the app reads wall time too.
  sandbox = await startSandbox({ configure: true });
});

afterAll(async () => {
  await sandbox?.stop();
});

const rest = (method: string, path: string, email: string, body?: unknown) => sandboxRest(sandbox, method, path, email, body);

async function approveAs(email: string, issueKey: string): Promise<void> {
  const approvals = await rest('GET', `/rest/servicedeskapi/request/${issueKey}/approval`, email);
  const pending = (approvals.json as { values: { id: string; finalDecision: string }[] }).values.find((a) => a.finalDecision === 'pending');
  expect(pending).toBeDefined();
  expect((await rest('POST', `/rest/servicedeskapi/request/${issueKey}/approval/${pending?.id}`, email, { decision: 'approve' })).status).toBe(200);
  await sandbox.platform.settle();
}

it('grants just-in-time database access in Okta to a requester Entra ID describes', async () => {
  const field = (name: string) => sandbox.demo.inputFieldIds[name] as string;
  const created = await rest('POST', '/rest/servicedeskapi/request', 'alice@example.com', {
    serviceDeskId: '1',
    requestTypeId: sandbox.demo.requestTypeIds['prod-db-access'],
    requestFieldValues: {
      summary: 'Read the orders database',
      [field('database')]: 'orders-db',
      [field('role')]: 'read-only',
      [field('durationHours')]: 2,
      [field('ticketReference')]: 'INC-1234',
      [field('reason')]: 'Investigate the duplicated orders reported in INC-1234.',
    },
  });
  expect(created.status).toBe(201);
  const issueKey = (created.json as { issueKey: string }).issueKey;
  await sandbox.platform.settle();

  await approveAs('carol@example.com', issueKey);
  await approveAs('sre-001@example.com', issueKey);
  await approveAs('sec-001@example.com', issueKey);

  const property = sandbox.site.getProperties(issueKey)['approval-router.run'] as { state: { phase: string; workflow: string } };
  expect(property.state).toMatchObject({ phase: 'completed', workflow: 'prod-db-access@1.0.1' });
  const grants = (sandbox.standIns?.calls() ?? []).filter((c) => c.service === 'okta' && c.method === 'PUT');
  expect(grants.map((c) => [c.path, c.status])).toEqual([[`/api/v1/groups/okta-db-orders-ro/users/${ALICE_OKTA}`, 204]]);
});
