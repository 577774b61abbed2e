/** A request the site refuses, rendered as Jira (`errorMessages`) or JSM (`errorMessage`) error bodies. */
export class SiteError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SiteError';
  }
}

/** Renders an error body in the style of the API that answered. */
export function renderErrorBody(api: 'platform' | 'jsm', status: number, message: string, fieldErrors: Record<string, string> = {}): unknown {
  if (api === 'jsm') return { errorMessage: message, i18nErrorMessage: { i18nKey: `sd.emulator.error.${status}`, parameters: [] } };
  return { errorMessages: message ? [message] : [], errors: fieldErrors };
}
