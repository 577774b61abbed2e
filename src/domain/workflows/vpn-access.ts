import { z } from 'zod';
import type { FactValue } from '../facts';
import { daysFromToday, endOfDayUtc, hoursBetween } from './calendar';
import { defineWorkflow } from './define-workflow';
import { accountId, choice, date, optional, required, text } from './field-schemas';
import { groupGrant } from './integration-calls';
import type { ClarificationQuestion, StageRequirement } from './workflow-types';

/** VPN profiles and the Entra group each grants. Reviewed data: a new profile is a new version. */
export const VPN_PROFILES = {
  standard: { groupId: 'grp-vpn-standard', title: 'Standard VPN', privileged: false },
  privileged: { groupId: 'grp-vpn-privileged', title: 'Privileged VPN (admin networks)', privileged: true },
} as const;
export type VpnProfile = keyof typeof VPN_PROFILES;

/** Contractors get VPN access for at most this long before they must ask again. */
export const CONTRACTOR_MAX_DAYS = 90;

const vpnAccessInput = z.object(
  {
    vpnProfile: required(choice('VPN profile', Object.keys(VPN_PROFILES) as VpnProfile[])),
    businessJustification: required(text('Business justification', { min: 10, max: 2000 })),
    endDate: optional(date('End date')),
    sponsorAccountId: optional(accountId('Sponsor')),
  },
  { error: 'The request fields must be an object of field values.' },
);
export type VpnAccessInput = z.infer<typeof vpnAccessInput>;

export const vpnAccess = defineWorkflow<VpnAccessInput>({
  key: 'vpn-access',
  // 1.0.1: grants with the requester's id in the directory the group lives in, found at intake (grantsIn).
  version: '1.0.1',
  title: 'VPN access',
  description:
    'Adds the requester to the VPN group of the chosen profile. Contractors need an end date and an employee sponsor; access is removed automatically at the end date.',
  requestTypes: ['vpn-access'],
  grantsIn: ['entra'],
  inputFields: [
    {
      name: 'vpnProfile',
      label: 'VPN profile',
      description: 'Standard gives access to internal tools; privileged also reaches admin networks and needs a security review.',
      required: true,
      type: 'string',
    },
    {
      name: 'businessJustification',
      label: 'Business justification',
      description: 'What you need the VPN for, in a sentence or two.',
      required: true,
      type: 'text',
    },
    {
      name: 'endDate',
      label: 'End date',
      description: `The last day you need access. Required for contractors (at most ${CONTRACTOR_MAX_DAYS} days ahead); access ends at the end of that day (UTC).`,
      required: false,
      type: 'date',
    },
    {
      name: 'sponsorAccountId',
      label: 'Sponsor',
      description: 'An employee who vouches for your access. Required for contractors.',
      required: false,
      type: 'user',
    },
  ],
  input: vpnAccessInput,

  validate(input, ctx) {
    const questions: ClarificationQuestion[] = [];
    const contractor = ctx.requester.employmentType === 'contractor';
    if (input.endDate === undefined) {
      if (contractor) {
        questions.push({
          field: 'endDate',
          question: `Contractors need an end date for VPN access. When should access end (at most ${CONTRACTOR_MAX_DAYS} days from today)?`,
        });
      }
    } else {
      const days = daysFromToday(input.endDate, ctx.now);
      if (days < 0) {
        questions.push({ field: 'endDate', question: `The end date ${input.endDate} is in the past. When should access end?` });
      } else if (contractor && days > CONTRACTOR_MAX_DAYS) {
        questions.push({
          field: 'endDate',
          question: `Contractors can have VPN access for at most ${CONTRACTOR_MAX_DAYS} days at a time, and ${input.endDate} is ${days} days away. Which end date within ${CONTRACTOR_MAX_DAYS} days should we use?`,
        });
      }
    }
    if (contractor) {
      if (input.sponsorAccountId === undefined) {
        questions.push({ field: 'sponsorAccountId', question: 'Contractors need an employee sponsor for VPN access. Who is sponsoring your access?' });
      } else if (input.sponsorAccountId === ctx.requester.accountId) {
        questions.push({
          field: 'sponsorAccountId',
          question: 'You cannot sponsor your own VPN access. Which employee is sponsoring it?',
        });
      }
    }
    return questions;
  },

  facts(input, ctx) {
    const profile = VPN_PROFILES[input.vpnProfile];
    const facts: Record<string, FactValue> = {
      'target.system': 'vpn',
      'target.group': profile.groupId,
      'target.group.privileged': profile.privileged,
      'input.vpnProfile': input.vpnProfile,
      'input.hasSponsor': input.sponsorAccountId !== undefined,
    };
    if (input.endDate !== undefined) facts['access.durationHours'] = hoursBetween(ctx.now, endOfDayUtc(input.endDate));
    return facts;
  },

  floor(input) {
    const stages: StageRequirement[] = [
      { lane: 'manager', mode: { type: 'any' }, order: 1, reason: 'VPN access is approved by the requester\'s manager.' },
    ];
    if (VPN_PROFILES[input.vpnProfile].privileged) {
      stages.push({
        lane: 'security',
        mode: { type: 'any' },
        order: 2,
        reason: 'The privileged VPN profile reaches admin networks, so security reviews it after the manager.',
      });
    }
    return stages;
  },

  steps(input, ctx) {
    const groupId = VPN_PROFILES[input.vpnProfile].groupId;
    return [
      {
        kind: 'action',
        id: 'add-to-vpn-group',
        title: `Add the requester to ${groupId}`,
        ...groupGrant('entra', groupId, ctx.requester),
      },
    ];
  },

  revocation(input, ctx) {
    if (input.endDate === undefined) return null;
    return {
      at: endOfDayUtc(input.endDate),
      calls: [groupGrant('entra', VPN_PROFILES[input.vpnProfile].groupId, ctx.requester).compensation],
    };
  },
});
