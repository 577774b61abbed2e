import '@atlaskit/css-reset';
import { token } from '@atlaskit/tokens';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

/** Mounts a page with the Atlaskit theme, so tokens resolve to Jira's colours (light or dark). */
export function mountApp(page: ReactNode): void {
  void setGlobalTheme({ colorMode: 'auto' }).catch(() => undefined);
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(<main style={{ padding: token('space.200'), color: token('color.text') }}>{page}</main>);
}
