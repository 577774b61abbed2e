import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { useMemo, useState } from 'react';
import type { AccessView, DraftView } from '../../../../src/contract/admin';
import { COMPARISON_OPERATORS, BUILT_IN_LANES, type Condition, type PolicyInput } from '../../../../src/domain/policy/policy-schema';
import { Card, ChoiceInput, Row, TextArea, TextInput } from '../../../shared/form-controls';
import { ErrorNotice, formatTime, Loaded } from '../../../shared/status-views';
import { useAction, useLoad } from '../../../shared/use-resolver';
import { getDraft } from '../api/get-draft';
import { publishPolicy } from '../api/publish-policy';
import { saveDraft } from '../api/save-draft';
import { exportDocument, importDocument, setIn, validateDocument, type PolicyFormat, type Validation } from '../policy/validate-policy';
import { fromConditionForm, rowPath, toConditionForm, type ComparisonRow, type ConditionForm } from './condition-rows';
import { ReadOnlyNotice } from './read-only-notice';

type Lane = PolicyInput['lanes'][string];
type Trigger = PolicyInput['triggers'][number];

interface FormState {
  readonly document: PolicyInput;
  /** One per trigger, same order: conditions are edited as rows, so they live beside the document. */
  readonly conditions: readonly ConditionForm[];
}

const toForm = (document: PolicyInput): FormState => ({ document, conditions: document.triggers.map((t) => toConditionForm(t.when as Condition)) });

/** The document the form describes, conditions included. */
function assemble(form: FormState): PolicyInput {
  return { ...form.document, triggers: form.document.triggers.map((t, i) => ({ ...t, when: fromConditionForm(form.conditions[i] ?? { kind: 'advanced', text: '' }) as Condition })) };
}

/** Routing: lanes and triggers as forms, validated live with the policy schema; draft, publish, import and export. */
export function RoutingTab({ access, onPublished }: { access: AccessView; onPublished: () => void }) {
  const { result, reload } = useLoad(getDraft);
  // Kept here, not in the editor: the editor starts afresh from the reloaded draft after a publish.
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div>
      {notice ? (
        <div role="status">
          <SectionMessage appearance="success">
            <p>{notice}</p>
          </SectionMessage>
        </div>
      ) : null}
      <Loaded result={result} what="the routing policy">
        {(draft) => (
          <RoutingEditor
            key={`${draft.savedAt ?? 'new'}-${draft.publishedVersion ?? 0}`}
            draft={draft}
            access={access}
            onNotice={setNotice}
            onPublished={() => {
              reload();
              onPublished();
            }}
          />
        )}
      </Loaded>
    </div>
  );
}

function RoutingEditor({ draft, access, onNotice, onPublished }: { draft: DraftView; access: AccessView; onNotice: (notice: string | null) => void; onPublished: () => void }) {
  const [form, setForm] = useState<FormState>(() => toForm(draft.document as unknown as PolicyInput));
  const [dirty, setDirty] = useState(false);
  const [comment, setComment] = useState('');
  const document = useMemo(() => assemble(form), [form]);
  const validation = useMemo(() => validateDocument(document), [document]);
  const save = useAction(saveDraft);
  const publish = useAction(publishPolicy);

  const update = (next: FormState) => {
    setForm(next);
    setDirty(true);
    onNotice(null);
  };
  const setDoc = (path: (string | number)[], value: unknown) => update({ ...form, document: setIn(form.document, path, value) });

  const onSave = async () => {
    const answer = await save.run(document);
    if (answer?.ok) {
      setDirty(false);
      onNotice('Draft saved. It routes nothing until you publish it.');
    }
  };
  const onPublish = async () => {
    if (dirty) {
      const saved = await save.run(document);
      if (!saved?.ok) return;
      setDirty(false);
    }
    const answer = await publish.run({ comment, expectedVersion: draft.publishedVersion });
    if (answer?.ok) {
      setComment('');
      onNotice(`Published version ${answer.data.version}. New requests are routed by it now.`);
      onPublished();
    }
  };

  const laneChoices = Object.entries(form.document.lanes).map(([key, lane]) => ({ value: key, label: `${lane.title} (${key})` }));
  const error = (path: string) => validation.byPath.get(path);

  return (
    <div>
      <ReadOnlyNotice access={access} title="You can look, but not change" />
      <p style={{ color: token('color.text.subtle') }} data-testid="draft-status">
        {draft.publishedVersion === null ? 'Nothing is published yet.' : `Published version: ${draft.publishedVersion}.`}{' '}
        {draft.isNew ? 'No draft saved yet.' : `Draft saved ${formatTime(draft.savedAt)}, based on version ${draft.basedOnVersion ?? 'none'}.`}
        {dirty ? ' You have unsaved changes.' : ''}
      </p>
      <ValidationSummary validation={validation} />
      <Card title="Save and publish">
        <Row>
          <Button appearance="default" isDisabled={!validation.ok || save.status.state === 'running'} onClick={() => void onSave()}>
            Save draft
          </Button>
          <TextInput label="What changed (required to publish)" value={comment} onChange={setComment} width={360} />
          <Button
            appearance="primary"
            isDisabled={!validation.ok || comment.trim().length < 3 || publish.status.state === 'running'}
            onClick={() => void onPublish()}
          >
            Publish
          </Button>
        </Row>
        {save.status.state === 'running' || publish.status.state === 'running' ? <p role="status">Working…</p> : null}
        {save.status.state === 'error' ? <ErrorNotice error={save.status.error} title="The draft was not saved" /> : null}
        {publish.status.state === 'error' ? <ErrorNotice error={publish.status.error} title="Nothing was published" /> : null}
      </Card>

      <h2 style={{ fontSize: '16px' }}>Lanes</h2>
      <Checkbox
        label="Exclude the assignee as well as the requester from every approval"
        isChecked={form.document.excludeAssignee ?? false}
        onChange={(event) => setDoc(['excludeAssignee'], event.target.checked)}
      />
      {Object.entries(form.document.lanes).map(([key, lane]) => (
        <LaneCard
          key={key}
          laneKey={key}
          lane={lane}
          laneChoices={laneChoices.filter((c) => c.value !== key)}
          error={(field) => error(`lanes.${key}.${field}`)}
          onChange={(field, value) => setDoc(['lanes', key, ...field], value)}
          onRemove={(BUILT_IN_LANES as readonly string[]).includes(key) ? undefined : () => setDoc(['lanes', key], undefined)}
        />
      ))}
      <AddLane existing={Object.keys(form.document.lanes)} onAdd={(key) => setDoc(['lanes', key], newLane(key))} />

      <h2 style={{ fontSize: '16px' }}>Triggers</h2>
      <p style={{ color: token('color.text.subtle') }}>Each trigger adds an approval stage when its condition holds. Workflows&apos; own approvals are a floor: triggers only add.</p>
      {form.document.triggers.map((trigger, index) => (
        <TriggerCard
          key={index}
          index={index}
          trigger={trigger}
          condition={form.conditions[index] ?? { kind: 'advanced', text: '' }}
          laneChoices={laneChoices}
          error={(field) => error(`triggers[${index}]${field ? `.${field}` : ''}`)}
          errorsUnder={(prefix) => validation.errors.filter((e) => e.path.startsWith(`triggers[${index}].${prefix}`))}
          onChange={(field, value) => setDoc(['triggers', index, ...field], value)}
          onCondition={(condition) => update({ ...form, conditions: form.conditions.map((c, i) => (i === index ? condition : c)) })}
          onRemove={() =>
            update({ document: { ...form.document, triggers: form.document.triggers.filter((_, i) => i !== index) }, conditions: form.conditions.filter((_, i) => i !== index) })
          }
        />
      ))}
      <Button
        onClick={() => {
          const trigger = newTrigger(form.document.triggers.length + 1);
          update({ document: { ...form.document, triggers: [...form.document.triggers, trigger] }, conditions: [...form.conditions, toConditionForm(trigger.when as Condition)] });
        }}
      >
        Add trigger
      </Button>


      <ImportExport document={document} onImport={(doc) => update(toForm(doc))} />
    </div>
  );
}

function ValidationSummary({ validation }: { validation: Validation }) {
  if (validation.ok) {
    return (
      <p data-testid="validation-ok">
        <Lozenge appearance="success">Valid</Lozenge> The policy is valid.
      </p>
    );
  }
  return (
    <div data-testid="validation-errors">
      <SectionMessage appearance="error" title={`${validation.errors.length} problem(s) to fix before saving`}>
        <ul>
          {validation.errors.slice(0, 12).map((e, i) => (
            <li key={`${e.path}-${i}`}>
              <code>{e.path || 'policy'}</code> {e.message}
            </li>
          ))}
        </ul>
      </SectionMessage>
    </div>
  );
}

const TIMEOUT_CHOICES = [
  { value: 'escalate-backup', label: 'Add the backup group' },
  { value: 'decline', label: 'Decline the request' },
  { value: 'escalate-lane', label: 'Hand over to another lane' },
];

function LaneCard(props: {
  laneKey: string;
  lane: Lane;
  laneChoices: { value: string; label: string }[];
  error: (field: string) => string | undefined;
  onChange: (field: (string | number)[], value: unknown) => void;
  onRemove: (() => void) | undefined;
}) {
  const { lane, laneKey, error, onChange } = props;
  return (
    <Card
      title={`${lane.title || laneKey} lane`}
      actions={props.onRemove ? <Button appearance="subtle" onClick={props.onRemove}>Remove lane {laneKey}</Button> : <Lozenge>built-in</Lozenge>}
    >
      <Row>
        <TextInput label={`${laneKey}: title`} value={lane.title} onChange={(v) => onChange(['title'], v)} error={error('title')} width={200} />
        <ChoiceInput
          label={`${laneKey}: approvers come from`}
          value={lane.approverSource ?? 'group'}
          choices={[
            { value: 'group', label: 'The owner group' },
            { value: 'requester-manager', label: "The requester's manager" },
          ]}
          onChange={(v) => onChange(['approverSource'], v)}
          width={220}
        />
      </Row>
      <Row>
        <TextInput label={`${laneKey}: owner group id`} value={lane.owner.groupId} onChange={(v) => onChange(['owner', 'groupId'], v)} error={error('owner.groupId')} width={220} />
        <TextInput label={`${laneKey}: owner group name`} value={lane.owner.name} onChange={(v) => onChange(['owner', 'name'], v)} error={error('owner.name')} width={200} />
        <TextInput label={`${laneKey}: backup group id`} value={lane.backup.groupId} onChange={(v) => onChange(['backup', 'groupId'], v)} error={error('backup.groupId')} width={220} />
        <TextInput label={`${laneKey}: backup group name`} value={lane.backup.name} onChange={(v) => onChange(['backup', 'name'], v)} error={error('backup.name')} width={200} />
      </Row>
      <Row>
        <TextInput label={`${laneKey}: remind after`} value={lane.remindAfter} onChange={(v) => onChange(['remindAfter'], v)} error={error('remindAfter')} help="e.g. 4h, 1d" width={120} />
        <TextInput label={`${laneKey}: escalate after`} value={lane.escalateAfter} onChange={(v) => onChange(['escalateAfter'], v)} error={error('escalateAfter')} width={120} />
        <TextInput label={`${laneKey}: time out after`} value={lane.timeoutAfter} onChange={(v) => onChange(['timeoutAfter'], v)} error={error('timeoutAfter')} width={120} />
        <ChoiceInput
          label={`${laneKey}: on time-out`}
          value={lane.onTimeout.action}
          choices={TIMEOUT_CHOICES}
          onChange={(v) => onChange(['onTimeout'], v === 'escalate-lane' ? { action: v, lane: props.laneChoices[0]?.value ?? '' } : { action: v })}
          width={240}
        />
        {lane.onTimeout.action === 'escalate-lane' ? (
          <ChoiceInput
            label={`${laneKey}: hand over to`}
            value={lane.onTimeout.lane}
            choices={props.laneChoices}
            onChange={(v) => onChange(['onTimeout', 'lane'], v)}
            error={error('onTimeout.lane')}
            width={220}
          />
        ) : null}
      </Row>
    </Card>
  );
}

function AddLane({ existing, onAdd }: { existing: string[]; onAdd: (key: string) => void }) {
  const [key, setKey] = useState('');
  const problem = key === '' ? undefined : !/^[a-z][a-z0-9-]{1,39}$/.test(key) ? '2-40 lowercase letters, digits or dashes' : existing.includes(key) ? 'that lane exists' : undefined;
  return (
    <Row>
      <TextInput label="New lane key" value={key} onChange={setKey} error={problem} width={220} />
      <div style={{ paddingTop: token('space.250') }}>
        <Button
          isDisabled={key === '' || problem !== undefined}
          onClick={() => {
            onAdd(key);
            setKey('');
          }}
        >
          Add lane
        </Button>
      </div>
    </Row>
  );
}

const MODE_CHOICES = [
  { value: 'any', label: 'Any one approver' },
  { value: 'all', label: 'All approvers' },
  { value: 'n-of-m', label: 'N of the approvers' },
];
const OP_CHOICES = COMPARISON_OPERATORS.map((op) => ({ value: op, label: op }));

function TriggerCard(props: {
  index: number;
  trigger: Trigger;
  condition: ConditionForm;
  laneChoices: { value: string; label: string }[];
  error: (field: string) => string | undefined;
  errorsUnder: (prefix: string) => { path: string; message: string }[];
  onChange: (field: (string | number)[], value: unknown) => void;
  onCondition: (condition: ConditionForm) => void;
  onRemove: () => void;
}) {
  const { trigger, condition, error, onChange } = props;
  const label = trigger.id || `trigger ${props.index + 1}`;
  const mode = trigger.stage.mode;
  const conditionErrors = props.errorsUnder('when');
  return (
    <Card title={`Trigger ${label}`} actions={<Button appearance="subtle" onClick={props.onRemove}>Remove trigger {label}</Button>}>
      <Row>
        <TextInput label={`${label}: id`} value={trigger.id} onChange={(v) => onChange(['id'], v)} error={error('id')} width={200} />
        <TextInput label={`${label}: description`} value={trigger.description} onChange={(v) => onChange(['description'], v)} error={error('description')} width={380} />
        <div style={{ paddingTop: token('space.250') }}>
          <Checkbox label={`${label}: enabled`} isChecked={trigger.enabled ?? true} onChange={(event) => onChange(['enabled'], event.target.checked)} />
        </div>
      </Row>
      <Row>
        <ChoiceInput label={`${label}: lane`} value={trigger.stage.lane} choices={props.laneChoices} onChange={(v) => onChange(['stage', 'lane'], v)} error={error('stage.lane')} width={220} />
        <ChoiceInput
          label={`${label}: who must approve`}
          value={mode.type}
          choices={MODE_CHOICES}
          onChange={(v) => onChange(['stage', 'mode'], v === 'n-of-m' ? { type: v, n: 2 } : { type: v })}
          width={220}
        />
        {mode.type === 'n-of-m' ? (
          <TextInput label={`${label}: how many`} type="number" value={String(mode.n)} onChange={(v) => onChange(['stage', 'mode', 'n'], Number(v))} error={error('stage.mode.n')} width={100} />
        ) : null}
        <TextInput
          label={`${label}: order`}
          type="number"
          value={String(trigger.stage.order)}
          onChange={(v) => onChange(['stage', 'order'], Number(v))}
          error={error('stage.order')}
          help="1 runs first; equal orders run in parallel"
          width={160}
        />
        <TextInput
          label={`${label}: only for workflows`}
          value={(trigger.workflows ?? []).join(', ')}
          onChange={(v) => {
            const keys = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
            onChange(['workflows'], keys.length === 0 ? undefined : keys);
          }}
          error={error('workflows')}
          help="comma-separated keys; empty for all"
          width={260}
        />
      </Row>
      <ConditionEditor label={label} condition={condition} onChange={props.onCondition} errors={conditionErrors} triggerIndex={props.index} />
    </Card>
  );
}

function ConditionEditor({ label, condition, onChange, errors, triggerIndex }: { label: string; condition: ConditionForm; onChange: (c: ConditionForm) => void; errors: { path: string; message: string }[]; triggerIndex: number }) {
  if (condition.kind === 'advanced') {
    return (
      <div>
        <TextArea label={`${label}: condition (JSON, nested groups)`} value={condition.text} rows={6} onChange={(text) => onChange({ kind: 'advanced', text })} />
        {errors.map((e) => (
          <div key={e.path} role="alert" style={{ color: token('color.text.danger'), fontSize: '12px' }}>
            <code>{e.path}</code> {e.message}
          </div>
        ))}
      </div>
    );
  }
  const setRow = (index: number, row: ComparisonRow) => onChange({ ...condition, rows: condition.rows.map((r, i) => (i === index ? row : r)) });
  const rowError = (index: number, field: string) => {
    const base = `triggers[${triggerIndex}].${rowPath(condition, index)}`;
    return errors.find((e) => e.path === `${base}.${field}`)?.message ?? (field === 'value' ? errors.find((e) => e.path === base)?.message : undefined);
  };
  return (
    <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
      <legend style={{ fontWeight: 600, fontSize: '12px' }}>{label}: condition</legend>
      <ChoiceInput
        label={`${label}: match`}
        value={condition.join}
        choices={[
          { value: 'all', label: 'All of these hold' },
          { value: 'any', label: 'Any of these holds' },
        ]}
        onChange={(v) => onChange({ ...condition, join: v === 'any' ? 'any' : 'all' })}
        width={220}
      />
      {condition.rows.map((row, index) => (
        <Row key={index}>
          <TextInput label={`${label} condition ${index + 1}: fact`} value={row.fact} onChange={(fact) => setRow(index, { ...row, fact })} error={rowError(index, 'fact')} width={220} />
          <ChoiceInput label={`${label} condition ${index + 1}: operator`} value={row.op} choices={OP_CHOICES} onChange={(op) => setRow(index, { ...row, op: op as ComparisonRow['op'] })} error={rowError(index, 'op')} width={160} />
          <TextInput
            label={`${label} condition ${index + 1}: value`}
            value={row.value}
            onChange={(value) => setRow(index, { ...row, value })}
            error={rowError(index, 'value')}
            help={row.op === 'in' || row.op === 'notIn' ? 'comma-separated' : '"quotes" keep digits as text'}
            width={220}
          />
          {condition.rows.length > 1 ? (
            <div style={{ paddingTop: token('space.250') }}>
              <Button appearance="subtle" onClick={() => onChange({ ...condition, rows: condition.rows.filter((_, i) => i !== index) })}>
                Remove condition {index + 1}
              </Button>
            </div>
          ) : null}
        </Row>
      ))}
      <Row>
        <Button onClick={() => onChange({ ...condition, rows: [...condition.rows, { fact: '', op: 'equals', value: '' }] })}>Add condition</Button>
        <Button appearance="subtle" onClick={() => onChange({ kind: 'advanced', text: JSON.stringify(fromConditionForm(condition), null, 2) })}>
          Edit as JSON
        </Button>
      </Row>
    </fieldset>
  );
}

function ImportExport({ document, onImport }: { document: PolicyInput; onImport: (doc: PolicyInput) => void }) {
  const [format, setFormat] = useState<PolicyFormat>('yaml');
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<readonly { path: string; message: string }[]>([]);
  return (
    <Card title="Import or export (policy CLI format)">
      <Row>
        <ChoiceInput
          label="Format"
          value={format}
          choices={[
            { value: 'yaml', label: 'YAML' },
            { value: 'json', label: 'JSON' },
          ]}
          onChange={(v) => setFormat(v === 'json' ? 'json' : 'yaml')}
          width={140}
        />
        <div style={{ paddingTop: token('space.250'), display: 'flex', gap: token('space.100') }}>
          <Button onClick={() => setText(exportDocument(document, format))}>Export</Button>
          <Button
            isDisabled={text.trim() === ''}
            onClick={() => {
              const result = importDocument(text, format);
              if (result.ok) {
                setProblems([]);
                onImport(result.document);
              } else setProblems(result.errors);
            }}
          >
            Import into the form
          </Button>
        </div>
      </Row>
      <TextArea label="Policy document" value={text} onChange={setText} rows={14} />
      {problems.length > 0 ? (
        <ErrorNotice error={{ code: 'invalid-policy', message: 'The document was not imported: it is not a valid policy.', issues: problems }} title="Not imported" />
      ) : null}
    </Card>
  );
}

function newLane(key: string): Lane {
  return {
    title: key.charAt(0).toUpperCase() + key.slice(1),
    approverSource: 'group',
    owner: { groupId: '', name: '' },
    backup: { groupId: '', name: '' },
    remindAfter: '1d',
    escalateAfter: '2d',
    timeoutAfter: '5d',
    onTimeout: { action: 'escalate-backup' },
  };
}

function newTrigger(n: number): Trigger {
  return {
    id: `trigger-${n}`,
    description: 'Describe when this approval is needed',
    when: { fact: 'amount', op: 'gt', value: 1000 },
    stage: { lane: 'finance', mode: { type: 'any' }, order: 2 },
    enabled: true,
  };
}
