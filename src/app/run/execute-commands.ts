import type { AppSettings, AbstractTarget } from '../../contract/app-settings';
import { renderPacketText } from '../../domain/escalation/escalation-packet';
import type { RunCommand, RunEvent, RunState, StageState } from '../../domain/run/run-types';
import type { Clock } from '../../ports/clock';
import type { Integrations } from '../../ports/integrations';
import { JiraCallError, type JiraGateway } from '../../ports/jira-gateway';
import type { JobQueue, StepJob } from '../../ports/job-queue';
import type { RunHead } from '../../ports/run-store';
import { summarizeRunForIssue, RUN_PROPERTY_KEY, auditChunkPropertyKey } from './run-property';
import type { LifecycleStore, RunRef } from './run-engine';
import type { AuditLog, RunRecordState } from './run-record';

/** The Forge custom field keys the app writes (resolved once by the composition root). */
export interface AppFieldKeys {
  readonly workflow: string;
  readonly approvalPolicy: string;
}

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

export interface CommandDeps {
  readonly jira: JiraGateway;
  readonly queue: JobQueue;
  readonly store: LifecycleStore;
  readonly clock: Clock;
  readonly settings: AppSettings;
  readonly fieldKeys: AppFieldKeys;
  readonly integrations: Integrations;
  /** Evaluates intake for a run (reads policy, catalog, directory) and returns the event to record. */
  readonly evaluateIntake: (ref: RunRef, run: RunState) => Promise<RunEvent>;
  readonly log: Logger;
}

export interface ExecutionResult {
  readonly executed: ReadonlySet<string>;
  readonly followUps: readonly RunEvent[];
  readonly audit: AuditLog;
  /** True when comments, fields and properties were left pending for the flush that follows at once. */
  readonly deferredIssueWrites: boolean;
}

/**
 * What this dispatch knows about the issue without asking Jira: the status it sits in, from the
 * product event that started the dispatch and from the app's own transitions since. A transition
 * into that status is then skipped instead of refused by Jira and re-read.
 */
export interface KnownIssueState {
  statusId?: string;
}

/**
 * Executes a run's pending commands, each at most once by its idempotency key. Writes to the issue
 * are coalesced: one internal and one public comment, one field update and one property write per
 * call, whatever number of commands asked for them (Jira charges per call and limits writes per issue).
 */
export async function executeCommands(deps: CommandDeps, head: RunHead<RunRecordState>, known: KnownIssueState = {}): Promise<ExecutionResult> {
  const ref: RunRef = { runId: head.runId, issueId: head.issueId, issueKey: head.issueKey };
  const run = head.state.run;
  const executed = new Set<string>();
  const followUps: RunEvent[] = [];
  const comments: { internal: string[]; public: string[]; keys: string[] } = { internal: [], public: [], keys: [] };
  let fields: Extract<RunCommand, { type: 'fields.update' }> | undefined;
  let syncProperties = false;
  const issueWriteKeys: string[] = [];
  const jobs: { job: StepJob; delayMs: number }[] = [];
  const jobKeys: string[] = [];

  for (const command of head.state.pending) {
    if (executed.has(command.idempotencyKey)) continue;
    switch (command.type) {
      case 'comment.add':
        (command.visibility === 'public' ? comments.public : comments.internal).push(command.text);
        comments.keys.push(command.idempotencyKey);
        continue;
      case 'escalation.raise':
        comments.internal.push(renderPacketText(command.packet));
        comments.keys.push(command.idempotencyKey);
        continue;
      case 'fields.update':
        fields = command;
        issueWriteKeys.push(command.idempotencyKey);
        continue;
      case 'properties.sync':
        syncProperties = true;
        issueWriteKeys.push(command.idempotencyKey);
        continue;
      case 'step.execute':
      case 'compensation.execute':
      case 'revocation.execute': {
        // Duplicate jobs are harmless (the consumer checks the run first), so no claim is needed.
        const phase = command.type === 'step.execute' ? 'execute' : command.type === 'compensation.execute' ? 'compensate' : 'revoke';
        const stepId = command.type === 'revocation.execute' ? `revocation-${command.index}` : command.stepId;
        jobs.push({ job: { runId: ref.runId, stepId, attempt: command.attempt, phase }, delayMs: command.delayMs });
        jobKeys.push(command.idempotencyKey);
        continue;
      }
      default:
        break;
    }
    const claim = await deps.store.claimEffect(command.idempotencyKey, deps.clock.now());
    if (claim.status === 'done') {
      executed.add(command.idempotencyKey);
      continue;
    }
    const result = await executeOne(deps, ref, run, command, claim.status === 'interrupted', known);
    if (result.followUp) followUps.push(result.followUp);
    await deps.store.completeEffect(command.idempotencyKey, result.record ?? null, deps.clock.now());
    executed.add(command.idempotencyKey);
  }

  if (jobs.length > 0) {
    await deps.queue.enqueue(jobs);
    jobKeys.forEach((key) => executed.add(key));
  }
  // Another flush follows at once (the events this one produced, or a job queued without delay):
  // leave comments, fields and properties pending so that flush writes them once, merged.
  const deferredIssueWrites = followUps.length > 0 || jobs.some((j) => j.delayMs === 0);
  if (deferredIssueWrites) return { executed, followUps, audit: head.state.audit, deferredIssueWrites };

  await postComments(deps, ref, comments, executed);
  if (fields) {
    await deps.jira.setAppFieldValues(ref.issueId, {
      ...(fields.workflow ? { [deps.fieldKeys.workflow]: fields.workflow } : {}),
      [deps.fieldKeys.approvalPolicy]: fields.approvalPolicy,
    });
  }
  const audit = syncProperties ? await writeRunProperties(deps, ref, head) : head.state.audit;
  issueWriteKeys.forEach((key) => executed.add(key));
  return { executed, followUps, audit, deferredIssueWrites };
}

async function executeOne(
  deps: CommandDeps,
  ref: RunRef,
  run: RunState,
  command: RunCommand,
  interrupted: boolean,
  known: KnownIssueState,
): Promise<{ followUp?: RunEvent; record?: unknown }> {
  switch (command.type) {
    case 'intake.evaluate':
      return { followUp: await deps.evaluateIntake(ref, run) };
    case 'route.approval': {
      // Route from the run as it is after every event of this dispatch: a stage approved by a
      // later decision of the same batch is not routed again, and nobody is asked twice.
      const changed = run.stages.filter((stage) => command.stageIds.includes(stage.id));
      const order = changed[0]?.order;
      const waiting = run.stages.filter((stage) => stage.order === order && stage.status === 'waiting');
      if (waiting.length === 0) return { record: { skipped: 'no stage of this group waits any more' } };
      const approvers = [
        ...new Set(waiting.flatMap((stage) => stage.approvers.filter((id) => !stage.decisions.some((d) => d.accountId === id)))),
      ].sort();
      if (approvers.length === 0) return { record: { skipped: 'every approver of the waiting stages has decided' } };
      const target = approvalTarget(waiting, approvers.length);
      const reentered = await routeApproval(deps, ref, approvers, target);
      known.statusId = deps.settings.targets[target].statusId;
      return { record: { target, approvers: approvers.length, ...(reentered ? { reentered } : {}) } };
    }
    case 'jira.transition': {
      if (command.target === 'awaiting-approval') return {};
      const targetStatusId = deps.settings.targets[command.target].statusId;
      if (known.statusId === targetStatusId) return { record: { target: command.target, alreadyThere: true } };
      try {
        await deps.jira.transitionIssue(ref.issueId, transitionFor(deps.settings, command.target));
      } catch (error) {
        // JSM moves a request out of an approval status itself, and a transition that happened
        // before a crash is no longer offered: when the issue is already there, that is done.
        if (!(error instanceof JiraCallError) || error.status !== 400) throw error;
        const current = await deps.jira.getRequest(ref.issueId, [], deps.settings.requestTypeFieldId);
        if (current.statusId !== targetStatusId) throw error;
        known.statusId = targetStatusId;
        return { record: { target: command.target, alreadyThere: true, interrupted } };
      }
      known.statusId = targetStatusId;
      return { record: { target: command.target } };
    }
    case 'timer.schedule':
      await deps.store.scheduleTimer({ runId: ref.runId, timerId: command.timerId, at: command.at });
      return {};
    case 'timer.cancel': {
      const timer = run.timers.find((t) => t.timerId === command.timerId);
      if (timer) await deps.store.cancelTimer({ runId: ref.runId, timerId: timer.timerId, at: timer.at });
      return {};
    }
    case 'notify.reminder': {
      const channel = run.routing?.lanes[command.lane]?.notifyChannel;
      if (!channel) return { record: { skipped: 'the lane names no Slack channel' } };
      const stage = run.stages.find((s) => s.id === command.stageId);
      const result = await deps.integrations.execute(
        {
          action: 'slack.postMessage',
          params: {
            channel,
            text: `Reminder: ${ref.issueKey} waits for ${stage?.laneTitle ?? command.lane} approval${stage?.due ? ` (due ${stage.due})` : ''}.`,
          },
        },
        { runId: ref.runId, stepId: `reminder-${command.stageId}`, attempt: 1 },
      );
      return { record: { status: result.status } };
    }
    default:
      return {};
  }
}

/**
 * Sets the approvers and moves the request into the approval status. JSM opens an approval for the
 * approvers present when the request enters that status, and Jira does not offer a transition
 * into the status the request is already in: when the request already waits there (backup
 * approvers added, or another stage routed into the same mode), it re-enters the approval by
 * stepping through In progress, so the new approval lists everyone. Returns true when it did.
 */
async function routeApproval(deps: CommandDeps, ref: RunRef, approvers: readonly string[], target: AbstractTarget): Promise<boolean> {
  try {
    await deps.jira.routeApproval(ref.issueId, deps.settings.approversFieldId, approvers, transitionFor(deps.settings, target));
    return false;
  } catch (error) {
    if (!(error instanceof JiraCallError) || error.status !== 400) throw error;
    const current = await deps.jira.getRequest(ref.issueId, [], deps.settings.requestTypeFieldId);
    if (current.statusId !== deps.settings.targets[target].statusId) throw error;
  }
  await deps.jira.transitionIssue(ref.issueId, transitionFor(deps.settings, 'in-progress'));
  await deps.jira.transitionIssue(ref.issueId, transitionFor(deps.settings, target));
  return true;
}

/** The approval status for stages routed together. See docs: parallel stages use "any one" and re-route. */
export function approvalTarget(stages: readonly StageState[], approverCount: number): AbstractTarget {
  const [only, ...others] = stages;
  if (!only || others.length > 0) return 'awaiting-approval-any';
  if (only.mode.type === 'all' && approverCount > 1) return 'awaiting-approval-all';
  if (only.mode.type === 'n-of-m' && only.mode.n === 2 && approverCount >= 2) return 'awaiting-approval-2-of-m';
  return 'awaiting-approval-any';
}

function transitionFor(settings: AppSettings, target: AbstractTarget): string {
  return settings.targets[target].transitionId;
}

async function postComments(
  deps: CommandDeps,
  ref: RunRef,
  comments: { internal: string[]; public: string[]; keys: string[] },
  executed: Set<string>,
): Promise<void> {
  if (comments.keys.length === 0) return;
  const groupKey = `${ref.runId}:comments:${comments.keys[0]}:${comments.keys.length}`;
  const claim = await deps.store.claimEffect(groupKey, deps.clock.now());
  if (claim.status !== 'done') {
    const reference = shortReference(groupKey);
    const existing = claim.status === 'interrupted' ? await deps.jira.listComments(ref.issueId) : [];
    const already = (text: string) => existing.some((comment) => comment.text.includes(text));
    if (comments.internal.length > 0 && !already(`Ref ${reference}-i`)) {
      await deps.jira.addComment(ref.issueId, { visibility: 'internal', paragraphs: [...comments.internal, `Approval Router · Ref ${reference}-i`] });
    }
    if (comments.public.length > 0 && !already(`Ref ${reference}-p`)) {
      await deps.jira.addComment(ref.issueId, { visibility: 'public', paragraphs: [...comments.public, `Ref ${reference}-p`] });
    }
    await deps.store.completeEffect(groupKey, null, deps.clock.now());
  }
  comments.keys.forEach((key) => executed.add(key));
}

/** Writes the run summary with the current audit chunk, and any sealed chunks not yet on the issue. */
async function writeRunProperties(deps: CommandDeps, ref: RunRef, head: RunHead<RunRecordState>): Promise<AuditLog> {
  const { audit, run } = head.state;
  for (const [index, events] of Object.entries(audit.sealedUnsynced).sort(([a], [b]) => Number(a) - Number(b))) {
    await deps.jira.setIssueProperty(ref.issueId, auditChunkPropertyKey(Number(index)), { chunk: Number(index), events });
  }
  await deps.jira.setIssueProperty(ref.issueId, RUN_PROPERTY_KEY, summarizeRunForIssue(run, audit));
  return { ...audit, sealedUnsynced: {}, unsyncedFrom: audit.chunkIndex };
}

/** A short, stable reference printed in comments so a retried post can find its first copy. */
function shortReference(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0');
}
