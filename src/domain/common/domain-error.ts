/**
 * An error the domain expects and can explain: it carries a stable `code` that resolvers, the CLI
 * and the audit trail use, and a message written for the person who must act on it.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** True for errors whose message is safe to show to a user. */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
