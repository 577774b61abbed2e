/**
 * The sandbox as `npm start` builds it (real emulated Jira/JSM site with the demo desk, stand-ins,
 * Forge runtime, HTTP server), with the fixture app installed: a request created over REST reaches
 * the app's trigger, and what the app writes back is read over REST.
 */
import { startSandbox, type Sandbox } from '../../../platform/sandbox/start-sandbox';
import { FIXTURE_APP_DIR } from '../../support/forge-platform';
import { sandboxRest } from '../../support/sandbox-rest';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ appDir: FIXTURE_APP_DIR, startAt: Date.UTC(2026, 0, 5, 9) });
});

afterAll(async () => {
  await sandbox.stop();
});

const rest = (method: string, path: string, email: string | undefined, body?: unknown) => sandboxRest(sandbox, method, path, email, body);

describe('sandbox end to end', () => {
  it('seeds a request type per pre-built workflow on the DESK service desk', async () => {
    const { status, json } = await rest('GET', '/rest/servicedeskapi/servicedesk/1/requesttype', 'alice@example.com');
    expect(status).toBe(200);
    const helpTexts = (json as { values: { helpText?: string }[] }).values.map((v) => v.helpText);
    for (const key of ['vpn-access', 'shared-mailbox-access', 'prod-db-access', 'password-reset', 'customer-data-export', 'refund-credit', 'prod-config-change', 'customer-communication']) {
      expect(helpTexts).toContain(`Request type key: ${key}`);
    }
    expect(sandbox.demo.requestTypeIds['vpn-access']).toEqual(expect.any(String));
  });

  it('delivers a request created with curl to the app, whose comment is then read over REST', async () => {
    const rt = sandbox.demo.requestTypeIds['password-reset'] as string;
    const fields = (await rest('GET', `/rest/servicedeskapi/servicedesk/1/requesttype/${rt}/field`, 'alice@example.com')).json as {
      requestTypeFields: { fieldId: string; required: boolean; jiraSchema: { type: string } }[];
    };
    const values: Record<string, unknown> = { summary: 'Locked out' };
    for (const f of fields.requestTypeFields) if (f.required && f.fieldId !== 'summary') values[f.fieldId] = f.jiraSchema.type === 'number' ? 1 : 'value';
    const created = await rest('POST', '/rest/servicedeskapi/request', 'alice@example.com', { serviceDeskId: '1', requestTypeId: rt, requestFieldValues: values });
    expect(created.status).toBe(201);
    const key = (created.json as { issueKey: string }).issueKey;

    await sandbox.platform.settle();
    const triggerRuns = sandbox.platform.deliveries().filter((d) => d.kind === 'trigger' && d.topic === 'avi:jira:created:issue');
    expect(triggerRuns.map((d) => d.outcome)).toEqual(['ok']);
    expect(sandbox.platform.deliveries().filter((d) => d.kind === 'consumer').map((d) => d.outcome)).toEqual(['ok']);

    const comments = await rest('GET', `/rest/api/3/issue/${key}/comment`, 'avery.agent@example.com');
    expect(comments.status).toBe(200);
    expect((comments.json as { comments: { author: { accountType?: string } }[] }).comments).toHaveLength(1);
    // The app's own comment reaches the trigger that does not ignore self.
    expect(sandbox.platform.deliveries().filter((d) => d.topic === 'avi:jira:commented:issue').map((d) => d.outcome)).toEqual(['ok']);
  });

  it('answers anonymous callers as Jira does and keeps the control API working', async () => {
    expect((await rest('GET', '/rest/api/3/myself', undefined)).status).toBe(401);
    const clock = (await rest('GET', '/_sandbox/clock', undefined)).json as { iso: string };
    expect(clock.iso).toBe('2026-01-05T09:00:00.000Z');
  });
});
