import type { JsonObject } from '../../domain/common/json';
import type { RequesterProfile } from '../../domain/facts';
import type { RunEvent } from '../../domain/run/run-types';
import type { AnyWorkflow } from '../../domain/workflows/workflow-types';
import type { IdentityProvider } from '../../ports/identity-provider';
import { dispatchRunEvents, resumeRun } from '../run/dispatch';
import type { CommandDeps } from '../run/execute-commands';
import { loadRecord, type RunRef } from '../run/run-engine';
import { runIdForIssue } from '../run/run-record';
import type { GroupCache } from '../../ports/group-cache';
import { mapRequestFields } from './map-request-fields';
import { findAccountByEmail } from './read-directory';

export interface StartRunDeps extends CommandDeps {
  readonly catalog: readonly AnyWorkflow[];
  readonly groupCache: GroupCache;
  readonly identity?: IdentityProvider;
}

export type StartRunOutcome = 'started' | 'duplicate' | 'not-handled';

/**
 * A request was created: read it once, describe the requester from the directory, and start its
 * run. A repeated delivery of the same creation finds the run and only finishes what is pending.
 */
export async function startRun(deps: StartRunDeps, issue: { readonly id: string; readonly key: string }): Promise<StartRunOutcome> {
  const ref: RunRef = { runId: runIdForIssue(issue.id), issueId: issue.id, issueKey: issue.key };
  const existing = await loadRecord(deps.store, ref);
  if (existing.record) {
    await resumeRun(deps, ref);
    return 'duplicate';
  }
  const { settings } = deps;
  const request = await deps.jira.getRequest(issue.id, settings.fields.map((f) => f.fieldId), settings.requestTypeFieldId);
  if (request.projectKey !== settings.serviceDesk.projectKey || !request.reporterAccountId) {
    deps.log.info('request not handled: other project or no reporter', { issueKey: issue.key });
    return 'not-handled';
  }
  const mapping = settings.requestTypes.find((entry) => entry.requestTypeId === request.requestTypeId);
  const workflow = mapping ? deps.catalog.find((w) => w.key === mapping.workflowKey) : undefined;
  // An unmapped request type still gets a run: intake turns it into an exception packet, so no
  // request is silently ignored.
  const requestType = workflow?.requestTypes[0] ?? `unmapped-request-type-${request.requestTypeId ?? 'none'}`;
  const requester = await describeRequester(deps, request.reporterAccountId, request.reporterEmail, workflow?.grantsIn ?? []);
  const started: RunEvent = {
    type: 'run.started',
    runId: ref.runId,
    request: {
      key: request.issueKey,
      requestType,
      summary: request.summary,
      description: request.description,
      fields: mapRequestFields(settings, request.fields) as JsonObject,
      requester,
      ...(request.assigneeAccountId ? { assigneeAccountId: request.assigneeAccountId } : {}),
    },
  };
  await dispatchRunEvents(deps, ref, [started]);
  return 'started';
}

/** The requester as the directory knows them; just the account when no directory answers. */
async function describeRequester(deps: StartRunDeps, accountId: string, email: string | null, grantsIn: readonly ('entra' | 'okta')[]): Promise<RequesterProfile> {
  if (!deps.identity || !email) return { accountId };
  // The directory enriches routing; its failure must not stop intake: the plan then falls back to
  // the lanes' groups, and the packet's context says the directory was not read.
  let lookup: Awaited<ReturnType<IdentityProvider['lookupRequester']>>;
  try {
    lookup = await deps.identity.lookupRequester(email, { alsoIn: grantsIn });
  } catch (error) {
    deps.log.warn('directory lookup failed; routing without directory data', { error: error instanceof Error ? error.message : String(error) });
    return { accountId };
  }
  if (lookup.status !== 'found') {
    deps.log.info('requester not described by the directory', { status: lookup.status });
    return { accountId };
  }
  const { profile } = lookup;
  let managerAccountId: string | undefined;
  try {
    managerAccountId = profile.managerEmail ? await findAccountByEmail(deps, profile.managerEmail, deps.clock.now()) : undefined;
  } catch (error) {
    deps.log.warn('manager could not be matched to a Jira account; the manager lane falls back to its group', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return {
    accountId,
    directoryId: profile.directoryId,
    directorySource: profile.source,
    directoryIds: { ...profile.directoryIds },
    ...(profile.principalName ? { principalName: profile.principalName } : {}),
    ...(profile.employmentType ? { employmentType: profile.employmentType } : {}),
    ...(profile.department ? { department: profile.department } : {}),
    ...(managerAccountId ? { managerAccountId } : {}),
    groups: [...profile.groups],
  };
}
