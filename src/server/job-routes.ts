/**
 * 稽核任务: the recorded audit runs, starting an audit as a job, any job's state and progress
 * (for who started it, and admin), and the re-review samples (复审抽样).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AnyRuleKind } from '../rules/registry.js';
import { currentRules } from '../rules/store.js';
import { AUDIT_MIGRATIONS } from '../audit/run-store.js';
import { drawSample, monthBounds, SAMPLE_MIGRATIONS } from '../audit/sample.js';
import { runAuditJob } from '../audit/audit-job.js';
import type { JobQueue } from '../audit/jobs.js';
import { logAccess } from './auth/store.js';
import { fail } from './errors.js';
import { BUREAU, parseOr400, positiveId } from './admin-util.js';
import type { RouteDeps } from './route-deps.js';
import { day } from './query-fields.js';

const code = z.string().trim().regex(/^[0-9A-Za-z_-]{1,64}$/);

const AuditRunSchema = z.object({
  from: day.optional(), to: day.optional(),
  rules: z.array(z.string().trim().min(1).max(64)).max(200).optional(),
  institutions: z.array(code).max(500).optional(),
}).strict().refine((b) => !b.from || !b.to || b.from <= b.to, { message: 'from after to', path: ['to'] });

const SampleSchema = z.object({
  period: z.string().refine((p) => { try { monthBounds(p); return true; } catch { return false; } }, 'YYYY-MM'),
  rate: z.number().gt(0).max(1),
  seed: z.union([z.string().trim().max(64), z.number().int()]).optional().nullable(),
}).strict();

export function registerJobRoutes(app: FastifyInstance, deps: RouteDeps, kinds: Map<string, AnyRuleKind>, jobs: JobQueue): void {
  const { ops } = deps;

  app.get('/api/v1/audit-runs', async (req, reply) => {
    const user = await deps.guard(req, reply, BUREAU);
    if (!user) return reply;
    const q = parseOr400(z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict(), req.query, reply);
    if (!q) return reply;
    await ops.ensureSchema('audit', AUDIT_MIGRATIONS);
    const runs = await ops.query(`SELECT run_id, kind, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to,
        to_char(started_at, 'YYYY-MM-DD HH24:MI:SS') AS started_at, to_char(finished_at, 'YYYY-MM-DD HH24:MI:SS') AS finished_at,
        created_by AS by, ruleset_version, findings_count AS findings, amount::text AS amount, duration_s::float8 AS duration_s,
        institutions, jsonb_array_length(rules) AS rules
      FROM audit_run ORDER BY run_id DESC LIMIT $1`, [q.limit]);
    await logAccess(ops, { user, action: 'view', object: 'audit-runs', ip: req.ip });
    return { runs };
  });

  app.post('/api/v1/audit-runs', async (req, reply) => {
    const user = await deps.guard(req, reply, ['supervisor', 'admin', 'auditor']);
    if (!user) return reply;
    const b = parseOr400(AuditRunSchema, req.body, reply);
    if (!b) return reply;
    if (b.rules?.length) {
      const known = new Set((await currentRules(ops, kinds)).map((r) => r.rule_id));
      const i = b.rules.findIndex((r) => !known.has(r));
      if (i >= 0) return fail(reply, 400, 'invalid_request', 'admin.rules.unknown_in_request', { rule_id: b.rules[i] }, `rules[${i}]`);
    }
    const jobId = await jobs.submit('audit', user, b, (ctx) => runAuditJob(deps.wh, ops, kinds, deps.serial,
      { from: b.from, to: b.to, rules: b.rules, institutions: b.institutions, by: user.username }, ctx));
    await logAccess(ops, { user, action: 'audit_start', object: `job ${jobId}`, detail: b, ip: req.ip });
    return { job_id: jobId };
  });

  // A job is shown to who started it and to admin; to anyone else it does not exist.
  app.get('/api/v1/jobs/:job_id', async (req, reply) => {
    const user = await deps.guard(req, reply);
    if (!user) return reply;
    const id = positiveId((req.params as { job_id: string }).job_id);
    const job = id === null ? null : await jobs.get(id);
    if (!job || (user.role !== 'admin' && job.username !== user.username)) {
      return fail(reply, 404, 'not_found', 'admin.job.not_found', { job_id: (req.params as { job_id: string }).job_id });
    }
    return job;
  });

  app.get('/api/v1/jobs', async (req, reply) => {
    const user = await deps.guard(req, reply);
    if (!user) return reply;
    const q = parseOr400(z.object({ kind: z.string().max(32).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }).strict(),
      req.query, reply);
    if (!q) return reply;
    return { jobs: await jobs.list({ username: user.role === 'admin' ? undefined : user.username, kind: q.kind, limit: q.limit }) };
  });

  app.get('/api/v1/samples', async (req, reply) => {
    const user = await deps.guard(req, reply, BUREAU);
    if (!user) return reply;
    await ops.ensureSchema('sample', SAMPLE_MIGRATIONS);
    const samples = await ops.query(`SELECT draw_id, period, rate::text AS rate, seed, to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') AS created_at,
      created_by, settlements, sampled FROM sample_draw ORDER BY draw_id DESC LIMIT 500`);
    await logAccess(ops, { user, action: 'view', object: 'samples', ip: req.ip });
    return { samples };
  });

  app.get('/api/v1/samples/:draw_id', async (req, reply) => {
    const user = await deps.guard(req, reply, BUREAU);
    if (!user) return reply;
    await ops.ensureSchema('sample', SAMPLE_MIGRATIONS);
    const id = positiveId((req.params as { draw_id: string }).draw_id);
    const [draw] = id === null ? [] : await ops.query(`SELECT draw_id, period, rate::text AS rate, seed,
      to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') AS created_at, created_by, settlements, sampled FROM sample_draw WHERE draw_id = $1`, [id]);
    if (!draw) return fail(reply, 404, 'not_found', 'admin.sample.not_found', { draw_id: (req.params as { draw_id: string }).draw_id });
    const items = await ops.query('SELECT fixmedins_code, setl_id, mdtrt_id, psn_no FROM sample_item WHERE draw_id = $1 ORDER BY fixmedins_code, setl_id', [id]);
    const per = await ops.query(`SELECT fixmedins_code, count(*)::int AS sampled FROM sample_item WHERE draw_id = $1 GROUP BY 1 ORDER BY 1`, [id]);
    await logAccess(ops, { user, action: 'view', object: `sample ${id}`, ip: req.ip });
    return { ...draw, per_institution: per, items };
  });

  app.post('/api/v1/samples', async (req, reply) => {
    const user = await deps.guard(req, reply, ['supervisor', 'auditor']);
    if (!user) return reply;
    const b = parseOr400(SampleSchema, req.body, reply);
    if (!b) return reply;
    // The seed is recorded with the draw, so the same sample can be drawn again anywhere.
    const seed = b.seed === undefined || b.seed === null || b.seed === '' ? String(Date.now()) : String(b.seed);
    const r = await deps.serial(() => drawSample(deps.wh, ops, { period: b.period, rate: b.rate, seed, by: user.username }));
    await logAccess(ops, { user, action: 'sample', object: `sample ${r.draw_id}`, detail: { period: b.period, rate: b.rate, seed }, ip: req.ip });
    return r;
  });
}
