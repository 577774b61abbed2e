import { kvs } from '@forge/kvs';
import { appSettingsSchema, type AppSettings } from '../contract/app-settings';
import type { SettingsStore } from '../ports/settings-store';

const SETTINGS_KEY = 'settings:app';

/**
 * The app's settings as one KVS value; re-validated on read so a bad value never steers a run.
 * Create one per invocation: it reads once and keeps the answer (an admin resolver's authorization
 * and its use case both ask), and a save replaces it.
 */
export class ForgeSettingsStore implements SettingsStore {
  private read: Promise<AppSettings | undefined> | undefined;

  get(): Promise<AppSettings | undefined> {
    this.read ??= readSettings().catch((error: unknown) => {
      this.read = undefined;
      throw error;
    });
    return this.read;
  }

  async save(settings: AppSettings): Promise<void> {
    await kvs.set(SETTINGS_KEY, settings);
    this.read = Promise.resolve(settings);
  }
}

async function readSettings(): Promise<AppSettings | undefined> {
  const raw = await kvs.get<unknown>(SETTINGS_KEY);
  if (raw === undefined) return undefined;
  const parsed = appSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
