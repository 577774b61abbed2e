import type { RevocationSchedule } from '../workflows/workflow-types';

/** How the requester and agents are told about the end of a revocation schedule. */
export const REVOCATION_WORDS: Record<NonNullable<RevocationSchedule['ends']>, { until: (at: string) => string; ended: string; revoked: string }> = {
  access: {
    until: (at: string) => `Access ends at ${at}.`,
    ended: 'The temporary access has now ended.',
    revoked: 'Time-bound access revoked',
  },
  retention: {
    until: (at: string) => `The data is deleted at ${at}, when its retention period ends.`,
    ended: 'Its retention period has ended and the data was deleted.',
    revoked: 'Retention period over: data deleted',
  },
};
