import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import type { ConnectionView } from '../../../../src/app/connections/connection-view';
import type { AccessView } from '../../../../src/contract/admin';
import { SCOPES_BY_KIND } from '../../../../src/domain/integrations/connection-config';
import { Card, ChoiceInput, Row, TextInput } from '../../../shared/form-controls';
import { ErrorNotice, formatTime, Loaded } from '../../../shared/status-views';
import { useAction, useLoad } from '../../../shared/use-resolver';
import { deleteConnection } from '../api/delete-connection';
import { listConnections } from '../api/list-connections';
import { saveConnection } from '../api/save-connection';
import { testConnection } from '../api/test-connection';
import { ReadOnlyNotice } from './read-only-notice';

type Kind = keyof typeof SCOPES_BY_KIND;

/** Credential fields per kind: write-only, never shown back. */
const SECRET_FIELDS: Record<Kind, readonly { name: string; label: string }[]> = {
  entra: [{ name: 'clientSecret', label: 'Client secret' }],
  okta: [{ name: 'apiToken', label: 'API token (API token auth)' }, { name: 'privateKey', label: 'Private key PEM (OAuth)' }],
  slack: [{ name: 'botToken', label: 'Bot token' }],
  webhook: [{ name: 'signingSecret', label: 'Signing secret' }],
};

/** Connections: integrations with their scope ceilings; secrets are write-only. */
export function ConnectionsTab({ access }: { access: AccessView }) {
  const { result, reload } = useLoad(listConnections);
  const [editing, setEditing] = useState<ConnectionView | 'new' | null>(null);
  return (
    <div>
      <ReadOnlyNotice access={access} title="You can look, but not change connections" />
      <Loaded result={result} what="connections">
        {(connections) => <ConnectionList connections={connections} onEdit={setEditing} onChanged={reload} />}
      </Loaded>
      <Button onClick={() => setEditing('new')}>Add connection</Button>
      {editing !== null ? (
        <ConnectionForm
          key={editing === 'new' ? 'new' : editing.config.id}
          existing={editing === 'new' ? null : editing}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}

function ConnectionList({ connections, onEdit, onChanged }: { connections: ConnectionView[]; onEdit: (c: ConnectionView) => void; onChanged: () => void }) {
  const test = useAction(testConnection);
  const remove = useAction(deleteConnection);
  const [tested, setTested] = useState<string | null>(null);
  if (connections.length === 0) return <p>No connections yet.</p>;
  return (
    <div>
      <DynamicTable
        caption="Connections"
        head={{ cells: [{ key: 'id', content: 'Connection' }, { key: 'kind', content: 'Kind' }, { key: 'ceiling', content: 'Scope ceiling' }, { key: 'secret', content: 'Credentials' }, { key: 'actions', content: 'Actions' }] }}
        rows={connections.map((c) => ({
          key: c.config.id,
          cells: [
            { key: 'id', content: <span><strong>{c.config.name}</strong> <code>{c.config.id}</code></span> },
            { key: 'kind', content: c.config.kind },
            { key: 'ceiling', content: c.config.scopes.length === 0 ? <Lozenge>none</Lozenge> : c.config.scopes.join(', ') },
            { key: 'secret', content: c.secret.set ? <Lozenge appearance="success">{`set ${formatTime(c.secret.rotatedAt)}`}</Lozenge> : <Lozenge appearance="removed">missing</Lozenge> },
            {
              key: 'actions',
              content: (
                <div style={{ display: 'flex', gap: token('space.050') }}>
                  <Button appearance="subtle" onClick={() => { setTested(c.config.id); void test.run(c.config.id); }}>Test {c.config.id}</Button>
                  <Button appearance="subtle" onClick={() => onEdit(c)}>Edit {c.config.id}</Button>
                  <Button appearance="subtle" onClick={async () => { const r = await remove.run(c.config.id); if (r?.ok) onChanged(); }}>Delete {c.config.id}</Button>
                </div>
              ),
            },
          ],
        }))}
      />
      {test.status.state === 'running' ? <p role="status">Testing {tested}…</p> : null}
      {test.status.state === 'done' ? (
        <div role="status">
          <SectionMessage appearance={test.status.data.ok ? 'success' : 'error'} title={test.status.data.ok ? `${tested} works` : `${tested} failed`}>
            <p>{test.status.data.detail}</p>
          </SectionMessage>
        </div>
      ) : null}
      {test.status.state === 'error' ? <ErrorNotice error={test.status.error} title="The test did not run" /> : null}
      {remove.status.state === 'error' ? <ErrorNotice error={remove.status.error} title="Not deleted" /> : null}
    </div>
  );
}

function ConnectionForm({ existing, onSaved, onCancel }: { existing: ConnectionView | null; onSaved: () => void; onCancel: () => void }) {
  const initial = (existing?.config ?? { kind: 'entra', id: '', name: '', scopes: [] }) as unknown as Record<string, unknown>;
  const [config, setConfig] = useState<Record<string, unknown>>(initial);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const save = useAction(saveConnection);
  const kind = (config['kind'] as Kind) ?? 'entra';
  const text = (name: string) => (typeof config[name] === 'string' ? (config[name] as string) : '');
  const set = (name: string, value: unknown) => setConfig({ ...config, [name]: value });
  const auth = (config['auth'] as { type?: string; clientId?: string; privateKeyId?: string } | undefined) ?? { type: 'api-token' };
  const scopes = (config['scopes'] as string[] | undefined) ?? [];
  const filledSecrets = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ''));

  return (
    <Card title={existing ? `Edit ${existing.config.id}` : 'New connection'}>
      <Row>
        <ChoiceInput
          label="Kind"
          value={kind}
          choices={(Object.keys(SCOPES_BY_KIND) as Kind[]).map((k) => ({ value: k, label: k }))}
          onChange={(k) => setConfig({ kind: k, id: text('id'), name: text('name'), scopes: [], ...(k === 'okta' ? { auth: { type: 'api-token' } } : {}) })}
          width={160}
        />
        <TextInput label="Connection id" value={text('id')} onChange={(v) => set('id', v)} isDisabled={existing !== null} width={200} />
        <TextInput label="Name" value={text('name')} onChange={(v) => set('name', v)} width={240} />
      </Row>
      <Row>
        {kind === 'entra' ? (
          <>
            <TextInput label="Tenant id" value={text('tenantId')} onChange={(v) => set('tenantId', v)} width={320} />
            <TextInput label="Client id" value={text('clientId')} onChange={(v) => set('clientId', v)} width={320} />
          </>
        ) : null}
        {kind === 'okta' ? (
          <>
            <TextInput label="Org URL" value={text('orgUrl')} onChange={(v) => set('orgUrl', v)} width={300} />
            <ChoiceInput
              label="Authentication"
              value={auth.type ?? 'api-token'}
              choices={[{ value: 'api-token', label: 'API token' }, { value: 'oauth', label: 'OAuth service app' }]}
              onChange={(t) => set('auth', t === 'oauth' ? { type: 'oauth', clientId: '', privateKeyId: '' } : { type: 'api-token' })}
              width={200}
            />
            {auth.type === 'oauth' ? (
              <>
                <TextInput label="OAuth client id" value={auth.clientId ?? ''} onChange={(v) => set('auth', { ...auth, clientId: v })} width={240} />
                <TextInput label="Key id (kid)" value={auth.privateKeyId ?? ''} onChange={(v) => set('auth', { ...auth, privateKeyId: v })} width={200} />
              </>
            ) : null}
          </>
        ) : null}
        {kind === 'slack' ? <TextInput label="Default channel" value={text('defaultChannel')} onChange={(v) => set('defaultChannel', v)} width={240} /> : null}
        {kind === 'webhook' ? (
          <>
            <TextInput label="URL" value={text('url')} onChange={(v) => set('url', v)} width={360} />
            <TextInput label="Signature header" value={text('signatureHeader') || 'X-Signature'} onChange={(v) => set('signatureHeader', v)} width={200} />
          </>
        ) : null}
      </Row>
      <fieldset style={{ border: 'none', padding: 0 }}>
        <legend style={{ fontWeight: 600, fontSize: '12px' }}>Scope ceiling: the most this connection may ever do, whatever a workflow asks</legend>
        {SCOPES_BY_KIND[kind].map((scope) => (
          <Checkbox
            key={scope}
            label={scope}
            isChecked={scopes.includes(scope)}
            onChange={(event) => set('scopes', event.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
          />
        ))}
      </fieldset>
      <fieldset style={{ border: 'none', padding: 0 }}>
        <legend style={{ fontWeight: 600, fontSize: '12px' }}>
          Credentials (write-only{existing?.secret.set ? ': leave empty to keep the stored ones' : ''})
        </legend>
        <Row>
          {SECRET_FIELDS[kind].map((field) => (
            <TextInput key={field.name} label={field.label} type="password" autoComplete="new-password" value={secrets[field.name] ?? ''} onChange={(v) => setSecrets({ ...secrets, [field.name]: v })} width={300} />
          ))}
        </Row>
      </fieldset>
      <Row>
        <Button
          appearance="primary"
          isDisabled={save.status.state === 'running'}
          onClick={async () => {
            const answer = await save.run(config, Object.keys(filledSecrets).length > 0 ? filledSecrets : undefined);
            if (answer?.ok) {
              setSecrets({});
              onSaved();
            }
          }}
        >
          Save connection
        </Button>
        <Button appearance="subtle" onClick={onCancel}>
          Cancel
        </Button>
      </Row>
      {save.status.state === 'error' ? <ErrorNotice error={save.status.error} title="The connection was not saved" /> : null}
    </Card>
  );
}
