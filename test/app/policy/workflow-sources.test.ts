import { listWorkflows } from '../../../src/app/policy/list-workflows';
import { WORKFLOW_CATALOG } from '../../../src/domain/workflows/catalog';
import { WORKFLOW_SOURCES } from '../../../src/generated/workflow-sources';
import { renderWorkflowSources } from '../../../scripts/generate-workflow-sources';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('workflow sources shown to reviewers', () => {
  it('are current: regenerate with `npx tsx scripts/generate-workflow-sources.ts` after changing a workflow', () => {
    const root = join(__dirname, '../../..');
    expect(readFileSync(join(root, 'src/generated/workflow-sources.ts'), 'utf8')).toBe(renderWorkflowSources(root));
  });

  it('give every catalog workflow its own source file, verbatim', () => {
    const views = listWorkflows({ catalog: WORKFLOW_CATALOG, workflowSources: WORKFLOW_SOURCES });
    expect(views).toHaveLength(WORKFLOW_CATALOG.length);
    for (const view of views) {
      expect(view.source).not.toBeNull();
      expect(view.source!.code).toContain(`key: '${view.key}'`);
      expect(view.source!.code).toBe(readFileSync(join(__dirname, '../../..', view.source!.file), 'utf8'));
    }
  });
});
