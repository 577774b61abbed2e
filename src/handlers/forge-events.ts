import { z } from 'zod';

/**
 * The slices of Forge's product-event payloads the app reads, validated instead of cast. Unknown
 * extra fields pass: Forge adds fields over time.
 */
const userSchema = z.looseObject({ accountId: z.string() }).nullish();

export const issueEventSchema = z.looseObject({
  issue: z.looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    key: z.string(),
  }),
  atlassianId: z.string().optional(),
});

export const updatedEventSchema = issueEventSchema.extend({
  changelog: z
    .looseObject({
      items: z.array(z.looseObject({ field: z.string().optional(), fieldId: z.string().optional(), from: z.string().nullish(), to: z.string().nullish() })),
    })
    .optional(),
});

export const commentedEventSchema = issueEventSchema.extend({
  comment: z.looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    author: userSchema,
    body: z.unknown(),
    jsdPublic: z.boolean().optional(),
  }),
});

export const stepJobSchema = z.strictObject({
  runId: z.string().min(1),
  stepId: z.string().min(1),
  attempt: z.number().int().min(1),
  phase: z.enum(['execute', 'compensate', 'revoke']),
});

/** The status id the changelog says the issue moved to, if it moved. */
export function newStatusId(event: z.infer<typeof updatedEventSchema>): string | undefined {
  const item = (event.changelog?.items ?? []).find((i) => i.fieldId === 'status' || i.field === 'status');
  return item?.to ?? undefined;
}

/** True when the changelog says the status changed. */
export function statusChanged(event: z.infer<typeof updatedEventSchema>): boolean {
  return (event.changelog?.items ?? []).some((item) => item.fieldId === 'status' || item.field === 'status');
}
