import type { SetupFinding, SetupReport } from '../../contract/admin';
import { ABSTRACT_TARGETS, type AppSettings } from '../../contract/app-settings';
import type { Policy } from '../../domain/policy/policy-schema';
import type { PolicyDeps } from './policy-deps';
import { requirePublisher } from './resolve-access';

type Deps = Pick<PolicyDeps, 'settings' | 'access' | 'policies' | 'setup' | 'catalog'>;

/**
 * Checks the Jira configuration the app relies on and says exactly what to fix: a finding per
 * thing checked, so an admin also sees what is right.
 */
export async function checkSetup(deps: Deps, accountId: string): Promise<SetupReport> {
  await requirePublisher(deps, accountId);
  const findings: SetupFinding[] = [];
  const settings = await deps.settings.get();
  if (!settings) {
    findings.push({ check: 'settings', severity: 'error', subject: 'App settings', message: 'Nothing is configured yet: fill in the Settings tab (service desk, fields, statuses) and save.' });
    return report(findings);
  }
  await checkFields(deps, settings, findings);
  await checkRequestTypes(deps, settings, findings);
  await checkStatuses(deps, settings, findings);
  const policy = await currentPolicy(deps);
  if (policy) await checkLaneGroups(deps, policy, findings);
  else findings.push({ check: 'policy', severity: 'warning', subject: 'Routing policy', message: 'No policy is published yet: requests are not routed until you publish one on the Routing tab.' });
  return report(findings);
}

function report(findings: SetupFinding[]): SetupReport {
  return {
    findings,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

async function checkFields(deps: Deps, settings: AppSettings, findings: SetupFinding[]): Promise<void> {
  const fields = new Map((await deps.setup.listFields()).map((f) => [f.id, f]));
  const approvers = fields.get(settings.approversFieldId);
  if (!approvers) {
    findings.push({ check: 'approvers-field', severity: 'error', subject: 'Approvers field', message: `Field ${settings.approversFieldId} does not exist. Set the id of the JSM "Approvers" field on the Settings tab (Jira settings → Issues → Custom fields).` });
  } else if (approvers.schemaType !== undefined && approvers.schemaType !== 'array') {
    findings.push({ check: 'approvers-field', severity: 'error', subject: 'Approvers field', message: `Field "${approvers.name}" (${approvers.id}) holds a single value; approvals need a multi-user field such as JSM's "Approvers".` });
  } else {
    findings.push({ check: 'approvers-field', severity: 'ok', subject: 'Approvers field', message: `"${approvers.name}" (${approvers.id}) is configured.` });
  }
  if (!fields.has(settings.requestTypeFieldId)) {
    findings.push({ check: 'request-type-field', severity: 'error', subject: 'Customer Request Type field', message: `Field ${settings.requestTypeFieldId} does not exist. Set the id of the "Customer Request Type" field on the Settings tab.` });
  }
  for (const { fieldId, input } of settings.fields) {
    if (!fields.has(fieldId)) {
      findings.push({ check: 'mapped-field', severity: 'error', subject: `Field for input "${input}"`, message: `Field ${fieldId} does not exist. Create it or correct the mapping on the Settings tab.` });
    }
  }
}

async function checkRequestTypes(deps: Deps, settings: AppSettings, findings: SetupFinding[]): Promise<void> {
  const deskId = settings.serviceDesk.serviceDeskId;
  const types = new Map((await deps.setup.listRequestTypes(deskId)).map((t) => [t.id, t]));
  for (const mapping of settings.requestTypes) {
    const type = types.get(mapping.requestTypeId);
    const workflow = deps.catalog.find((w) => w.key === mapping.workflowKey);
    if (!type) {
      findings.push({ check: 'request-type', severity: 'error', subject: `Request type ${mapping.requestTypeId}`, message: `Service desk ${deskId} has no request type ${mapping.requestTypeId}. Correct the mapping on the Settings tab.` });
      continue;
    }
    if (!workflow) {
      findings.push({ check: 'request-type', severity: 'error', subject: `Request type "${type.name}"`, message: `It is mapped to workflow "${mapping.workflowKey}", which is not in the catalog. Pick one from the Workflows tab.` });
      continue;
    }
    const onForm = new Set(await deps.setup.listRequestTypeFieldIds(deskId, type.id));
    const missing: string[] = [];
    for (const input of workflow.inputFields.filter((f) => f.required)) {
      const mapped = settings.fields.find((f) => f.input === input.name);
      if (!mapped) {
        findings.push({ check: 'field-mapping', severity: 'error', subject: `Request type "${type.name}"`, message: `Workflow "${workflow.title}" needs input "${input.name}" (${input.label}), but no Jira field is mapped to it. Map one on the Settings tab.` });
      } else if (!onForm.has(mapped.fieldId)) {
        missing.push(`${input.label} (${mapped.fieldId})`);
      }
    }
    if (missing.length > 0) {
      findings.push({ check: 'field-on-request-type', severity: 'error', subject: `Request type "${type.name}"`, message: `Add these fields to the request type's form (Project settings → Request types → ${type.name}): ${missing.join(', ')}.` });
    } else {
      findings.push({ check: 'field-on-request-type', severity: 'ok', subject: `Request type "${type.name}"`, message: `Has every field workflow "${workflow.title}" needs.` });
    }
  }
}

async function checkStatuses(deps: Deps, settings: AppSettings, findings: SetupFinding[]): Promise<void> {
  const project = settings.serviceDesk.projectKey;
  const [statuses, transitions] = await Promise.all([deps.setup.listStatuses(), deps.setup.listTransitions(project)]);
  const statusIds = new Set(statuses.map((s) => s.id));
  if (transitions === null) {
    findings.push({ check: 'transition', severity: 'warning', subject: 'Workflow transitions', message: `The transitions of project ${project}'s workflow could not be read, so the transition ids were not checked. Compare them with the workflow editor by hand.` });
  }
  for (const target of ABSTRACT_TARGETS) {
    const { statusId, transitionId } = settings.targets[target];
    const subject = `Status for "${target}"`;
    if (!statusIds.has(statusId)) {
      findings.push({ check: 'status', severity: 'error', subject, message: `Status ${statusId} does not exist on this site. Add it to project ${project}'s workflow or correct the id on the Settings tab.` });
      continue;
    }
    if (transitions === null) {
      findings.push({ check: 'status', severity: 'ok', subject, message: `Status ${statusId} exists.` });
      continue;
    }
    const transition = transitions.find((t) => t.id === transitionId);
    if (!transition) {
      findings.push({ check: 'transition', severity: 'error', subject, message: `Transition ${transitionId} does not exist in project ${project}'s workflow. Add a transition into status ${statusId} and set its id on the Settings tab.` });
    } else if (transition.toStatusId !== statusId) {
      findings.push({ check: 'transition', severity: 'error', subject, message: `Transition "${transition.name}" (${transitionId}) leads to status ${transition.toStatusId}, not ${statusId}. Pick the transition into status ${statusId}.` });
    } else {
      findings.push({ check: 'transition', severity: 'ok', subject, message: `Transition "${transition.name}" (${transitionId}) leads to status ${statusId}.` });
    }
  }
}

async function currentPolicy(deps: Deps): Promise<Policy | undefined> {
  const latest = await deps.policies.getLatestVersion();
  return latest === null ? undefined : (await deps.policies.getVersion(latest))?.policy;
}

async function checkLaneGroups(deps: Deps, policy: Policy, findings: SetupFinding[]): Promise<void> {
  const counts = new Map<string, number | null>();
  const count = async (groupId: string): Promise<number | null> => {
    if (!counts.has(groupId)) counts.set(groupId, await deps.setup.countGroupMembers(groupId));
    return counts.get(groupId) ?? null;
  };
  for (const [key, lane] of Object.entries(policy.lanes)) {
    for (const role of ['owner', 'backup'] as const) {
      const group = lane[role];
      const members = await count(group.groupId);
      const subject = `${lane.title} lane ${role} group "${group.name}"`;
      if (members === null) {
        findings.push({ check: 'lane-group-missing', severity: 'error', subject, message: `Group ${group.groupId} does not exist. Create it in Jira (Settings → User management → Groups) or change lane "${key}" on the Routing tab.` });
      } else if (members === 0) {
        findings.push({
          check: 'lane-group-empty',
          severity: role === 'owner' ? 'error' : 'warning',
          subject,
          message: role === 'owner'
            ? `The group has no members, so nobody can approve ${lane.title} stages. Add members to "${group.name}".`
            : `The group has no members, so escalation to the backup cannot help. Add members to "${group.name}".`,
        });
      } else {
        findings.push({ check: 'lane-group', severity: 'ok', subject, message: `${members} member(s).` });
      }
    }
  }
}
