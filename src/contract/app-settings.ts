import { z } from 'zod';
import { groupRefSchema } from '../domain/policy/policy-schema';

/**
 * The app's settings: how this Jira site maps onto what the app needs. Admins edit them on the
 * Settings tab; intake and the run lifecycle read them (request type → workflow, field id → input
 * name, status and transition per abstract target). Stored whole, validated on every save.
 */

/** Where a run can put the request; each maps to one Jira status and the transition into it. */
export const ABSTRACT_TARGETS = [
  'awaiting-approval-any',
  'awaiting-approval-all',
  'awaiting-approval-2-of-m',
  'in-progress',
  'waiting-for-customer',
  'escalated',
  'blocked',
  'done',
  'declined',
  'cancelled',
] as const;
export type AbstractTarget = (typeof ABSTRACT_TARGETS)[number];

const numericIdSchema = z.string().regex(/^[1-9][0-9]{0,17}$/, 'must be a numeric Jira id such as 10001');
const fieldIdSchema = z
  .string()
  .regex(/^(customfield_[1-9][0-9]{0,17}|[a-z][a-zA-Z]{1,40})$/, 'must be a Jira field id such as customfield_10010 or summary');

export const targetMappingSchema = z.strictObject({
  /** The Jira status the target means on this site. */
  statusId: numericIdSchema,
  /** The workflow transition that moves a request into that status. */
  transitionId: numericIdSchema,
});
export type TargetMapping = z.infer<typeof targetMappingSchema>;

export const appSettingsSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    serviceDesk: z.strictObject({
      projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'must be a Jira project key such as ITSM'),
      serviceDeskId: numericIdSchema,
    }),
    /** The "Customer Request Type" field, which holds each request's type. */
    requestTypeFieldId: fieldIdSchema,
    /** The JSM Approvers (multi-user) field the approval statuses are configured with. */
    approversFieldId: fieldIdSchema,
    /** Which pre-built workflow handles each request type (by JSM request type id). */
    requestTypes: z.array(z.strictObject({ requestTypeId: numericIdSchema, workflowKey: z.string().min(1, 'is required') })).max(200),
    /** Which Jira field feeds which workflow input (by input name). */
    fields: z
      .array(z.strictObject({ fieldId: fieldIdSchema, input: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, 'must be a workflow input name') }))
      .max(200),
    targets: z.strictObject(
      Object.fromEntries(ABSTRACT_TARGETS.map((target) => [target, targetMappingSchema])) as Record<AbstractTarget, typeof targetMappingSchema>,
    ),
    /** Members may publish and restore policies and change connections, besides Jira admins. */
    publishersGroup: groupRefSchema.nullable(),
    /**
     * The Entra ID or Okta connection that describes requesters at intake (manager, employment
     * type, groups, directory id). Needed when both are connected; null uses the only one.
     */
    directoryConnectionId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a connection id such as entra-main')
      .nullable()
      .default(null),
  })
  .superRefine((settings, ctx) => {
    const types = new Set<string>();
    settings.requestTypes.forEach((entry, index) => {
      if (types.has(entry.requestTypeId)) {
        ctx.addIssue({ code: 'custom', path: ['requestTypes', index, 'requestTypeId'], message: `maps request type ${entry.requestTypeId} twice` });
      }
      types.add(entry.requestTypeId);
    });
    const fields = new Set<string>();
    settings.fields.forEach((entry, index) => {
      if (fields.has(entry.fieldId)) {
        ctx.addIssue({ code: 'custom', path: ['fields', index, 'fieldId'], message: `maps field ${entry.fieldId} twice` });
      }
      fields.add(entry.fieldId);
    });
  });

export type AppSettings = z.infer<typeof appSettingsSchema>;
