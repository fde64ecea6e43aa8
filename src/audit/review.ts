/**
 * The review workflow of findings (审核流程): 待初审 → 初审 (confirm / dismiss) → 复审 → 待申诉 (the
 * institution has N working days) → 申诉复核 → 结论 (deduct, partial, dismissed) → 已扣款. Every
 * transition is recorded (who, when, from, to, reason, amount); each finding carries a version and a
 * change names the version it saw, so that two reviewers never overwrite each other silently.
 */
import { regionDay } from '../domain/time.js';
import { z } from 'zod';
import type { OpMigration, OpQueryable, OpStore } from '../store/opstore.js';
import { AUDIT_MIGRATIONS } from './run-store.js';

export type ReviewStatus = 'pending_first' | 'pending_second' | 'awaiting_appeal' | 'appealed' | 'concluded' | 'deducted' | 'dismissed';
export type ReviewAction = 'confirm' | 'dismiss' | 'second_confirm' | 'second_dismiss' | 'appeal' | 'no_appeal'
  | 'conclude_deduct' | 'conclude_partial' | 'conclude_dismiss' | 'mark_deducted';
export type ActorRole = 'admin' | 'supervisor' | 'auditor' | 'institution';

export const STATUS_ZH: Record<ReviewStatus, string> = {
  pending_first: '待初审', pending_second: '待复审', awaiting_appeal: '待申诉', appealed: '申诉复核', concluded: '已结论',
  deducted: '已扣款', dismissed: '已排除',
};

interface Step { from: ReviewStatus[]; to: ReviewStatus; roles: ActorRole[]; reason: boolean; amount?: 'full' | 'given' | 'zero' }

/** The transitions: from which statuses, to which, by whom, whether a reason and an amount are needed. */
export const TRANSITIONS: Record<ReviewAction, Step> = {
  confirm: { from: ['pending_first'], to: 'pending_second', roles: ['auditor'], reason: false },
  dismiss: { from: ['pending_first'], to: 'dismissed', roles: ['auditor'], reason: true },
  second_confirm: { from: ['pending_second'], to: 'awaiting_appeal', roles: ['auditor', 'supervisor'], reason: false },
  second_dismiss: { from: ['pending_second'], to: 'dismissed', roles: ['auditor', 'supervisor'], reason: true },
  appeal: { from: ['awaiting_appeal'], to: 'appealed', roles: ['institution'], reason: true },
  no_appeal: { from: ['awaiting_appeal'], to: 'concluded', roles: ['auditor', 'supervisor'], reason: false, amount: 'full' },
  conclude_deduct: { from: ['appealed'], to: 'concluded', roles: ['auditor', 'supervisor'], reason: true, amount: 'full' },
  conclude_partial: { from: ['appealed'], to: 'concluded', roles: ['auditor', 'supervisor'], reason: true, amount: 'given' },
  conclude_dismiss: { from: ['appealed'], to: 'dismissed', roles: ['auditor', 'supervisor'], reason: true, amount: 'zero' },
  mark_deducted: { from: ['concluded'], to: 'deducted', roles: ['supervisor'], reason: false },
};

/** Working days each status may last before it is overdue (configurable per region: setting review.limits). */
export const DEFAULT_LIMITS: Partial<Record<ReviewStatus, number>> = {
  pending_first: 10, pending_second: 10, awaiting_appeal: 5, appealed: 10, concluded: 20,
};

export const REVIEW_LIMITS_SETTING = 'review.limits';
const days = z.number().int().min(0).max(250);
/** The setting overrides some statuses' limits; 0 means no deadline. Unknown statuses are refused (a typo would silently do nothing). */
const LimitsSetting = z.object({ pending_first: days, pending_second: days, awaiting_appeal: days, appealed: days, concluded: days })
  .partial().strict();

/** Validates a `review.limits` value and merges it over the defaults; throws ReviewError('bad_setting') saying what is wrong. */
export function parseReviewLimits(value: unknown): Partial<Record<ReviewStatus, number>> {
  const r = LimitsSetting.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    const where = i.code === 'unrecognized_keys' ? i.keys.join(', ') : i.path.join('.');
    throw new ReviewError('bad_setting', 500, { detail: `${where ? `${where}: ` : ''}${i.message}` });
  }
  return { ...DEFAULT_LIMITS, ...r.data };
}

/** The region's limits: the setting `review.limits` when present (read in the caller's transaction), else DEFAULT_LIMITS. */
export async function reviewLimits(q: OpQueryable): Promise<Partial<Record<ReviewStatus, number>>> {
  // The settings table exists only once something was stored; querying a missing table would abort the transaction.
  const [t] = await q.query<{ t: string | null }>(`SELECT to_regclass('app_setting')::text AS t`);
  if (!t?.t) return DEFAULT_LIMITS;
  const [row] = await q.query<{ value: unknown }>('SELECT value FROM app_setting WHERE key = $1', [REVIEW_LIMITS_SETTING]);
  return row ? parseReviewLimits(row.value) : DEFAULT_LIMITS;
}

export const REVIEW_MIGRATIONS: OpMigration[] = [
  { version: 1, sql: `
    CREATE TABLE IF NOT EXISTS finding_review (
      run_id INTEGER NOT NULL, seq INTEGER NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL,
      deducted_amount NUMERIC(18,2), due_at DATE, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), updated_by TEXT,
      PRIMARY KEY (run_id, seq));
    CREATE TABLE IF NOT EXISTS review_transition (
      id BIGSERIAL PRIMARY KEY, run_id INTEGER NOT NULL, seq INTEGER NOT NULL, action TEXT NOT NULL,
      from_status TEXT NOT NULL, to_status TEXT NOT NULL, reason TEXT, amount NUMERIC(18,2), attachments JSONB,
      by_user TEXT NOT NULL, by_role TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now());
    CREATE INDEX IF NOT EXISTS review_transition_f ON review_transition (run_id, seq, id);` },
];

export async function ensureReviewSchema(ops: OpStore): Promise<void> {
  await ops.ensureSchema('audit', AUDIT_MIGRATIONS);
  await ops.ensureSchema('review', REVIEW_MIGRATIONS);
}

/**
 * When a finding nobody has touched yet (pending_first, no review row) is due: the first-review limit
 * counted in working days from the end of its run. The dashboard, the portal and the findings list all use this.
 */
export function pendingFirstDue(runFinishedAt: Date | string, limits: Partial<Record<ReviewStatus, number>>): string | null {
  return limits.pending_first ? addWorkingDays(new Date(runFinishedAt), limits.pending_first) : null;
}

/** A date plus n working days (Monday to Friday; public holidays are a regional calendar not modelled here). */
export function addWorkingDays(from: Date, n: number): string {
  // Counted from the region's calendar day of `from` (a run finished at 01:00 in Beijing is that day's, not the day before's).
  const d = new Date(`${regionDay(from)}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

export class ReviewError extends Error {
  constructor(readonly code: 'not_found' | 'conflict' | 'invalid_transition' | 'forbidden' | 'reason_required' | 'bad_amount'
    | 'bad_setting',
    readonly status: number, readonly vars: Record<string, unknown> = {}) { super(code); }
}

export interface TransitionInput {
  run_id: number;
  seq: number;
  action: ReviewAction;
  /** The version the reviewer saw. */
  version: number;
  reason?: string;
  amount?: string;
  attachments?: { name: string; size: number }[];
  by: { username: string; role: ActorRole; fixmedins_code: string | null };
  limits?: Partial<Record<ReviewStatus, number>>;
  now?: Date;
}

export interface ReviewState { run_id: number; seq: number; status: ReviewStatus; version: number; due_at: string | null; deducted_amount: string | null }

/** Applies one transition in the caller's transaction; throws ReviewError when it may not happen. */
export async function applyTransition(tx: OpQueryable, t: TransitionInput): Promise<ReviewState> {
  const step = TRANSITIONS[t.action];
  if (!step) throw new ReviewError('invalid_transition', 400, { action: t.action });
  const [f] = await tx.query<{ fixmedins_code: string; amount: string; status: ReviewStatus | null; version: number | null }>(
    `SELECT f.fixmedins_code, f.amount::text AS amount, r.status, r.version FROM audit_finding f
     LEFT JOIN finding_review r ON r.run_id = f.run_id AND r.seq = f.seq WHERE f.run_id = $1 AND f.seq = $2`, [t.run_id, t.seq]);
  // Another institution's finding is "not found", as if it did not exist.
  if (!f || (t.by.role === 'institution' && f.fixmedins_code !== t.by.fixmedins_code)) throw new ReviewError('not_found', 404);
  const status: ReviewStatus = f.status ?? 'pending_first';
  const version = f.version ?? 0;
  if (version !== t.version) throw new ReviewError('conflict', 409, { current: version, seen: t.version, status: STATUS_ZH[status] });
  if (!step.roles.includes(t.by.role)) throw new ReviewError('forbidden', 403, { action: t.action });
  if (!step.from.includes(status)) throw new ReviewError('invalid_transition', 409, { action: t.action, status: STATUS_ZH[status] });
  if (step.reason && !(t.reason && t.reason.trim().length >= 2)) throw new ReviewError('reason_required', 400);
  let amount: string | null = null;
  if (step.amount === 'full') amount = f.amount;
  if (step.amount === 'zero') amount = '0.00';
  if (step.amount === 'given') {
    if (!t.amount || !/^\d{1,12}(\.\d{1,2})?$/.test(t.amount) || Number(t.amount) > Number(f.amount) || Number(t.amount) <= 0) {
      throw new ReviewError('bad_amount', 400, { max: f.amount });
    }
    amount = t.amount;
  }
  const limit = (t.limits ?? await reviewLimits(tx))[step.to];
  const due = limit ? addWorkingDays(t.now ?? new Date(), limit) : null;
  // The version check in the UPDATE is what makes concurrent reviewers safe (the SELECT above only explains).
  const updated = await tx.query<ReviewState>(`INSERT INTO finding_review (run_id, seq, status, version, deducted_amount, due_at, updated_by)
      VALUES ($1, $2, $3, 1, $4::numeric, $5::date, $6)
      ON CONFLICT (run_id, seq) DO UPDATE SET status = EXCLUDED.status, version = finding_review.version + 1,
        deducted_amount = coalesce(EXCLUDED.deducted_amount, finding_review.deducted_amount), due_at = EXCLUDED.due_at,
        updated_at = now(), updated_by = EXCLUDED.updated_by
      WHERE finding_review.version = $7
      RETURNING run_id, seq, status, version, due_at::text AS due_at, deducted_amount::text AS deducted_amount`,
  [t.run_id, t.seq, step.to, amount, due, t.by.username, version]);
  if (!updated.length || (version === 0 && updated[0].version !== 1)) throw new ReviewError('conflict', 409, { current: '?', seen: t.version, status: '' });
  await tx.query(`INSERT INTO review_transition (run_id, seq, action, from_status, to_status, reason, amount, attachments, by_user, by_role)
    VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8, $9, $10)`, [t.run_id, t.seq, t.action, status, step.to, t.reason ?? null, amount,
    t.attachments ? JSON.stringify(t.attachments) : null, t.by.username, t.by.role]);
  return updated[0];
}

export async function transitionsOf(ops: OpQueryable, runId: number, seq: number): Promise<Record<string, unknown>[]> {
  return ops.query(`SELECT action, from_status, to_status, reason, amount::text AS amount, attachments, by_user, by_role,
    to_char(at, 'YYYY-MM-DD HH24:MI:SS') AS at FROM review_transition WHERE run_id = $1 AND seq = $2 ORDER BY id`, [runId, seq]);
}
