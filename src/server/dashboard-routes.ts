/**
 * 指挥中心 dashboard, institution portal overview (机构端) and monthly deduction notices (扣款通知).
 * Same conventions as the findings API: the session guard, errors naming the field, an institution
 * user forced to its own institution (naming another is 403), every view and export in the access
 * log, warehouse queries one at a time through `serial`. Figures are in ../audit/dashboard.ts,
 * portal.ts and deductions.ts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { msg } from '../domain/messages/index.js';
import { badField, fail, institutionScope, parseOr400 } from './errors.js';
import { day, institution, month, runId } from './query-fields.js';
import { getSetting } from '../store/app-settings.js';
import { loadRuleKinds } from '../rules/registry.js';
import { RULE_MIGRATIONS } from '../rules/store.js';
import { logAccess, type User } from './auth/store.js';
import type { Guard } from './auth/routes.js';
import type { RouteDeps } from './route-deps.js';
import { ensureReviewSchema, pendingFirstDue, ReviewError, reviewLimits, STATUS_ZH } from '../audit/review.js';
import { findingFigures, fundPaid, monthsOf, OPEN_STATUSES, outliers, ruleKindsById, ruleNames, SEVERITIES, STATUSES,
  topInstitutions, compareMoney, type Filter, type FundPaid } from '../audit/dashboard.js';
import { deadlines, findingsByStatus, institutionIndicators, institutionInfo, type IndicatorAnswer } from '../audit/portal.js';
import { deductionWorkbook, monthDeductions } from '../audit/deductions.js';

export const BUREAU_NAME_SETTING = 'region.bureau_name';
const MAX_MONTHS = 120;
const CACHE_SIZE = 200;


const DashboardQuery = z.object({ run_id: runId.optional(), from: day.optional(), to: day.optional(), institution: institution.optional() }).strict();
const PortalQuery = z.object({ run_id: runId.optional(), institution: institution.optional() }).strict();
const DeductionQuery = z.object({ month: month.optional(),
  institution: institution.optional() }).strict();

interface Run { run_id: number; period_from: string; period_to: string; finished_at: Date | string }

export function registerDashboardRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { ops } = deps;
  let schema: Promise<void> | undefined;
  // The review and rule tables are read everywhere; created once, on first use (as the findings API does).
  const ensure = async () => { await ensureReviewSchema(ops); await ops.ensureSchema('rules', RULE_MIGRATIONS); };
  const guard: Guard = async (req, reply, roles) => { await (schema ??= ensure()); return deps.guard(req, reply, roles); };

  const parse = <T>(schema: z.ZodType<T>, query: unknown, reply: FastifyReply): T | null => parseOr400(schema, query, reply, 'query');
  const scope = institutionScope;
  /** The asked (or latest) finished audit run; 'missing' when an asked one does not exist. */
  const findRun = async (id: number | undefined): Promise<Run | null | 'missing'> => {
    const [r] = await ops.query<Run>(`SELECT run_id, period_from::text AS period_from, period_to::text AS period_to, finished_at
      FROM audit_run WHERE kind = 'audit' AND finished_at IS NOT NULL AND ($1::int IS NULL OR run_id = $1::int)
      ORDER BY run_id DESC LIMIT 1`, [id ?? null]);
    return r ? { ...r, run_id: Number(r.run_id) } : id === undefined ? null : 'missing';
  };
  /** Limits of the region, or null after answering 500 with what is wrong in the setting. */
  const limits = async (reply: FastifyReply) => {
    try { return await reviewLimits(ops); } catch (e) {
      if (e instanceof ReviewError) { fail(reply, e.status, e.code, `review.${e.code}`, e.vars); return null; }
      throw e;
    }
  };
  /** Untouched findings are pending_first, due the first-review limit after the run finished (as review.ts counts). */
  const pendingDue = (run: Run, l: Partial<Record<string, number>>) => pendingFirstDue(run.finished_at, l);
  const rules = async () => ({ kinds: await loadRuleKinds(), kindOf: await ruleKindsById(ops) });

  // Warehouse figures change only on import, which is followed by a new run: cached per run and filter.
  const paidCache = new Map<string, Promise<FundPaid>>();
  const cachedPaid = (f: Filter): Promise<FundPaid> => {
    const key = JSON.stringify([f.runId, f.from, f.to, f.institution]);
    let p = paidCache.get(key);
    if (!p) {
      p = deps.serial(() => fundPaid(deps.wh, f));
      paidCache.set(key, p);
      p.catch(() => paidCache.delete(key));
      if (paidCache.size > CACHE_SIZE) paidCache.delete(paidCache.keys().next().value!);
    }
    return p;
  };
  const indicatorCache = new Map<string, Promise<IndicatorAnswer>>();
  const cachedIndicators = (run: number | null, code: string): Promise<IndicatorAnswer> => {
    const key = JSON.stringify([run, code]);
    let p = indicatorCache.get(key);
    if (!p) {
      p = deps.serial(() => institutionIndicators(deps.wh, code));
      indicatorCache.set(key, p);
      // A missing table is not kept: the next audit builds it.
      p.then((a) => { if (a.state === 'missing') indicatorCache.delete(key); }, () => indicatorCache.delete(key));
      if (indicatorCache.size > CACHE_SIZE) indicatorCache.delete(indicatorCache.keys().next().value!);
    }
    return p;
  };

  app.get('/api/v1/dashboard', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    const q = parse(DashboardQuery, req.query, reply);
    if (!q) return reply;
    const inst = scope(user, q.institution, reply);
    if (inst === undefined) return reply;
    const run = await findRun(q.run_id);
    if (run === 'missing') return fail(reply, 404, 'not_found', 'workbench.run_not_found', { run_id: q.run_id });
    if (!run) {
      await logAccess(ops, { user, action: 'view', object: 'dashboard', detail: { ...q, run_id: null }, ip: req.ip });
      return { run_id: null, period: null, totals: { fund_paid: '0.00', at_stake: '0.00', findings: 0, institutions_flagged: 0, settlements: 0, overdue: 0 },
        by_month: [], by_rule: [], by_severity: [], by_status: [], top_institutions: [], review_progress: [], outliers: [], outliers_total: 0 };
    }
    const from = q.from ?? run.period_from; const to = q.to ?? run.period_to;
    if (from > to) return badField(reply, 'to', 'workbench.to_before_from', {}, 'query');
    const months = monthsOf(from, to);
    if (months.length > MAX_MONTHS) return badField(reply, 'from', 'workbench.period_too_long', { months: MAX_MONTHS }, 'query');
    const l = await limits(reply);
    if (!l) return reply;
    const f: Filter = { runId: run.run_id, from, to, institution: inst };
    const { kinds, kindOf } = await rules();
    const outlierRules = [...new Set(['provider_outlier', ...[...kindOf].filter(([, k]) => k === 'provider_outlier').map(([id]) => id)])];
    const [paid, figs, out] = await Promise.all([cachedPaid(f), findingFigures(ops, f, pendingDue(run, l)), outliers(ops, f, outlierRules)]);
    await logAccess(ops, { user, action: 'view', object: 'dashboard', detail: { ...q, run_id: run.run_id, institution: inst }, ip: req.ip });
    const zero = { findings: 0, amount: '0.00', overdue: 0, due_soon: 0 };
    return {
      run_id: run.run_id, period: { from, to }, institution: inst,
      totals: { fund_paid: paid.total, at_stake: figs.totals.at_stake, findings: figs.totals.findings,
        institutions_flagged: figs.totals.institutions_flagged, settlements: paid.settlements, overdue: figs.totals.overdue },
      by_month: months.map((m) => ({ ...m, fund_paid: paid.months.get(m.month)?.fund_paid ?? '0.00', settlements: paid.months.get(m.month)?.settlements ?? 0,
        at_stake: figs.months.get(m.month)?.at_stake ?? '0.00', findings: figs.months.get(m.month)?.findings ?? 0 })),
      by_rule: [...figs.rules].sort((a, b) => compareMoney(b.amount, a.amount) || b.findings - a.findings || String(a.key).localeCompare(String(b.key)))
        .map((r) => ({ rule_id: r.key, ...ruleNames(r.key!, kindOf, kinds), findings: r.findings, amount: r.amount })),
      by_severity: SEVERITIES.map((s) => ({ severity: s, findings: figs.severities.get(s)?.findings ?? 0, amount: figs.severities.get(s)?.amount ?? '0.00' })),
      by_status: STATUSES.map((s) => { const r = figs.statuses.get(s) ?? zero; return { status: s, status_zh: STATUS_ZH[s], findings: r.findings, amount: r.amount, overdue: r.overdue }; }),
      top_institutions: topInstitutions(figs, paid),
      review_progress: OPEN_STATUSES.map((s) => { const r = figs.statuses.get(s) ?? zero; return { status: s, total: r.findings, overdue: r.overdue, due_in_3_days: r.due_soon }; }),
      outliers: out.rows, outliers_total: out.total,
    };
  });

  app.get('/api/v1/portal/overview', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    const q = parse(PortalQuery, req.query, reply);
    if (!q) return reply;
    const code = scope(user, q.institution, reply);
    if (code === undefined) return reply;
    if (code === null) return fail(reply, 400, 'invalid_request', 'workbench.institution_required', {}, 'institution');
    const run = await findRun(q.run_id);
    if (run === 'missing') return fail(reply, 404, 'not_found', 'workbench.run_not_found', { run_id: q.run_id });
    const l = await limits(reply);
    if (!l) return reply;
    const info = await deps.serial(() => institutionInfo(deps.wh, code));
    const findings = await findingsByStatus(ops, run?.run_id ?? null, code, run ? pendingDue(run, l) : null);
    if (!info && user.role !== 'institution' && findings.total === 0) return fail(reply, 404, 'not_found', 'workbench.institution_not_found', { code });
    const due = await deadlines(ops, code);
    const ind = await cachedIndicators(run?.run_id ?? null, code);
    const note = ind.state === 'missing' ? 'portal.indicators_missing' : ind.rows.length ? null : 'portal.indicators_none';
    await logAccess(ops, { user, action: 'view', object: 'portal', detail: { institution: code, run_id: run?.run_id ?? null }, ip: req.ip });
    return {
      institution: info ?? { fixmedins_code: code, fixmedins_name: null, hosp_lv: null },
      run_id: findings.run_id,
      findings: { total: findings.total, amount: findings.amount, by_status: findings.by_status },
      deadlines: due.rows, deadlines_total: due.total,
      indicators: ind.state === 'ok' ? ind.rows : [],
      indicators_period: ind.state === 'ok' ? { month: ind.month, year: ind.month?.slice(0, 4) ?? null, as_of: ind.as_of } : null,
      indicators_note: note ? { code: note.slice('portal.'.length), message_zh: msg(note, {}, 'zh'), message_en: msg(note, {}, 'en') } : null,
    };
  });

  /** The month's deductions for the caller; null after answering 400/403. */
  const deductionsFor = async (req: { query: unknown }, reply: FastifyReply, user: User) => {
    const q = parse(DeductionQuery, req.query, reply);
    if (!q) return null;
    const inst = scope(user, q.institution, reply);
    if (inst === undefined) return null;
    const month = q.month ?? (await ops.query<{ m: string }>(`SELECT to_char(current_date, 'YYYY-MM') AS m`))[0].m;
    const { kinds, kindOf } = await rules();
    return { q, inst, data: await monthDeductions(ops, month, inst, (id) => ruleNames(id, kindOf, kinds).name_zh) };
  };

  app.get('/api/v1/deductions', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    const d = await deductionsFor(req, reply, user);
    if (!d) return reply;
    await logAccess(ops, { user, action: 'view', object: 'deductions', detail: { month: d.data.month, institution: d.inst }, ip: req.ip });
    const { items, ...rest } = d.data;
    // The notice lines only for one institution: a whole region's month is for the export.
    return { ...rest, institution: d.inst, ...(d.inst ? { items } : {}) };
  });

  app.get('/api/v1/deductions/export.xlsx', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    const d = await deductionsFor(req, reply, user);
    if (!d) return reply;
    const setting = await getSetting<unknown>(ops, BUREAU_NAME_SETTING);
    const bureau = typeof setting === 'string' && setting.trim() ? setting.trim() : msg('deductions.bureau_default', {}, 'zh');
    const [today] = await ops.query<{ d: string }>(`SELECT current_date::text AS d`);
    const wb = deductionWorkbook(d.data, { bureau, issuedOn: today.d });
    await logAccess(ops, { user, action: 'export', object: 'deductions.xlsx', detail: { month: d.data.month, institution: d.inst,
      institutions: d.data.institutions.length, findings: d.data.findings, total: d.data.total }, ip: req.ip });
    const suffix = d.inst ? `-${d.inst.replace(/[^A-Za-z0-9_-]/g, '_')}` : '';
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="deductions-${d.data.month}${suffix}.xlsx"`);
    return reply.send(Buffer.from(await wb.xlsx.writeBuffer()));
  });
}
