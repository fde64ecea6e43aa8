/**
 * `drg settle` and `drg shadow`: read the grouped inpatient settlements of a period (drg_result
 * joined with setl_d, only settlements still valid and not refunded), compute the weights, the
 * 病组点数法 settlement (settleDrg) and the shadow run (shadowRun), record the run with its
 * parameters (drg_settlement_run, per-institution and per-DRG rows, module 'drg') for the
 * workbench, and optionally write the Excel report.
 */
import { userInfo } from 'node:os';
import { parseDrgParams, scaledToString, type DrgParams } from './params.js';
import { settleDrg, type DrgSettlement } from './settlement.js';
import { shadowRun, type ShadowRun } from './shadow.js';
import type { DrgCase } from './weights.js';
import type { ProgressListener } from '../ingest/progress.js';
import { msg } from '../domain/messages/index.js';
import type { Warehouse } from '../store/warehouse.js';
import { checkPeriod, DrgRunError, eachChunk, scalarColumn, validSettlementSql } from './records.js';
import { ensureDrgSchema, loadStoredDrgScheme } from './scheme-store.js';
import { writeDrgReport } from './report-xlsx.js';

export type SettlementKind = 'settle' | 'shadow';

export interface SettleRunOptions {
  kind: SettlementKind;
  from: string;
  to: string;
  /** Parameters as given (a params.json); last_year_budget_fen defaults to the period's fund paid by item for grouped cases. */
  params?: Record<string, unknown>;
  /** Excel report path. */
  out?: string;
  by?: string;
  onProgress?: ProgressListener;
}

/** JSON-safe copy: bigint as decimal text. */
export function jsonSafe<T>(v: T): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
}

const yuan = (fen: bigint): string => scaledToString(fen, 2);

export interface SettleRunSummary {
  run_id: number;
  kind: SettlementKind;
  period: { from: string; to: string };
  scheme_versions: string[];
  /** The parameters used, completed with their defaults (decimals as text, fen as text). */
  params: unknown;
  /** True when last_year_budget_fen was not given and was taken from the fund paid by item. */
  budget_defaulted: boolean;
  totals: unknown;
  /** Σ institutions' DRG payments + rounding remainder: equals budget_fen. */
  budget_check: { budget_fen: string; payments_fen: string; remainder_fen: string; balanced: boolean };
  institutions: unknown[];
  winners: unknown[];
  losers: unknown[];
  out: string | null;
  seconds: number;
  stages: { read_s: number; compute_s: number; store_s: number; report_s: number };
}

/** The period's grouped settlements as DrgCase (sorted by setl_id), and the scheme versions they were grouped with. */
export async function readDrgCases(wh: Warehouse, from: string, to: string): Promise<{ cases: DrgCase[]; schemeVersions: string[] }> {
  const result = await wh.conn.stream(`SELECT r.setl_id, r.fixmedins_code, m.dscg_dept_codg AS dept_code, m.chfpdr_code AS dr_code,
      r.drg, r.adrg, r.status = 'grouped' AS grouped,
      CAST(round(coalesce(s.medfee_sumamt, 0) * 100) AS BIGINT) AS total_fen,
      CAST(round(coalesce(s.hifp_pay, 0) * 100) AS BIGINT) AS fund_paid_fen,
      CAST(coalesce(round(m.ipt_days), greatest(date_diff('day', CAST(m.begntime AS DATE), CAST(m.endtime AS DATE)), 0), 0) AS INTEGER) AS los_days,
      r.psn_no, strftime(coalesce(CAST(s.setl_time AS DATE), r.dscg_date), '%Y-%m') AS month, r.scheme_version
    FROM drg_result r JOIN setl_d s ON s.setl_id = r.setl_id LEFT JOIN mdtrt_d m ON m.mdtrt_id = s.mdtrt_id
    WHERE ${validSettlementSql('s')} AND r.dscg_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
    ORDER BY r.setl_id`, [from, to] as never);
  const cases: DrgCase[] = [];
  const versions = new Set<string>();
  await eachChunk(result, (chunk) => {
    const c = Array.from({ length: 13 }, (_, i) => scalarColumn<unknown>(chunk, i));
    for (let i = 0; i < chunk.rowCount; i++) {
      cases.push({
        setl_id: c[0][i] as string, fixmedins_code: c[1][i] as string, dept_code: c[2][i] as string | null, dr_code: c[3][i] as string | null,
        drg: c[4][i] as string, adrg: c[5][i] as string | null, grouped: c[6][i] === true,
        total_fen: c[7][i] as bigint, fund_paid_fen: c[8][i] as bigint, los_days: c[9][i] as number,
        psn_no: (c[10][i] as string | null) ?? '', month: (c[11][i] as string | null) ?? '',
      });
      versions.add(c[12][i] as string);
    }
  });
  return { cases, schemeVersions: [...versions].sort() };
}

/** Completes the parameters: without last_year_budget_fen, the budget is what the fund paid by item for the grouped cases (no growth unless given). */
export function resolveSettleParams(given: Record<string, unknown> | undefined, cases: readonly DrgCase[], period: { from: string; to: string }):
  { params: DrgParams; defaulted: boolean } {
  const input: Record<string, unknown> = { ...(given ?? {}) };
  let defaulted = false;
  if (input.last_year_budget_fen === undefined) {
    let sum = 0n;
    for (const c of cases) if (c.grouped) sum += BigInt(c.fund_paid_fen);
    input.last_year_budget_fen = sum > 0n ? sum : 1n;
    if (input.growth_cap === undefined) input.growth_cap = '0';
    defaulted = true;
  }
  if (input.year === undefined && period.from.slice(0, 4) === period.to.slice(0, 4)) input.year = Number(period.from.slice(0, 4));
  return { params: parseDrgParams(input), defaulted };
}

async function storeRun(wh: Warehouse, kind: SettlementKind, period: { from: string; to: string }, versions: string[], by: string,
  s: DrgSettlement, sh: ShadowRun): Promise<number> {
  await ensureDrgSchema(wh);
  return wh.transaction(async () => {
    const id = Number((await wh.one<{ id: number }>('SELECT coalesce(max(run_id), 0) + 1 AS id FROM drg_settlement_run'))?.id ?? 1);
    const t = s.totals;
    await wh.run(`INSERT INTO drg_settlement_run VALUES (?, ?, CAST(? AS DATE), CAST(? AS DATE), ?::JSON, ?::VARCHAR[], ?, ?, ?, ?, ?, ?,
        ?, CAST(? AS DECIMAL(38,10)), CAST(? AS DECIMAL(38,10)), ?, ?, ?, ?, ?, now()::TIMESTAMP, ?)`, [
      id, kind, period.from, period.to, JSON.stringify(jsonSafe(s.params)), JSON.stringify(versions), t.cases, t.grouped_cases,
      t.normal_cases, t.high_cost_cases, t.low_cost_cases, t.ungrouped_cases, t.budget_fen, t.total_points, t.point_value_fen,
      t.drg_payment_fen, t.rounding_remainder_fen, t.already_paid_fen, t.balance_fen, t.ungrouped_fund_paid_fen, by,
    ]);
    const shadowOf = new Map(sh.institutions.map((r) => [r.fixmedins_code, r]));
    const ap = await wh.conn.createAppender('drg_settlement_institution');
    for (const r of s.institutions) {
      const x = shadowOf.get(r.fixmedins_code);
      ap.appendInteger(id);
      ap.appendVarchar(r.fixmedins_code);
      ap.appendVarchar(r.coefficient);
      for (const n of [r.cases, r.normal_cases, r.high_cost_cases, r.low_cost_cases, r.ungrouped_cases]) ap.appendBigInt(BigInt(n));
      ap.appendVarchar(r.points);
      for (const f of [r.drg_payment_fen, r.already_paid_fen, r.balance_fen, r.ungrouped_fund_paid_fen, x?.medfee_fen ?? 0n]) ap.appendBigInt(f);
      if (x?.ratio) ap.appendVarchar(x.ratio); else ap.appendNull();
      ap.endRow();
    }
    ap.flushSync();
    ap.closeSync();
    const aw = await wh.conn.createAppender('drg_settlement_weight');
    for (const w of s.weights.drgs) {
      aw.appendInteger(id);
      aw.appendVarchar(w.drg);
      if (w.adrg === null) aw.appendNull(); else aw.appendVarchar(w.adrg);
      aw.appendBigInt(BigInt(w.cases));
      aw.appendBigInt(BigInt(w.kept_cases));
      aw.appendVarchar(w.avg_cost_fen);
      aw.appendVarchar(w.rw);
      aw.appendVarchar(w.base_points);
      aw.endRow();
    }
    aw.flushSync();
    aw.closeSync();
    return id;
  });
}

const round = (s: number) => Math.round(s * 100) / 100;

export async function runDrgSettlement(wh: Warehouse, o: SettleRunOptions): Promise<SettleRunSummary> {
  const p = checkPeriod({ from: o.from, to: o.to });
  if (!p.from || !p.to) throw new DrgRunError('drg.run.badDate', { value: p.from ?? p.to ?? '' });
  const period = { from: p.from, to: p.to };
  const t0 = performance.now();
  await ensureDrgSchema(wh);
  const { cases, schemeVersions } = await readDrgCases(wh, period.from, period.to);
  if (!cases.some((c) => c.grouped)) throw new DrgRunError('drg.settle.noCases', period);
  const tRead = performance.now();
  const { params, defaulted } = resolveSettleParams(o.params, cases, period);
  const settlement = settleDrg(cases, params);
  const shadow = shadowRun(settlement, cases);
  const tCompute = performance.now();
  const runId = await storeRun(wh, o.kind, period, schemeVersions, o.by ?? `cli:${userInfo().username}`, settlement, shadow);
  const tStore = performance.now();
  if (o.out) {
    const scheme = await loadStoredDrgScheme(wh).catch(() => null);
    await writeDrgReport(o.out, { kind: o.kind, runId, period, schemeVersions, settlement, shadow, cases,
      drgNames: scheme?.data.drgNames ?? {}, budgetDefaulted: defaulted });
  }
  const tReport = performance.now();
  const t = settlement.totals;
  const sumPay = settlement.institutions.reduce((a, r) => a + r.drg_payment_fen, 0n);
  const top = (list: ShadowRun['winners']) => list.slice(0, 10).map((r) => jsonSafe({ fixmedins_code: r.fixmedins_code, cases: r.cases,
    drg_payment_fen: r.drg_payment_fen, item_paid_fen: r.item_paid_fen, difference_fen: r.difference_fen, ratio: r.ratio }));
  return {
    run_id: runId, kind: o.kind, period, scheme_versions: schemeVersions,
    params: jsonSafe(settlement.params), budget_defaulted: defaulted,
    totals: jsonSafe(t),
    budget_check: { budget_fen: t.budget_fen.toString(), payments_fen: sumPay.toString(), remainder_fen: t.rounding_remainder_fen.toString(),
      balanced: sumPay + t.rounding_remainder_fen === t.budget_fen },
    institutions: settlement.institutions.map((r) => jsonSafe(r)),
    winners: top(shadow.winners), losers: top(shadow.losers),
    out: o.out ?? null,
    seconds: round((tReport - t0) / 1000),
    stages: { read_s: round((tRead - t0) / 1000), compute_s: round((tCompute - tRead) / 1000), store_s: round((tStore - tCompute) / 1000),
      report_s: round((tReport - tStore) / 1000) },
  };
}

/** Chinese lines of a settlement summary (CLI). */
export function settleLines(r: SettleRunSummary): string[] {
  const t = r.totals as Record<string, string | number>;
  const y = (f: unknown) => yuan(BigInt(String(f)));
  const lines = [
    msg('drg.cli.settle.title', { kind: msg(`drg.cli.settle.kind.${r.kind}`), runId: r.run_id, from: r.period.from, to: r.period.to,
      cases: t.cases, grouped: t.grouped_cases, ungrouped: t.ungrouped_cases, seconds: r.seconds }),
  ];
  if (r.budget_defaulted) {
    const p = r.params as { last_year_budget_fen: string; growth_cap: string };
    lines.push(msg('drg.settle.defaultBudget', { budget: y(p.last_year_budget_fen), growth: p.growth_cap }));
  }
  lines.push(msg('drg.cli.settle.money', { budget: y(t.budget_fen), points: t.total_points, pointValue: t.point_value_yuan,
    payment: y(t.drg_payment_fen), remainder: y(t.rounding_remainder_fen), already: y(t.already_paid_fen), balance: y(t.balance_fen) }));
  lines.push(msg('drg.cli.settle.cases', { normal: t.normal_cases, high: t.high_cost_cases, low: t.low_cost_cases, ungrouped: t.ungrouped_cases }));
  const inst = (list: unknown[]) => list.map((x) => {
    const i = x as Record<string, string | number>;
    return msg('drg.cli.settle.institution', { code: i.fixmedins_code, cases: i.cases, points: i.points ?? '', payment: y(i.drg_payment_fen),
      already: y(i.already_paid_fen ?? i.item_paid_fen), balance: y(i.balance_fen ?? i.difference_fen) });
  });
  if (r.winners.length) lines.push(msg('drg.cli.settle.winners'), ...inst(r.winners));
  if (r.losers.length) lines.push(msg('drg.cli.settle.losers'), ...inst(r.losers));
  lines.push(msg('drg.cli.settle.stages', { read: r.stages.read_s, compute: r.stages.compute_s, store: r.stages.store_s, report: r.stages.report_s }));
  if (r.out) lines.push(msg('drg.cli.out', { path: r.out, rows: t.cases }));
  return lines;
}
