import { DomainError } from '../common/domain-error';
import type { JsonObject } from '../common/json';
import type { RequesterProfile } from '../facts';
import type { ActionCall, WorkflowContext } from './workflow-types';

/**
 * Builders for the parameter shapes every workflow uses, so the integrations read one shape per
 * action. Parameters are plain JSON and never hold secrets: connections keep URLs and keys.
 */

/**
 * Group membership change for the requester. The Atlassian account id is always present; the
 * directory id is the one intake found in the directory the group lives in (the describing
 * directory, or the other connected one). When intake found the requester only in the other
 * directory, that id and its source are passed on, and the execution boundary refuses the step
 * with the reason rather than use an id from the wrong directory.
 */
export function groupMembershipCall(
  action: 'entra.addGroupMember' | 'entra.removeGroupMember' | 'okta.addGroupMember' | 'okta.removeGroupMember',
  groupId: string,
  member: RequesterProfile,
): ActionCall {
  const params: JsonObject = { groupId, memberAccountId: member.accountId };
  const needed = action.startsWith('okta.') ? 'okta' : 'entra';
  const idThere = member.directoryIds?.[needed] ?? (member.directorySource === needed ? member.directoryId : undefined);
  if (idThere !== undefined) {
    params.memberDirectoryId = idThere;
    params.memberDirectorySource = needed;
    return { action, params };
  }
  if (member.directoryId !== undefined) params.memberDirectoryId = member.directoryId;
  if (member.directorySource !== undefined) params.memberDirectorySource = member.directorySource;
  return { action, params };
}

/**
 * Adding the requester to a group, with its exact inverse: the step's call and compensation. A
 * time-bound grant is revoked with the same `compensation` call, so all three always name the
 * same directory, group and member.
 */
export function groupGrant(directory: 'entra' | 'okta', groupId: string, member: RequesterProfile): { call: ActionCall; compensation: ActionCall } {
  return {
    call: groupMembershipCall(`${directory}.addGroupMember`, groupId, member),
    compensation: groupMembershipCall(`${directory}.removeGroupMember`, groupId, member),
  };
}

/**
 * A signed webhook call. `endpoint` names a webhook connection the admin configured (its URL and
 * signing secret live there); `event` tells the receiver what to do with `payload`.
 */
export function webhookCall(endpoint: string, event: string, payload: JsonObject): ActionCall {
  return { action: 'webhook.post', params: { endpoint, event, payload } };
}

/** A Slack message to a channel the Slack connection may post to. */
export function slackMessageCall(channel: string, text: string): ActionCall {
  return { action: 'slack.postMessage', params: { channel, text } };
}

/** The request key, for steps whose receivers deduplicate or trace on it. */
export function requireRequestKey(ctx: WorkflowContext, workflowKey: string): string {
  if (ctx.requestKey === undefined || ctx.requestKey === '') {
    throw new DomainError('workflow.request-key-missing', `The ${workflowKey} workflow needs the request key to build its steps.`);
  }
  return ctx.requestKey;
}
