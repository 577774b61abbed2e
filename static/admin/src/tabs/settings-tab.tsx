import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import type { AccessView } from '../../../../src/contract/admin';
import { ABSTRACT_TARGETS, type AppSettings } from '../../../../src/contract/app-settings';
import { Card, Row, TextInput } from '../../../shared/form-controls';
import { ErrorNotice, Loaded } from '../../../shared/status-views';
import { useAction, useLoad } from '../../../shared/use-resolver';
import { getSettings } from '../api/get-settings';
import { saveSettings } from '../api/save-settings';
import { ReadOnlyNotice } from './read-only-notice';

type Editable = {
  projectKey: string;
  serviceDeskId: string;
  requestTypeFieldId: string;
  approversFieldId: string;
  requestTypes: { requestTypeId: string; workflowKey: string }[];
  fields: { fieldId: string; input: string }[];
  targets: Record<string, { statusId: string; transitionId: string }>;
  publishersGroupId: string;
  publishersGroupName: string;
  directoryConnectionId: string;
};

function toEditable(s: AppSettings | null): Editable {
  return {
    projectKey: s?.serviceDesk.projectKey ?? '',
    serviceDeskId: s?.serviceDesk.serviceDeskId ?? '',
    requestTypeFieldId: s?.requestTypeFieldId ?? '',
    approversFieldId: s?.approversFieldId ?? '',
    requestTypes: s ? s.requestTypes.map((r) => ({ ...r })) : [],
    fields: s ? s.fields.map((f) => ({ ...f })) : [],
    targets: Object.fromEntries(ABSTRACT_TARGETS.map((t) => [t, { statusId: s?.targets[t].statusId ?? '', transitionId: s?.targets[t].transitionId ?? '' }])),
    publishersGroupId: s?.publishersGroup?.groupId ?? '',
    publishersGroupName: s?.publishersGroup?.name ?? '',
    directoryConnectionId: s?.directoryConnectionId ?? '',
  };
}

function toSettings(e: Editable): unknown {
  return {
    schemaVersion: 1,
    serviceDesk: { projectKey: e.projectKey.trim(), serviceDeskId: e.serviceDeskId.trim() },
    requestTypeFieldId: e.requestTypeFieldId.trim(),
    approversFieldId: e.approversFieldId.trim(),
    requestTypes: e.requestTypes,
    fields: e.fields,
    targets: e.targets,
    publishersGroup: e.publishersGroupId.trim() === '' ? null : { groupId: e.publishersGroupId.trim(), name: e.publishersGroupName.trim() || e.publishersGroupId.trim() },
    directoryConnectionId: e.directoryConnectionId.trim() === '' ? null : e.directoryConnectionId.trim(),
  };
}

/** Settings: how this Jira site maps onto the app (request types, fields, statuses, publishers). */
export function SettingsTab({ access, onSaved }: { access: AccessView; onSaved: () => void }) {
  // No reload here: the page reloads your permissions after a save, which mounts this tab afresh.
  const { result } = useLoad(getSettings);
  return (
    <Loaded result={result} what="settings">
      {(settings) => <SettingsForm initial={settings} access={access} onSaved={onSaved} />}
    </Loaded>
  );
}

function SettingsForm({ initial, access, onSaved }: { initial: AppSettings | null; access: AccessView; onSaved: () => void }) {
  const [form, setForm] = useState<Editable>(() => toEditable(initial));
  const save = useAction(saveSettings);
  const issues = save.status.state === 'error' ? (save.status.error.issues ?? []) : [];
  const err = (path: string) => issues.find((i) => i.path === path)?.message;
  const set = (patch: Partial<Editable>) => setForm({ ...form, ...patch });
  return (
    <div>
      <ReadOnlyNotice access={access} title="You can look, but not change settings" />
      <Card title="Service desk">
        <Row>
          <TextInput label="Project key" value={form.projectKey} onChange={(v) => set({ projectKey: v })} error={err('serviceDesk.projectKey')} width={160} />
          <TextInput label="Service desk id" value={form.serviceDeskId} onChange={(v) => set({ serviceDeskId: v })} error={err('serviceDesk.serviceDeskId')} width={160} />
          <TextInput label="Customer Request Type field id" value={form.requestTypeFieldId} onChange={(v) => set({ requestTypeFieldId: v })} error={err('requestTypeFieldId')} width={240} />
          <TextInput label="Approvers field id" value={form.approversFieldId} onChange={(v) => set({ approversFieldId: v })} error={err('approversFieldId')} width={240} />
        </Row>
      </Card>
      <Card title="Request type → workflow">
        {form.requestTypes.map((r, i) => (
          <Row key={i}>
            <TextInput label={`Mapping ${i + 1}: request type id`} value={r.requestTypeId} onChange={(v) => set({ requestTypes: form.requestTypes.map((x, j) => (j === i ? { ...x, requestTypeId: v } : x)) })} error={err(`requestTypes[${i}].requestTypeId`)} width={200} />
            <TextInput label={`Mapping ${i + 1}: workflow key`} value={r.workflowKey} onChange={(v) => set({ requestTypes: form.requestTypes.map((x, j) => (j === i ? { ...x, workflowKey: v } : x)) })} error={err(`requestTypes[${i}].workflowKey`)} width={240} />
            <div style={{ paddingTop: token('space.250') }}>
              <Button appearance="subtle" onClick={() => set({ requestTypes: form.requestTypes.filter((_, j) => j !== i) })}>Remove mapping {i + 1}</Button>
            </div>
          </Row>
        ))}
        <Button onClick={() => set({ requestTypes: [...form.requestTypes, { requestTypeId: '', workflowKey: '' }] })}>Add request type</Button>
      </Card>
      <Card title="Jira field → workflow input">
        {form.fields.map((f, i) => (
          <Row key={i}>
            <TextInput label={`Field ${i + 1}: Jira field id`} value={f.fieldId} onChange={(v) => set({ fields: form.fields.map((x, j) => (j === i ? { ...x, fieldId: v } : x)) })} error={err(`fields[${i}].fieldId`)} width={240} />
            <TextInput label={`Field ${i + 1}: input name`} value={f.input} onChange={(v) => set({ fields: form.fields.map((x, j) => (j === i ? { ...x, input: v } : x)) })} error={err(`fields[${i}].input`)} width={240} />
            <div style={{ paddingTop: token('space.250') }}>
              <Button appearance="subtle" onClick={() => set({ fields: form.fields.filter((_, j) => j !== i) })}>Remove field {i + 1}</Button>
            </div>
          </Row>
        ))}
        <Button onClick={() => set({ fields: [...form.fields, { fieldId: '', input: '' }] })}>Add field</Button>
      </Card>
      <Card title="Statuses and transitions">
        {ABSTRACT_TARGETS.map((t) => (
          <Row key={t}>
            <TextInput label={`${t}: status id`} value={form.targets[t]?.statusId ?? ''} onChange={(v) => set({ targets: { ...form.targets, [t]: { statusId: v, transitionId: form.targets[t]?.transitionId ?? '' } } })} error={err(`targets.${t}.statusId`)} width={200} />
            <TextInput label={`${t}: transition id`} value={form.targets[t]?.transitionId ?? ''} onChange={(v) => set({ targets: { ...form.targets, [t]: { statusId: form.targets[t]?.statusId ?? '', transitionId: v } } })} error={err(`targets.${t}.transitionId`)} width={200} />
          </Row>
        ))}
      </Card>
      <Card title="Policy publishers">
        <p>Besides Jira administrators, members of this group may publish and restore policies and change connections and settings.</p>
        <Row>
          <TextInput label="Publishers group id" value={form.publishersGroupId} onChange={(v) => set({ publishersGroupId: v })} error={err('publishersGroup.groupId')} width={280} />
          <TextInput label="Publishers group name" value={form.publishersGroupName} onChange={(v) => set({ publishersGroupName: v })} error={err('publishersGroup.name')} width={240} />
        </Row>
      </Card>
      <Card title="Requester directory">
        <p>The Entra ID or Okta connection that describes requesters (manager, employment type, groups). Leave empty when only one is connected.</p>
        <Row>
          <TextInput label="Directory connection id" value={form.directoryConnectionId} onChange={(v) => set({ directoryConnectionId: v })} error={err('directoryConnectionId')} width={280} />
        </Row>
      </Card>
      <Button
        appearance="primary"
        isDisabled={save.status.state === 'running'}
        onClick={async () => {
          const answer = await save.run(toSettings(form));
          if (answer?.ok) onSaved();
        }}
      >
        Save settings
      </Button>
      {save.status.state === 'done' ? <p role="status">Settings saved.</p> : null}
      {save.status.state === 'error' ? <ErrorNotice error={save.status.error} title="The settings were not saved" /> : null}
    </div>
  );
}
