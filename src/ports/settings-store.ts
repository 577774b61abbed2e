import type { AppSettings } from '../contract/app-settings';

/** The app's settings, stored whole. */
export interface SettingsStore {
  get(): Promise<AppSettings | undefined>;
  save(settings: AppSettings): Promise<void>;
}
