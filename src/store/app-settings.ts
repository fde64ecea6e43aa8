/** Small key/value settings of a deployment kept in the operational store (e.g. when the demo was loaded). */
import type { OpMigration, OpStore } from './opstore.js';

export const SETTINGS_MIGRATIONS: OpMigration[] = [
  { version: 1, sql: `CREATE TABLE IF NOT EXISTS app_setting (
    key TEXT PRIMARY KEY, value JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())` },
];

export async function getSetting<T>(ops: OpStore, key: string): Promise<T | undefined> {
  await ops.ensureSchema('settings', SETTINGS_MIGRATIONS);
  const r = await ops.query<{ value: T }>('SELECT value FROM app_setting WHERE key = $1', [key]);
  return r[0]?.value;
}

// Counts the settings written in this process, so that readers that keep a setting for a few seconds know when to look again.
let written = 0;
export const settingsWrittenInProcess = (): number => written;

export async function setSetting(ops: OpStore, key: string, value: unknown): Promise<void> {
  await ops.ensureSchema('settings', SETTINGS_MIGRATIONS);
  await ops.query(`INSERT INTO app_setting (key, value, updated_at) VALUES ($1, $2, now())
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`, [key, JSON.stringify(value)]);
  written++;
}
