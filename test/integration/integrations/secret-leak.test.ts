import { createDirectoryIdentityProvider } from '../../../src/adapters/integrations/directory-identity-provider';
import { listConnections, testConnection } from '../../../src/app/connections/manage-connections';
import { saveConnection } from '../../../src/app/connections/save-connection';
import type { ActionCall } from '../../../src/domain/workflows/workflow-types';
import { startHarness, SECRETS, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.standIns.stop();
});

describe('no credential appears in anything the app writes', () => {
  it('scans results, call records, errors, logs, connection views and stored configs', async () => {
    const written: unknown[] = [];
    const logged: unknown[][] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args);
      }),
    );
    try {
      const executor = h.executor();
      const vpn = h.standIns.state.groupByKey('vpn-users');
      const alice = h.standIns.state.userByKey('alice');
      h.standIns.setFaults([
        { service: 'graph', method: 'POST', sequence: [{ type: 'status', status: 429, retryAfter: '1' }] },
        { service: 'slack', sequence: [{ type: 'status', status: 503 }] },
      ]);
      const calls: Array<[ActionCall, string]> = [
        [{ action: 'entra.findUser', params: { user: 'alice@example.com' } }, 'entra-main'],
        [{ action: 'entra.addGroupMember', params: { groupId: vpn.entraId, userId: alice.entraId } }, 'entra-main'],
        [{ action: 'entra.addGroupMember', params: { groupId: vpn.entraId, userId: alice.entraId } }, 'entra-readonly'],
        [{ action: 'entra.addGroupMember', params: { groupId: vpn.entraId, userId: alice.entraId } }, 'entra-limited'],
        [{ action: 'okta.getManager', params: { user: 'bob@example.com' } }, 'okta-main'],
        [{ action: 'okta.addGroupMember', params: { groupId: '00gmissing0000000099', userId: alice.oktaId } }, 'okta-main'],
        [{ action: 'okta.addGroupMember', params: { groupId: vpn.oktaId, userId: alice.oktaId } }, 'okta-ro-token'],
        [{ action: 'okta.findUser', params: { user: 'carol@example.com' } }, 'okta-oauth'],
        [{ action: 'slack.postMessage', params: { text: 'Reminder for SD-1' } }, 'slack-main'],
        [{ action: 'slack.postMessage', params: { text: 'Reminder', channel: '#no-such-channel' } }, 'slack-main'],
        [{ action: 'webhook.post', params: { event: 'access.granted', payload: { request: 'SD-1' } } }, 'webhook-main'],
        // A workflow that (wrongly) passes a credential as a parameter: it must not reach the record.
        [{ action: 'webhook.post', params: { event: 'access.granted', payload: { token: SECRETS.slackBotToken } } }, 'webhook-main'],
      ];
      let step = 0;
      for (const [call, connectionId] of calls) {
        written.push(await executor.execute(call, { runId: 'run-leak', stepId: `s${++step}`, attempt: 1, connectionId }));
      }

      // Wrong credentials: the providers' error bodies come back through the app.
      await h.secrets.set('entra-main', { clientSecret: `${SECRETS.entraClientSecret}-old` }, '2026-03-02T09:00:00.000Z');
      await h.secrets.set('webhook-main', { signingSecret: `${SECRETS.webhookSecret}-old` }, '2026-03-02T09:00:00.000Z');
      written.push(await h.executor().execute({ action: 'entra.findUser', params: { user: 'bob@example.com' } }, { runId: 'run-leak-2', stepId: 'a', attempt: 1, connectionId: 'entra-main' }));
      written.push(await h.executor().execute({ action: 'webhook.post', params: { event: 'x', payload: {} } }, { runId: 'run-leak-2', stepId: 'b', attempt: 1, connectionId: 'webhook-main' }));
      for (const id of ['entra-main', 'entra-limited', 'okta-main', 'okta-oauth', 'slack-main', 'webhook-main']) {
        written.push(await testConnection({ connections: h.connections, secrets: h.secrets, drivers: h.drivers.drivers }, id));
      }
      const identity = createDirectoryIdentityProvider({ connections: h.connections, secrets: h.secrets, graph: h.drivers.graph, okta: h.drivers.okta, connectionId: 'okta-main' });
      written.push(await identity.lookupRequester('alice@example.com'));

      // Invalid secrets at save time: the validation error must name the field, not echo the value.
      for (const secrets of [{ botToken: `not-a-bot-token-${SECRETS.slackBotToken}` }, { botToken: 'short', extra: SECRETS.webhookSecret }]) {
        try {
          await saveConnection(h.connectionDeps, { connection: { kind: 'slack', id: 'slack-new', name: 'Slack', defaultChannel: '#access-requests', scopes: ['chat.write'] }, secrets }, 'admin');
          throw new Error('expected a validation error');
        } catch (error) {
          written.push({ message: (error as Error).message, details: (error as { details?: unknown }).details });
        }
      }
      written.push(await listConnections({ connections: h.connections }));

      const haystack = JSON.stringify({ written, records: h.records, logged, stored: h.connections.dump(), ledger: [...h.ledger.items.entries()] });
      // The scan must cover real output: the runs above produced records of each outcome.
      expect(new Set(h.records.map((r) => r.outcome))).toEqual(new Set(['succeeded', 'failed', 'refused']));
      expect(haystack).toContain('AADSTS7000215');
      expect(haystack).toContain('[redacted]');
      for (const secret of [...Object.values(SECRETS), h.oktaPrivateKey, h.oktaPrivateKey.split('\n')[1] as string]) {
        expect(haystack.includes(secret)).toBe(false);
      }
      expect(haystack).not.toMatch(/Bearer eyJ|SSWS 00/);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
