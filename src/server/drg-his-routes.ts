/**
 * HIS pre-grouping (DRG 预分组): POST /api/v1/drg/group groups one discharge as the HIS codes it,
 * before the settlement list is submitted. Same per-institution tokens and rate limit as the
 * other HIS endpoints (register after registerHisRoutes, which installs the limiter). The grouper
 * is compiled once from the newest scheme set and replaced when a newer set has been imported;
 * the set id is looked up at most every few seconds, in the background once a grouper is loaded.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { msg } from '../domain/messages/index.js';
import type { OpStore } from '../store/opstore.js';
import type { Warehouse } from '../store/warehouse.js';
import type { HisRecorder } from '../audit/precheck/tokens.js';
import { compileGrouper } from '../drg/grouper.js';
import { complicationFinder } from '../drg/group-run.js';
import { ensureDrgSchema, latestDrgSchemeSetId, loadStoredDrgScheme } from '../drg/scheme-store.js';
import type { DrgExplanation, DrgGrouper, DrgRecord } from '../drg/types.js';
import { fail, issuePath } from './errors.js';
import { tokenAuthenticator } from './his-routes.js';

const code = z.string().trim().min(1).max(64);
const flag = z.enum(['0', '1']);
/** A whole number, also as a numeric string (HIS systems often send numbers as text). */
const wholeNumber = (min: number, max: number) => z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number().int().min(min).max(max));
const grams = z.preprocess((v) => (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v), z.number().positive().max(20000));

/** A code given bare ("I10.x00x002") or as an object with the national field names (or code/main). */
function codeItem<K extends string, F extends string>(key: K, flagKey: F) {
  return z.preprocess((v) => (typeof v === 'string' ? { [key]: v } : v), z.object({
    [key]: code.optional(),
    code: code.optional(),
    [flagKey]: flag.optional(),
    main: z.boolean().optional(),
  } as Record<string, z.ZodType>).strict().superRefine((o, ctx) => {
    const r = o as Record<string, unknown>;
    if (r[key] === undefined && r.code === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required' });
    if (r[key] !== undefined && r.code !== undefined) ctx.addIssue({ code: 'custom', path: ['code'], message: `give ${key} or code, not both` });
  }));
}

export const DrgGroupRequestSchema = z.object({
  /** The calling institution; when given it must be the token's. */
  fixmedins_code: z.string().trim().min(1).max(64).optional(),
  /** 性别: 1 男, 2 女; '', 0 未知 and 9 未说明 count as missing (the record is then not grouped). */
  gend: z.string().trim().max(8),
  /** 年龄 in whole years at admission. */
  age: wholeNumber(0, 150),
  /** 年龄（天）for infants under one year. */
  age_days: wholeNumber(0, 366).nullable().optional(),
  /** 新生儿出生体重, grams. */
  nwb_bir_wt: grams.nullable().optional(),
  /** Diagnoses (ICD-10 医保版 2.0); the one flagged main (maindiag_flag '1' or main true) goes first, else the first given. */
  diagnoses: z.array(codeItem('diag_code', 'maindiag_flag')).max(200),
  /** Procedures (ICD-9-CM-3 医保版 2.0); the one flagged main (main_oprn_flag '1' or main true) goes first. */
  procedures: z.array(codeItem('oprn_oprt_code', 'main_oprn_flag')).max(200).default([]),
}).strict();

export type DrgGroupRequest = z.output<typeof DrgGroupRequestSchema>;

/** The answer (also in the OpenAPI document). */
export const DrgGroupResponseSchema = z.object({
  status: z.enum(['grouped', 'ungrouped', 'rejected']),
  drg: z.string().describe('未入组或不予分组时为 0000'),
  drg_name: z.string().nullable(),
  adrg: z.string().nullable(),
  mdc: z.string().nullable(),
  reject_reason: z.enum(['missing_sex', 'missing_diagnoses', 'newborn_without_weight']).nullable(),
  message_zh: z.string(),
  message_en: z.string(),
  mcc_codes: z.array(z.string()),
  cc_codes: z.array(z.string()),
  scheme: z.object({ set_id: z.number().int(), version: z.string(), hash: z.string() }),
  explanation: z.record(z.string(), z.unknown()).describe('分组过程：进入的 MDC/ADRG 及原因、并发症（计入与排除）、DRG / explanation'),
  duration_ms: z.number(),
});

interface Loaded { setId: number; version: string; hash: string; grouper: DrgGrouper; complications: ReturnType<typeof complicationFinder> }

/** The newest scheme, compiled; reloaded when a newer set appears. */
class SchemeHolder {
  current: Loaded | null = null;
  private checkedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(private readonly wh: Warehouse, private readonly serial: <T>(fn: () => Promise<T>) => Promise<T>, private readonly everyMs: number) {}

  async get(): Promise<Loaded | null> {
    if (Date.now() - this.checkedAt >= this.everyMs) {
      const p = this.refresh();
      // Only a caller with nothing loaded yet waits; the others keep the grouper they have meanwhile.
      if (!this.current) await p;
    } else if (!this.current && this.loading) {
      await this.loading;
    }
    return this.current;
  }

  refresh(): Promise<void> {
    this.checkedAt = Date.now();
    this.loading ??= (async () => {
      try {
        const id = await this.serial(() => latestDrgSchemeSetId(this.wh));
        if (id === null || id === this.current?.setId) return;
        const s = await this.serial(() => loadStoredDrgScheme(this.wh, id));
        if (!s) return;
        this.current = { setId: s.setId, version: s.version, hash: s.hash, grouper: compileGrouper(s.data), complications: complicationFinder(s.data) };
      } catch {
        // A scheme that cannot be read keeps the one loaded (or none: 503); the next check tries again.
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}

export interface DrgHisRouteDeps {
  wh: Warehouse;
  ops: OpStore;
  /** The process's one-at-a-time access to the warehouse connection. */
  serial: <T>(fn: () => Promise<T>) => Promise<T>;
  recorder?: HisRecorder;
  /** How often the newest scheme set is looked up, ms (default FUNDGUARD_DRG_SCHEME_CHECK_MS or 5000). */
  schemeCheckMs?: number;
}

/** The record of a request: main diagnosis and procedure first. A second main is an error naming the list. */
export function recordOf(q: DrgGroupRequest): { record: DrgRecord } | { field: string; what: string } {
  const order = (items: Record<string, unknown>[], key: string, flagKey: string, field: string, what: string) => {
    const codes = items.map((i) => String(i[key] ?? i.code));
    const mains = items.map((i, k) => (i[flagKey] === '1' || i.main === true ? k : -1)).filter((k) => k >= 0);
    if (mains.length > 1) return { field: `${field}[${mains[1]}]`, what };
    if (mains.length === 1 && mains[0] > 0) return { codes: [codes[mains[0]], ...codes.filter((_, k) => k !== mains[0])] };
    return { codes };
  };
  const dx = order(q.diagnoses as Record<string, unknown>[], 'diag_code', 'maindiag_flag', 'diagnoses', '诊断');
  if ('field' in dx) return dx as { field: string; what: string };
  const px = order(q.procedures as Record<string, unknown>[], 'oprn_oprt_code', 'main_oprn_flag', 'procedures', '手术操作');
  if ('field' in px) return px as { field: string; what: string };
  const sex = q.gend === '' || q.gend === '0' || q.gend === '9' ? null : q.gend;
  return {
    record: {
      sex, age_years: q.age, age_days: q.age_days ?? (q.age > 0 ? 0 : null), birth_weight_g: q.nwb_bir_wt ?? null,
      diagnoses: dx.codes!, procedures: px.codes!,
    },
  };
}

export async function registerDrgHisRoutes(app: FastifyInstance, deps: DrgHisRouteDeps): Promise<void> {
  await deps.serial(() => ensureDrgSchema(deps.wh));
  const authenticate = tokenAuthenticator(deps.ops);
  const schemes = new SchemeHolder(deps.wh, deps.serial, deps.schemeCheckMs ?? (Number(process.env.FUNDGUARD_DRG_SCHEME_CHECK_MS) || 5000));
  void schemes.refresh();

  app.post('/api/v1/drg/group', { config: { rateLimit: {} } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const t0 = performance.now();
    const caller = await authenticate(req);
    const log = (status: number, decision: string | null, error_code: string | null) => deps.recorder?.call({
      token_id: caller?.token_id ?? null, fixmedins_code: caller?.fixmedins_code ?? null, endpoint: 'drg/group', called_at: new Date(),
      status, decision, findings: null, duration_ms: Math.round((performance.now() - t0) * 1000) / 1000, psn_ref: null, error_code });
    if (!caller) {
      log(401, null, 'unauthorized');
      return fail(reply, 401, 'unauthorized', 'his.unauthorized', {});
    }
    const parsed = DrgGroupRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      const field = issuePath(i.path);
      log(400, null, 'invalid_request');
      return fail(reply, 400, 'invalid_request', 'his.invalid_request', { field, detail: i.message }, field);
    }
    const q = parsed.data;
    if (q.fixmedins_code !== undefined && q.fixmedins_code !== caller.fixmedins_code) {
      log(403, null, 'forbidden_institution');
      return fail(reply, 403, 'forbidden_institution', 'his.forbidden_institution', { token_inst: caller.fixmedins_code, inst: q.fixmedins_code },
        'fixmedins_code');
    }
    const r = recordOf(q);
    if ('field' in r) {
      const detail = msg('drg.api.two_main', { what: r.what }, 'zh');
      log(400, null, 'invalid_request');
      return fail(reply, 400, 'invalid_request', 'his.invalid_request', { field: r.field, detail }, r.field);
    }
    const s = await schemes.get();
    if (!s) {
      log(503, null, 'no_scheme');
      return fail(reply, 503, 'no_scheme', 'drg.api.no_scheme', {});
    }
    const e: DrgExplanation = s.grouper.explain(r.record);
    const mcc: string[] = [];
    const cc: string[] = [];
    s.complications(r.record.diagnoses, (pos, lvl) => (lvl === 1 ? mcc : cc).push(r.record.diagnoses[pos]));
    log(200, e.result.status, null);
    return reply.send({
      status: e.result.status, drg: e.result.drg, drg_name: e.drg_name, adrg: e.result.adrg, mdc: e.result.mdc,
      reject_reason: e.result.reject_reason, message_zh: e.message.zh, message_en: e.message.en,
      mcc_codes: mcc, cc_codes: cc,
      scheme: { set_id: s.setId, version: s.version, hash: s.hash },
      explanation: e,
      duration_ms: Math.round((performance.now() - t0) * 1000) / 1000,
    });
  });
}
