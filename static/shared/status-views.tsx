import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { ResolverError } from '../../src/contract/envelope';
import type { Loadable } from './use-resolver';

/** A spinner with words, announced to screen readers. */
export function Loading({ what }: { what: string }) {
  return (
    <div role="status" aria-live="polite" style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', padding: token('space.200') }}>
      <Spinner size="medium" label={`Loading ${what}`} />
      <span>Loading {what}…</span>
    </div>
  );
}

/** An envelope error in plain words, with per-field issues when the server sent them. */
export function ErrorNotice({ error, title }: { error: ResolverError; title?: string }) {
  const heading = title ?? (error.code === 'forbidden' ? 'Not allowed' : error.code === 'conflict' ? 'Someone else changed this first' : 'Something went wrong');
  return (
    <div role="alert" data-error-code={error.code}>
      <SectionMessage appearance={error.code === 'forbidden' ? 'warning' : 'error'} title={heading}>
        <p>{error.message}</p>
        {error.issues && error.issues.length > 0 ? (
          <ul>
            {error.issues.slice(0, 20).map((issue, index) => (
              <li key={`${issue.path}-${index}`}>
                {issue.path ? <code>{issue.path}</code> : null} {issue.message}
              </li>
            ))}
          </ul>
        ) : null}
      </SectionMessage>
    </div>
  );
}

/** Renders loading, error or the data, so no call is left without a visible state. */
export function Loaded<T>({ result, what, children }: { result: Loadable<T>; what: string; children: (data: T) => ReactNode }) {
  if (result.state === 'loading') return <Loading what={what} />;
  if (result.state === 'error') return <ErrorNotice error={result.error} title={`Could not load ${what}`} />;
  return <>{children(result.data)}</>;
}

/** Formats an ISO timestamp for people, in their own time zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
