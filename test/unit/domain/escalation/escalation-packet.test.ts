import { buildEscalationPacket, type EscalationPacketInput, ESCALATION_POINTS, renderPacketText } from '../../../../src/domain/escalation/escalation-packet';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

function input(point: EscalationPacketInput['point']): EscalationPacketInput {
  return {
    point,
    owner: point === 'clarification' ? { kind: 'requester', accountId: 'acc-r' } : { kind: 'lane', lane: 'engineering', group: { groupId: 'g-eng', name: 'engineering' } },
    reason: 'Step "Add to group" failed: HTTP 403.',
    actionRequired: 'Fix the connection, then retry.',
    request: { key: 'SD-9', summary: 'Prod config change', description: `Rollback: revert commit. My token is ${JWT}`, fields: { blastRadius: 'high', password: 'hunter2!' } },
    context: { requester: { accountId: 'acc-r', department: 'Ops' }, headers: { Authorization: `Bearer ${JWT}` } },
    stepsCompleted: [{ stepId: 'a1', title: 'Notify #ops', system: 'slack', at: '2026-11-22T10:00:00.000Z', result: 'posted' }],
    deadline: '2026-11-23T10:00:00.000Z',
    onTimeout: 'The request stays blocked.',
    raisedAt: '2026-11-22T10:05:00.000Z',
  };
}

describe('escalation packets', () => {
  it.each(ESCALATION_POINTS.map((p) => [p]))('builds a %s packet with every part and no secret', (point) => {
    const packet = buildEscalationPacket(input(point));
    expect(packet.point).toBe(point);
    expect(packet.reason).toBe('Step "Add to group" failed: HTTP 403.');
    expect(packet.request.description).toBe('Rollback: revert commit. My token is [redacted]');
    expect(packet.request.fields).toEqual({ blastRadius: 'high', password: '[redacted]' });
    expect(packet.stepsCompleted).toHaveLength(1);
    expect(packet).toMatchObject({ deadline: '2026-11-23T10:00:00.000Z', onTimeout: 'The request stays blocked.', raisedAt: '2026-11-22T10:05:00.000Z' });
    const text = JSON.stringify(packet) + renderPacketText(packet);
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('hunter2!');
  });

  it('renders a readable text with owner, reason, action, deadline, request, context and steps', () => {
    const text = renderPacketText(buildEscalationPacket(input('exception')));
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'Exception: request blocked: SD-9 Prod config change',
        'Owner: engineering (engineering lane)',
        'Reason: Step "Add to group" failed: HTTP 403.',
        'Action required: Fix the connection, then retry.',
        'Deadline: 2026-11-23T10:00:00.000Z',
        'If nobody acts: The request stays blocked.',
        '- blastRadius: high',
        '- Notify #ops [slack] at 2026-11-22T10:00:00.000Z: posted',
      ]),
    );
    expect(renderPacketText(buildEscalationPacket(input('clarification')))).toContain('Owner: the requester');
  });
});
