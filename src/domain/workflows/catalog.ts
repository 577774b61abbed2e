import { DomainError } from '../common/domain-error';
import { customerCommunication } from './customer-communication';
import { customerDataExport } from './customer-data-export';
import { passwordReset } from './password-reset';
import { prodConfigChange } from './prod-config-change';
import { prodDbAccess } from './prod-db-access';
import { refundCredit } from './refund-credit';
import { sharedMailboxAccess } from './shared-mailbox-access';
import { vpnAccess } from './vpn-access';
import type { AnyWorkflow, WorkflowRef } from './workflow-types';

/** Semantic version `MAJOR.MINOR.PATCH` with optional pre-release and build parts. */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const WORKFLOW_KEY_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;

/** `key@version`, as written to the Workflow custom field. */
export function formatWorkflowRef(ref: WorkflowRef): string {
  return `${ref.key}@${ref.version}`;
}

/**
 * Everything wrong with a catalog, in words: keys, semver versions, duplicate `key@version`,
 * request types claimed twice (selection must never be ambiguous), step ids repeated.
 */
export function findCatalogProblems(catalog: readonly AnyWorkflow[]): string[] {
  const problems: string[] = [];
  const refs = new Set<string>();
  const claimedBy = new Map<string, string>();
  for (const workflow of catalog) {
    const ref = formatWorkflowRef(workflow);
    if (!WORKFLOW_KEY_PATTERN.test(workflow.key)) problems.push(`${ref}: key must be lowercase letters, digits and dashes`);
    if (!SEMVER_PATTERN.test(workflow.version)) problems.push(`${ref}: version "${workflow.version}" is not semver (MAJOR.MINOR.PATCH)`);
    if (refs.has(ref)) problems.push(`${ref}: defined twice`);
    refs.add(ref);
    if (workflow.requestTypes.length === 0) problems.push(`${ref}: handles no request type`);
    for (const requestType of workflow.requestTypes) {
      const owner = claimedBy.get(requestType);
      if (owner !== undefined) problems.push(`request type "${requestType}" is claimed by both ${owner} and ${ref}`);
      else claimedBy.set(requestType, ref);
    }
    const fieldNames = workflow.inputFields.map((field) => field.name);
    if (new Set(fieldNames).size !== fieldNames.length) problems.push(`${ref}: an input field is listed twice`);
  }
  return problems;
}

/** Throws when a catalog is inconsistent; run at load so a bad catalog never ships silently. */
export function assertCatalogValid(catalog: readonly AnyWorkflow[]): void {
  const problems = findCatalogProblems(catalog);
  if (problems.length > 0) {
    throw new DomainError('workflow.catalog-invalid', `The workflow catalog is inconsistent: ${problems.join('; ')}`, { problems });
  }
}

/** Every pre-built workflow the app can select. One entry per request type. */
export const WORKFLOW_CATALOG: readonly AnyWorkflow[] = Object.freeze([
  vpnAccess,
  sharedMailboxAccess,
  prodDbAccess,
  passwordReset,
  customerDataExport,
  refundCredit,
  prodConfigChange,
  customerCommunication,
]);

assertCatalogValid(WORKFLOW_CATALOG);

/** The workflow that handles a JSM request type, if any. */
export function findWorkflowForRequestType(requestType: string): AnyWorkflow | undefined {
  return WORKFLOW_CATALOG.find((workflow) => workflow.requestTypes.includes(requestType));
}

/** The workflow with exactly this key and version: a run keeps the version it started with. */
export function findWorkflowByRef(ref: WorkflowRef): AnyWorkflow | undefined {
  return WORKFLOW_CATALOG.find((workflow) => workflow.key === ref.key && workflow.version === ref.version);
}
