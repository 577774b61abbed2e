import type { SettingsView } from '../../../../src/contract/admin';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `settings/get`: the app's Jira mapping; null before the first save. */
export function getSettings(): Promise<Envelope<SettingsView>> {
  return callResolver<SettingsView>('settings/get');
}
