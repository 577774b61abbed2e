import { kvs } from '@forge/kvs';
import { appSettingsSchema, type AppSettings } from '../contract/app-settings';
import type { SettingsStore } from '../ports/settings-store';

const SETTINGS_KEY = 'settings:app';

/** The app's settings as one KVS value; re-validated on read so a bad value never steers a run. */
export class ForgeSettingsStore implements SettingsStore {
  async get(): Promise<AppSettings | undefined> {
    const raw = await kvs.get<unknown>(SETTINGS_KEY);
    if (raw === undefined) return undefined;
    const parsed = appSettingsSchema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  async save(settings: AppSettings): Promise<void> {
    await kvs.set(SETTINGS_KEY, settings);
  }
}
