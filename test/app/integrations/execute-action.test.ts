import { createIntegrationExecutor } from '../../../src/app/integrations/execute-action';
import type { ConnectionConfig } from '../../../src/domain/integrations/connection-config';
import type { ActionAttempt, ActionDrivers } from '../../../src/ports/integrations';
import { InMemoryCallLedger, InMemoryConnectionStore, InMemorySecretStore, ManualClock } from '../../fakes/integrations/in-memory-stores';
import { ScriptedDriver } from '../../fakes/integrations/scripted-driver';

const ok: ActionAttempt = { classification: { kind: 'ok' }, status: 200, output: { done: true } };
const busy = (retryAfterMs?: number): ActionAttempt => ({ classification: { kind: 'transient', reason: 'Slack is rate limiting the app', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, status: 429 });
const call = { action: 'slack.postMessage' as const, params: { text: 'hello' } };
const ctx = { runId: 'r1', stepId: 's1', attempt: 1 };

async function setup(script: Array<ActionAttempt | Error>, extra: ConnectionConfig[] = []) {
  const connections = new InMemoryConnectionStore();
  const secrets = new InMemorySecretStore();
  const clock = new ManualClock();
  const driver = new ScriptedDriver(script);
  const unused = new ScriptedDriver([new Error('not this driver')]);
  const drivers: ActionDrivers = { entra: unused, okta: unused, slack: driver, webhook: unused };
  for (const config of [{ kind: 'slack', id: 'slack-main', name: 'Slack', defaultChannel: '#a', scopes: ['chat.write'] } as ConnectionConfig, ...extra]) {
    await connections.save({ config, secretSet: true, secretRotatedAt: 'x', updatedAt: 'x', updatedBy: 'admin' });
    await secrets.set(config.id, { botToken: 'xoxb-test-token-12345' }, 'x');
  }
  const records: unknown[] = [];
  const ledger = new InMemoryCallLedger();
  const executor = createIntegrationExecutor({ connections, secrets, drivers, clock, ledger, recordCall: async (r) => void records.push(r) });
  return { executor, driver, clock, records, ledger, connections, secrets };
}

describe('integration executor', () => {
  it('refuses invalid parameters before touching a connection', async () => {
    const { executor, driver, records } = await setup([ok]);
    const result = await executor.execute({ action: 'slack.postMessage', params: { text: '' } }, ctx);
    expect(result).toMatchObject({ status: 'refused', code: 'invalid-params', reason: expect.stringMatching(/^Invalid parameters for slack.postMessage: text:/) });
    expect(driver.inputs).toEqual([]);
    expect(records).toHaveLength(1);
  });

  it('refuses when the step names no connection and several of its kind exist', async () => {
    const { executor, driver } = await setup([ok], [{ kind: 'slack', id: 'slack-two', name: 'Two', defaultChannel: '#b', scopes: ['chat.write'] }]);
    expect(await executor.execute(call, ctx)).toMatchObject({ status: 'refused', code: 'connection-missing', reason: expect.stringMatching(/slack-main, slack-two/) });
    expect(await executor.execute(call, { ...ctx, connectionId: 'slack-two' })).toMatchObject({ status: 'succeeded' });
    expect(driver.inputs).toHaveLength(1);
  });

  it('refuses when credentials are missing', async () => {
    const { executor, secrets, driver } = await setup([ok]);
    await secrets.delete('slack-main');
    expect(await executor.execute(call, ctx)).toMatchObject({ status: 'refused', code: 'connection-missing', reason: expect.stringMatching(/no credentials/) });
    expect(driver.inputs).toEqual([]);
  });

  it('passes a stable idempotency key and records success once in the ledger', async () => {
    const { executor, driver, ledger } = await setup([ok]);
    await executor.execute(call, ctx);
    await executor.execute(call, { ...ctx, attempt: 2 });
    expect(driver.inputs.map((i) => i.idempotencyKey)).toEqual(['r1:s1']);
    expect(ledger.items.get('r1:s1')).toEqual({ output: { done: true } });
  });

  it('sleeps short waits inline and returns long ones to the queue', async () => {
    const short = await setup([busy(2_000), ok]);
    expect(await short.executor.execute(call, ctx)).toMatchObject({ status: 'succeeded', record: { attempts: 2 } });
    expect(short.clock.sleeps).toEqual([2_000]);

    const long = await setup([busy(60_000), ok]);
    const result = await long.executor.execute(call, ctx);
    expect(result).toMatchObject({ status: 'retry-later', retryAfterMs: 60_000, record: { attempts: 1, outcome: 'retry-later' } });
    expect(long.clock.sleeps).toEqual([]);
  });

  it('stops retrying inline after the inline attempt limit', async () => {
    const { executor, driver } = await setup([busy()]);
    const result = await executor.execute(call, ctx);
    expect(result.status).toBe('retry-later');
    expect(driver.inputs).toHaveLength(3);
  });

  it('leaves the number of deliveries to the run: a late delivery (after an agent retry) still comes back as retry-later', async () => {
    const { executor } = await setup([busy()]);
    expect(await executor.execute(call, { ...ctx, attempt: 6 })).toMatchObject({ status: 'retry-later', retryAfterMs: expect.any(Number) });
  });

  it('turns an unexpected driver error into a recorded failure without the secret', async () => {
    const { executor, records } = await setup([new Error('boom with xoxb-test-token-12345 inside')]);
    const result = await executor.execute(call, ctx);
    expect(result).toMatchObject({ status: 'failed', code: 'rejected' });
    expect(JSON.stringify([result, records])).not.toContain('xoxb-test-token-12345');
  });
});
