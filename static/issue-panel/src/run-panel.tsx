import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { useCallback, useState } from 'react';
import type { Envelope } from '../../../src/contract/envelope';
import type { ApprovalPacketView, EscalationPacketView, OverrideAction, RunView, TimelineEntry } from '../../../src/contract/run-view';
import { Card, ChoiceInput, Row, TextInput } from '../../shared/form-controls';
import { ErrorNotice, formatTime, Loaded } from '../../shared/status-views';
import { useAction, useLoad } from '../../shared/use-resolver';
import { readContextIssueKey } from '../../shared/read-context';
import { getRun } from './api/get-run';
import { overrideRun } from './api/override-run';

const ACTION_LABELS: Record<OverrideAction, string> = {
  takeover: 'Take over (stop automation, handle by hand)',
  retry: 'Retry the failed step',
  resume: 'Resume after the manual step',
  cancel: 'Cancel the run',
};

/** The same rule as the contract's `overrideReasonSchema` (3..500 characters once trimmed), checked as the agent types. */
function describeReasonProblem(reason: string): string | undefined {
  const length = reason.trim().length;
  if (length < 3) return 'must say why, in at least 3 characters';
  if (length > 500) return 'must be at most 500 characters';
  return undefined;
}

/** The agent panel: timeline, current packet, audit verification and overrides with a reason. */
export function RunPanel() {
  const load = useCallback(async (): Promise<Envelope<RunView>> => getRun(await readContextIssueKey()), []);
  const { result, reload } = useLoad(load);
  const [latest, setLatest] = useState<RunView | null>(null);
  if (result.state === 'error' && result.error.code === 'not-found') {
    return <p>Approval Router has not handled this request.</p>;
  }
  return (
    <Loaded result={result} what="the run">
      {(loaded) => {
        const run = latest && latest.runId === loaded.runId ? latest : loaded;
        return <RunDetails run={run} onChanged={(next) => { setLatest(next); }} onReload={() => { setLatest(null); reload(); }} />;
      }}
    </Loaded>
  );
}

function RunDetails({ run, onChanged, onReload }: { run: RunView; onChanged: (run: RunView) => void; onReload: () => void }) {
  return (
    <div>
      <p data-testid="run-status">
        <Lozenge appearance={run.status === 'blocked' || run.status === 'declined' ? 'removed' : run.status === 'done' ? 'success' : 'inprogress'}>{run.status}</Lozenge>{' '}
        {run.statusText}
      </p>
      <p style={{ color: token('color.text.subtle') }}>
        Workflow {run.workflow.title} ({run.workflow.key}@{run.workflow.version}){run.policyVersion !== null ? `, policy v${run.policyVersion}` : ''}.{' '}
        <span data-testid="audit-status">
          {run.audit.ok ? (
            <Lozenge appearance="success">{`audit chain verified (${run.audit.count})`}</Lozenge>
          ) : (
            <Lozenge appearance="removed">{`audit chain broken at entry ${run.audit.brokenAt}`}</Lozenge>
          )}
        </span>
      </p>
      {run.current ? run.current.kind === 'approval' ? <ApprovalPacket packet={run.current} /> : <EscalationPacket packet={run.current} /> : null}
      <Timeline entries={run.timeline} />
      <Overrides run={run} onChanged={onChanged} onReload={onReload} />
    </div>
  );
}

function ApprovalPacket({ packet }: { packet: ApprovalPacketView }) {
  return (
    <Card title={`Waiting for ${packet.laneTitle} approval`}>
      <p>
        Mode: {packet.mode.type === 'n-of-m' ? `${packet.mode.n} of the approvers` : packet.mode.type === 'all' ? 'all approvers' : 'any one approver'}. Due {formatTime(packet.due)}; then {packet.onTimeout}.
      </p>
      <p>Approvers: {packet.approvers.map((a) => a.displayName).join(', ') || 'none'}</p>
      <ul>
        {packet.reasons.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
      {packet.plannedSteps.length > 0 ? <p>Once approved: {packet.plannedSteps.map((s) => `${s.title} (${s.system})`).join(', ')}.</p> : null}
    </Card>
  );
}

function EscalationPacket({ packet }: { packet: EscalationPacketView }) {
  return (
    <Card title={`Escalation: ${packet.point}`}>
      <SectionMessage appearance="warning" title={packet.reason}>
        <p>Action required: {packet.actionRequired}</p>
        <p>
          Owner: {packet.owner.kind === 'lane' ? packet.owner.laneTitle : 'the requester'}. Deadline {formatTime(packet.deadline)}; if nobody acts: {packet.ifNobodyActs}
        </p>
      </SectionMessage>
      <h4>Original request</h4>
      <p>{packet.request.summary}</p>
      <pre style={{ fontSize: '12px', background: token('color.background.neutral'), padding: token('space.100') }}>{JSON.stringify(packet.request.fields, null, 2)}</pre>
      {Object.keys(packet.context).length > 0 ? (
        <>
          <h4>Context gathered at intake</h4>
          <pre style={{ fontSize: '12px', background: token('color.background.neutral'), padding: token('space.100') }}>{JSON.stringify(packet.context, null, 2)}</pre>
        </>
      ) : null}
      {packet.stepsCompleted.length > 0 ? <p>Done so far: {packet.stepsCompleted.map((s) => s.title).join(', ')}.</p> : null}
    </Card>
  );
}

function outcomeAppearance(outcome: TimelineEntry['result']['outcome']): 'success' | 'removed' | 'inprogress' | 'default' | 'moved' {
  if (outcome === 'ok') return 'success';
  if (outcome === 'failed') return 'removed';
  if (outcome === 'retrying' || outcome === 'pending') return 'inprogress';
  if (outcome === 'compensated') return 'moved';
  return 'default';
}

function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  return (
    <DynamicTable
      caption="Timeline"
      head={{ cells: [{ key: 'at', content: 'When' }, { key: 'what', content: 'What ran' }, { key: 'system', content: 'System' }, { key: 'params', content: 'Parameters' }, { key: 'result', content: 'Result' }] }}
      rows={entries.map((e) => ({
        key: String(e.seq),
        cells: [
          { key: 'at', content: formatTime(e.at) },
          { key: 'what', content: <span>{e.title}{e.action ? <> <code>{e.action}</code></> : null}{e.attempt && e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}{e.actor.kind === 'user' ? ` by ${e.actor.displayName}` : ''}</span> },
          { key: 'system', content: e.system },
          { key: 'params', content: e.parameters ? <code style={{ fontSize: '11px', wordBreak: 'break-all' }}>{JSON.stringify(e.parameters)}</code> : '—' },
          { key: 'result', content: <span><Lozenge appearance={outcomeAppearance(e.result.outcome)}>{e.result.outcome}</Lozenge> {e.result.summary}</span> },
        ],
      }))}
    />
  );
}

function Overrides({ run, onChanged, onReload }: { run: RunView; onChanged: (run: RunView) => void; onReload: () => void }) {
  const [action, setAction] = useState<OverrideAction | ''>(run.allowedActions[0] ?? '');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const override = useAction(overrideRun);
  if (run.allowedActions.length === 0) return <p>No override is possible in this state.</p>;
  const reasonProblem = describeReasonProblem(reason);
  const reasonError = touched ? reasonProblem : undefined;
  return (
    <Card title="Override">
      <Row>
        <ChoiceInput
          label="Action"
          value={action}
          choices={run.allowedActions.map((a) => ({ value: a, label: ACTION_LABELS[a] }))}
          onChange={(v) => setAction(v as OverrideAction)}
          width={320}
        />
        <TextInput label="Reason (recorded in the audit trail)" value={reason} onChange={(v) => { setReason(v); setTouched(true); }} error={reasonError ? `Reason ${reasonError}` : undefined} width={360} />
        <div style={{ paddingTop: token('space.250') }}>
          <Button
            appearance={action === 'cancel' ? 'danger' : 'primary'}
            isDisabled={action === '' || reasonProblem !== undefined || override.status.state === 'running'}
            onClick={async () => {
              if (action === '') return;
              const answer = await override.run({ action, reason: reason.trim(), ...(action === 'retry' && run.retryStepId ? { stepId: run.retryStepId } : {}), issueKey: run.issueKey });
              if (answer?.ok) {
                setReason('');
                setTouched(false);
                onChanged(answer.data);
              } else if (answer && !answer.ok && answer.error.code === 'conflict') onReload();
            }}
          >
            Apply
          </Button>
        </div>
      </Row>
      {override.status.state === 'running' ? <p role="status">Applying…</p> : null}
      {override.status.state === 'done' ? <p role="status">Recorded: {override.status.data.statusText}</p> : null}
      {override.status.state === 'error' ? <ErrorNotice error={override.status.error} title="The override was not applied" /> : null}
    </Card>
  );
}
