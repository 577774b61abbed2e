import { createAdminDefinitions, type AdminServices } from '../../../src/handlers/admin-resolver';
import { runResolver, type ResolverDefinition } from '../../../src/handlers/resolver-kit';
import type { ConnectionStore, StoredConnection } from '../../../src/ports/connection-store';
import type { SecretStore } from '../../../src/ports/secret-store';
import type { ActionDrivers } from '../../../src/ports/integrations';
import { ADMIN, AGENT, createPolicyTestDeps, policyDocument, type PolicyTestDeps } from '../../fakes/policy/policy-fixtures';

class MemoryConnections implements ConnectionStore {
  readonly items = new Map<string, StoredConnection>();
  async list() {
    return [...this.items.values()];
  }
  async get(id: string) {
    return this.items.get(id);
  }
  async save(c: StoredConnection) {
    this.items.set(c.config.id, c);
  }
  async delete(id: string) {
    this.items.delete(id);
  }
}

const noSecrets: SecretStore = { get: async () => undefined, set: async () => undefined, delete: async () => undefined, metadata: async () => undefined };

function setUp(): { deps: PolicyTestDeps; connections: MemoryConnections; call: (key: string, payload: unknown, accountId?: string) => Promise<unknown> } {
  const deps = createPolicyTestDeps();
  const connections = new MemoryConnections();
  const services: AdminServices = {
    policy: deps,
    connections: { connections, secrets: noSecrets, nowIso: () => deps.clock.now(), declaredOrigins: ['https://slack.com'], drivers: {} as ActionDrivers },
  };
  const definitions = createAdminDefinitions(() => services);
  const call = (key: string, payload: unknown, accountId?: string) => {
    const definition = definitions.find((d) => d.key === key) as ResolverDefinition<unknown, unknown> | undefined;
    if (!definition) throw new Error(`no resolver ${key}`);
    return runResolver(definition, payload, accountId === undefined ? {} : { accountId, extension: { type: 'jira:adminPage' } });
  };
  return { deps, connections, call };
}

describe('admin resolvers', () => {
  it('answer in the envelope with the use case result', async () => {
    const { call } = setUp();
    expect(await call('draft/save', { document: policyDocument() }, ADMIN)).toMatchObject({ ok: true, data: { basedOnVersion: null, isNew: false } });
    expect(await call('policy/publish', { comment: 'first one', expectedVersion: null }, ADMIN)).toMatchObject({ ok: true, data: { version: 1 } });
    expect(await call('access/get', {}, AGENT)).toMatchObject({ ok: true, data: { canPublish: false } });
  });

  it('refuse a caller without a signed-in user', async () => {
    const { call } = setUp();
    expect(await call('version/list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuse non-publishers on the server before reading their payload', async () => {
    const { call, connections } = setUp();
    for (const [key, payload] of [
      ['policy/publish', { comment: 'mine now', expectedVersion: null }],
      ['version/restore', { version: 1, comment: 'mine now', expectedVersion: 1 }],
      ['connection/save', { connection: { kind: 'slack', id: 'slack-main', name: 'Slack', defaultChannel: '#x', scopes: ['chat.write'] }, secrets: { botToken: 'xoxb-1234' } }],
      ['connection/delete', { id: 'slack-main' }],
      ['settings/save', { settings: {} }],
      ['policy/simulate', 'not even an object'],
    ] as const) {
      const answer = await call(key, payload, AGENT);
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((answer as { error: { message: string } }).error.message).toContain('Only Jira administrators');
    }
    expect(connections.items.size).toBe(0);
  });

  it('reject a malformed payload with the path of the problem', async () => {
    const { call } = setUp();
    const answer = await call('version/diff', { from: 1, to: 'two' }, ADMIN);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-payload', issues: [{ path: 'to' }] } });
  });

  it('map domain errors to their code and issues, without internals', async () => {
    const { call } = setUp();
    const document = policyDocument();
    document.lanes['finance']!.remindAfter = 'soon';
    const answer = (await call('draft/save', { document }, ADMIN)) as { ok: false; error: { code: string; message: string; issues: { path: string }[] } };
    expect(answer.ok).toBe(false);
    expect(answer.error.code).toBe('invalid-policy');
    expect(answer.error.issues.map((i) => i.path)).toEqual(['lanes.finance.remindAfter']);
    expect(answer.error.message).not.toMatch(/at .*\.ts/);
  });

  it('rethrow unexpected failures so Forge records them', async () => {
    const { call, deps } = setUp();
    deps.policies.getLatestVersion = async () => {
      throw new Error('KVS is down');
    };
    await expect(call('version/list', {}, ADMIN)).rejects.toThrow('KVS is down');
  });
});
