import { z } from 'zod';
import { durationSchema } from '../common/duration';

/**
 * The routing policy: the document an admin edits, publishes and versions.
 *
 * Every object is strict, so a misspelt key is an error with its path, never silently ignored.
 * The schema is the single source of the policy's TypeScript types.
 */

/** The five lanes every policy must define. Admins may add their own next to them. */
export const BUILT_IN_LANES = ['manager', 'security', 'finance', 'engineering', 'customer'] as const;
export type BuiltInLane = (typeof BUILT_IN_LANES)[number];

export const laneKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be 2-40 lowercase letters, digits or dashes, starting with a letter');

export const groupRefSchema = z.strictObject({
  /** Jira group id: stable across renames, used for every API call. */
  groupId: z.string().min(1, 'is required'),
  /** Display name, for people reading the policy. */
  name: z.string().min(1, 'is required'),
});
export type GroupRef = z.infer<typeof groupRefSchema>;

export const timeoutActionSchema = z.discriminatedUnion('action', [
  /** Decline the request and tell the requester why. */
  z.strictObject({ action: z.literal('decline') }),
  /** Add the lane's backup group to the approvers and restart the clock once. */
  z.strictObject({ action: z.literal('escalate-backup') }),
  /** Hand the stage to another lane (its owner group becomes the approvers). */
  z.strictObject({ action: z.literal('escalate-lane'), lane: laneKeySchema }),
]);
export type TimeoutAction = z.infer<typeof timeoutActionSchema>;

export const laneSchema = z.strictObject({
  title: z.string().min(1, 'is required').max(80),
  /**
   * Where approvers come from. `group`: the owner group's members. `requester-manager`: the
   * requester's manager from the identity provider, falling back to the owner group when unknown.
   */
  approverSource: z.enum(['group', 'requester-manager']).default('group'),
  owner: groupRefSchema,
  backup: groupRefSchema,
  /** Remind the pending approvers after this long. */
  remindAfter: durationSchema,
  /** Add the backup group after this long. */
  escalateAfter: durationSchema,
  /** Take `onTimeout` after this long. */
  timeoutAfter: durationSchema,
  onTimeout: timeoutActionSchema,
  /** Optional Slack channel for reminders and escalation notices. */
  notifyChannel: z.string().regex(/^[#@]?[A-Za-z0-9._-]{1,80}$/, 'must be a Slack channel name or id').optional(),
});
export type Lane = z.infer<typeof laneSchema>;

export const stageModeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('any') }),
  z.strictObject({ type: z.literal('all') }),
  z.strictObject({ type: z.literal('n-of-m'), n: z.number().int().min(2).max(50) }),
]);
export type StageMode = z.infer<typeof stageModeSchema>;

const factKeySchema = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)*$/, 'must be a fact name such as amount or target.environment');

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

/** Comparison operators a trigger condition may use. */
export const COMPARISON_OPERATORS = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
  'contains',
  'matches',
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export const comparisonSchema = z.discriminatedUnion('op', [
  z.strictObject({ fact: factKeySchema, op: z.literal('equals'), value: scalarSchema }),
  z.strictObject({ fact: factKeySchema, op: z.literal('notEquals'), value: scalarSchema }),
  z.strictObject({ fact: factKeySchema, op: z.literal('in'), value: z.array(scalarSchema).min(1).max(200) }),
  z.strictObject({ fact: factKeySchema, op: z.literal('notIn'), value: z.array(scalarSchema).min(1).max(200) }),
  z.strictObject({ fact: factKeySchema, op: z.literal('gt'), value: z.number() }),
  z.strictObject({ fact: factKeySchema, op: z.literal('gte'), value: z.number() }),
  z.strictObject({ fact: factKeySchema, op: z.literal('lt'), value: z.number() }),
  z.strictObject({ fact: factKeySchema, op: z.literal('lte'), value: z.number() }),
  /** `value: false` asks that the fact is absent. */
  z.strictObject({ fact: factKeySchema, op: z.literal('exists'), value: z.boolean().default(true) }),
  /** For list facts (such as requester.groups): the list holds the value. */
  z.strictObject({ fact: factKeySchema, op: z.literal('contains'), value: scalarSchema }),
  /**
   * A safe wildcard pattern, not a regular expression: `*` is any run of characters, `?` one
   * character, everything else literal, matched case-insensitively in linear time.
   */
  z.strictObject({ fact: factKeySchema, op: z.literal('matches'), value: z.string().min(1).max(200) }),
]);
export type Comparison = z.infer<typeof comparisonSchema>;

export type Condition = Comparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    comparisonSchema,
    z.strictObject({ all: z.array(conditionSchema).min(1).max(50) }),
    z.strictObject({ any: z.array(conditionSchema).min(1).max(50) }),
    z.strictObject({ not: conditionSchema }),
  ], { error: 'must be a comparison {fact, op, value} or a group {all: [...]}, {any: [...]} or {not: {...}}' }),
) as z.ZodType<Condition>;

export const triggerSchema = z.strictObject({
  /** Stable id, used in traces, audit events and diffs. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'must be 2-64 lowercase letters, digits or dashes'),
  description: z.string().min(1, 'is required').max(300),
  /** Restrict the trigger to some workflows (by key); all workflows when absent. */
  workflows: z.array(z.string().min(1)).min(1).optional(),
  when: conditionSchema,
  /** The stage the trigger adds. */
  stage: z.strictObject({
    lane: laneKeySchema,
    mode: stageModeSchema,
    /** Sequential position (1 runs first); stages with the same order run in parallel. */
    order: z.number().int().min(1).max(20),
  }),
  enabled: z.boolean().default(true),
});
export type Trigger = z.infer<typeof triggerSchema>;

export const policySchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    /** Monotonic version number, set by publishing. */
    version: z.number().int().min(1),
    author: z.string().min(1, 'is required').max(200),
    comment: z.string().max(1000).optional(),
    /** Exclude the assignee as well as the requester from every stage. */
    excludeAssignee: z.boolean().default(false),
    /** The lane that owns exceptions: requests no workflow handles, failed steps. */
    exceptionLane: laneKeySchema.default('engineering'),
    lanes: z.record(laneKeySchema, laneSchema),
    triggers: z.array(triggerSchema).max(2000),
  })
  .superRefine((policy, ctx) => {
    for (const lane of BUILT_IN_LANES) {
      if (!policy.lanes[lane]) {
        ctx.addIssue({ code: 'custom', path: ['lanes', lane], message: `the ${lane} lane is required` });
      }
    }
    for (const [key, lane] of Object.entries(policy.lanes)) {
      if (lane.onTimeout.action === 'escalate-lane') {
        if (!policy.lanes[lane.onTimeout.lane]) {
          ctx.addIssue({ code: 'custom', path: ['lanes', key, 'onTimeout', 'lane'], message: `names unknown lane "${lane.onTimeout.lane}"` });
        } else if (lane.onTimeout.lane === key) {
          ctx.addIssue({ code: 'custom', path: ['lanes', key, 'onTimeout', 'lane'], message: 'cannot escalate a lane to itself' });
        }
      }
    }
    if (!policy.lanes[policy.exceptionLane]) {
      ctx.addIssue({ code: 'custom', path: ['exceptionLane'], message: `names unknown lane "${policy.exceptionLane}"` });
    }
    const seen = new Set<string>();
    policy.triggers.forEach((trigger, index) => {
      if (seen.has(trigger.id)) {
        ctx.addIssue({ code: 'custom', path: ['triggers', index, 'id'], message: `duplicate trigger id "${trigger.id}"` });
      }
      seen.add(trigger.id);
      if (!policy.lanes[trigger.stage.lane]) {
        ctx.addIssue({ code: 'custom', path: ['triggers', index, 'stage', 'lane'], message: `names unknown lane "${trigger.stage.lane}"` });
      }
    });
  });

export type Policy = z.infer<typeof policySchema>;
/** A policy as written, before defaults are applied. */
export type PolicyInput = z.input<typeof policySchema>;
