/**
 * The HIS endpoints: POST /api/v1/precheck (事前提醒), /api/v1/settlement-check (事中审核) and
 * /api/v1/precheck/ack (the doctor's reason for proceeding after a warning). Each call carries a
 * per-institution token, is rate-limited per token and logged without personal data in clear.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import { z } from 'zod';
import { msg } from '../domain/messages/index.js';
import { fail, issuePath } from './errors.js';
import type { OpStore } from '../store/opstore.js';
import { lookupToken, sha256, HIS_MIGRATIONS, tokensRevokedInProcess, type HisRecorder } from '../audit/precheck/tokens.js';
import { PrecheckSchema, SettlementCheckSchema } from '../audit/precheck/request.js';
import type { CheckResult } from '../audit/precheck/service.js';
import type { CheckRunner } from '../audit/precheck/index.js';

export const AckSchema = z.object({
  check_id: z.string().uuid(),
  finding_no: z.number().int().min(1),
  reason: z.string().trim().min(2).max(500),
  dr_code: z.string().trim().max(64).optional(),
}).strict();

export interface Caller { token_id: number; fixmedins_code: string }

/**
 * The per-institution token check of every HIS endpoint (Authorization: Bearer <token>). Tokens are
 * looked up once a minute at most per token; a revocation elsewhere takes effect within that.
 */
export function tokenAuthenticator(ops: OpStore): (req: FastifyRequest) => Promise<Caller | null> {
  const cache = new Map<string, { caller: Caller | null; at: number }>();
  let seenRevocations = tokensRevokedInProcess();
  return async (req) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return null;
    if (seenRevocations !== tokensRevokedInProcess()) { cache.clear(); seenRevocations = tokensRevokedInProcess(); }
    const key = sha256(m[1]);
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < 60_000) return hit.caller;
    const caller = await lookupToken(ops, m[1]);
    cache.set(key, { caller, at: Date.now() });
    return caller;
  };
}

export interface HisRouteDeps {
  ops: OpStore;
  recorder: HisRecorder;
  /** Null until rules and knowledge are loaded. */
  check: () => CheckRunner | null;
  /** Requests per second per token. */
  ratePerSecond?: number;
  /** Event-loop delay (ms) above which calls are shed with 503 until the server catches up; 0: never. */
  maxEventLoopDelay?: number;
  /**
   * Checks waiting for the workers above which new calls are shed with 503 (default 64). At about 2 ms of CPU a
   * check, 64 waiting is tens of milliseconds, far inside an HIS's timeout; 16 refused a quarter to half of a
   * steady 500 req/s arriving in bursts from 20 connections (BENCHMARKS.md, 1M persons).
   */
  maxQueuedChecks?: number;
}


function zodField(e: z.ZodError): { field: string; detail: string } {
  const i = e.issues[0];
  const field = issuePath(i.path);
  return { field, detail: i.message };
}

export async function registerHisRoutes(app: FastifyInstance, deps: HisRouteDeps): Promise<void> {
  await deps.ops.ensureSchema('his', HIS_MIGRATIONS);
  const authenticate = tokenAuthenticator(deps.ops);

  // Beyond what the process can serve, calls are refused at once (503, Retry-After) instead of queueing
  // until every caller times out; the HIS then proceeds without the reminder and retries later.
  // 0 turns shedding off (tests, where a busy machine stalls the loop for reasons of its own).
  if (deps.maxEventLoopDelay !== 0) await app.register(underPressure, {
    maxEventLoopDelay: deps.maxEventLoopDelay ?? 200,
    sampleInterval: 500,
    retryAfter: 1,
    // Only the HIS checks are shed: the workbench's reviewers wait rather than lose a page.
    pressureHandler: (req, reply) => {
      if (!req.url.startsWith('/api/v1/precheck') && !req.url.startsWith('/api/v1/settlement-check')) return;
      void reply.code(503).header('retry-after', '1').send({ error: { code: 'overloaded',
        message_zh: msg('his.overloaded', {}, 'zh'), message_en: msg('his.overloaded', {}, 'en'), field: null } });
    },
  });
  await app.register(rateLimit, {
    global: false,
    max: deps.ratePerSecond ?? 1000,
    timeWindow: 1000,
    keyGenerator: (req) => sha256(req.headers.authorization ?? req.ip),
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, error: { code: 'rate_limited',
      message_zh: msg('his.rate_limited', { after: ctx.after }, 'zh'), message_en: msg('his.rate_limited', { after: ctx.after }, 'en'), field: null } }),
  });

  const handle = (endpoint: string, run: (d: CheckRunner, body: unknown, caller: Caller) => Promise<{ result?: CheckResult; psn?: string } | FastifyReply>) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const t0 = performance.now();
      const caller = await authenticate(req);
      const log = (status: number, extra: { decision?: string; findings?: number; psn?: string; error_code?: string } = {}) =>
        deps.recorder.call({ token_id: caller?.token_id ?? null, fixmedins_code: caller?.fixmedins_code ?? null, endpoint,
          called_at: new Date(), status, decision: extra.decision ?? null, findings: extra.findings ?? null,
          duration_ms: Math.round((performance.now() - t0) * 1000) / 1000, psn_ref: extra.psn ? sha256(`psn:${extra.psn}`).slice(0, 16) : null,
          error_code: extra.error_code ?? null });
      if (!caller) {
        log(401, { error_code: 'unauthorized' });
        return fail(reply, 401, 'unauthorized', 'his.unauthorized', {});
      }
      const d = deps.check();
      if (!d) {
        log(503, { error_code: 'not_ready' });
        return fail(reply, 503, 'not_ready', 'his.not_ready', {});
      }
      // Queued checks would only answer after the HIS has given up: refuse at once instead.
      if (d.inFlight() >= (deps.maxQueuedChecks ?? 64)) {
        log(503, { error_code: 'overloaded' });
        reply.header('retry-after', '1');
        return fail(reply, 503, 'overloaded', 'his.overloaded', {});
      }
      const out = await run(d, req.body, caller);
      if ('result' in out && out.result) {
        log(200, { decision: out.result.decision, findings: out.result.findings.length, psn: out.psn });
        return reply.send({ ...out.result, duration_ms: Math.round((performance.now() - t0) * 1000) / 1000 });
      }
      const r = out as FastifyReply;
      log(r.statusCode, { error_code: 'rejected' });
      return r;
    };

  type Parsed<T> = { ok: true; data: T } | { ok: false; reply: FastifyReply };
  const parse = <S extends z.ZodType>(schema: S, body: unknown, reply: FastifyReply): Parsed<z.infer<S>> => {
    const r = schema.safeParse(body);
    if (r.success) return { ok: true, data: r.data };
    const { field, detail } = zodField(r.error);
    return { ok: false, reply: fail(reply, 400, 'invalid_request', 'his.invalid_request', { field, detail }, field) };
  };
  const own = (caller: Caller, inst: string, reply: FastifyReply) => (inst === caller.fixmedins_code ? null
    : fail(reply, 403, 'forbidden_institution', 'his.forbidden_institution', { token_inst: caller.fixmedins_code, inst }, 'fixmedins_code'));
  const record = (caller: Caller, endpoint: string, r: CheckResult, b: { psn_no: string; mdtrt_id: string; setl_id?: string }) =>
    deps.recorder.check({ check_id: r.check_id, token_id: caller.token_id, fixmedins_code: caller.fixmedins_code, endpoint,
      psn_no: b.psn_no, mdtrt_id: b.mdtrt_id, setl_id: b.setl_id ?? null, decision: r.decision, findings: r.findings, created_at: new Date() });

  const limited = { config: { rateLimit: {} } };
  app.post('/api/v1/precheck', limited, async (req, reply) => handle('precheck', async (d, body, caller) => {
    const b = parse(PrecheckSchema, body, reply);
    if (!b.ok) return b.reply;
    const q = b.data;
    const denied = own(caller, q.fixmedins_code, reply);
    if (denied) return denied;
    const result = await d.precheck(q);
    record(caller, 'precheck', result, q);
    return { result, psn: q.psn_no };
  })(req, reply));

  app.post('/api/v1/settlement-check', limited, async (req, reply) => handle('settlement-check', async (d, body, caller) => {
    const b = parse(SettlementCheckSchema, body, reply);
    if (!b.ok) return b.reply;
    const q = b.data;
    const denied = own(caller, q.fixmedins_code, reply);
    if (denied) return denied;
    const result = await d.settlementCheck(q);
    record(caller, 'settlement-check', result, q);
    return { result, psn: q.psn_no };
  })(req, reply));

  app.post('/api/v1/precheck/ack', limited, async (req, reply) => {
    const caller = await authenticate(req);
    if (!caller) return fail(reply, 401, 'unauthorized', 'his.unauthorized', {});
    const b = parse(AckSchema, req.body, reply);
    if (!b.ok) return b.reply;
    const q = b.data;
    await deps.recorder.flush();
    const rows = await deps.ops.query<{ n: number }>(`SELECT jsonb_array_length(findings) AS n FROM his_check
      WHERE check_id = $1 AND fixmedins_code = $2`, [q.check_id, caller.fixmedins_code]);
    if (!rows.length || q.finding_no > Number(rows[0].n)) {
      return fail(reply, 404, 'check_not_found', 'his.check_not_found', { check_id: q.check_id, finding_no: q.finding_no }, 'check_id');
    }
    await deps.ops.query(`INSERT INTO his_ack (check_id, finding_no, reason, dr_code, token_id) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (check_id, finding_no) DO UPDATE SET reason = EXCLUDED.reason, dr_code = EXCLUDED.dr_code, acked_at = now()`,
    [q.check_id, q.finding_no, q.reason, q.dr_code ?? null, caller.token_id]);
    deps.recorder.call({ token_id: caller.token_id, fixmedins_code: caller.fixmedins_code, endpoint: 'precheck/ack', called_at: new Date(),
      status: 200, decision: null, findings: null, duration_ms: 0, psn_ref: null, error_code: null });
    return { check_id: q.check_id, finding_no: q.finding_no, recorded: true };
  });
}
