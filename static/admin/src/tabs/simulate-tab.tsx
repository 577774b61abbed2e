import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import type { SimulatedOutcome, SimulationReport } from '../../../../src/contract/admin';
import { Card, Row, TextInput } from '../../../shared/form-controls';
import { ErrorNotice } from '../../../shared/status-views';
import { useAction } from '../../../shared/use-resolver';
import { simulatePolicy } from '../api/simulate-policy';

/** Simulate: the saved draft against the newest real requests, as a table and a summary. */
export function SimulateTab() {
  const [limit, setLimit] = useState('20');
  const simulate = useAction(simulatePolicy);
  const n = Number(limit);
  const problem = !Number.isInteger(n) || n < 1 || n > 50 ? 'a whole number from 1 to 50' : undefined;
  return (
    <div>
      <p style={{ color: token('color.text.subtle') }}>Runs the saved draft and the published policy over the same recent requests and shows what the draft would change. Nothing is routed or changed.</p>
      <Row>
        <TextInput label="How many recent requests" value={limit} onChange={setLimit} error={problem} type="number" width={200} />
        <div style={{ paddingTop: token('space.250') }}>
          <Button appearance="primary" isDisabled={problem !== undefined || simulate.status.state === 'running'} onClick={() => void simulate.run(n)}>
            Run simulation
          </Button>
        </div>
      </Row>
      {simulate.status.state === 'running' ? <p role="status">Simulating…</p> : null}
      {simulate.status.state === 'error' ? <ErrorNotice error={simulate.status.error} title="The simulation did not run" /> : null}
      {simulate.status.state === 'done' ? <Report report={simulate.status.data} /> : null}
    </div>
  );
}

function Report({ report }: { report: SimulationReport }) {
  const s = report.summary;
  return (
    <div>
      <Card title="Summary">
        <p data-testid="simulation-summary">
          {s.changed} of {s.requests} request(s) would be routed differently than by {report.publishedVersion === null ? 'nothing published' : `v${report.publishedVersion}`}: {s.extraStages} extra
          stage(s), {s.fewerStages} fewer, {s.approverChanges} approver change(s), {s.selfApprovalConflicts} self-approval conflict(s), {s.emptyGroups} empty group(s).
        </p>
        <ul>
          {s.byLane.map((l) => (
            <li key={l.lane}>
              {l.lane}: {l.published} → {l.draft} stage(s)
            </li>
          ))}
        </ul>
      </Card>
      <DynamicTable
        caption="Per request"
        head={{
          cells: [
            { key: 'request', content: 'Request' },
            { key: 'published', content: 'Published policy' },
            { key: 'draft', content: 'Draft' },
            { key: 'changes', content: 'What changes' },
          ],
        }}
        rows={report.requests.map((r) => ({
          key: r.issueKey,
          cells: [
            { key: 'request', content: <span><strong>{r.issueKey}</strong> {r.summary}</span> },
            { key: 'published', content: <Outcome outcome={r.published} /> },
            { key: 'draft', content: <Outcome outcome={r.draft} /> },
            {
              key: 'changes',
              content:
                r.changes.length === 0 ? (
                  <Lozenge>no change</Lozenge>
                ) : (
                  <ul style={{ margin: 0, paddingLeft: token('space.200') }}>
                    {r.changes.map((c, i) => (
                      <li key={i}>
                        <Lozenge appearance={c.kind === 'self-approval-conflict' || c.kind === 'empty-group' ? 'removed' : 'moved'}>{c.kind}</Lozenge> {c.text}
                      </li>
                    ))}
                  </ul>
                ),
            },
          ],
        }))}
      />
    </div>
  );
}

function Outcome({ outcome }: { outcome: SimulatedOutcome }) {
  if (outcome.stages.length === 0) return <span>{outcome.kind}{outcome.note ? `: ${outcome.note}` : ''}</span>;
  return (
    <span>
      {outcome.stages.map((s) => `${s.laneTitle} (${s.mode}, ${s.approvers.length})`).join(' → ')}
      {outcome.kind === 'exception' && outcome.note ? ` — ${outcome.note}` : ''}
    </span>
  );
}
