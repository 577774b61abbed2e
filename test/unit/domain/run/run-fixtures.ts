import type { Plan, PlannedStage } from '../../../../src/domain/policy/plan-types';
import type { StageMode, TimeoutAction } from '../../../../src/domain/policy/policy-schema';
import { reduceRun } from '../../../../src/domain/run/reduce-run';
import type { RoutingContext, RunCommand, RunEvent, RunState, RunTransition } from '../../../../src/domain/run/run-types';
import type { ActionStep, ManualStep, RevocationSchedule, WorkflowStep } from '../../../../src/domain/workflows/workflow-types';

/** Fixtures for run tests: plans, steps and routing built here, not taken from other modules. */

export const T0 = '2026-11-22T10:00:00.000Z';
export const REQUESTER = 'acc-requester';
export const WORKFLOW = { key: 'vpn-access', version: '1.2.0' };

export function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

export const ROUTING: RoutingContext = {
  lanes: {
    manager: { title: 'Manager', owner: { groupId: 'g-mgr', name: 'managers' }, backup: { groupId: 'g-mgr-b', name: 'managers-backup' } },
    security: { title: 'Security', owner: { groupId: 'g-sec', name: 'security' }, backup: { groupId: 'g-sec-b', name: 'security-backup' } },
    finance: { title: 'Finance', owner: { groupId: 'g-fin', name: 'finance' }, backup: { groupId: 'g-fin-b', name: 'finance-backup' } },
    engineering: { title: 'Engineering', owner: { groupId: 'g-eng', name: 'engineering' }, backup: { groupId: 'g-eng-b', name: 'engineering-backup' } },
    customer: { title: 'Customer owner', owner: { groupId: 'g-cus', name: 'account-owners' }, backup: { groupId: 'g-cus-b', name: 'account-owners-backup' } },
  },
  directory: {
    groupMembers: {
      'g-mgr': ['m1'],
      'g-mgr-b': ['mb1', REQUESTER],
      'g-sec': ['s1', 's2', 's3'],
      'g-sec-b': ['sb1', 'sb2'],
      'g-fin': ['f1', 'f2'],
      'g-fin-b': ['fb1'],
      'g-eng': ['e1', 'e2'],
      'g-eng-b': ['eb1'],
      'g-cus': ['c1'],
      'g-cus-b': [],
    },
  },
  exceptionLane: 'engineering',
};

export function stage(partial: Partial<PlannedStage> & { id: string; lane: string }): PlannedStage {
  const lane = ROUTING.lanes[partial.lane]!;
  const approvers = partial.approvers ?? ROUTING.directory.groupMembers[lane.owner.groupId] ?? [];
  return {
    laneTitle: lane.title,
    mode: { type: 'any' } as StageMode,
    order: 1,
    source: 'floor',
    reasons: [`${lane.title} approval required`],
    triggerIds: [],
    group: lane.owner,
    backupGroup: lane.backup,
    approvers,
    excluded: [REQUESTER],
    fellBackToBackup: false,
    remindAfter: '4h',
    escalateAfter: '8h',
    timeoutAfter: '1d',
    onTimeout: { action: 'decline' } as TimeoutAction,
    ...partial,
  };
}

export function approvalPlan(stages: PlannedStage[]): Plan {
  return { kind: 'approval', requestKey: 'SD-1', workflow: WORKFLOW, policyVersion: 3, facts: { 'request.type': 'vpn-access' }, trace: [], stages };
}

export function noApprovalPlan(): Plan {
  return { kind: 'no-approval', requestKey: 'SD-1', workflow: WORKFLOW, policyVersion: 3, facts: { 'request.type': 'vpn-access' }, trace: [], stages: [] };
}

export function action(id: string, compensate = true): ActionStep {
  const step: ActionStep = {
    kind: 'action',
    id,
    title: `Step ${id}`,
    call: { action: 'entra.addGroupMember', params: { groupId: `grp-${id}`, userId: 'u-1' } },
  };
  return compensate ? { ...step, compensation: { action: 'entra.removeGroupMember', params: { groupId: `grp-${id}`, userId: 'u-1' } } } : step;
}

export function manual(id: string): ManualStep {
  return { kind: 'manual', id, title: `Manual ${id}`, instructions: `Open the vendor portal and enable ${id}.`, ownerLane: 'engineering', dueWithin: '2d' };
}

export const REVOCATION: RevocationSchedule = {
  at: '2026-12-01T00:00:00.000Z',
  calls: [
    { action: 'entra.removeGroupMember', params: { groupId: 'grp-vpn', userId: 'u-1' } },
    { action: 'okta.removeGroupMember', params: { groupId: 'okta-vpn', userId: 'u-1' } },
  ],
};

export const STARTED: RunEvent = {
  type: 'run.started',
  runId: 'run-1',
  request: {
    key: 'SD-1',
    requestType: 'vpn-access',
    summary: 'VPN access for contractor',
    description: 'Please give me VPN access until December.',
    fields: { endDate: '2026-12-01', sponsor: 'm1' },
    requester: { accountId: REQUESTER, employmentType: 'contractor', department: 'Sales', managerAccountId: 'm1', groups: ['sales'] },
  },
};

export function planned(plan: Plan, steps: WorkflowStep[] = [action('a1')], revocation: RevocationSchedule | null = null, routing: RoutingContext = ROUTING): RunEvent {
  return { type: 'intake.evaluated', outcome: { kind: 'planned', plan }, execution: { steps, revocation }, routing, context: { directoryUser: 'found' } };
}

/** A run driven through events, keeping every transition. */
export class RunDriver {
  state: RunState | undefined;
  readonly transitions: RunTransition[] = [];
  minutes = 0;

  constructor(events: Array<RunEvent | [number, RunEvent]> = []) {
    for (const item of events) this.apply(item);
  }

  /** Applies an event now, or `[minutes, event]` at T0 + minutes. */
  apply(item: RunEvent | [number, RunEvent]): RunTransition {
    const [minutes, event] = Array.isArray(item) ? item : [this.minutes, item];
    this.minutes = minutes;
    const transition = reduceRun(this.state, event, at(minutes));
    this.transitions.push(transition);
    this.state = transition.state;
    return transition;
  }

  get last(): RunTransition {
    return this.transitions[this.transitions.length - 1]!;
  }

  get phase(): string {
    return this.state?.phase ?? 'none';
  }

  commands<T extends RunCommand['type']>(type: T, transition: RunTransition = this.last): Array<Extract<RunCommand, { type: T }>> {
    return transition.commands.filter((c): c is Extract<RunCommand, { type: T }> => c.type === type);
  }

  allCommands(): RunCommand[] {
    return this.transitions.flatMap((t) => t.commands);
  }

  rejected(transition: RunTransition = this.last): boolean {
    return transition.auditEvents.some((a) => a.type === 'event.rejected');
  }
}

export function approve(stageId: string, who: string): RunEvent {
  return { type: 'approval.decided', stageId, decision: 'approve', approverAccountId: who, at: T0 };
}

export function decline(stageId: string, who: string): RunEvent {
  return { type: 'approval.decided', stageId, decision: 'decline', approverAccountId: who, at: T0 };
}

export function override(actionName: 'takeover' | 'retry' | 'resume' | 'cancel', reason = 'Checked with the requester.'): RunEvent {
  return { type: 'agent.override', action: actionName, actorAccountId: 'agent-1', reason };
}
