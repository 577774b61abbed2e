import {
  appendAuditEvent,
  appendAuditEvents,
  type AuditEvent,
  GENESIS_HASH,
  hashAuditEvent,
  verifyAuditChain,
} from '../../../../src/domain/audit/audit-chain';

const WHERE = { runId: 'run-1', at: '2026-11-22T10:00:00.000Z' };

function buildChain(count: number): AuditEvent[] {
  return appendAuditEvents(
    null,
    Array.from({ length: count }, (_, i) => ({
      type: `test.${i}`,
      actor: { kind: 'app' as const },
      summary: `Event ${i}.`,
      data: { index: i },
    })),
    WHERE,
  );
}

function rehash(event: Omit<AuditEvent, 'hash'>): AuditEvent {
  return { ...event, hash: hashAuditEvent(event) };
}

describe('audit hash chain', () => {
  it('starts at seq 1 from the genesis hash and links every event', () => {
    const chain = buildChain(3);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
    expect(chain[1]?.prevHash).toBe(chain[0]?.hash);
    expect(chain[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyAuditChain(chain)).toEqual({ ok: true, count: 3, head: { seq: 3, hash: chain[2]?.hash } });
  });

  it('is deterministic', () => {
    expect(buildChain(4)).toEqual(buildChain(4));
  });

  it('redacts data and summary inside the builder', () => {
    const event = appendAuditEvent(
      null,
      { type: 'x', actor: { kind: 'user', accountId: 'acc-1' }, summary: 'Used Bearer abcdefghijklmnopqrstu.', data: { password: 'pw123456' } },
      WHERE,
    );
    expect(event.data).toEqual({ password: '[redacted]' });
    expect(event.summary).toBe('Used [redacted].');
    expect(JSON.stringify(event)).not.toContain('pw123456');
  });

  it('verifies an empty chain and a later part of a chain from an anchor', () => {
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0, head: null });
    const chain = buildChain(5);
    const anchor = { seq: chain[1]!.seq, hash: chain[1]!.hash };
    expect(verifyAuditChain(chain.slice(2), { anchor })).toMatchObject({ ok: true, count: 3 });
    expect(verifyAuditChain(chain.slice(3), { anchor })).toMatchObject({ ok: false, brokenAt: 3 });
  });

  type Tamper = [string, (chain: AuditEvent[]) => AuditEvent[], number];
  const tampers: Tamper[] = [
    ['altered data', (c) => c.map((e) => (e.seq === 3 ? { ...e, data: { index: 99 } } : e)), 3],
    ['altered summary', (c) => c.map((e) => (e.seq === 2 ? { ...e, summary: 'Nothing happened.' } : e)), 2],
    ['altered actor', (c) => c.map((e) => (e.seq === 4 ? { ...e, actor: { kind: 'user', accountId: 'evil' } } : e)), 4],
    ['removed event', (c) => c.filter((e) => e.seq !== 3), 3],
    ['removed first event', (c) => c.slice(1), 1],
    ['reordered events', (c) => [c[0]!, c[2]!, c[1]!, c[3]!, c[4]!], 2],
    ['duplicated event', (c) => [c[0]!, c[1]!, c[1]!, c[2]!, c[3]!, c[4]!], 3],
    [
      'inserted event with a valid hash',
      (c) => {
        const inserted = rehash({ ...c[2]!, type: 'forged', summary: 'Forged.', prevHash: c[1]!.hash, seq: 3 });
        return [c[0]!, c[1]!, inserted, ...c.slice(2)];
      },
      4,
    ],
    ['altered hash', (c) => c.map((e) => (e.seq === 5 ? { ...e, hash: 'f'.repeat(64) } : e)), 5],
    ['event of another run', (c) => c.map((e) => (e.seq === 2 ? rehash({ ...e, runId: 'run-2' }) : e)), 2],
  ];

  it.each(tampers)('detects %s', (_name, tamper, brokenAt) => {
    const verdict = verifyAuditChain(tamper(buildChain(5)));
    expect(verdict).toMatchObject({ ok: false, brokenAt });
    if (!verdict.ok) expect(verdict.reason.length).toBeGreaterThan(10);
  });

  it('detects a chain rebuilt after tampering by comparing with the recorded head', () => {
    const chain = buildChain(5);
    const head = { seq: 5, hash: chain[4]!.hash };
    const rebuilt = appendAuditEvents(null, chain.map((e) => ({ type: e.type, actor: e.actor, summary: e.summary, data: e.seq === 2 ? { index: 42 } : e.data })), WHERE);
    expect(verifyAuditChain(rebuilt)).toMatchObject({ ok: true });
    expect(verifyAuditChain(rebuilt, { expectedHead: head })).toMatchObject({ ok: false });
    expect(verifyAuditChain(chain.slice(0, 4), { expectedHead: head })).toMatchObject({ ok: false });
    expect(verifyAuditChain(chain, { expectedHead: head })).toMatchObject({ ok: true, count: 5 });
  });
});
