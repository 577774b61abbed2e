import { computeWebhookSignature } from '../../../platform/stand-ins';
import { startHarness, SECRETS, type Harness } from './harness';

let h: Harness;
let run = 0;
const ctx = (connectionId: string, runId = `run-msg-${++run}`, stepId = 'notify') => ({ runId, stepId, attempt: 1, connectionId });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.standIns.stop();
});
beforeEach(() => {
  h.standIns.reset();
  h.ledger.items.clear();
  h.records.length = 0;
  h.clock.sleeps.length = 0;
});

describe('Slack', () => {
  it('posts to the default channel; a re-delivered step is not posted twice', async () => {
    const executor = h.executor();
    const call = { action: 'slack.postMessage' as const, params: { text: 'Approval waiting on security for SD-42' } };
    const first = await executor.execute(call, ctx('slack-main', 'run-slack-1'));
    const again = await executor.execute(call, ctx('slack-main', 'run-slack-1'));
    expect(first).toMatchObject({ status: 'succeeded', replayed: false, output: { channel: 'C0ACCESS001' } });
    expect(again).toMatchObject({ status: 'succeeded', replayed: true, output: first.status === 'succeeded' ? first.output : {}, record: { outcome: 'replayed', attempts: 0 } });
    expect(h.standIns.state.slackMessages).toEqual([expect.objectContaining({ channel: 'C0ACCESS001', text: 'Approval waiting on security for SD-42' })]);
  });

  it.each([
    ['HTTP 429 ratelimited with Retry-After', { type: 'status', status: 429, retryAfter: '2' } as const],
    ['200 ok:false service_unavailable', { type: 'status', status: 200, body: { ok: false, error: 'service_unavailable' } } as const],
    ['503', { type: 'status', status: 503 } as const],
  ])('retries %s and then posts once', async (_label, fault) => {
    h.standIns.setFaults([{ service: 'slack', sequence: [fault] }]);
    const result = await h.executor().execute({ action: 'slack.postMessage', params: { text: 'Reminder' } }, ctx('slack-main'));
    expect(result).toMatchObject({ status: 'succeeded', record: { attempts: 2 } });
    expect(h.standIns.state.slackMessages).toHaveLength(1);
  });

  it.each([
    ['#no-such-channel', 'channel-not-found', /channel does not exist.*channel_not_found/],
    ['#leadership', 'forbidden', /not a member of the channel.*not_in_channel/],
  ])('fails at once for %s', async (channel, code, reason) => {
    const result = await h.executor().execute({ action: 'slack.postMessage', params: { text: 'Escalation', channel } }, ctx('slack-main'));
    expect(result).toMatchObject({ status: 'failed', code, record: { attempts: 1, status: 200 } });
    expect(result.status === 'failed' && result.reason).toMatch(reason);
  });

  it('refuses to post on a connection with an empty ceiling, sending nothing', async () => {
    const result = await h.executor().execute({ action: 'slack.postMessage', params: { text: 'Escalation' } }, ctx('slack-paused'));
    expect(result).toMatchObject({ status: 'refused', reason: expect.stringMatching(/chat\.write/) });
    expect(h.standIns.calls()).toEqual([]);
  });
});

describe('signed webhooks', () => {
  const call = { action: 'webhook.post' as const, params: { event: 'access.granted', payload: { request: 'SD-42', group: 'VPN Users' } } };

  it('delivers a body the receiver verifies with the shared secret', async () => {
    const result = await h.executor().execute(call, ctx('webhook-main', 'run-hook-1', 'notify-vendor'));
    expect(result).toMatchObject({ status: 'succeeded', output: { idempotencyKey: 'run-hook-1:notify-vendor' } });
    const [delivery] = h.standIns.state.webhookDeliveries;
    expect(delivery).toMatchObject({ path: '/approvals', event: 'access.granted', verified: true, idempotencyKey: 'run-hook-1:notify-vendor', duplicate: false });
    const logged = h.standIns.calls().find((c) => c.service === 'webhook');
    // Recompute independently: the signature covers "<timestamp>.<body>" with the shared secret.
    expect(computeWebhookSignature(SECRETS.webhookSecret, delivery?.timestamp ?? '', logged?.body ?? '')).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(logged?.headers['x-timestamp']).toBe(String(Math.floor(h.clock.now() / 1000)));
  });

  it('is harmless to repeat: the ledger skips the step, the receiver deduplicates by Idempotency-Key', async () => {
    await h.executor().execute(call, ctx('webhook-main', 'run-hook-2'));
    expect(await h.executor().execute(call, ctx('webhook-main', 'run-hook-2'))).toMatchObject({ status: 'succeeded', replayed: true });
    expect(h.standIns.state.webhookDeliveries).toHaveLength(1);
    const withoutLedger = h.executor({ ledger: undefined });
    expect(await withoutLedger.execute(call, ctx('webhook-main', 'run-hook-2'))).toMatchObject({ status: 'succeeded', replayed: false });
    expect(h.standIns.state.webhookDeliveries.map((d) => d.duplicate)).toEqual([false, true]);
  });

  it('retries a 503 with a fresh signature and the same key', async () => {
    h.standIns.setFaults([{ service: 'webhook', sequence: [{ type: 'status', status: 503 }, { type: 'status', status: 502 }] }]);
    const result = await h.executor().execute(call, ctx('webhook-main', 'run-hook-3'));
    expect(result).toMatchObject({ status: 'succeeded', record: { attempts: 3 } });
    expect(h.standIns.state.webhookDeliveries).toEqual([expect.objectContaining({ verified: true, idempotencyKey: 'run-hook-3:notify' })]);
  });

  it('fails at once when the receiver rejects the signature', async () => {
    await h.secrets.set('webhook-main', { signingSecret: 'a-different-secret-0000' }, '2026-03-02T09:00:00.000Z');
    try {
      const result = await h.executor().execute(call, ctx('webhook-main'));
      expect(result).toMatchObject({ status: 'failed', code: 'unauthorized', record: { attempts: 1, status: 401 } });
      expect(h.standIns.state.webhookDeliveries).toEqual([expect.objectContaining({ verified: false })]);
    } finally {
      await h.secrets.set('webhook-main', { signingSecret: SECRETS.webhookSecret }, '2026-03-02T09:00:00.000Z');
    }
  });

  it('refuses on a connection with an empty ceiling, sending nothing', async () => {
    expect(await h.executor().execute(call, ctx('webhook-paused'))).toMatchObject({ status: 'refused', record: { attempts: 0 } });
    expect(h.standIns.calls()).toEqual([]);
  });
});
