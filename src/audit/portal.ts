/**
 * The institution portal's overview (机构端): the institution's own findings by status, its open
 * deadlines, and its indicators against its peer group's medians from `provider_indicator`.
 */
import type { OpQueryable } from '../store/opstore.js';
import type { Warehouse } from '../store/warehouse.js';
import { INDICATORS } from '../rules/indicators.js';
import { OPEN_STATUSES, STATUSES } from './dashboard.js';

const MAX_DEADLINES = 500;

export interface InstitutionInfo { fixmedins_code: string; fixmedins_name: string | null; hosp_lv: string | null }

/** The institution as the reference table last describes it; null when it is not there. */
export async function institutionInfo(wh: Warehouse, code: string): Promise<InstitutionInfo | null> {
  const r = await wh.one<InstitutionInfo>(`SELECT fixmedins_code, arg_max(fixmedins_name, status_begin) AS fixmedins_name,
    arg_max(hosp_lv, status_begin) AS hosp_lv FROM fixmedins_info WHERE fixmedins_code = ? GROUP BY fixmedins_code`, [code]);
  return r ?? null;
}

/** The run's findings of one institution per status (every status listed, zeros included). */
export async function findingsByStatus(ops: OpQueryable, runId: number | null, code: string, pendingDue: string | null) {
  // Overdue as on the dashboard: an untouched finding is due `pendingDue` (first-review limit from the run's end).
  const rows = runId === null ? [] : await ops.query<{ status: string; findings: number; amount: string; overdue: number }>(`
    SELECT coalesce(r.status, 'pending_first') AS status, count(*)::int AS findings, sum(f.amount)::numeric(18,2)::text AS amount,
      (count(*) FILTER (WHERE coalesce(r.status, 'pending_first') NOT IN ('deducted', 'dismissed')
        AND CASE WHEN r.run_id IS NULL THEN $3::date ELSE r.due_at END < current_date))::int AS overdue
    FROM audit_finding f LEFT JOIN finding_review r ON r.run_id = f.run_id AND r.seq = f.seq
    WHERE f.run_id = $1 AND f.fixmedins_code = $2 GROUP BY 1`, [runId, code, pendingDue]);
  const [tot] = runId === null ? [] : await ops.query<{ n: number; amount: string }>(`SELECT count(*)::int AS n,
    coalesce(sum(amount), 0)::numeric(18,2)::text AS amount FROM audit_finding WHERE run_id = $1 AND fixmedins_code = $2`, [runId, code]);
  const by = new Map(rows.map((r) => [r.status, r]));
  return {
    run_id: runId, total: tot?.n ?? 0, amount: tot?.amount ?? '0.00',
    by_status: STATUSES.map((s) => ({ status: s, findings: by.get(s)?.findings ?? 0, amount: by.get(s)?.amount ?? '0.00',
      overdue: by.get(s)?.overdue ?? 0 })),
  };
}

/**
 * Open findings with a deadline, of every audit run (an appeal deadline of an earlier run still
 * binds), soonest first. `action_needed` marks the ones waiting for the institution (its appeal).
 */
export async function deadlines(ops: OpQueryable, code: string) {
  const open = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
  const [n] = await ops.query<{ n: number }>(`SELECT count(*)::int AS n FROM finding_review r
    JOIN audit_finding f ON f.run_id = r.run_id AND f.seq = r.seq JOIN audit_run a ON a.run_id = f.run_id AND a.kind = 'audit'
    WHERE f.fixmedins_code = $1 AND r.status IN (${open}) AND r.due_at IS NOT NULL`, [code]);
  const rows = await ops.query<Record<string, unknown>>(`SELECT f.run_id, f.seq, f.rule_id, f.amount::text AS amount, r.status,
      r.due_at::text AS due_at, r.due_at < current_date AS overdue, r.version, f.occurred_at::text AS occurred_at, f.setl_id,
      r.status = 'awaiting_appeal' AS action_needed
    FROM finding_review r JOIN audit_finding f ON f.run_id = r.run_id AND f.seq = r.seq
    JOIN audit_run a ON a.run_id = f.run_id AND a.kind = 'audit'
    WHERE f.fixmedins_code = $1 AND r.status IN (${open}) AND r.due_at IS NOT NULL
    ORDER BY r.due_at, f.run_id, f.seq LIMIT ${MAX_DEADLINES}`, [code]);
  return { total: n?.n ?? 0, rows };
}

const INDICATOR = new Map(INDICATORS.map((i) => [i.id, i]));

export type IndicatorAnswer = { state: 'missing' } | { state: 'ok'; as_of: string | null; month: string | null; rows: Record<string, unknown>[] };

/** The institution-level indicators of the institution's latest month and that month's year, with the peer statistics. */
export async function institutionIndicators(wh: Warehouse, code: string): Promise<IndicatorAnswer> {
  if (!(await wh.tableExists('provider_indicator'))) return { state: 'missing' };
  const latest = await wh.one<{ month: string | null; as_of: string | null }>(`SELECT max(period) FILTER (WHERE period_type = 'month') AS month,
    CAST(max(as_of) AS VARCHAR) AS as_of FROM provider_indicator WHERE level = 'institution' AND fixmedins_code = ?`, [code]);
  if (!latest?.month) return { state: 'ok', as_of: latest?.as_of ?? null, month: null, rows: [] };
  const rows = await wh.all<Record<string, string | number | null>>(`SELECT indicator, indicator_name, fmt, period_type, period,
      CAST(value AS VARCHAR) AS value, CAST(peer_median AS VARCHAR) AS peer_median, CAST(peer_count AS INTEGER) AS peer_count,
      CAST(robust_z AS VARCHAR) AS robust_z, CAST(prev_value AS VARCHAR) AS prev_value, CAST(growth AS VARCHAR) AS growth,
      CAST(numerator AS VARCHAR) AS numerator, CAST(denominator AS VARCHAR) AS denominator
    FROM provider_indicator WHERE level = 'institution' AND fixmedins_code = ? AND period IN (?, ?)
    ORDER BY period_type DESC, indicator`, [code, latest.month, latest.month.slice(0, 4)]);
  const order = new Map(INDICATORS.map((i, n) => [i.id, n]));
  rows.sort((a, b) => (a.period_type === b.period_type ? 0 : a.period_type === 'month' ? -1 : 1)
    || (order.get(String(a.indicator)) ?? 99) - (order.get(String(b.indicator)) ?? 99));
  return {
    state: 'ok', as_of: latest.as_of, month: latest.month,
    rows: rows.map((r) => {
      const def = INDICATOR.get(String(r.indicator));
      return { indicator: r.indicator, name_zh: r.indicator_name ?? def?.name_zh ?? null, name_en: def?.name_en ?? null, fmt: r.fmt,
        period_type: r.period_type, period: r.period, value: r.value, peer_median: r.peer_median, peer_count: r.peer_count === null ? null : Number(r.peer_count),
        robust_z: r.robust_z, prev_value: r.prev_value, growth: r.growth, numerator: r.numerator, denominator: r.denominator };
    }),
  };
}
