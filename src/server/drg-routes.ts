/**
 * The workbench's DRG pages: overview (CMI and indicators by institution, trend by month, the DRGs
 * with their weights), a DRG's cases, one case's grouping explanation, and the 病组点数法
 * settlements and shadow runs (started as jobs, with their parameters and an Excel report). An
 * institution user sees only its own institution's rows, cases and settlement line.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import type { RouteDeps } from './route-deps.js';
import type { JobQueue } from '../audit/jobs.js';
import { JobError } from '../audit/jobs.js';
import { logAccess } from './auth/store.js';
import { badField, fail, institutionScope, parseOr400 } from './errors.js';
import { day, institution } from './query-fields.js';
import { positiveId } from './admin-util.js';
import { ensureDrgSchema, loadStoredDrgScheme } from '../drg/scheme-store.js';
import { explainSettlement } from '../drg/group-run.js';
import { jsonSafe, readDrgCases, resolveSettleParams, runDrgSettlement } from '../drg/settle-run.js';
import { computeIndicators, computeWeights, type DrgCase, type DrgWeights, type InstitutionIndicators } from '../drg/weights.js';
import { settleDrg } from '../drg/settlement.js';
import { shadowRun } from '../drg/shadow.js';
import { writeDrgReport } from '../drg/report-xlsx.js';
import { DrgParamsError, parseDrgParams } from '../drg/params.js';
import { DrgRunError } from '../drg/records.js';

const Period = { from: day.optional(), to: day.optional() };
const OverviewQuery = z.object({ ...Period, institution: institution.optional() }).strict();
const CasesQuery = z.object({ ...Period, institution: institution.optional(), drg: z.string().trim().regex(/^[0-9A-Z]{2,8}$/).optional(),
  status: z.enum(['grouped', 'ungrouped', 'rejected']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1), page_size: z.coerce.number().int().min(1).max(500).default(50) }).strict();
const SettleBody = z.object({ kind: z.enum(['settle', 'shadow']).default('settle'), from: day, to: day,
  params: z.record(z.string(), z.unknown()).optional() }).strict().refine((b) => b.from <= b.to, { message: 'workbench.to_before_from', path: ['to'] });

/** Fen (possibly fractional text) as yuan with two decimals. */
const yuan = (fen: string | bigint | number | null) => (fen === null ? null : new Decimal(String(fen)).div(100).toFixed(2, Decimal.ROUND_HALF_UP));
const institutionRow = (r: InstitutionIndicators, names: Map<string, string>) => ({
  fixmedins_code: r.fixmedins_code, fixmedins_name: names.get(r.fixmedins_code) ?? null, cases: r.cases, grouped_cases: r.grouped_cases,
  ungrouped_cases: r.ungrouped_cases, persons: r.persons, total_amount: yuan(r.total_fen), avg_cost: yuan(r.avg_cost_fen),
  avg_los_days: r.avg_los_days, cases_per_person: r.cases_per_person, cmi: r.cmi, cost_index: r.cost_index, time_index: r.time_index,
  ungrouped_rate: r.ungrouped_rate,
});

interface Figures { cases: DrgCase[]; weights: DrgWeights; period: { from: string; to: string } }

export function registerDrgRoutes(app: FastifyInstance, deps: RouteDeps, jobs: JobQueue): void {
  const { ops, wh, serial } = deps;
  let schema: Promise<void> | undefined;
  const ensure = () => (schema ??= serial(() => ensureDrgSchema(wh)));

  const scope = institutionScope;
  /** The period asked, else the latest grouping run's, else every grouped discharge. */
  const periodOf = async (q: { from?: string; to?: string }) => serial(async () => {
    const r = await wh.one<{ a: string | null; b: string | null }>(`SELECT CAST(min(dscg_date) AS VARCHAR) AS a, CAST(max(dscg_date) AS VARCHAR) AS b
      FROM drg_result`);
    return r?.a && r.b ? { from: q.from ?? r.a, to: q.to ?? r.b } : null;
  });
  const names = async () => new Map((await serial(() => wh.all<{ c: string; n: string | null }>(`SELECT fixmedins_code AS c,
    arg_max(fixmedins_name, status_begin) AS n FROM fixmedins_info GROUP BY 1`))).map((r) => [r.c, r.n ?? r.c]));

  // Cases and weights change only when a grouping runs: kept per period and grouping run.
  const figures = new Map<string, Promise<Figures>>();
  const figuresOf = async (period: { from: string; to: string }): Promise<Figures> => {
    const [run] = await serial(() => wh.all<{ id: number | null }>('SELECT max(run_id) AS id FROM drg_group_run WHERE finished_at IS NOT NULL'));
    const key = `${run?.id ?? 0}/${period.from}/${period.to}`;
    let p = figures.get(key);
    if (!p) {
      p = (async () => {
        const { cases } = await serial(() => readDrgCases(wh, period.from, period.to));
        return { cases, weights: computeWeights(cases, { last_year_budget_fen: 1 }), period };
      })();
      if (figures.size > 20) figures.clear();
      figures.set(key, p);
      p.catch(() => figures.delete(key));
    }
    return p;
  };

  app.get('/api/v1/drg/overview', async (req, reply) => {
    const user = await deps.guard(req, reply);
    if (!user) return reply;
    const q = parseOr400(OverviewQuery, req.query, reply, 'query');
    if (!q) return reply;
    const inst = scope(user, q.institution, reply);
    if (inst === undefined) return reply;
    await ensure();
    const period = await periodOf(q);
    const [scheme, run] = await serial(async () => [await loadStoredDrgScheme(wh).catch(() => null),
      await wh.one<Record<string, unknown>>(`SELECT run_id, scheme_version, CAST(period_from AS VARCHAR) AS period_from, CAST(period_to AS VARCHAR) AS period_to,
        CAST(finished_at AS VARCHAR) AS finished_at, cases, grouped, ungrouped, rejected FROM drg_group_run WHERE finished_at IS NOT NULL
        ORDER BY run_id DESC LIMIT 1`)] as const);
    await logAccess(ops, { user, action: 'view', object: 'drg-overview', detail: { ...q, institution: inst }, ip: req.ip });
    const head = { scheme: scheme ? { set_id: scheme.setId, version: scheme.version } : null, group_run: run ? jsonSafe(run) : null };
    if (!period) return { ...head, period: null, region: null, institutions: [], months: [], drgs: [], departments: [], doctors: [] };
    const f = await figuresOf(period);
    const mine = inst === null ? f.cases : f.cases.filter((c) => c.fixmedins_code === inst);
    const ind = computeIndicators(f.cases, { last_year_budget_fen: 1 }, f.weights);
    const nm = await names();
    const byMonth = new Map<string, DrgCase[]>();
    for (const c of mine) { let l = byMonth.get(c.month); if (!l) byMonth.set(c.month, (l = [])); l.push(c); }
    const months = [...byMonth.keys()].sort().map((m) => {
      const r = computeIndicators(byMonth.get(m)!, { last_year_budget_fen: 1 }, f.weights).region;
      return { month: m, cases: r.cases, cmi: r.cmi, avg_cost: yuan(r.avg_cost_fen), ungrouped_rate: r.ungrouped_rate };
    });
    const own = new Map<string, number>();
    for (const c of mine) if (c.grouped) own.set(c.drg, (own.get(c.drg) ?? 0) + 1);
    const drgNames = scheme?.data.drgNames ?? {};
    const drgs = f.weights.drgs.filter((w) => own.has(w.drg)).sort((a, b) => (own.get(b.drg)! - own.get(a.drg)!) || (a.drg < b.drg ? -1 : 1))
      .map((w) => ({ drg: w.drg, name: drgNames[w.drg] ?? null, adrg: w.adrg, cases: own.get(w.drg)!, region_cases: w.cases,
        avg_cost: yuan(w.avg_cost_fen), rw: w.rw, base_points: w.base_points }));
    // CMI by department and by doctor (codes are the institution's own), largest case counts first.
    const units = (rows: typeof ind.departments) => rows.filter((r) => inst === null || r.fixmedins_code === inst)
      .sort((a, b) => b.grouped_cases - a.grouped_cases || (a.fixmedins_code < b.fixmedins_code ? -1 : 1)).slice(0, 500)
      .map((r) => ({ fixmedins_code: r.fixmedins_code, code: r.code, grouped_cases: r.grouped_cases, cmi: r.cmi }));
    return { ...head, period, region: institutionRow(ind.region, nm),
      institutions: ind.institutions.filter((r) => inst === null || r.fixmedins_code === inst).map((r) => institutionRow(r, nm)), months, drgs,
      departments: units(ind.departments), doctors: units(ind.doctors) };
  });

  app.get('/api/v1/drg/cases', async (req, reply) => {
    const user = await deps.guard(req, reply);
    if (!user) return reply;
    const q = parseOr400(CasesQuery, req.query, reply, 'query');
    if (!q) return reply;
    const inst = scope(user, q.institution, reply);
    if (inst === undefined) return reply;
    await ensure();
    const where: string[] = ['1 = 1']; const params: (string | number)[] = [];
    if (q.from) { where.push('r.dscg_date >= CAST(? AS DATE)'); params.push(q.from); }
    if (q.to) { where.push('r.dscg_date <= CAST(? AS DATE)'); params.push(q.to); }
    if (inst !== null) { where.push('r.fixmedins_code = ?'); params.push(inst); }
    if (q.drg) { where.push('r.drg = ?'); params.push(q.drg); }
    if (q.status) { where.push('r.status = ?'); params.push(q.status); }
    const w = where.join(' AND ');
    const [tot, rows] = await serial(async () => [
      await wh.one<{ n: number | bigint }>(`SELECT count(*) AS n FROM drg_result r WHERE ${w}`, params),
      await wh.all(`SELECT r.setl_id, r.mdtrt_id, r.psn_no, r.fixmedins_code, CAST(r.dscg_date AS VARCHAR) AS dscg_date, r.status, r.drg, r.adrg,
          r.reject_reason, r.main_diag, r.mcc_codes, r.cc_codes, r.scheme_version, CAST(CAST(s.medfee_sumamt AS DECIMAL(18,2)) AS VARCHAR) AS medfee_sumamt,
          CAST(CAST(s.hifp_pay AS DECIMAL(18,2)) AS VARCHAR) AS hifp_pay
        FROM drg_result r LEFT JOIN setl_d s ON s.setl_id = r.setl_id WHERE ${w} ORDER BY r.dscg_date, r.setl_id
        LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`, params),
    ] as const);
    await logAccess(ops, { user, action: 'view', object: 'drg-cases', detail: { ...q, institution: inst }, ip: req.ip });
    return { total: Number(tot?.n ?? 0), page: q.page, page_size: q.page_size, cases: rows };
  });

  app.get('/api/v1/drg/cases/:setl_id', async (req, reply) => {
    const user = await deps.guard(req, reply);
    if (!user) return reply;
    const { setl_id } = req.params as { setl_id: string };
    if (!/^[0-9A-Za-z_-]{1,64}$/.test(setl_id)) return fail(reply, 404, 'not_found', 'drg.explain.notFound', { setl_id });
    await ensure();
    try {
      const e = await serial(() => explainSettlement(wh, setl_id));
      // Another institution's case answers like one that does not exist.
      if (user.role === 'institution' && e.settlement.fixmedins_code !== user.fixmedins_code) {
        return fail(reply, 404, 'not_found', 'drg.explain.notFound', { setl_id });
      }
      await logAccess(ops, { user, action: 'view', object: `drg-case ${setl_id}`, ip: req.ip });
      return jsonSafe(e);
    } catch (err) {
      if (err instanceof DrgRunError) return fail(reply, 404, 'not_found', err.key, err.params);
      throw err;
    }
  });

  app.get('/api/v1/drg/settlements', async (req, reply) => {
    const user = await deps.guard(req, reply);
    if (!user) return reply;
    await ensure();
    const runs = await serial(() => wh.all(`SELECT run_id, kind, CAST(period_from AS VARCHAR) AS period_from, CAST(period_to AS VARCHAR) AS period_to,
      cases, grouped_cases, budget_fen, CAST(point_value_fen AS VARCHAR) AS point_value_fen, drg_payment_fen, balance_fen,
      CAST(created_at AS VARCHAR) AS created_at, created_by FROM drg_settlement_run ORDER BY run_id DESC LIMIT 200`));
    await logAccess(ops, { user, action: 'view', object: 'drg-settlements', ip: req.ip });
    // An institution sees that runs exist and their period, not the region's money.
    return { runs: (jsonSafe(runs) as Record<string, unknown>[]).map((r) => (user.role === 'institution'
      ? { run_id: r.run_id, kind: r.kind, period_from: r.period_from, period_to: r.period_to, created_at: r.created_at } : r)) };
  });

  const runOf = async (id: number) => serial(() => wh.one<Record<string, unknown>>(`SELECT run_id, kind, CAST(period_from AS VARCHAR) AS period_from,
    CAST(period_to AS VARCHAR) AS period_to, CAST(params AS VARCHAR) AS params, scheme_versions, cases, grouped_cases, normal_cases, high_cost_cases,
    low_cost_cases, ungrouped_cases, budget_fen, CAST(total_points AS VARCHAR) AS total_points, CAST(point_value_fen AS VARCHAR) AS point_value_fen,
    drg_payment_fen, rounding_remainder_fen, already_paid_fen, balance_fen, ungrouped_fund_paid_fen, CAST(created_at AS VARCHAR) AS created_at, created_by
    FROM drg_settlement_run WHERE run_id = ?`, [id]));

  app.get('/api/v1/drg/settlements/:run_id', async (req, reply) => {
    const user = await deps.guard(req, reply);
    if (!user) return reply;
    await ensure();
    const id = positiveId((req.params as { run_id: string }).run_id);
    const run = id === null ? undefined : await runOf(id);
    if (!run) return fail(reply, 404, 'not_found', 'workbench.drg.settlement_not_found', { run_id: (req.params as { run_id: string }).run_id });
    const own = user.role === 'institution' ? user.fixmedins_code : null;
    const [insts, weights] = await serial(async () => [
      await wh.all(`SELECT fixmedins_code, CAST(coefficient AS VARCHAR) AS coefficient, cases, normal_cases, high_cost_cases, low_cost_cases, ungrouped_cases,
          CAST(points AS VARCHAR) AS points, drg_payment_fen, already_paid_fen, balance_fen, ungrouped_fund_paid_fen, medfee_fen,
          CAST(payment_ratio AS VARCHAR) AS payment_ratio
        FROM drg_settlement_institution WHERE run_id = ?${own ? ' AND fixmedins_code = ?' : ''} ORDER BY fixmedins_code`, own ? [id!, own] : [id!]),
      await wh.all(`SELECT drg, adrg, cases, kept_cases, CAST(avg_cost_fen AS VARCHAR) AS avg_cost_fen, CAST(rw AS VARCHAR) AS rw,
          CAST(base_points AS VARCHAR) AS base_points FROM drg_settlement_weight WHERE run_id = ? ORDER BY drg`, [id!]),
    ] as const);
    await logAccess(ops, { user, action: 'view', object: `drg-settlement ${id}`, ip: req.ip });
    const nm = await names();
    const institutions = (jsonSafe(insts) as Record<string, unknown>[]).map((r) => ({ ...r, fixmedins_name: nm.get(String(r.fixmedins_code)) ?? null }));
    const r = jsonSafe(run) as Record<string, unknown>;
    const head = { ...r, params: JSON.parse(String(r.params)) };
    if (own) {
      return { run_id: r.run_id, kind: r.kind, period_from: r.period_from, period_to: r.period_to, point_value_fen: r.point_value_fen,
        params: { institution_coefficient: (head.params as { institution_coefficients?: Record<string, string>; default_coefficient?: string })
          .institution_coefficients?.[own] ?? (head.params as { default_coefficient?: string }).default_coefficient ?? null },
        institutions, weights: jsonSafe(weights) };
    }
    return { ...head, institutions, weights: jsonSafe(weights) };
  });

  // The report is computed again from the run's period and parameters (the same figures: the method is deterministic).
  app.get('/api/v1/drg/settlements/:run_id/report.xlsx', async (req, reply) => {
    const user = await deps.guard(req, reply, ['admin', 'supervisor', 'auditor']);
    if (!user) return reply;
    await ensure();
    const id = positiveId((req.params as { run_id: string }).run_id);
    const run = id === null ? undefined : await runOf(id);
    if (!run) return fail(reply, 404, 'not_found', 'workbench.drg.settlement_not_found', { run_id: (req.params as { run_id: string }).run_id });
    const period = { from: String(run.period_from), to: String(run.period_to) };
    const dir = mkdtempSync(join(deps.dataDir, 'tmp', 'drg-report-'));
    try {
      const path = join(dir, 'report.xlsx');
      await serial(async () => {
        const { cases, schemeVersions } = await readDrgCases(wh, period.from, period.to);
        const { params, defaulted } = resolveSettleParams(JSON.parse(String(run.params)), cases, period);
        const settlement = settleDrg(cases, params);
        const scheme = await loadStoredDrgScheme(wh).catch(() => null);
        await writeDrgReport(path, { kind: run.kind as 'settle' | 'shadow', runId: id!, period, schemeVersions, settlement,
          shadow: shadowRun(settlement, cases), cases, drgNames: scheme?.data.drgNames ?? {}, budgetDefaulted: defaulted });
      });
      await logAccess(ops, { user, action: 'export', object: `drg-settlement ${id}.xlsx`, ip: req.ip });
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header('content-disposition', `attachment; filename="drg-settlement-${id}.xlsx"`);
      return reply.send(readFileSync(path));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  app.post('/api/v1/drg/settlements', async (req, reply) => {
    const user = await deps.guard(req, reply, ['admin', 'supervisor']);
    if (!user) return reply;
    const b = parseOr400(SettleBody, req.body, reply);
    if (!b) return reply;
    // The parameters are checked before the job starts (the budget, when missing, is filled in from the period's cases).
    try { parseDrgParams({ last_year_budget_fen: 1, ...(b.params ?? {}) }); } catch (e) {
      if (e instanceof DrgParamsError) return badField(reply, `params.${e.issues[0].path}`, e.issues[0].message);
      throw e;
    }
    await ensure();
    const jobId = await jobs.submit('drg_settle', user, b, async (ctx) => {
      ctx.progress(0, 1, b.kind);
      try {
        const r = await serial(() => runDrgSettlement(wh, { kind: b.kind, from: b.from, to: b.to, params: b.params, by: user.username }));
        ctx.progress(1, 1, null);
        return { run_id: r.run_id, kind: r.kind, period: r.period, totals: r.totals, budget_check: r.budget_check, seconds: r.seconds };
      } catch (e) {
        if (e instanceof DrgParamsError) throw new JobError('workbench.drg.bad_params', { detail: e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') });
        if (e instanceof DrgRunError) throw new JobError(e.key, e.params);
        throw e;
      }
    });
    await logAccess(ops, { user, action: 'drg_settle', object: `job ${jobId}`, detail: b, ip: req.ip });
    return { job_id: jobId };
  });
}
