import type { AppSettings } from '../../../src/contract/app-settings';
import type { AccessControl } from '../../../src/ports/access-control';
import type { Clock } from '../../../src/ports/clock';
import type { JiraFieldInfo, JiraSetupReader, RequestTypeInfo, WorkflowTransitionInfo } from '../../../src/ports/jira-setup-reader';
import type { HistoricalRequest, RequestHistory } from '../../../src/ports/request-history';
import type { SettingsStore } from '../../../src/ports/settings-store';

/** Jira admins and group members as plain sets. */
export class FakeAccessControl implements AccessControl {
  readonly admins = new Set<string>();
  readonly groups = new Map<string, Set<string>>();
  async isJiraAdmin(accountId: string): Promise<boolean> {
    return this.admins.has(accountId);
  }
  async isMemberOf(accountId: string, groupId: string): Promise<boolean> {
    return this.groups.get(groupId)?.has(accountId) ?? false;
  }
}

export class InMemorySettingsStore implements SettingsStore {
  value: AppSettings | undefined;
  async get(): Promise<AppSettings | undefined> {
    return this.value && structuredClone(this.value);
  }
  async save(settings: AppSettings): Promise<void> {
    this.value = structuredClone(settings);
  }
}

/** A clock that only moves when the test moves it. */
export class FixedClock implements Clock {
  constructor(public current = '2026-01-05T09:00:00.000Z') {}
  now(): string {
    return this.current;
  }
}

export class FakeRequestHistory implements RequestHistory {
  requests: HistoricalRequest[] = [];
  readonly groups = new Map<string, string[]>();
  readonly searches: { projectKey: string; limit: number; fieldIds: readonly string[] }[] = [];
  async searchRecentRequests(projectKey: string, limit: number, fieldIds: readonly string[]): Promise<HistoricalRequest[]> {
    this.searches.push({ projectKey, limit, fieldIds });
    return this.requests.slice(0, limit);
  }
  async listGroupMembers(groupId: string): Promise<string[] | null> {
    return this.groups.get(groupId) ?? null;
  }
}

export class FakeSetupReader implements JiraSetupReader {
  fields: JiraFieldInfo[] = [];
  requestTypes: RequestTypeInfo[] = [];
  readonly formFields = new Map<string, string[]>();
  statuses: { id: string; name: string }[] = [];
  transitions: WorkflowTransitionInfo[] | null = [];
  readonly groupSizes = new Map<string, number>();
  async listFields(): Promise<JiraFieldInfo[]> {
    return this.fields;
  }
  async listRequestTypes(): Promise<RequestTypeInfo[]> {
    return this.requestTypes;
  }
  async listRequestTypeFieldIds(_deskId: string, requestTypeId: string): Promise<string[]> {
    return this.formFields.get(requestTypeId) ?? [];
  }
  async listStatuses(): Promise<{ id: string; name: string }[]> {
    return this.statuses;
  }
  async listTransitions(): Promise<WorkflowTransitionInfo[] | null> {
    return this.transitions;
  }
  async countGroupMembers(groupId: string): Promise<number | null> {
    return this.groupSizes.get(groupId) ?? null;
  }
}
