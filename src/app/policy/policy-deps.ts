import type { AnyWorkflow } from '../../domain/workflows/workflow-types';
import type { AccessControl } from '../../ports/access-control';
import type { Clock } from '../../ports/clock';
import type { JiraSetupReader } from '../../ports/jira-setup-reader';
import type { PolicyStore } from '../../ports/policy-store';
import type { RequestHistory } from '../../ports/request-history';
import type { SettingsStore } from '../../ports/settings-store';

/** A workflow's source file as built into the app, for read-only review. */
export interface WorkflowSource {
  readonly file: string;
  readonly code: string;
  /** Keys of the workflows the file defines. */
  readonly workflowKeys: readonly string[];
}

/** Everything the policy administration use cases touch; tests pass fakes to the same shape. */
export interface PolicyDeps {
  readonly policies: PolicyStore;
  readonly settings: SettingsStore;
  readonly access: AccessControl;
  readonly history: RequestHistory;
  readonly setup: JiraSetupReader;
  readonly clock: Clock;
  readonly catalog: readonly AnyWorkflow[];
  readonly workflowSources: readonly WorkflowSource[];
}
