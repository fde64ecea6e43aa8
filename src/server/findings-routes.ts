/**
 * The findings API of the workbench: list with filters, detail with its evidence from the
 * warehouse, Excel export of what is filtered (masked), and revealing one person's data with a
 * stated reason. An institution user sees only its own institution, whatever ids it sends.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { msg } from '../domain/messages/index.js';
import { fail, parseOr400 } from './errors.js';
import { day, institution, money, runId } from './query-fields.js';
import type { OpStore } from '../store/opstore.js';
import type { Warehouse } from '../store/warehouse.js';
import { FindingEvidence, type EvidenceFinding } from './finding-evidence.js';
import { logAccess, type User } from './auth/store.js';
import type { Guard } from './auth/routes.js';
import { maskCertno, maskName, maskPhone } from './masking.js';
import { attachmentsByIds, ensureAttachmentSchema } from '../audit/attachments.js';
import { finishedRunsInProcess } from '../audit/run-store.js';
import { settingsWrittenInProcess } from '../store/app-settings.js';
import { applyTransition, ensureReviewSchema, pendingFirstDue, ReviewError, reviewLimits, STATUS_ZH, TRANSITIONS, transitionsOf, type ReviewAction } from '../audit/review.js';

export const FindingQuery = z.object({
  run_id: runId.optional(),
  from: day.optional(), to: day.optional(),
  institution: institution.optional(),
  rule_id: z.string().trim().regex(/^[a-z_]{2,64}$/).optional(),
  severity: z.enum(['violation', 'suspect_high', 'suspect']).optional(),
  min_amount: money.optional(), max_amount: money.optional(),
  status: z.enum(['pending_first', 'pending_second', 'awaiting_appeal', 'appealed', 'concluded', 'deducted', 'dismissed']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
}).strict();
type Query = z.infer<typeof FindingQuery>;


/** WHERE clause and parameters for a query, with the institution user's own institution forced. */
function where(q: Query, user: User, runId: number): { sql: string; params: unknown[] } {
  const parts = ['f.run_id = $1']; const params: unknown[] = [runId];
  const add = (cond: (n: string) => string, v: unknown) => { params.push(v); parts.push(cond(`$${params.length}`)); };
  if (user.role === 'institution') add((n) => `fixmedins_code = ${n}`, user.fixmedins_code);
  else if (q.institution) add((n) => `fixmedins_code = ${n}`, q.institution);
  if (q.from) add((n) => `occurred_at >= ${n}::date`, q.from);
  if (q.to) add((n) => `occurred_at <= ${n}::date`, q.to);
  if (q.rule_id) add((n) => `rule_id = ${n}`, q.rule_id);
  if (q.severity) add((n) => `severity = ${n}`, q.severity);
  if (q.min_amount) add((n) => `amount >= ${n}::numeric`, q.min_amount);
  if (q.max_amount) add((n) => `amount <= ${n}::numeric`, q.max_amount);
  if (q.status) add((n) => `coalesce(r.status, 'pending_first') = ${n}`, q.status);
  return { sql: parts.join(' AND '), params };
}

/** The columns of a finding as the pages show it; `due` is the parameter holding the run's pendingFirstDue. */
const cols = (due: string) => `f.run_id, f.seq, rule_id, rule_version, severity, fixmedins_code, fixmedins_name, psn_no, mdtrt_id, setl_id, bkkp_sn,
  amount::text AS amount, occurred_at::text AS occurred_at, message, evidence, knowledge_ref, basis,
  coalesce(r.status, 'pending_first') AS status, coalesce(r.version, 0) AS version,
  (CASE WHEN r.run_id IS NULL THEN ${due}::date ELSE r.due_at END)::text AS due_at,
  coalesce(coalesce(r.status, 'pending_first') NOT IN ('deducted', 'dismissed')
    AND CASE WHEN r.run_id IS NULL THEN ${due}::date ELSE r.due_at END < current_date, false) AS overdue,
  r.deducted_amount::text AS deducted_amount`;
const FROM = 'audit_finding f LEFT JOIN finding_review r ON r.run_id = f.run_id AND r.seq = f.seq';

export function registerFindingRoutes(app: FastifyInstance, deps: { ops: OpStore; wh: Warehouse; guard: Guard;
  serial: <T>(fn: () => Promise<T>) => Promise<T> }): void {
  const { ops } = deps;
  let schema: Promise<void> | undefined;
  // Every route needs the review tables (lists join them); created once, on first use.
  const guard: Guard = async (req, reply, roles) => { await (schema ??= ensureReviewSchema(ops)); return deps.guard(req, reply, roles); };
  // Evidence reads go to their own connections, beside the main one that audits and imports use.
  const evidence = new FindingEvidence(deps.wh);
  app.addHook('onClose', async () => evidence.close());
  // When the server is up, the latest run's open findings (in the queue's order) are loaded in the background.
  app.addHook('onReady', async () => {
    void (async () => {
      await (schema ??= ensureReviewSchema(ops));
      const runId = await latestRun();
      if (runId === null) return;
      const open = await ops.query<EvidenceFinding>(`SELECT f.run_id, f.seq, f.psn_no, f.fixmedins_code, f.mdtrt_id, f.bkkp_sn FROM ${FROM}
        WHERE f.run_id = $1 AND coalesce(r.status, 'pending_first') NOT IN ('deducted', 'dismissed') ORDER BY f.seq LIMIT 5000`, [runId]);
      await evidence.warm(open);
    })().catch(() => undefined);
  });
  // Every list asks for the latest run: it is looked up again when a run finishes in this process, and at
  // least every few seconds for runs finished by the command line.
  let latest: { gen: number; at: number; id: Promise<number | null> } | undefined;
  const latestRun = (): Promise<number | null> => {
    if (!latest || latest.gen !== finishedRunsInProcess() || Date.now() - latest.at > 3_000) {
      const id = ops.query<{ id: number | null }>(`SELECT max(run_id) AS id FROM audit_run WHERE kind = 'audit' AND finished_at IS NOT NULL`)
        .then((r) => r[0]?.id ?? null);
      latest = { gen: finishedRunsInProcess(), at: Date.now(), id };
      id.catch(() => { latest = undefined; });
    }
    return latest.id;
  };
  const reviewFail = (reply: FastifyReply, e: ReviewError) => fail(reply, e.status, e.code, `review.${e.code}`, e.vars);
  // The due date of a run's untouched findings (as on the dashboard). The region's limits are kept a few
  // seconds (at once looked up again when a setting is written in this process); the run's end is read each time.
  let limits: { at: number; gen: number; value: ReturnType<typeof reviewLimits> } | undefined;
  const pendingDue = async (runId: number): Promise<string | null> => {
    if (!limits || limits.gen !== settingsWrittenInProcess() || Date.now() - limits.at > 3_000) {
      const value = reviewLimits(ops);
      limits = { at: Date.now(), gen: settingsWrittenInProcess(), value };
      value.catch(() => { limits = undefined; });
    }
    const [run] = await ops.query<{ finished_at: Date | string | null }>('SELECT finished_at FROM audit_run WHERE run_id = $1', [runId]);
    return run?.finished_at ? pendingFirstDue(run.finished_at, await limits.value) : null;
  };
  /** The run's due date, or null after answering with what is wrong in the review.limits setting. */
  const dueOrFail = async (runId: number, reply: FastifyReply): Promise<{ due: string | null } | null> => {
    try { return { due: await pendingDue(runId) }; } catch (e) {
      if (e instanceof ReviewError) { reviewFail(reply, e); return null; }
      throw e;
    }
  };
  const parse = async (query: unknown, reply: FastifyReply, user: User) => {
    const q = parseOr400(FindingQuery, query, reply, 'query');
    if (!q) return null;
    if (user.role === 'institution' && q.institution && q.institution !== user.fixmedins_code) {
      fail(reply, 403, 'forbidden', 'findings.other_institution');
      return null;
    }
    const runId = q.run_id ?? await latestRun();
    return { q, runId };
  };

  app.get('/api/v1/findings', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    const p = await parse(req.query, reply, user);
    if (!p) return reply;
    if (p.runId === null) return { run_id: null, total: 0, amount: '0.00', findings: [] };
    const d = await dueOrFail(p.runId, reply);
    if (!d) return reply;
    const w = where(p.q, user, p.runId);
    const [tot] = await ops.query<{ n: number; amount: string }>(`SELECT count(*)::int AS n, coalesce(sum(amount), 0)::numeric(18,2)::text AS amount
      FROM ${FROM} WHERE ${w.sql}`, w.params as never);
    const rows = await ops.query<EvidenceFinding>(`SELECT ${cols(`$${w.params.length + 1}`)} FROM ${FROM} WHERE ${w.sql} ORDER BY f.seq
      LIMIT ${p.q.page_size} OFFSET ${(p.q.page - 1) * p.q.page_size}`, [...w.params, d.due] as never);
    // The reviewer opens one of these next: their evidence is fetched now, in one go.
    evidence.prefetch(rows);
    await logAccess(ops, { user, action: 'view', object: 'findings', detail: { ...p.q, run_id: p.runId }, ip: req.ip });
    return { run_id: p.runId, total: tot.n, amount: tot.amount, page: p.q.page, page_size: p.q.page_size, findings: rows };
  });

  app.get('/api/v1/findings/:run_id/:seq', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    const { run_id, seq } = req.params as { run_id: string; seq: string };
    if (!/^\d{1,9}$/.test(run_id) || !/^\d{1,9}$/.test(seq)) return fail(reply, 404, 'not_found', 'findings.not_found');
    const d = await dueOrFail(Number(run_id), reply);
    if (!d) return reply;
    const params: unknown[] = [Number(run_id), Number(seq), d.due];
    const own = user.role === 'institution' ? (params.push(user.fixmedins_code), ' AND f.fixmedins_code = $4') : '';
    const [f] = await ops.query<Record<string, unknown> & EvidenceFinding>(`SELECT ${cols('$3')} FROM ${FROM} WHERE f.run_id = $1 AND f.seq = $2${own}`, params as never);
    // Another institution's finding answers exactly like one that does not exist.
    if (!f) return fail(reply, 404, 'not_found', 'findings.not_found');
    const ev = await evidence.get(f, user.role === 'institution' ? user.fixmedins_code : null);
    const person = ev.person ? { ...ev.person, psn_name: maskName(ev.person.psn_name),
      certno: maskCertno(ev.person.certno), tel: maskPhone(ev.person.tel), masked: true } : null;
    await logAccess(ops, { user, action: 'view', object: `finding ${run_id}/${seq}`, ip: req.ip });
    return { finding: f, lines: ev.lines, visit: ev.visit, related_visits: ev.related, person,
      history: await transitionsOf(ops, Number(run_id), Number(seq)) };
  });

  const RevealSchema = z.object({ reason: z.string().trim().min(4).max(500) }).strict();
  app.post('/api/v1/persons/:psn_no/reveal', async (req, reply) => {
    const user = await guard(req, reply, ['auditor', 'supervisor']);
    if (!user) return reply;
    const { psn_no } = req.params as { psn_no: string };
    const b = RevealSchema.safeParse(req.body);
    if (!b.success) return fail(reply, 400, 'invalid_request', 'findings.reveal_reason', {}, 'reason');
    const p = await deps.serial(() => deps.wh.one('SELECT psn_no, psn_name, certno, tel FROM psn_info WHERE psn_no = ?', [psn_no]));
    if (!p) return fail(reply, 404, 'not_found', 'findings.not_found');
    await logAccess(ops, { user, action: 'reveal', object: `psn ${psn_no}`, detail: { reason: b.data.reason }, ip: req.ip });
    return { person: p };
  });

  app.get('/api/v1/findings/export.xlsx', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    const p = await parse(req.query, reply, user);
    if (!p) return reply;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('疑点明细');
    ws.columns = [['规则', 'rule_id', 28], ['版本', 'rule_version', 6], ['严重程度', 'severity', 12], ['机构编码', 'fixmedins_code', 16],
      ['机构名称', 'fixmedins_name', 24], ['人员编号', 'psn_no', 22], ['就诊ID', 'mdtrt_id', 22], ['结算ID', 'setl_id', 22],
      ['费用明细流水号', 'bkkp_sn', 30], ['金额（元）', 'amount', 12], ['发生日期', 'occurred_at', 12], ['疑点描述', 'message', 80],
      ['知识依据', 'knowledge_ref', 30], ['法律依据', 'basis', 40], ['审核状态', 'status', 10], ['扣款金额（元）', 'deducted_amount', 14]].map(([header, key, width]) => ({ header: header as string, key: key as string, width: width as number }));
    let n = 0;
    if (p.runId !== null) {
      const d = await dueOrFail(p.runId, reply);
      if (!d) return reply;
      const w = where(p.q, user, p.runId);
      for (const r of await ops.query<Record<string, unknown>>(`SELECT ${cols(`$${w.params.length + 1}`)} FROM ${FROM} WHERE ${w.sql}
        ORDER BY f.seq LIMIT 1000000`, [...w.params, d.due] as never)) {
        ws.addRow({ ...r, bkkp_sn: (r.bkkp_sn as string[]).join(','), amount: Number(r.amount), status: STATUS_ZH[r.status as keyof typeof STATUS_ZH],
          deducted_amount: r.deducted_amount === null ? null : Number(r.deducted_amount) });
        n++;
      }
    }
    ws.getColumn('amount').numFmt = '#,##0.00';
    ws.getColumn('deducted_amount').numFmt = '#,##0.00';
    await logAccess(ops, { user, action: 'export', object: 'findings.xlsx', detail: { ...p.q, run_id: p.runId, rows: n }, ip: req.ip });
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="findings-${p.runId ?? 0}.xlsx"`);
    return reply.send(Buffer.from(await wb.xlsx.writeBuffer()));
  });

  const TransitionSchema = z.object({
    action: z.enum(Object.keys(TRANSITIONS) as [ReviewAction, ...ReviewAction[]]),
    version: z.number().int().min(0),
    reason: z.string().trim().max(2000).optional(),
    amount: money.optional(),
    // By id (uploaded through /attachments); the older {name, size} form is still accepted.
    attachments: z.array(z.union([
      z.object({ id: z.string().max(64), name: z.string().max(200).optional(), size: z.number().int().min(0).optional() }).strict(),
      z.object({ name: z.string().max(200), size: z.number().int().min(0) }).strict(),
    ])).max(20).optional(),
  }).strict();

  // One finding's transition; the body names the version the reviewer saw (409 when it moved on).
  app.post('/api/v1/findings/:run_id/:seq/transition', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    const { run_id, seq } = req.params as { run_id: string; seq: string };
    if (!/^\d{1,9}$/.test(run_id) || !/^\d{1,9}$/.test(seq)) return fail(reply, 404, 'not_found', 'findings.not_found');
    const body = parseOr400(TransitionSchema, req.body, reply);
    if (!body) return reply;
    const b = { data: body };
    await ensureReviewSchema(ops);
    // Attachments cited by id must exist and be the same institution's uploads; they are recorded with their stored name and size.
    let attachments: { id?: string; name: string; size: number }[] | undefined;
    if (b.data.attachments) {
      await ensureAttachmentSchema(ops);
      const known = await attachmentsByIds(ops, b.data.attachments.flatMap((a) => ('id' in a ? [a.id] : [])));
      attachments = [];
      for (const [i, a] of b.data.attachments.entries()) {
        if (!('id' in a)) { attachments.push({ name: a.name, size: a.size }); continue; }
        const rec = known.get(a.id);
        if (!rec || rec.fixmedins_code !== user.fixmedins_code) {
          return fail(reply, 400, 'invalid_request', 'admin.attachment.unknown', { id: a.id }, `attachments[${i}].id`);
        }
        attachments.push({ id: rec.id, name: rec.name, size: Number(rec.size) });
      }
    }
    try {
      const state = await ops.transaction((tx) => applyTransition(tx, { ...b.data, attachments, run_id: Number(run_id), seq: Number(seq),
        by: { username: user.username, role: user.role, fixmedins_code: user.fixmedins_code } }));
      await logAccess(ops, { user, action: `review:${b.data.action}`, object: `finding ${run_id}/${seq}`, ip: req.ip });
      return { state };
    } catch (e) {
      if (e instanceof ReviewError) return reviewFail(reply, e);
      throw e;
    }
  });

  // Bulk: each finding in its own transaction; the answer says per finding what happened.
  const BulkSchema = z.object({ items: z.array(z.object({ run_id: z.number().int(), seq: z.number().int(), version: z.number().int() })).min(1).max(500),
    action: TransitionSchema.shape.action, reason: z.string().trim().max(2000).optional() }).strict();
  app.post('/api/v1/findings/transitions', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    const body = parseOr400(BulkSchema, req.body, reply);
    if (!body) return reply;
    const b = { data: body };
    await ensureReviewSchema(ops);
    const results = [];
    for (const it of b.data.items) {
      try {
        const state = await ops.transaction((tx) => applyTransition(tx, { ...it, action: b.data.action, reason: b.data.reason,
          by: { username: user.username, role: user.role, fixmedins_code: user.fixmedins_code } }));
        results.push({ run_id: it.run_id, seq: it.seq, ok: true, state });
      } catch (e) {
        if (!(e instanceof ReviewError)) throw e;
        results.push({ run_id: it.run_id, seq: it.seq, ok: false, error: e.code });
      }
    }
    await logAccess(ops, { user, action: `review:${b.data.action}`, object: 'findings (bulk)', detail: { n: b.data.items.length }, ip: req.ip });
    return { results };
  });
}
