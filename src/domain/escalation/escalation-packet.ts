import type { JsonObject } from '../common/json';
import { redact, redactObject, redactText } from '../audit/redact';
import type { GroupRef } from '../policy/policy-schema';

/**
 * Escalation packets: everything a human needs to act without re-doing the research. One shape
 * for the four escalation points; the reducer builds them and the app delivers them.
 */

export const ESCALATION_POINTS = ['clarification', 'approval', 'execution-limit', 'exception'] as const;
export type EscalationPoint = (typeof ESCALATION_POINTS)[number];

export type EscalationOwner =
  | { readonly kind: 'requester'; readonly accountId?: string }
  | { readonly kind: 'lane'; readonly lane: string; readonly group: GroupRef };

/** The request as the requester wrote it. */
export interface PacketRequest {
  readonly key: string;
  readonly summary: string;
  readonly description: string;
  readonly fields: JsonObject;
}

export interface CompletedStep {
  readonly stepId: string;
  readonly title: string;
  /** The connection the step ran against (`entra`, `okta`...), or `manual`. */
  readonly system: string;
  readonly at: string;
  readonly result: string;
}

export interface EscalationPacket {
  readonly point: EscalationPoint;
  readonly owner: EscalationOwner;
  /** The exact reason, in words. */
  readonly reason: string;
  readonly actionRequired: string;
  readonly request: PacketRequest;
  /** Context gathered at intake: requester profile facts, directory data, plan facts. */
  readonly context: JsonObject;
  readonly stepsCompleted: readonly CompletedStep[];
  readonly deadline: string;
  /** What happens if nobody acts by the deadline, in words. */
  readonly onTimeout: string;
  readonly raisedAt: string;
}

export interface EscalationPacketInput {
  readonly point: EscalationPoint;
  readonly owner: EscalationOwner;
  readonly reason: string;
  readonly actionRequired: string;
  readonly request: PacketRequest;
  readonly context: unknown;
  readonly stepsCompleted: readonly CompletedStep[];
  readonly deadline: string;
  readonly onTimeout: string;
  readonly raisedAt: string;
}

/** A packet with every free-text and context value passed through redaction. */
export function buildEscalationPacket(input: EscalationPacketInput): EscalationPacket {
  return {
    point: input.point,
    owner: input.owner,
    reason: redactText(input.reason),
    actionRequired: redactText(input.actionRequired),
    request: {
      key: input.request.key,
      summary: redactText(input.request.summary),
      // Verbatim apart from credentials: requesters do paste passwords into descriptions.
      description: redactText(input.request.description),
      fields: redactObject(input.request.fields),
    },
    context: redactObject(input.context),
    stepsCompleted: input.stepsCompleted.map((step) => ({
      stepId: step.stepId,
      title: redactText(step.title),
      system: step.system,
      at: step.at,
      result: redactText(step.result),
    })),
    deadline: input.deadline,
    onTimeout: redactText(input.onTimeout),
    raisedAt: input.raisedAt,
  };
}

const POINT_TITLES: Record<EscalationPoint, string> = {
  clarification: 'Clarification needed',
  approval: 'Approval needed',
  'execution-limit': 'Manual step needed',
  exception: 'Exception: request blocked',
};

/** Who owns a packet, in words. */
export function describeOwner(owner: EscalationOwner): string {
  return owner.kind === 'requester' ? 'the requester' : `${owner.group.name} (${owner.lane} lane)`;
}

/** The packet as plain text for comments and notifications. */
export function renderPacketText(packet: EscalationPacket): string {
  const lines: string[] = [
    `${POINT_TITLES[packet.point]}: ${packet.request.key} ${packet.request.summary}`,
    `Owner: ${describeOwner(packet.owner)}`,
    `Reason: ${packet.reason}`,
    `Action required: ${packet.actionRequired}`,
    `Deadline: ${packet.deadline}`,
    `If nobody acts: ${packet.onTimeout}`,
    '',
    'Request (as submitted):',
    packet.request.description.length > 0 ? packet.request.description : '(no description)',
  ];
  const fieldEntries = Object.entries(packet.request.fields);
  if (fieldEntries.length > 0) {
    lines.push('', 'Fields:');
    for (const [name, value] of fieldEntries) lines.push(`- ${name}: ${formatValue(value)}`);
  }
  const contextEntries = Object.entries(packet.context);
  if (contextEntries.length > 0) {
    lines.push('', 'Context gathered at intake:');
    for (const [name, value] of contextEntries) lines.push(`- ${name}: ${formatValue(value)}`);
  }
  lines.push('', 'Steps completed:');
  if (packet.stepsCompleted.length === 0) lines.push('- none');
  for (const step of packet.stepsCompleted) lines.push(`- ${step.title} [${step.system}] at ${step.at}: ${step.result}`);
  lines.push('', `Raised at ${packet.raisedAt}.`);
  return lines.join('\n');
}

function formatValue(value: unknown): string {
  const safe = redact(value);
  return typeof safe === 'string' ? safe : JSON.stringify(safe);
}
