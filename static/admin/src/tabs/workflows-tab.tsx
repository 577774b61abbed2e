import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import type { WorkflowView } from '../../../../src/contract/admin';
import { Card } from '../../../shared/form-controls';
import { Loaded } from '../../../shared/status-views';
import { useLoad } from '../../../shared/use-resolver';
import { listWorkflows } from '../api/list-workflows';

/** Workflows: the catalog, each with its inputs and its source code, read-only. */
export function WorkflowsTab() {
  const { result } = useLoad(listWorkflows);
  return <Loaded result={result} what="the workflow catalog">{(workflows) => <>{workflows.map((w) => <WorkflowCard key={`${w.key}@${w.version}`} workflow={w} />)}</>}</Loaded>;
}

function WorkflowCard({ workflow }: { workflow: WorkflowView }) {
  const [showSource, setShowSource] = useState(false);
  const sourceId = `source-${workflow.key}`;
  return (
    <Card title={<span>{workflow.title} <Lozenge>{`${workflow.key}@${workflow.version}`}</Lozenge></span>}>
      <p>{workflow.description}</p>
      <p>
        Request types: {workflow.requestTypes.map((t) => <code key={t} style={{ marginRight: token('space.100') }}>{t}</code>)}
      </p>
      <DynamicTable
        caption={`Inputs of ${workflow.title}`}
        head={{ cells: [{ key: 'name', content: 'Input' }, { key: 'label', content: 'Label' }, { key: 'type', content: 'Type' }, { key: 'required', content: 'Required' }, { key: 'description', content: 'Description' }] }}
        rows={workflow.inputFields.map((f) => ({
          key: f.name,
          cells: [
            { key: 'name', content: <code>{f.name}</code> },
            { key: 'label', content: f.label },
            { key: 'type', content: f.type },
            { key: 'required', content: f.required ? 'yes' : 'no' },
            { key: 'description', content: f.description },
          ],
        }))}
      />
      <p style={{ color: token('color.text.subtle') }}>The approval floor (approvals this workflow always requires) and the steps are defined in its source below: policy triggers can add approvals, never remove them.</p>
      <button
        type="button"
        aria-expanded={showSource}
        aria-controls={sourceId}
        onClick={() => setShowSource((s) => !s)}
        style={{ background: 'none', border: 'none', color: token('color.link'), cursor: 'pointer', padding: 0, textDecoration: 'underline' }}
      >
        {showSource ? 'Hide' : 'Show'} source code of {workflow.key}
      </button>
      {showSource ? (
        workflow.source ? (
          <figure id={sourceId} style={{ margin: `${token('space.100')} 0 0` }}>
            <figcaption>
              <code>{workflow.source.file}</code> (read-only, as built into this version of the app)
            </figcaption>
            <pre
              tabIndex={0}
              aria-label={`Source code of ${workflow.key}`}
              style={{ maxHeight: 480, overflow: 'auto', padding: token('space.150'), background: token('color.background.neutral'), fontSize: '12px', borderRadius: '3px' }}
            >
              <code>{workflow.source.code}</code>
            </pre>
          </figure>
        ) : (
          <p id={sourceId}>The source of this workflow is not part of this build.</p>
        )
      ) : null}
    </Card>
  );
}
