/**
 * HIS tokens (admin): list, create and revoke the per-institution tokens of the HIS endpoints.
 * The clear token is in the create answer only; lists never carry it (the store keeps a digest).
 * The HIS endpoints cache a token's lookup for up to a minute, so a revocation takes effect within that.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createToken, listTokens, revokeToken } from '../audit/precheck/tokens.js';
import { logAccess } from './auth/store.js';
import { fail } from './errors.js';
import { parseOr400, positiveId } from './admin-util.js';
import type { RouteDeps } from './route-deps.js';

const CreateSchema = z.object({
  fixmedins_code: z.string().trim().regex(/^[0-9A-Za-z_-]{1,64}$/),
  label: z.string().trim().max(200).optional().nullable(),
}).strict();

export function registerTokenRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { ops } = deps;

  app.get('/api/v1/tokens', async (req, reply) => {
    const user = await deps.guard(req, reply, ['admin']);
    if (!user) return reply;
    const q = parseOr400(z.object({ institution: z.string().trim().max(64).optional() }).strict(), req.query, reply);
    if (!q) return reply;
    const tokens = (await listTokens(ops, q.institution)).map((t) => ({ id: Number(t.token_id), fixmedins_code: t.fixmedins_code,
      label: t.label, created_at: t.created_at, last_used_at: t.last_used_at ?? null, revoked_at: t.revoked_at, calls: Number(t.calls ?? 0) }));
    await logAccess(ops, { user, action: 'view', object: 'tokens', ip: req.ip });
    return { tokens };
  });

  app.post('/api/v1/tokens', async (req, reply) => {
    const user = await deps.guard(req, reply, ['admin']);
    if (!user) return reply;
    const b = parseOr400(CreateSchema, req.body, reply);
    if (!b) return reply;
    const r = await createToken(ops, b.fixmedins_code, b.label || null, user.username);
    await logAccess(ops, { user, action: 'token_create', object: `token ${r.info.token_id}`, detail: { fixmedins_code: b.fixmedins_code,
      label: b.label ?? null }, ip: req.ip });
    return { id: Number(r.info.token_id), token: r.token, fixmedins_code: r.info.fixmedins_code, label: r.info.label, created_at: r.info.created_at };
  });

  app.delete('/api/v1/tokens/:id', async (req, reply) => {
    const user = await deps.guard(req, reply, ['admin']);
    if (!user) return reply;
    const raw = (req.params as { id: string }).id;
    const id = positiveId(raw);
    if (id === null || !(await revokeToken(ops, id))) return fail(reply, 404, 'not_found', 'admin.token.not_found', { id: raw });
    await logAccess(ops, { user, action: 'token_revoke', object: `token ${id}`, ip: req.ip });
    return { id, revoked: true };
  });
}
