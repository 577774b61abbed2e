import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import type { SetupReport } from '../../../../src/contract/admin';
import { ErrorNotice } from '../../../shared/status-views';
import { useAction } from '../../../shared/use-resolver';
import { checkSetup } from '../api/check-setup';

/** Setup check: what the Jira site is missing, and exactly how to fix it. */
export function SetupTab() {
  const check = useAction(checkSetup);
  return (
    <div>
      <p>Checks the custom fields on the request types, the approval statuses and transitions, the Approvers field and the lane groups.</p>
      <Button appearance="primary" isDisabled={check.status.state === 'running'} onClick={() => void check.run()}>
        Run setup check
      </Button>
      {check.status.state === 'running' ? <p role="status">Checking…</p> : null}
      {check.status.state === 'error' ? <ErrorNotice error={check.status.error} title="The check did not run" /> : null}
      {check.status.state === 'done' ? <Findings report={check.status.data} /> : null}
    </div>
  );
}

function Findings({ report }: { report: SetupReport }) {
  return (
    <div>
      <div role="status" data-testid="setup-summary">
        <SectionMessage appearance={report.errors > 0 ? 'error' : report.warnings > 0 ? 'warning' : 'success'} title={report.errors > 0 ? `${report.errors} thing(s) to fix` : report.warnings > 0 ? `${report.warnings} warning(s)` : 'Everything the app needs is in place'}>
          <p>
            {report.errors} error(s), {report.warnings} warning(s), {report.findings.length - report.errors - report.warnings} check(s) passed.
          </p>
        </SectionMessage>
      </div>
      <DynamicTable
        caption="Findings"
        head={{ cells: [{ key: 'severity', content: 'Result' }, { key: 'subject', content: 'What' }, { key: 'message', content: 'Details and fix' }] }}
        rows={report.findings.map((f, i) => ({
          key: `${f.check}-${i}`,
          cells: [
            { key: 'severity', content: <Lozenge appearance={f.severity === 'ok' ? 'success' : f.severity === 'warning' ? 'moved' : 'removed'}>{f.severity}</Lozenge> },
            { key: 'subject', content: f.subject },
            { key: 'message', content: f.message },
          ],
        }))}
      />
    </div>
  );
}
