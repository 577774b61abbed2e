import { z } from 'zod';
import { toMs } from './calendar';
import { defineWorkflow } from './define-workflow';
import { choice, dateTime, identifierList, required, text } from './field-schemas';
import { hashText } from './hash-text';
import { requireRequestKey, webhookCall } from './integration-calls';
import type { ClarificationQuestion, StageRequirement } from './workflow-types';

export const BLAST_RADII = ['low', 'medium', 'high'] as const;
export type BlastRadius = (typeof BLAST_RADII)[number];

/** A rollback plan shorter than this cannot say how to undo anything. */
export const ROLLBACK_PLAN_MIN_LENGTH = 40;

const prodConfigChangeInput = z.object(
  {
    affectedSystems: required(identifierList('Affected systems', { max: 20 })),
    changeSummary: required(text('Change summary', { min: 20, max: 4000 })),
    rollbackPlan: required(text('Rollback plan', { min: ROLLBACK_PLAN_MIN_LENGTH, max: 4000 })),
    blastRadius: required(choice('Blast radius', BLAST_RADII)),
    plannedStart: required(dateTime('Planned start')),
  },
  { error: 'The request fields must be an object of field values.' },
);
export type ProdConfigChangeInput = z.infer<typeof prodConfigChangeInput>;

export const prodConfigChange = defineWorkflow<ProdConfigChangeInput>({
  key: 'prod-config-change',
  version: '1.0.0',
  title: 'Production configuration change',
  description:
    'Applies a reviewed configuration change to production systems through the deployment service, then verifies their health; if verification fails, the change is rolled back.',
  requestTypes: ['prod-config-change'],
  inputFields: [
    { name: 'affectedSystems', label: 'Affected systems', description: 'The systems the change touches, for example checkout-api, payments-gateway.', required: true, type: 'string[]' },
    { name: 'changeSummary', label: 'Change summary', description: 'What changes, and why.', required: true, type: 'text' },
    {
      name: 'rollbackPlan',
      label: 'Rollback plan',
      description: `How to undo the change if it goes wrong, step by step (at least ${ROLLBACK_PLAN_MIN_LENGTH} characters).`,
      required: true,
      type: 'text',
    },
    { name: 'blastRadius', label: 'Blast radius', description: 'low, medium or high: how much could break if the change goes wrong.', required: true, type: 'string' },
    { name: 'plannedStart', label: 'Planned start', description: 'When the change should start, with the time zone.', required: true, type: 'datetime' },
  ],
  input: prodConfigChangeInput,

  validate(input, ctx) {
    const questions: ClarificationQuestion[] = [];
    if (toMs(input.plannedStart) <= toMs(ctx.now)) {
      questions.push({ field: 'plannedStart', question: `The planned start ${input.plannedStart} has already passed. When should the change start?` });
    }
    return questions;
  },

  facts(input) {
    return {
      'target.environment': 'production',
      // Always a list here, since a change can touch several systems: conditions use `contains`.
      'target.system': input.affectedSystems,
      'change.blastRadius': input.blastRadius,
      'change.systemCount': input.affectedSystems.length,
    };
  },

  floor(input) {
    if (input.blastRadius !== 'high') {
      return [{ lane: 'engineering', mode: { type: 'any' }, order: 1, reason: 'Production changes are reviewed by engineering.' }];
    }
    const stages: StageRequirement[] = [
      {
        lane: 'engineering',
        mode: { type: 'n-of-m', n: 2 },
        order: 1,
        reason: 'A high blast radius change needs two engineering reviewers.',
      },
      {
        lane: 'manager',
        mode: { type: 'any' },
        order: 2,
        reason: 'A high blast radius change is a business risk; the manager accepts it after the engineering review.',
      },
    ];
    return stages;
  },

  steps(input, ctx) {
    const requestKey = requireRequestKey(ctx, 'prod-config-change');
    // The receiver reads the plan from the request and checks the hash, so the plan that runs is the one approved.
    const rollbackPlanSha256 = hashText(input.rollbackPlan);
    return [
      {
        kind: 'action',
        id: 'apply-change',
        title: `Apply the change to ${input.affectedSystems.join(', ')}`,
        call: webhookCall('deployment-service', 'config-change.apply', {
          requestKey,
          systems: input.affectedSystems,
          plannedStart: input.plannedStart,
          changeSummarySha256: hashText(input.changeSummary),
        }),
        compensation: webhookCall('deployment-service', 'config-change.rollback', {
          requestKey,
          systems: input.affectedSystems,
          rollbackPlanRef: `${requestKey}#rollbackPlan`,
          rollbackPlanSha256,
        }),
      },
      {
        kind: 'action',
        id: 'verify-health',
        title: `Verify the health of ${input.affectedSystems.join(', ')}`,
        call: webhookCall('deployment-service', 'config-change.verify', { requestKey, systems: input.affectedSystems }),
      },
    ];
  },

  revocation() {
    return null;
  },
});
