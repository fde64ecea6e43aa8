/**
 * Per-institution API tokens for HIS calls, the record of every check (kept with its findings for
 * auditors, with the doctor's reasons when a warning was overridden), and the call log.
 * Tokens are stored as SHA-256 digests: the clear token is shown once, at creation.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OpMigration, OpStore } from '../../store/opstore.js';

export const HIS_MIGRATIONS: OpMigration[] = [
  { version: 1, sql: `
    CREATE TABLE IF NOT EXISTS his_token (
      token_id SERIAL PRIMARY KEY, fixmedins_code TEXT NOT NULL, token_sha256 TEXT NOT NULL UNIQUE, label TEXT,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(), created_by TEXT, revoked_at TIMESTAMPTZ);
    CREATE TABLE IF NOT EXISTS his_check (
      check_id TEXT PRIMARY KEY, token_id INTEGER, fixmedins_code TEXT NOT NULL, endpoint TEXT NOT NULL, psn_no TEXT,
      mdtrt_id TEXT, setl_id TEXT, decision TEXT NOT NULL, findings JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL);
    CREATE INDEX IF NOT EXISTS his_check_inst ON his_check (fixmedins_code, created_at);
    CREATE TABLE IF NOT EXISTS his_ack (
      check_id TEXT NOT NULL, finding_no INTEGER NOT NULL, reason TEXT NOT NULL, dr_code TEXT, token_id INTEGER,
      acked_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (check_id, finding_no));
    CREATE TABLE IF NOT EXISTS his_call_log (
      id BIGSERIAL PRIMARY KEY, token_id INTEGER, fixmedins_code TEXT, endpoint TEXT NOT NULL, called_at TIMESTAMPTZ NOT NULL,
      status INTEGER NOT NULL, decision TEXT, findings INTEGER, duration_ms NUMERIC(10,3), psn_ref TEXT, error_code TEXT);
    CREATE INDEX IF NOT EXISTS his_call_log_at ON his_call_log (called_at);` },
];

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export interface TokenInfo {
  token_id: number;
  fixmedins_code: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
  last_used_at?: string | null;
  calls?: number;
}

export async function createToken(ops: OpStore, fixmedins_code: string, label: string | null, by: string):
  Promise<{ token: string; info: TokenInfo }> {
  await ops.ensureSchema('his', HIS_MIGRATIONS);
  const token = `fgt_${randomBytes(24).toString('base64url')}`;
  const [info] = await ops.query<TokenInfo>(`INSERT INTO his_token (fixmedins_code, token_sha256, label, created_by)
    VALUES ($1, $2, $3, $4) RETURNING token_id, fixmedins_code, label, created_at::text AS created_at, revoked_at::text AS revoked_at`,
  [fixmedins_code, sha256(token), label, by]);
  return { token, info };
}

export async function listTokens(ops: OpStore, fixmedins_code?: string): Promise<TokenInfo[]> {
  await ops.ensureSchema('his', HIS_MIGRATIONS);
  return ops.query<TokenInfo>(`SELECT t.token_id, t.fixmedins_code, t.label, t.created_at::text AS created_at,
      t.revoked_at::text AS revoked_at, max(l.called_at)::text AS last_used_at, count(l.id)::int AS calls
    FROM his_token t LEFT JOIN his_call_log l ON l.token_id = t.token_id
    WHERE $1::text IS NULL OR t.fixmedins_code = $1 GROUP BY t.token_id ORDER BY t.token_id`, [fixmedins_code ?? null]);
}

/** Revokes a token; false when there is no such active token. */
// Counts revocations in this process: token caches drop what they hold when it changes, so a revocation
// from the workbench takes effect at once (one from another process within the cache's minute).
let revocations = 0;
export const tokensRevokedInProcess = (): number => revocations;

export async function revokeToken(ops: OpStore, tokenId: number): Promise<boolean> {
  await ops.ensureSchema('his', HIS_MIGRATIONS);
  const r = await ops.query(`UPDATE his_token SET revoked_at = now() WHERE token_id = $1 AND revoked_at IS NULL RETURNING token_id`,
    [tokenId]);
  if (r.length) revocations++;
  return r.length > 0;
}

/** The active token with this clear text, or null. */
export async function lookupToken(ops: OpStore, token: string): Promise<{ token_id: number; fixmedins_code: string } | null> {
  await ops.ensureSchema('his', HIS_MIGRATIONS);
  const r = await ops.query<{ token_id: number; fixmedins_code: string }>(
    'SELECT token_id, fixmedins_code FROM his_token WHERE token_sha256 = $1 AND revoked_at IS NULL', [sha256(token)]);
  return r[0] ?? null;
}

export interface CallLogEntry {
  token_id: number | null;
  fixmedins_code: string | null;
  endpoint: string;
  called_at: Date;
  status: number;
  decision: string | null;
  findings: number | null;
  duration_ms: number;
  psn_ref: string | null;
  error_code: string | null;
}

export interface CheckRecord {
  check_id: string;
  token_id: number;
  fixmedins_code: string;
  endpoint: string;
  psn_no: string;
  mdtrt_id: string;
  setl_id: string | null;
  decision: string;
  findings: unknown[];
  created_at: Date;
}

/**
 * Writes call-log entries and check records in batches (every `intervalMs` or `max` entries), so
 * that a burst of HIS calls costs the store a few statements, not one per call. `flush()` before
 * anything reads them (an ack looks its check up; shutdown). Batches stay small: with the embedded
 * store a write runs in this thread and holds up every call waiting behind it (about 80 µs per check
 * record: a batch of 500 held the server up for tens of ms, and the calls behind it saw that as latency).
 */
export class HisRecorder {
  private calls: CallLogEntry[] = [];
  private checks: CheckRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  private schema: Promise<void> | null = null;

  constructor(private readonly ops: OpStore, private readonly intervalMs = 100, private readonly max = 100) {}

  call(e: CallLogEntry): void { this.calls.push(e); this.schedule(); }
  check(c: CheckRecord): void { this.checks.push(c); this.schedule(); }

  private schedule(): void {
    if (this.calls.length + this.checks.length >= this.max) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const calls = this.calls.splice(0); const checks = this.checks.splice(0);
    this.flushing = this.flushing.then(async () => {
      if (!calls.length && !checks.length) return;
      // Once per recorder (two statements a batch otherwise); tried again after a failure.
      this.schema ??= this.ops.ensureSchema('his', HIS_MIGRATIONS).catch((e: unknown) => { this.schema = null; throw e; });
      await this.schema;
      await this.ops.transaction(async (tx) => {
        if (checks.length) {
          await tx.query(`INSERT INTO his_check (check_id, token_id, fixmedins_code, endpoint, psn_no, mdtrt_id, setl_id, decision,
              findings, created_at)
            SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(check_id text, token_id int, fixmedins_code text, endpoint text,
              psn_no text, mdtrt_id text, setl_id text, decision text, findings jsonb, created_at timestamptz)
            ON CONFLICT (check_id) DO NOTHING`, [JSON.stringify(checks)]);
        }
        if (calls.length) {
          await tx.query(`INSERT INTO his_call_log (token_id, fixmedins_code, endpoint, called_at, status, decision, findings,
              duration_ms, psn_ref, error_code)
            SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(token_id int, fixmedins_code text, endpoint text,
              called_at timestamptz, status int, decision text, findings int, duration_ms numeric, psn_ref text, error_code text)`,
          [JSON.stringify(calls)]);
        }
      });
    }).catch((e: unknown) => { console.error(`his log: ${(e as Error).message}`); });
    return this.flushing;
  }
}
