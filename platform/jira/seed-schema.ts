/** The seed format of the emulated site: who exists, which projects, request types, fields and workflows. */
import { z } from 'zod';

const idString = z.string().regex(/^[0-9]+$/, 'must be a numeric id as a string');

export const seedUserSchema = z.object({
  accountId: z.string().min(1).max(128),
  displayName: z.string().min(1),
  emailAddress: z.string().optional(),
  active: z.boolean().default(true),
  accountType: z.enum(['atlassian', 'customer', 'app']).default('atlassian'),
  timeZone: z.string().default('UTC'),
});

export const seedGroupSchema = z.object({
  groupId: z.string().min(1).optional(),
  name: z.string().min(1),
  members: z.array(z.string()).default([]),
});

export const seedStatusSchema = z.object({
  id: idString,
  name: z.string().min(1),
  category: z.enum(['new', 'indeterminate', 'done']),
});

/** Field types the site understands; `user-multi` is how the JSM Approvers field stores its users. */
export const fieldTypeSchema = z.enum(['string', 'text', 'number', 'date', 'datetime', 'user', 'user-multi', 'group', 'option', 'object', 'sd-customerrequesttype']);
export type FieldType = z.infer<typeof fieldTypeSchema>;

export const seedCustomFieldSchema = z.object({
  id: z.string().regex(/^customfield_[0-9]+$/, 'must look like customfield_10050'),
  name: z.string().min(1),
  type: fieldTypeSchema,
});

export const seedTransitionSchema = z.object({
  id: idString,
  name: z.string().min(1),
  /** Source statuses; `any` makes it a global transition. */
  from: z.union([z.array(idString), z.literal('any')]),
  to: idString,
});

export const seedApprovalConfigSchema = z.object({
  statusId: idString,
  approversFieldId: z.string().optional(),
  conditionType: z.enum(['number', 'percent']),
  conditionValue: z.number().positive(),
  transitionApproved: idString,
  transitionRejected: idString,
  excludeReporter: z.boolean().default(false),
  name: z.string().optional(),
});
export type ApprovalConfig = z.infer<typeof seedApprovalConfigSchema>;

export const seedWorkflowSchema = z.object({
  initialStatusId: idString,
  transitions: z.array(seedTransitionSchema).default([]),
  approvals: z.array(seedApprovalConfigSchema).default([]),
});
export type Workflow = z.infer<typeof seedWorkflowSchema>;

export const seedProjectSchema = z.object({
  id: idString,
  key: z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, 'must be an upper-case project key'),
  name: z.string().min(1),
  /** Present for a service desk project. */
  serviceDeskId: idString.optional(),
  issueTypes: z.array(z.object({ id: idString, name: z.string().min(1) })).min(1),
  workflow: seedWorkflowSchema,
  /** Members of the project's agent role. */
  agents: z.array(z.string()).default([]),
  /** Groups whose members are agents of this project. */
  agentGroups: z.array(z.string()).default(['jira-servicedesk-agents']),
});

export const seedRequestTypeFieldSchema = z.object({
  fieldId: z.string().min(1),
  name: z.string().optional(),
  required: z.boolean().default(false),
});

export const seedRequestTypeSchema = z.object({
  id: idString,
  serviceDeskId: idString,
  name: z.string().min(1),
  description: z.string().default(''),
  helpText: z.string().optional(),
  issueTypeId: idString,
  fields: z.array(seedRequestTypeFieldSchema).default([]),
});

export const siteSeedSchema = z.object({
  users: z.array(seedUserSchema).default([]),
  groups: z.array(seedGroupSchema).default([]),
  statuses: z.array(seedStatusSchema).default([]),
  customFields: z.array(seedCustomFieldSchema).default([]),
  projects: z.array(seedProjectSchema).default([]),
  requestTypes: z.array(seedRequestTypeSchema).default([]),
});

export type SiteSeed = z.input<typeof siteSeedSchema>;
export type ParsedSeed = z.output<typeof siteSeedSchema>;
export type SeedUser = z.output<typeof seedUserSchema>;
export type SeedProject = z.output<typeof seedProjectSchema>;
export type SeedRequestType = z.output<typeof seedRequestTypeSchema>;
export type SeedStatus = z.output<typeof seedStatusSchema>;
