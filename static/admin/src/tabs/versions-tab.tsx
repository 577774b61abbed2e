import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import type { AccessView, EntityDiff, FieldChange, PolicyDiff, VersionSummary } from '../../../../src/contract/admin';
import { Card, ChoiceInput, Row, TextInput } from '../../../shared/form-controls';
import { ErrorNotice, formatTime, Loaded } from '../../../shared/status-views';
import { useAction, useLoad } from '../../../shared/use-resolver';
import { diffVersions } from '../api/diff-versions';
import { listVersions } from '../api/list-versions';
import { restoreVersion } from '../api/restore-version';
import { ReadOnlyNotice } from './read-only-notice';

/** Versions: every published version, a diff of any two, and restore-as-new-version. */
export function VersionsTab({ access, onRestored }: { access: AccessView; onRestored: () => void }) {
  // No reload here: the page remounts this tab after a restore (its key is the page's generation).
  const { result } = useLoad(() => listVersions(100));
  return (
    <Loaded result={result} what="policy versions">
      {(versions) => <VersionsView versions={versions} access={access} onRestored={onRestored} />}
    </Loaded>
  );
}

function VersionsView({ versions, access, onRestored }: { versions: VersionSummary[]; access: AccessView; onRestored: () => void }) {
  const latest = versions[0]?.version ?? null;
  const [restoring, setRestoring] = useState<number | null>(null);
  if (versions.length === 0) return <p>Nothing is published yet. Publish a policy on the Routing tab.</p>;
  return (
    <div>
      <ReadOnlyNotice access={access} title="You can look, but not restore" />
      <DynamicTable
        caption="Published versions, newest first"
        head={{
          cells: [
            { key: 'version', content: 'Version' },
            { key: 'when', content: 'Published' },
            { key: 'author', content: 'By' },
            { key: 'comment', content: 'Comment' },
            { key: 'state', content: 'State' },
            { key: 'actions', content: 'Actions' },
          ],
        }}
        rows={versions.map((v) => ({
          key: `v${v.version}`,
          cells: [
            { key: 'version', content: `v${v.version}` },
            { key: 'when', content: formatTime(v.publishedAt) },
            { key: 'author', content: v.author },
            { key: 'comment', content: v.restoredFrom !== undefined ? `${v.comment} (restores v${v.restoredFrom})` : v.comment },
            { key: 'state', content: v.isPublished ? <Lozenge appearance="success">routing now</Lozenge> : <Lozenge>history</Lozenge> },
            {
              key: 'actions',
              content: v.isPublished ? null : (
                <Button appearance="subtle" onClick={() => setRestoring(v.version)}>
                  Restore v{v.version}
                </Button>
              ),
            },
          ],
        }))}
      />
      {restoring !== null ? <RestoreForm version={restoring} latest={latest} onDone={() => { setRestoring(null); onRestored(); }} onCancel={() => setRestoring(null)} /> : null}
      <DiffPanel versions={versions} />
    </div>
  );
}

function RestoreForm({ version, latest, onDone, onCancel }: { version: number; latest: number | null; onDone: () => void; onCancel: () => void }) {
  const [comment, setComment] = useState(`Restore version ${version}`);
  const restore = useAction(restoreVersion);
  return (
    <Card title={`Restore version ${version} as a new version`}>
      <p>The content of v{version} is published again as v{(latest ?? 0) + 1}. History is kept; your draft is not touched.</p>
      <Row>
        <TextInput label="Why (recorded with the version)" value={comment} onChange={setComment} width={360} />
        <div style={{ paddingTop: token('space.250'), display: 'flex', gap: token('space.100') }}>
          <Button
            appearance="primary"
            isDisabled={comment.trim().length < 3 || restore.status.state === 'running'}
            onClick={async () => {
              const answer = await restore.run({ version, comment, expectedVersion: latest });
              if (answer?.ok) onDone();
            }}
          >
            Restore as v{(latest ?? 0) + 1}
          </Button>
          <Button appearance="subtle" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </Row>
      {restore.status.state === 'error' ? <ErrorNotice error={restore.status.error} title="Nothing was restored" /> : null}
    </Card>
  );
}

function DiffPanel({ versions }: { versions: VersionSummary[] }) {
  const choices = versions.map((v) => ({ value: String(v.version), label: `v${v.version}` }));
  const [from, setFrom] = useState(String(versions[1]?.version ?? versions[0]?.version ?? 1));
  const [to, setTo] = useState(String(versions[0]?.version ?? 1));
  const diff = useAction(diffVersions);
  return (
    <Card title="Compare two versions">
      <Row>
        <ChoiceInput label="From version" value={from} choices={choices} onChange={setFrom} width={140} />
        <ChoiceInput label="To version" value={to} choices={choices} onChange={setTo} width={140} />
        <div style={{ paddingTop: token('space.250') }}>
          <Button onClick={() => void diff.run(Number(from), Number(to))}>Show differences</Button>
        </div>
      </Row>
      {diff.status.state === 'running' ? <p role="status">Comparing…</p> : null}
      {diff.status.state === 'error' ? <ErrorNotice error={diff.status.error} /> : null}
      {diff.status.state === 'done' ? <DiffView diff={diff.status.data} /> : null}
    </Card>
  );
}

function DiffView({ diff }: { diff: PolicyDiff }) {
  if (diff.identical) return <p data-testid="diff-result">v{diff.from} and v{diff.to} route requests identically.</p>;
  return (
    <div data-testid="diff-result">
      {diff.settings.length > 0 ? <Changes title="Policy settings" changes={diff.settings} /> : null}
      {diff.lanes.map((e) => <EntityChanges key={`lane-${e.key}`} kind="Lane" entity={e} />)}
      {diff.triggers.map((e) => <EntityChanges key={`trigger-${e.key}`} kind="Trigger" entity={e} />)}
      {diff.reordered ? <p>Triggers were reordered (order changes explanations, not routing).</p> : null}
    </div>
  );
}

function EntityChanges({ kind, entity }: { kind: string; entity: EntityDiff }) {
  const badge = entity.change === 'added' ? <Lozenge appearance="success">added</Lozenge> : entity.change === 'removed' ? <Lozenge appearance="removed">removed</Lozenge> : <Lozenge appearance="inprogress">changed</Lozenge>;
  return (
    <div>
      <h4 style={{ margin: `${token('space.150')} 0 ${token('space.050')}` }}>
        {kind} {entity.key} {badge}
      </h4>
      {entity.change === 'changed' ? <Changes changes={entity.fields} /> : null}
    </div>
  );
}

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

function Changes({ title, changes }: { title?: string; changes: readonly FieldChange[] }) {
  return (
    <div>
      {title ? <h4>{title}</h4> : null}
      <ul>
        {changes.map((c) => (
          <li key={c.path}>
            <code>{c.path}</code>: <del>{show(c.before)}</del> → <ins>{show(c.after)}</ins>
          </li>
        ))}
      </ul>
    </div>
  );
}
