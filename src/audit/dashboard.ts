/**
 * The figures of the 指挥中心 dashboard. The fund's payments come from the warehouse (valid
 * settlements as the base relations define them); findings, amounts at stake and review deadlines
 * from the operational store. Money stays exact: sums in SQL (DuckDB DECIMAL, PostgreSQL numeric),
 * read back as text.
 */
import type { OpQueryable } from '../store/opstore.js';
import type { SqlParam, Warehouse } from '../store/warehouse.js';
import { INDICATORS } from '../rules/indicators.js';
import type { AnyRuleKind } from '../rules/registry.js';
import type { ReviewStatus } from './review.js';

export const STATUSES: ReviewStatus[] = ['pending_first', 'pending_second', 'awaiting_appeal', 'appealed', 'concluded', 'deducted', 'dismissed'];
/** Statuses still waiting for someone: they have deadlines. */
export const OPEN_STATUSES: ReviewStatus[] = ['pending_first', 'pending_second', 'awaiting_appeal', 'appealed', 'concluded'];
export const SEVERITIES = ['violation', 'suspect_high', 'suspect'] as const;
/** "Due soon" in review_progress: due today or within the next 3 calendar days. */
export const DUE_SOON_DAYS = 3;
const TOP_INSTITUTIONS = 10;
const TOP_OUTLIERS = 20;

export interface Filter { runId: number; from: string; to: string; institution: string | null }

/** Valid settlements, as in base-views.ts: not void, not a refund, not reversed by a valid refund. */
const VALID_SETL = `coalesce(s.vali_flag, '1') <> '0' AND coalesce(s.refd_setl_flag, '0') <> '1'
  AND s.setl_id NOT IN (SELECT r.init_setl_id FROM setl_d r
    WHERE r.refd_setl_flag = '1' AND coalesce(r.vali_flag, '1') <> '0' AND r.init_setl_id IS NOT NULL)`;

export interface FundPaid {
  total: string;
  settlements: number;
  /** By settlement month (YYYY-MM). */
  months: Map<string, { fund_paid: string; settlements: number }>;
  institutions: Map<string, string>;
}

/** The fund's payments in the period by month and by institution (one query, grouping sets), counted at settlement time. */
export async function fundPaid(wh: Warehouse, f: Omit<Filter, 'runId'>): Promise<FundPaid> {
  const params: SqlParam[] = [f.from, f.to];
  if (f.institution) params.push(f.institution);
  const rows = await wh.all<{ month: string | null; code: string | null; gm: number; gi: number; amount: string; n: string | number }>(`
    WITH s AS (SELECT strftime(CAST(s.setl_time AS DATE), '%Y-%m') AS month, s.fixmedins_code, s.fund_pay_sumamt FROM setl_d s
      WHERE ${VALID_SETL} AND CAST(s.setl_time AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
        ${f.institution ? 'AND s.fixmedins_code = ?' : ''})
    SELECT month, fixmedins_code AS code, CAST(grouping(month) AS INTEGER) AS gm, CAST(grouping(fixmedins_code) AS INTEGER) AS gi,
      CAST(CAST(round(coalesce(sum(fund_pay_sumamt), 0), 2) AS DECIMAL(18,2)) AS VARCHAR) AS amount, count(*) AS n
    FROM s GROUP BY GROUPING SETS ((month), (fixmedins_code), ())`, params);
  const out: FundPaid = { total: '0.00', settlements: 0, months: new Map(), institutions: new Map() };
  for (const r of rows) {
    if (r.gm && r.gi) { out.total = r.amount; out.settlements = Number(r.n); } else if (!r.gm && r.month) {
      out.months.set(r.month, { fund_paid: r.amount, settlements: Number(r.n) });
    } else if (!r.gi && r.code) out.institutions.set(r.code, r.amount);
  }
  return out;
}

/** The calendar months of a period, each cut to the period. */
export function monthsOf(from: string, to: string): { month: string; from: string; to: string }[] {
  const out = [];
  let y = Number(from.slice(0, 4)); let m = Number(from.slice(5, 7));
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to.slice(0, 7)) break;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const start = `${month}-01`; const end = `${month}-${String(last).padStart(2, '0')}`;
    out.push({ month, from: start < from ? from : start, to: end > to ? to : end });
    if (++m > 12) { m = 1; y++; }
  }
  return out;
}

/**
 * The run's findings in the filter with their review status and deadline: a finding nobody has
 * touched yet is pending_first, due `pendingDue` (the first-review limit counted from the run's end).
 */
function findingsCte(f: Filter, pendingDue: string | null): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.runId, f.from, f.to, pendingDue];
  const inst = f.institution ? (params.push(f.institution), ' AND f.fixmedins_code = $5') : '';
  return {
    sql: `fx AS (
      SELECT f.rule_id, f.severity, f.fixmedins_code, f.fixmedins_name, f.amount, to_char(f.occurred_at, 'YYYY-MM') AS month,
        coalesce(r.status, 'pending_first') AS status, CASE WHEN r.run_id IS NULL THEN $4::date ELSE r.due_at END AS due_at
      FROM audit_finding f LEFT JOIN finding_review r ON r.run_id = f.run_id AND r.seq = f.seq
      WHERE f.run_id = $1 AND f.occurred_at BETWEEN $2::date AND $3::date${inst}),
    fd AS (
      SELECT *, (status NOT IN ('deducted', 'dismissed') AND due_at < current_date) AS overdue,
        (status NOT IN ('deducted', 'dismissed') AND due_at >= current_date AND due_at <= current_date + ${DUE_SOON_DAYS}) AS due_soon
      FROM fx)`,
    params,
  };
}

interface Agg { dim: string; key: string | null; name: string | null; findings: number; amount: string; overdue: number; due_soon: number; institutions: number }

export interface FindingFigures {
  totals: { findings: number; at_stake: string; institutions_flagged: number; overdue: number };
  months: Map<string, { at_stake: string; findings: number }>;
  rules: Agg[];
  severities: Map<string, Agg>;
  statuses: Map<string, Agg>;
  institutions: Agg[];
}

/** Counts and amounts of the filtered findings per rule, severity, status, institution and month, in one grouping-sets query. */
export async function findingFigures(ops: OpQueryable, f: Filter, pendingDue: string | null): Promise<FindingFigures> {
  const c = findingsCte(f, pendingDue);
  const rows = await ops.query<Agg>(`WITH ${c.sql}
    SELECT CASE WHEN grouping(rule_id) = 0 THEN 'rule' WHEN grouping(severity) = 0 THEN 'severity' WHEN grouping(status) = 0 THEN 'status'
        WHEN grouping(fixmedins_code) = 0 THEN 'institution' WHEN grouping(month) = 0 THEN 'month' ELSE 'total' END AS dim,
      coalesce(rule_id, severity, status, fixmedins_code, month) AS key, max(fixmedins_name) AS name,
      count(*)::int AS findings, coalesce(sum(amount), 0)::numeric(18,2)::text AS amount,
      (count(*) FILTER (WHERE overdue))::int AS overdue, (count(*) FILTER (WHERE due_soon))::int AS due_soon,
      count(DISTINCT fixmedins_code)::int AS institutions
    FROM fd GROUP BY GROUPING SETS ((rule_id), (severity), (status), (fixmedins_code), (month), ())`, c.params as never);
  const by = (dim: string) => rows.filter((r) => r.dim === dim);
  const total = by('total')[0];
  return {
    totals: { findings: total?.findings ?? 0, at_stake: total?.amount ?? '0.00', institutions_flagged: total?.institutions ?? 0, overdue: total?.overdue ?? 0 },
    months: new Map(by('month').map((r) => [r.key!, { at_stake: r.amount, findings: r.findings }])),
    rules: by('rule'),
    severities: new Map(by('severity').map((r) => [r.key!, r])),
    statuses: new Map(by('status').map((r) => [r.key!, r])),
    institutions: by('institution'),
  };
}

/** Compares decimal strings of money exactly (no float): longer integer part first, then text. */
export function compareMoney(a: string, b: string): number {
  const [ai, af = ''] = a.split('.'); const [bi, bf = ''] = b.split('.');
  if (ai.length !== bi.length) return ai.length - bi.length;
  const x = ai + af.padEnd(4, '0'); const y = bi + bf.padEnd(4, '0');
  return x < y ? -1 : x > y ? 1 : 0;
}

export function topInstitutions(figs: FindingFigures, paid: FundPaid) {
  return [...figs.institutions]
    .sort((a, b) => compareMoney(b.amount, a.amount) || b.findings - a.findings || String(a.key).localeCompare(String(b.key)))
    .slice(0, TOP_INSTITUTIONS)
    .map((r) => ({ fixmedins_code: r.key, fixmedins_name: r.name, findings: r.findings, amount: r.amount,
      fund_paid: paid.institutions.get(r.key!) ?? '0.00' }));
}

/** Rule ids configured with a kind (a region may run several configurations of one kind); the rules schema must exist. */
export async function ruleKindsById(ops: OpQueryable): Promise<Map<string, string>> {
  const rows = await ops.query<{ rule_id: string; kind: string }>(`SELECT DISTINCT ON (rule_id) rule_id, kind FROM rule_version
    ORDER BY rule_id, version DESC`);
  return new Map(rows.map((r) => [r.rule_id, r.kind]));
}

export function ruleNames(ruleId: string, kindOf: Map<string, string>, kinds: Map<string, AnyRuleKind>): { name_zh: string; name_en: string } {
  const k = kinds.get(kindOf.get(ruleId) ?? ruleId);
  return { name_zh: k?.meta.name_zh ?? ruleId, name_en: k?.meta.name_en ?? ruleId };
}

const INDICATOR = new Map(INDICATORS.map((i) => [i.id, i]));

/** The run's provider_outlier findings in the filter, strongest robust z first, with what the page needs to drill down. */
export async function outliers(ops: OpQueryable, f: Filter, ruleIds: string[]): Promise<{ total: number; rows: Record<string, unknown>[] }> {
  if (!ruleIds.length) return { total: 0, rows: [] };
  const params: unknown[] = [f.runId, f.from, f.to, ruleIds];
  const inst = f.institution ? (params.push(f.institution), ' AND f.fixmedins_code = $5') : '';
  const where = `f.run_id = $1 AND f.occurred_at BETWEEN $2::date AND $3::date AND f.rule_id = ANY($4::text[])${inst}`;
  const [n] = await ops.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_finding f WHERE ${where}`, params as never);
  const rows = await ops.query<Record<string, string | number | null>>(`SELECT f.fixmedins_code, f.fixmedins_name,
      f.evidence->>'indicator' AS indicator, f.evidence->>'indicator_name' AS indicator_name_zh, f.evidence->>'level' AS level,
      f.evidence->>'unit_code' AS unit_code, f.evidence->>'period' AS period, f.evidence->>'value' AS value,
      f.evidence->>'peer_median' AS peer_median, f.evidence->>'peer_count' AS peer_count, f.evidence->>'robust_z' AS robust_z,
      f.evidence->>'growth' AS growth, f.run_id, f.seq
    FROM audit_finding f WHERE ${where}
    ORDER BY (f.evidence->>'robust_z')::numeric DESC NULLS LAST, (f.evidence->>'growth')::numeric DESC NULLS LAST, f.seq
    LIMIT ${TOP_OUTLIERS}`, params as never);
  return {
    total: n?.n ?? 0,
    rows: rows.map((r) => {
      const def = INDICATOR.get(String(r.indicator));
      return { fixmedins_code: r.fixmedins_code, fixmedins_name: r.fixmedins_name, indicator: r.indicator,
        indicator_name_zh: r.indicator_name_zh ?? def?.name_zh ?? null, indicator_name_en: def?.name_en ?? null, fmt: def?.fmt ?? null,
        level: r.level, unit_code: r.unit_code, period: r.period, value: r.value, peer_median: r.peer_median,
        peer_count: r.peer_count === null ? null : Number(r.peer_count), robust_z: r.robust_z, growth: r.growth,
        run_id: Number(r.run_id), seq: Number(r.seq) };
    }),
  };
}
