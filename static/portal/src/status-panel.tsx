import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { useCallback } from 'react';
import type { Envelope } from '../../../src/contract/envelope';
import type { PortalStatus } from '../../../src/contract/run-view';
import { ErrorNotice, formatTime, Loading } from '../../shared/status-views';
import { readContextIssueKey } from '../../shared/read-context';
import { useLoad } from '../../shared/use-resolver';
import { getPortalStatus } from './api/get-portal-status';

/** The requester's view: what the request waits on, what happened, and any question to answer. */
export function StatusPanel() {
  const load = useCallback(async (): Promise<Envelope<PortalStatus>> => getPortalStatus(await readContextIssueKey()), []);
  const { result } = useLoad(load);
  if (result.state === 'loading') return <Loading what="your request's status" />;
  if (result.state === 'error') {
    // Another person's request and a request the app never handled look the same, on purpose.
    if (result.error.code === 'not-found' || result.error.code === 'forbidden') return <p data-testid="status-unavailable">There is no approval status to show for this request.</p>;
    return <ErrorNotice error={result.error} title="The status could not be loaded" />;
  }
  const status = result.data;
  return (
    <div>
      <h2 data-testid="status-headline" style={{ fontSize: '16px', margin: `0 0 ${token('space.100')}` }}>
        {status.headline}
      </h2>
      {status.clarification ? (
        <SectionMessage appearance="warning" title="We need an answer from you">
          <ul>
            {status.clarification.questions.map((q, i) => (
              <li key={i}>{q}</li>
            ))}
          </ul>
          <p>Reply in a comment on this request; work continues once you have answered.</p>
        </SectionMessage>
      ) : null}
      {status.history.length > 0 ? (
        <section aria-labelledby="history-heading">
          <h3 id="history-heading" style={{ fontSize: '14px' }}>
            What has happened
          </h3>
          <ol>
            {status.history.map((h, i) => (
              <li key={i}>
                <time dateTime={h.at}>{formatTime(h.at)}</time>: {h.text}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
