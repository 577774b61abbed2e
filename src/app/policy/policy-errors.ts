import { DomainError } from '../../domain/common/domain-error';
import type { PolicyError } from '../../domain/policy/parse-policy';

/** A policy document that does not validate: the resolver shows each issue with its path. */
export function invalidPolicyError(errors: readonly PolicyError[]): DomainError {
  const first = errors[0];
  const summary = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'the document is not a policy';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new DomainError('invalid-policy', `The policy is not valid: ${summary}${more}.`, { issues: errors.map((e) => ({ path: e.path, message: e.message })) });
}

/** Someone published since the caller last looked. */
export function versionConflictError(expected: number | null, actual: number | null): DomainError {
  return new DomainError(
    'conflict',
    `Someone else published version ${actual ?? 'none'} while you were working on version ${expected ?? 'none'}. Reload, review their change and try again.`,
  );
}
