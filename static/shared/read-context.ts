import { view } from '@forge/bridge';

/**
 * The issue or request key from the Forge context: the server reads it from the context too, so
 * this is only for showing it and for the sandbox, where the page passes it explicitly.
 */
export async function readContextIssueKey(): Promise<string | undefined> {
  try {
    const context = (await view.getContext()) as { extension?: { issue?: { key?: unknown }; request?: { key?: unknown } } };
    const key = context.extension?.issue?.key ?? context.extension?.request?.key;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}
