/**
 * Accounts, sessions, login throttling and the access log of the workbench, in the operational
 * store. Passwords are hashed with scrypt (node:crypto); session ids and CSRF tokens are random and
 * stored as SHA-256 digests, so a copy of the store opens no session.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { OpMigration, OpQueryable, OpStore } from '../../store/opstore.js';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, o: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

export type Role = 'admin' | 'supervisor' | 'auditor' | 'institution';
export const ROLES: Role[] = ['admin', 'supervisor', 'auditor', 'institution'];

export const AUTH_MIGRATIONS: OpMigration[] = [
  { version: 1, sql: `
    CREATE TABLE IF NOT EXISTS app_user (
      user_id SERIAL PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'auditor', 'institution')),
      fixmedins_code TEXT, password_hash TEXT NOT NULL, must_change_password BOOLEAN NOT NULL DEFAULT false,
      demo BOOLEAN NOT NULL DEFAULT false, created_at TIMESTAMPTZ NOT NULL DEFAULT now(), disabled_at TIMESTAMPTZ,
      CHECK ((role = 'institution') = (fixmedins_code IS NOT NULL)));
    CREATE TABLE IF NOT EXISTS app_session (
      session_sha256 TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES app_user(user_id), csrf_sha256 TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(), expires_at TIMESTAMPTZ NOT NULL, ip TEXT);
    CREATE TABLE IF NOT EXISTS login_attempt (
      id BIGSERIAL PRIMARY KEY, username TEXT NOT NULL, ip TEXT, at TIMESTAMPTZ NOT NULL DEFAULT now(), ok BOOLEAN NOT NULL);
    CREATE INDEX IF NOT EXISTS login_attempt_user ON login_attempt (username, at);
    CREATE TABLE IF NOT EXISTS access_log (
      id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL DEFAULT now(), user_id INTEGER, username TEXT, role TEXT,
      action TEXT NOT NULL, object TEXT, detail JSONB, ip TEXT);
    CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at);` },
];

export interface User {
  user_id: number;
  username: string;
  display_name: string;
  role: Role;
  fixmedins_code: string | null;
  must_change_password: boolean;
  demo: boolean;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt') return false;
  const want = Buffer.from(key, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), want.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return got.length === want.length && timingSafeEqual(got, want);
}

/** At least 10 characters with letters and digits: what a bureau's security rules ask at the least. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'auth.password.too_short';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'auth.password.weak';
  return null;
}

const USER_COLS = 'user_id, username, display_name, role, fixmedins_code, must_change_password, demo';

export async function ensureAuthSchema(ops: OpStore): Promise<void> {
  await ops.ensureSchema('auth', AUTH_MIGRATIONS);
}

export async function createUser(ops: OpQueryable, u: { username: string; display_name: string; role: Role; fixmedins_code?: string | null;
  password: string; must_change_password?: boolean; demo?: boolean }): Promise<User> {
  const [row] = await ops.query<User>(`INSERT INTO app_user (username, display_name, role, fixmedins_code, password_hash,
      must_change_password, demo) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${USER_COLS}`,
  [u.username, u.display_name, u.role, u.fixmedins_code ?? null, await hashPassword(u.password), u.must_change_password ?? false, u.demo ?? false]);
  return row;
}

export async function userByName(ops: OpQueryable, username: string): Promise<(User & { password_hash: string }) | null> {
  const r = await ops.query<User & { password_hash: string }>(
    `SELECT ${USER_COLS}, password_hash FROM app_user WHERE username = $1 AND disabled_at IS NULL`, [username]);
  return r[0] ?? null;
}

/** Failed logins in the last 15 minutes for this name and for this address. */
export async function recentFailures(ops: OpQueryable, username: string, ip: string): Promise<{ user: number; ip: number }> {
  const [r] = await ops.query<{ user: number; ip: number }>(`SELECT
      count(*) FILTER (WHERE username = $1)::int AS user, count(*) FILTER (WHERE ip = $2)::int AS ip
    FROM login_attempt WHERE at > now() - interval '15 minutes' AND NOT ok AND (username = $1 OR ip = $2)`, [username, ip]);
  return r;
}

export async function recordAttempt(ops: OpQueryable, username: string, ip: string, ok: boolean): Promise<void> {
  await ops.query('INSERT INTO login_attempt (username, ip, ok) VALUES ($1, $2, $3)', [username, ip, ok]);
}

export async function createSession(ops: OpQueryable, userId: number, ip: string, hours = 8): Promise<{ sid: string; csrf: string }> {
  const sid = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await ops.query(`INSERT INTO app_session (session_sha256, user_id, csrf_sha256, expires_at, ip)
    VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5)`, [sha256(sid), userId, sha256(csrf), hours, ip]);
  return { sid, csrf };
}

export async function sessionUser(ops: OpQueryable, sid: string): Promise<(User & { csrf_sha256: string }) | null> {
  const r = await ops.query<User & { csrf_sha256: string }>(`SELECT ${USER_COLS.split(', ').map((c) => `u.${c}`).join(', ')}, s.csrf_sha256
    FROM app_session s JOIN app_user u USING (user_id) WHERE s.session_sha256 = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
  [sha256(sid)]);
  return r[0] ?? null;
}

export const csrfMatches = (csrf: string, digest: string): boolean => {
  const a = Buffer.from(sha256(csrf)); const b = Buffer.from(digest);
  return a.length === b.length && timingSafeEqual(a, b);
};

export async function endSession(ops: OpQueryable, sid: string): Promise<void> {
  await ops.query('DELETE FROM app_session WHERE session_sha256 = $1', [sha256(sid)]);
}

export async function setPassword(ops: OpQueryable, userId: number, password: string): Promise<void> {
  await ops.query('UPDATE app_user SET password_hash = $1, must_change_password = false WHERE user_id = $2', [await hashPassword(password), userId]);
}

export async function logAccess(ops: OpQueryable, e: { user?: User | null; action: string; object?: string | null;
  detail?: unknown; ip?: string | null }): Promise<void> {
  await ops.query(`INSERT INTO access_log (user_id, username, role, action, object, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.user?.user_id ?? null, e.user?.username ?? null, e.user?.role ?? null, e.action, e.object ?? null,
      e.detail === undefined ? null : JSON.stringify(e.detail), e.ip ?? null]);
}

/** The demo accounts (README lists them): one per role, the institution user bound to `institution`. */
export const DEMO_ACCOUNTS = (institution: string) => [
  { username: 'admin', display_name: '系统管理员', role: 'admin' as const, password: 'FundGuard-admin-2023' },
  { username: 'supervisor', display_name: '基金监管处', role: 'supervisor' as const, password: 'FundGuard-super-2023' },
  { username: 'auditor', display_name: '医保中心审核员', role: 'auditor' as const, password: 'FundGuard-audit-2023' },
  { username: 'hospital', display_name: `定点机构用户（${institution}）`, role: 'institution' as const, password: 'FundGuard-inst-2023',
    fixmedins_code: institution },
];

/** Creates the demo accounts once; outside demo mode they must change their password at first login. */
export async function ensureDemoAccounts(ops: OpStore, institution: string, demoMode: boolean): Promise<typeof DEMO_ACCOUNTS extends (i: string) => infer R ? R : never> {
  await ensureAuthSchema(ops);
  const accounts = DEMO_ACCOUNTS(institution);
  for (const a of accounts) {
    if (await userByName(ops, a.username)) continue;
    await createUser(ops, { ...a, must_change_password: !demoMode, demo: true });
  }
  return accounts;
}
