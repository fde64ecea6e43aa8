/**
 * 规则管理: the rules with their parameter schemas, each rule's versions and the difference
 * between two, changing a rule (a new version, only over the version the user saw), and what-if
 * runs of draft changes as jobs.
 */
import { day } from './query-fields.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentRules, ruleHistory, rulesetVersion, saveRules, RuleConfigError, type StoredRule } from '../rules/store.js';
import type { AnyRuleKind } from '../rules/registry.js';
import type { RuleConfig } from '../rules/config.js';
import { logAccess } from './auth/store.js';
import { fail, issuePath } from './errors.js';
import { BUREAU, parseOr400 } from './admin-util.js';
import type { RouteDeps } from './route-deps.js';
import type { JobQueue } from '../audit/jobs.js';
import { runWhatIfJob } from '../audit/whatif-job.js';

const severity = z.enum(['violation', 'suspect_high', 'suspect']);
const params = z.record(z.string(), z.unknown());

const PutSchema = z.object({
  version: z.number().int().min(1),
  enabled: z.boolean().optional(),
  severity: severity.optional(),
  params: params.optional(),
  note: z.string().trim().min(1).max(500),
}).strict();

const WhatIfSchema = z.object({
  changes: z.array(z.object({ rule_id: z.string().trim().min(1).max(64), enabled: z.boolean().optional(), severity: severity.optional(),
    params: params.optional() }).strict()).min(1).max(50),
  from: day.optional(), to: day.optional(),
}).strict().refine((b) => !b.from || !b.to || b.from <= b.to, { message: 'from after to', path: ['to'] });

/** JSON with sorted keys, to compare parameter values whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** Field-level changes between two versions; parameters compared key by key. */
export function ruleDiff(a: StoredRule, b: StoredRule): { field: string; before: unknown; after: unknown }[] {
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const f of ['kind', 'enabled', 'severity', 'region', 'effective_from', 'effective_to'] as const) {
    if (canonical(a[f] ?? null) !== canonical(b[f] ?? null)) out.push({ field: f, before: a[f] ?? null, after: b[f] ?? null });
  }
  for (const k of [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort()) {
    const before = a.params[k]; const after = b.params[k];
    if (canonical(before) !== canonical(after)) out.push({ field: `params.${k}`, before: before ?? null, after: after ?? null });
  }
  return out;
}

/** Checks merged parameters against the kind's schema; the error names `<prefix>.<param>`. */
function checkParams(kind: AnyRuleKind, merged: Record<string, unknown>, prefix: string):
  { ok: true; params: Record<string, unknown> } | { ok: false; field: string; param: string; detail: string } {
  const r = kind.meta.params.safeParse(merged);
  if (r.success) return { ok: true, params: r.data as Record<string, unknown> };
  const i = r.error.issues[0];
  // An unknown key is reported by zod on the object itself, with the key in `keys`.
  const keys = (i as { keys?: string[] }).keys;
  const path = keys?.length ? [...i.path, keys[0]] : i.path;
  const param = issuePath(path);
  return { ok: false, field: `${prefix}.${param}`, param, detail: i.message };
}

export function registerRuleRoutes(app: FastifyInstance, deps: RouteDeps, kinds: Map<string, AnyRuleKind>, jobs: JobQueue): void {
  const { ops } = deps;
  const schemas = new Map<string, unknown>();
  const schemaOf = (k: AnyRuleKind) => {
    if (!schemas.has(k.meta.id)) schemas.set(k.meta.id, z.toJSONSchema(k.meta.params, { io: 'input', unrepresentable: 'any' }));
    return schemas.get(k.meta.id);
  };
  const view = (r: StoredRule) => {
    const k = kinds.get(r.kind);
    return { rule_id: r.rule_id, kind: r.kind, name_zh: k?.meta.name_zh ?? r.rule_id, name_en: k?.meta.name_en ?? r.rule_id,
      category: k?.meta.category ?? null, scope: k?.meta.scope ?? null, severity: r.severity, default_severity: k?.meta.severity ?? null,
      enabled: r.enabled, version: r.version, params: r.params, param_schema: k ? schemaOf(k) : null, basis: k?.meta.basis ?? null,
      amount_zh: k?.meta.amount_zh ?? null, knowledge: k?.meta.knowledge ?? null, updated_at: r.created_at, updated_by: r.created_by,
      note: r.note };
  };
  const versionView = (h: StoredRule) => ({ version: h.version, enabled: h.enabled, severity: h.severity, params: h.params,
    created_at: h.created_at, created_by: h.created_by, note: h.note });
  const oneRule = async (id: string) => {
    const history = await ruleHistory(ops, id);
    return history.length ? { ...view(history[history.length - 1]), versions: history.map(versionView) } : null;
  };

  app.get('/api/v1/rules', async (req, reply) => {
    const user = await deps.guard(req, reply, BUREAU);
    if (!user) return reply;
    const rules = await currentRules(ops, kinds);
    await logAccess(ops, { user, action: 'view', object: 'rules', ip: req.ip });
    return { ruleset_version: String(await rulesetVersion(ops)), rules: rules.map(view) };
  });

  // Names only, for every role: an institution user reads its findings by rule name, without the
  // bureau's thresholds and parameters.
  app.get('/api/v1/rule-names', async (req, reply) => {
    if (!(await deps.guard(req, reply))) return reply;
    const rules = await currentRules(ops, kinds);
    return { rules: rules.map((r) => { const k = kinds.get(r.kind);
      return { rule_id: r.rule_id, kind: r.kind, name_zh: k?.meta.name_zh ?? r.rule_id, name_en: k?.meta.name_en ?? r.rule_id,
        category: k?.meta.category ?? null, severity: r.severity, enabled: r.enabled }; }) };
  });

  app.get('/api/v1/rules/:rule_id', async (req, reply) => {
    const user = await deps.guard(req, reply, BUREAU);
    if (!user) return reply;
    const { rule_id } = req.params as { rule_id: string };
    const rule = await oneRule(rule_id);
    if (!rule) return fail(reply, 404, 'not_found', 'admin.rules.not_found', { rule_id });
    await logAccess(ops, { user, action: 'view', object: `rule ${rule_id}`, ip: req.ip });
    return rule;
  });

  app.get('/api/v1/rules/:rule_id/diff', async (req, reply) => {
    const user = await deps.guard(req, reply, BUREAU);
    if (!user) return reply;
    const { rule_id } = req.params as { rule_id: string };
    const q = parseOr400(z.object({ from: z.coerce.number().int().min(1).optional(), to: z.coerce.number().int().min(1).optional() }).strict(),
      req.query, reply);
    if (!q) return reply;
    const history = await ruleHistory(ops, rule_id);
    if (!history.length) return fail(reply, 404, 'not_found', 'admin.rules.not_found', { rule_id });
    // Defaults: the newest version against the one before it.
    const to = q.to ?? history[history.length - 1].version;
    const from = q.from ?? Math.max(1, to - 1);
    const a = history.find((h) => h.version === from); const b = history.find((h) => h.version === to);
    if (!a) return fail(reply, 404, 'not_found', 'admin.rules.no_version', { rule_id, version: from }, 'from');
    if (!b) return fail(reply, 404, 'not_found', 'admin.rules.no_version', { rule_id, version: to }, 'to');
    return { rule_id, from, to, changes: ruleDiff(a, b) };
  });

  app.put('/api/v1/rules/:rule_id', async (req, reply) => {
    const user = await deps.guard(req, reply, ['supervisor', 'admin']);
    if (!user) return reply;
    const { rule_id } = req.params as { rule_id: string };
    const b = parseOr400(PutSchema, req.body, reply);
    if (!b) return reply;
    const current = (await currentRules(ops, kinds)).find((r) => r.rule_id === rule_id);
    if (!current) return fail(reply, 404, 'not_found', 'admin.rules.not_found', { rule_id });
    if (b.version !== current.version) {
      return fail(reply, 409, 'version_conflict', 'admin.rules.stale', { rule_id, seen: b.version, current: current.version }, 'version');
    }
    const kind = kinds.get(current.kind);
    if (!kind) return fail(reply, 409, 'unknown_kind', 'admin.rules.unknown_kind', { rule_id, kind: current.kind });
    const checked = checkParams(kind, { ...current.params, ...(b.params ?? {}) }, 'params');
    if (!checked.ok) return fail(reply, 400, 'invalid_param', 'admin.rules.bad_param', { rule_id, param: checked.param, detail: checked.detail }, checked.field);
    const next: Omit<RuleConfig, 'version'> = { rule_id, kind: current.kind, enabled: b.enabled ?? current.enabled,
      severity: b.severity ?? current.severity, params: checked.params, region: current.region ?? null,
      effective_from: current.effective_from ?? null, effective_to: current.effective_to ?? null };
    let changed: string[];
    try {
      changed = await saveRules(ops, kinds, [next], user.username, b.note);
    } catch (e) {
      if (e instanceof RuleConfigError) return fail(reply, 400, 'invalid_param', 'admin.rules.rejected', { detail: e.message }, 'params');
      // Two changes over the same version: the second one's insert meets the first one's row.
      if ((e as { code?: string }).code === '23505') {
        return fail(reply, 409, 'version_conflict', 'admin.rules.stale', { rule_id, seen: b.version, current: b.version + 1 }, 'version');
      }
      throw e;
    }
    await logAccess(ops, { user, action: 'rule_change', object: `rule ${rule_id}`, ip: req.ip,
      detail: { from_version: current.version, changed: changed.length > 0, note: b.note, enabled: next.enabled, severity: next.severity,
        params: b.params ?? null } });
    return { ...(await oneRule(rule_id))!, changed: changed.length > 0 };
  });

  app.post('/api/v1/rules/what-if', async (req, reply) => {
    const user = await deps.guard(req, reply, ['supervisor', 'admin', 'auditor']);
    if (!user) return reply;
    const b = parseOr400(WhatIfSchema, req.body, reply);
    if (!b) return reply;
    const current = new Map((await currentRules(ops, kinds)).map((r) => [r.rule_id, r]));
    const base: RuleConfig[] = []; const draft: RuleConfig[] = [];
    for (const [i, c] of b.changes.entries()) {
      const cur = current.get(c.rule_id);
      if (!cur) return fail(reply, 400, 'invalid_request', 'admin.rules.unknown_in_request', { rule_id: c.rule_id }, `changes[${i}].rule_id`);
      if (base.some((x) => x.rule_id === c.rule_id)) {
        return fail(reply, 400, 'invalid_request', 'admin.rules.twice', { rule_id: c.rule_id }, `changes[${i}].rule_id`);
      }
      const kind = kinds.get(cur.kind)!;
      const checked = checkParams(kind, { ...cur.params, ...(c.params ?? {}) }, `changes[${i}].params`);
      if (!checked.ok) {
        return fail(reply, 400, 'invalid_param', 'admin.rules.bad_param', { rule_id: c.rule_id, param: checked.param, detail: checked.detail }, checked.field);
      }
      const { created_at: _a, created_by: _b, note: _n, ...cfg } = cur;
      base.push(cfg);
      draft.push({ ...cfg, enabled: c.enabled ?? cur.enabled, severity: c.severity ?? cur.severity, params: checked.params });
    }
    const baseVersion = String(await rulesetVersion(ops));
    const jobId = await jobs.submit('whatif', user, b, (ctx) => runWhatIfJob(deps.wh, kinds, deps.serial,
      { base, draft, from: b.from, to: b.to, baseVersion }, ctx));
    await logAccess(ops, { user, action: 'whatif', object: `job ${jobId}`, detail: b, ip: req.ip });
    return { job_id: jobId };
  });
}
