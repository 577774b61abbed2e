import { z } from 'zod';
import { addHours } from './calendar';
import { defineWorkflow } from './define-workflow';
import { choice, integer, patterned, required, text } from './field-schemas';
import { groupGrant } from './integration-calls';
import type { ClarificationQuestion, StageRequirement } from './workflow-types';

/**
 * Production databases that can be reached just in time, with the Okta group per role. Only
 * these: a database missing here is an exception for the DBA team, not a guess.
 */
export const PROD_DATABASES = {
  'orders-db': { title: 'Orders (PostgreSQL)', groups: { 'read-only': 'okta-db-orders-ro', 'read-write': 'okta-db-orders-rw' } },
  'payments-db': { title: 'Payments (PostgreSQL)', groups: { 'read-only': 'okta-db-payments-ro', 'read-write': 'okta-db-payments-rw' } },
  'customers-db': { title: 'Customers (MySQL)', groups: { 'read-only': 'okta-db-customers-ro', 'read-write': 'okta-db-customers-rw' } },
  'analytics-warehouse': {
    title: 'Analytics warehouse (Snowflake)',
    groups: { 'read-only': 'okta-db-analytics-ro', 'read-write': 'okta-db-analytics-rw' },
  },
} as const;
export type ProdDatabase = keyof typeof PROD_DATABASES;

export const DB_ROLES = ['read-only', 'read-write'] as const;
export type DbRole = (typeof DB_ROLES)[number];

/** Incident or change tickets: `INC-1234`, `CHG-56`. */
export const TICKET_REFERENCE_PATTERN = /^(INC|CHG)-[1-9][0-9]{0,8}$/;

const prodDbInput = z.object(
  {
    database: required(choice('Database', Object.keys(PROD_DATABASES) as ProdDatabase[])),
    role: required(choice('Role', DB_ROLES)),
    durationHours: required(integer('Duration', { min: 1, max: 8, unit: 'hours' })),
    ticketReference: required(patterned('Ticket reference', TICKET_REFERENCE_PATTERN, 'INC-1234 or CHG-1234', { upperCase: true })),
    reason: required(text('Reason', { min: 10, max: 2000 })),
  },
  { error: 'The request fields must be an object of field values.' },
);
export type ProdDbAccessInput = z.infer<typeof prodDbInput>;

export const prodDbAccess = defineWorkflow<ProdDbAccessInput>({
  key: 'prod-db-access',
  // 1.0.1: grants with the requester's id in the directory the group lives in, found at intake (grantsIn).
  version: '1.0.1',
  title: 'Just-in-time production database access',
  description:
    'Grants a read-only or read-write role on one production database for up to 8 hours, tied to an incident or change; the role is removed automatically when the time is up.',
  requestTypes: ['prod-db-access'],
  grantsIn: ['okta'],
  inputFields: [
    { name: 'database', label: 'Database', description: `One of: ${Object.keys(PROD_DATABASES).join(', ')}.`, required: true, type: 'string' },
    { name: 'role', label: 'Role', description: 'read-only to query; read-write to change data (needs an engineering review too).', required: true, type: 'string' },
    { name: 'durationHours', label: 'Duration (hours)', description: 'How long you need access, 1 to 8 hours from when it is granted.', required: true, type: 'number' },
    { name: 'ticketReference', label: 'Ticket reference', description: 'The incident or change this access is for, for example INC-1234 or CHG-1234.', required: true, type: 'string' },
    { name: 'reason', label: 'Reason', description: 'What you will do in the database.', required: true, type: 'text' },
  ],
  input: prodDbInput,

  validate(input, ctx) {
    const questions: ClarificationQuestion[] = [];
    if (input.role === 'read-write' && ctx.requester.employmentType === 'contractor') {
      questions.push({
        field: 'role',
        question: `Contractors can have read-only access to production databases only. Should we grant read-only access to ${input.database} instead, or will an employee on your team request read-write access?`,
      });
    }
    return questions;
  },

  facts(input) {
    return {
      'target.environment': 'production',
      'target.system': input.database,
      'target.group': PROD_DATABASES[input.database].groups[input.role],
      'target.group.privileged': input.role === 'read-write',
      'access.durationHours': input.durationHours,
      'data.classification': 'restricted',
      'input.role': input.role,
      'input.ticketReference': input.ticketReference,
    };
  },

  floor(input) {
    const stages: StageRequirement[] = [
      { lane: 'manager', mode: { type: 'any' }, order: 1, reason: 'Production data access is first approved by the requester\'s manager.' },
      { lane: 'security', mode: { type: 'any' }, order: 2, reason: 'Production databases hold restricted data; security approves every access.' },
    ];
    if (input.role === 'read-write') {
      stages.push({
        lane: 'engineering',
        mode: { type: 'any' },
        order: 2,
        reason: 'Read-write access can change production data; engineering reviews it alongside security.',
      });
    }
    return stages;
  },

  steps(input, ctx) {
    const groupId = PROD_DATABASES[input.database].groups[input.role];
    return [
      {
        kind: 'action',
        id: 'add-to-db-group',
        title: `Add the requester to ${groupId} (${input.role} on ${input.database})`,
        ...groupGrant('okta', groupId, ctx.requester),
      },
    ];
  },

  /** Call with `ctx.now` = the moment access was granted: the clock starts then, not at request time. */
  revocation(input, ctx) {
    return {
      at: addHours(ctx.now, input.durationHours),
      calls: [groupGrant('okta', PROD_DATABASES[input.database].groups[input.role], ctx.requester).compensation],
    };
  },
});
