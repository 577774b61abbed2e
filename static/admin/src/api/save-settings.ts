import type { AppSettings } from '../../../../src/contract/app-settings';
import type { Envelope } from '../../../../src/contract/envelope';
import { callResolver } from '../../../shared/call-resolver';

/** `settings/save`: validates and saves the app's Jira mapping. */
export function saveSettings(settings: unknown): Promise<Envelope<AppSettings>> {
  return callResolver<AppSettings>('settings/save', { settings });
}
