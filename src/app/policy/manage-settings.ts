import type { AppSettings } from '../../contract/app-settings';
import { appSettingsSchema } from '../../contract/app-settings';
import { DomainError } from '../../domain/common/domain-error';
import { describeIssues } from '../../domain/policy/describe-issues';
import type { PolicyDeps } from './policy-deps';
import { requirePublisher } from './resolve-access';

/** The app's settings; null before the first save. */
export async function getSettings(deps: Pick<PolicyDeps, 'settings'>): Promise<AppSettings | null> {
  return (await deps.settings.get()) ?? null;
}

/** Validates and saves the settings; every workflow named must exist in the catalog. */
export async function saveSettings(deps: Pick<PolicyDeps, 'settings' | 'access' | 'catalog'>, accountId: string, input: unknown): Promise<AppSettings> {
  await requirePublisher(deps, accountId);
  const parsed = appSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues, input);
    const first = issues[0];
    throw new DomainError('invalid-settings', `The settings are not valid: ${first ? `${first.path}: ${first.message}` : 'unreadable'}.`, { issues });
  }
  const unknown = parsed.data.requestTypes.findIndex((m) => !deps.catalog.some((w) => w.key === m.workflowKey));
  if (unknown >= 0) {
    const path = `requestTypes[${unknown}].workflowKey`;
    const message = `names no workflow of the catalog ("${parsed.data.requestTypes[unknown]?.workflowKey ?? ''}")`;
    throw new DomainError('invalid-settings', `The settings are not valid: ${path}: ${message}.`, { issues: [{ path, message }] });
  }
  await deps.settings.save(parsed.data);
  return parsed.data;
}
