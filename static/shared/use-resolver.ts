import { useCallback, useEffect, useRef, useState } from 'react';
import type { Envelope, ResolverError } from '../../src/contract/envelope';

export type Loadable<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: ResolverError }
  | { readonly state: 'ready'; readonly data: T };

/**
 * Loads once on mount (and on `reload`), keeping the three states a page must show. A reload
 * keeps what is shown until its answer arrives, so the page under it is not torn down (a tab's
 * own "saved" message survives the permissions reload that follows a save).
 */
export function useLoad<T>(load: () => Promise<Envelope<T>>): { result: Loadable<T>; reload: () => void } {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setResult((shown) => (shown.state === 'ready' ? shown : { state: 'loading' }));
    void loadRef.current().then((envelope) => {
      if (!live) return;
      setResult(envelope.ok ? { state: 'ready', data: envelope.data } : { state: 'error', error: envelope.error });
    });
    return () => {
      live = false;
    };
  }, [tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { result, reload };
}

export type ActionState<T> =
  | { readonly state: 'idle' }
  | { readonly state: 'running' }
  | { readonly state: 'done'; readonly data: T }
  | { readonly state: 'error'; readonly error: ResolverError };

/** One user action (save, publish...): running, done or failed, never two at once. */
export function useAction<A extends unknown[], T>(act: (...args: A) => Promise<Envelope<T>>): {
  status: ActionState<T>;
  run: (...args: A) => Promise<Envelope<T> | undefined>;
  reset: () => void;
} {
  const [status, setStatus] = useState<ActionState<T>>({ state: 'idle' });
  const running = useRef(false);
  const run = useCallback(
    async (...args: A) => {
      if (running.current) return undefined;
      running.current = true;
      setStatus({ state: 'running' });
      const envelope = await act(...args);
      running.current = false;
      setStatus(envelope.ok ? { state: 'done', data: envelope.data } : { state: 'error', error: envelope.error });
      return envelope;
    },
    [act],
  );
  const reset = useCallback(() => setStatus({ state: 'idle' }), []);
  return { status, run, reset };
}
