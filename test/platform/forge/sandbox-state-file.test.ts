/**
 * `npm start -- --state <file>`: stopping saves the app's storage, the clock and the site's
 * requests; starting again from the file puts all three back, so a request raised before the
 * restart can be approved after it and its run carries on where it stopped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox, startSandbox as StartSandbox } from '../../../platform/sandbox/start-sandbox';
import { sandboxRest as rest } from '../../support/sandbox-rest';

jest.setTimeout(120_000);

const stateFile = join(mkdtempSync(join(tmpdir(), 'sandbox-state-')), 'state.json');

async function start(): Promise<Sandbox> {
  // A fresh module registry per start: the app and the SDK bind to the platform they load with.
  jest.resetModules();
  const { startSandbox } = jest.requireActual<{ startSandbox: typeof StartSandbox }>('../../../platform/sandbox/start-sandbox');
  // The clock starts at wall time, as with `npm start`: the app reads wall time too.
  return startSandbox({ stateFile, configure: true });
}

describe('sandbox state file', () => {
  let issueKey = '';

  it('saves a request waiting for approval when the sandbox stops', async () => {
    const sandbox = await start();
    try {
      const created = await rest(sandbox, 'POST', '/rest/servicedeskapi/request', 'alice@example.com', {
        serviceDeskId: '1',
        requestTypeId: sandbox.demo.requestTypeIds['vpn-access'],
        requestFieldValues: {
          summary: 'VPN before the restart',
          [sandbox.demo.inputFieldIds['vpnProfile'] as string]: 'standard',
          [sandbox.demo.inputFieldIds['businessJustification'] as string]: 'Remote work on the internal wiki.',
        },
      });
      expect(created.status).toBe(201);
      issueKey = (created.json as { issueKey: string }).issueKey;
      await sandbox.platform.settle();
      expect(sandbox.site.getIssue(issueKey)?.statusName).toMatch(/approval/i);
    } finally {
      await sandbox.stop();
    }
  });

  it('carries the request and its run on after a restart: the approval completes it', async () => {
    const sandbox = await start();
    try {
      expect(sandbox.site.getIssue(issueKey)?.statusName).toMatch(/approval/i);
      const approvals = await rest(sandbox, 'GET', `/rest/servicedeskapi/request/${issueKey}/approval`, 'carol@example.com');
      const pending = (approvals.json as { values: { id: string; finalDecision: string }[] }).values.find((a) => a.finalDecision === 'pending');
      expect(pending).toBeDefined();
      const decided = await rest(sandbox, 'POST', `/rest/servicedeskapi/request/${issueKey}/approval/${pending?.id}`, 'carol@example.com', { decision: 'approve' });
      expect(decided.status).toBe(200);
      await sandbox.platform.settle();
      expect(sandbox.site.getIssue(issueKey)?.statusName).toBe('Done');
      const property = sandbox.site.getProperties(issueKey)['approval-router.run'] as { state: { phase: string } };
      expect(property.state.phase).toBe('completed');
      // Numbering carries on too: the next request does not reuse the saved one's key.
      const next = await rest(sandbox, 'POST', '/rest/servicedeskapi/request', 'alice@example.com', {
        serviceDeskId: '1',
        requestTypeId: sandbox.demo.requestTypeIds['password-reset'],
        requestFieldValues: { summary: 'After the restart' },
      });
      expect((next.json as { issueKey?: string }).issueKey).not.toBe(issueKey);
    } finally {
      await sandbox.stop();
    }
  });
});
