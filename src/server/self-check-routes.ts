/**
 * 机构自查 (institution portal): an institution uploads its own extract files; a job audits them
 * with the current rules and knowledge in a scratch warehouse (src/audit/self-check.ts); the
 * findings are read back by the same institution only.
 */
import type { FastifyInstance } from 'fastify';
import { rmSync } from 'node:fs';
import { z } from 'zod';
import type { AnyRuleKind } from '../rules/registry.js';
import { recognise } from '../ingest/recognize.js';
import type { JobQueue } from '../audit/jobs.js';
import { runSelfCheck, SELF_CHECK_MIGRATIONS } from '../audit/self-check.js';
import { logAccess } from './auth/store.js';
import { fail } from './errors.js';
import { parseOr400, positiveId, saveUploads, uploadFail, UploadError } from './admin-util.js';
import type { RouteDeps } from './route-deps.js';

/** A hospital's year of fee lines can be large; a handful of files covers the five extract tables. */
export const SELF_CHECK_UPLOAD = { maxFiles: 12, maxFileBytes: 200 * 1024 * 1024 };
const REQUIRED_TABLES = ['mdtrt_d', 'setl_d'];

const FindingsQuery = z.object({
  rule_id: z.string().trim().regex(/^[a-z_]{2,64}$/).optional(),
  severity: z.enum(['violation', 'suspect_high', 'suspect']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(500).default(50),
}).strict();

export function registerSelfCheckRoutes(app: FastifyInstance, deps: RouteDeps, kinds: Map<string, AnyRuleKind>, jobs: JobQueue): void {
  const { ops } = deps;

  app.post('/api/v1/portal/self-check', async (req, reply) => {
    const user = await deps.guard(req, reply, ['institution']);
    if (!user) return reply;
    let up: Awaited<ReturnType<typeof saveUploads>>;
    try {
      up = await saveUploads(req, deps.dataDir, SELF_CHECK_UPLOAD, 'self-check-upload');
    } catch (e) {
      if (e instanceof UploadError) return uploadFail(reply, e);
      throw e;
    }
    const { files, skipped } = recognise(up.files.map((f) => f.path));
    const reject = (key: string, vars: Record<string, unknown>, field: string) => {
      rmSync(up.dir, { recursive: true, force: true });
      return fail(reply, 400, 'unsupported_file', key, vars, field);
    };
    if (skipped.length) {
      const name = up.files.find((f) => f.path === skipped[0])!.name;
      return reject('admin.self_check.unrecognised', { file: name }, name);
    }
    const reference = files.find((f) => f.table.kind !== 'extract');
    if (reference) {
      const name = up.files.find((f) => f.path === reference.path)!.name;
      return reject('admin.self_check.reference_table', { file: name, table: reference.table.name }, name);
    }
    const missing = REQUIRED_TABLES.filter((t) => !files.some((f) => f.table.name === t));
    if (missing.length) return reject('admin.self_check.missing_tables', { tables: missing.join(', ') }, '(body)');
    const own = user.fixmedins_code!;
    const list = up.files.map((f) => ({ name: f.name, size: f.size }));
    const jobId = await jobs.submit('self_check', user, { files: list }, async (ctx) => {
      try {
        return await runSelfCheck(deps.wh, ops, kinds, deps.serial, { dataDir: deps.dataDir, files: up.files.map((f) => f.path),
          fixmedins_code: own }, ctx);
      } finally {
        rmSync(up.dir, { recursive: true, force: true });
      }
    });
    await logAccess(ops, { user, action: 'self_check', object: `job ${jobId}`, detail: { files: list }, ip: req.ip });
    return { job_id: jobId };
  });

  app.get('/api/v1/portal/self-checks', async (req, reply) => {
    const user = await deps.guard(req, reply, ['institution']);
    if (!user) return reply;
    const rows = await ops.query(`SELECT job_id, state, username, to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') AS created_at,
        to_char(finished_at, 'YYYY-MM-DD HH24:MI:SS') AS finished_at, (result->>'findings')::int AS findings, result->>'amount' AS amount, error
      FROM wb_job WHERE kind = 'self_check' AND fixmedins_code = $1 ORDER BY job_id DESC LIMIT 100`, [user.fixmedins_code]);
    return { self_checks: rows };
  });

  // The same institution's self-check only; any other id answers as unknown.
  app.get('/api/v1/portal/self-checks/:job_id/findings', async (req, reply) => {
    const user = await deps.guard(req, reply, ['institution']);
    if (!user) return reply;
    const raw = (req.params as { job_id: string }).job_id;
    const id = positiveId(raw);
    const job = id === null ? null : await jobs.get(id);
    if (!job || job.kind !== 'self_check' || job.fixmedins_code !== user.fixmedins_code) {
      return fail(reply, 404, 'not_found', 'admin.job.not_found', { job_id: raw });
    }
    const q = parseOr400(FindingsQuery, req.query, reply);
    if (!q) return reply;
    await ops.ensureSchema('workbench_self_check', SELF_CHECK_MIGRATIONS);
    const params: unknown[] = [id];
    let where = 'job_id = $1';
    if (q.rule_id) { params.push(q.rule_id); where += ` AND rule_id = $${params.length}`; }
    if (q.severity) { params.push(q.severity); where += ` AND severity = $${params.length}`; }
    const [tot] = await ops.query<{ n: number; amount: string }>(`SELECT count(*)::int AS n, coalesce(sum(amount), 0)::numeric(18,2)::text AS amount
      FROM wb_self_check_finding WHERE ${where}`, params as never);
    const findings = await ops.query(`SELECT job_id, seq, rule_id, rule_version, severity, fixmedins_code, fixmedins_name, psn_no, mdtrt_id,
        setl_id, bkkp_sn, amount::text AS amount, occurred_at::text AS occurred_at, message, evidence, knowledge_ref, basis
      FROM wb_self_check_finding WHERE ${where} ORDER BY seq LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`, params as never);
    await logAccess(ops, { user, action: 'view', object: `self-check ${id}`, detail: q, ip: req.ip });
    return { job_id: id, state: job.state, error: job.error, total: tot.n, amount: tot.amount, page: q.page, page_size: q.page_size, findings };
  });
}
