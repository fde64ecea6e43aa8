/** The one shape of every API error: `{error: {code, message_zh, message_en, field}}`, texts from the catalogue. */
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { MESSAGES, msg } from '../domain/messages/index.js';

export function fail(reply: FastifyReply, status: number, code: string, key: string, vars: Record<string, unknown> = {}, field: string | null = null) {
  return reply.code(status).send({ error: { code, message_zh: msg(key, vars, 'zh'), message_en: msg(key, vars, 'en'), field } });
}

/** `changes[0].params.max_los` style path of a zod issue; `(body)` for the body as a whole. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(body)';
}

/**
 * Validates a query or body with its zod schema; on failure answers 400 naming the first bad field
 * (`changes[0].params.max_los`, or the unknown parameter's name) and returns null. Every route
 * validates through this, so that every 400 reads the same way. A schema's own message may be a
 * catalogue key (e.g. `workbench.bad_date`): it is then given in both languages.
 */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, reply: FastifyReply, what: 'query' | 'body' = 'body'): z.infer<S> | null {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const i = r.error.issues[0];
  const unknown = i.code === 'unrecognized_keys';
  const field = unknown ? String(i.keys[0]) : issuePath(i.path);
  const detailKey = unknown ? 'workbench.unknown_param' : MESSAGES[i.message] ? i.message : null;
  return badField(reply, field, detailKey ?? i.message, {}, what);
}

/** 400 for one field; `detail` is a catalogue key (given in both languages) or a validator's own text. */
export function badField(reply: FastifyReply, field: string, detail: string, vars: Record<string, unknown> = {}, what: 'query' | 'body' = 'body'): null {
  const key = what === 'query' ? 'workbench.bad_query' : 'admin.bad_field';
  const d = (lang: 'zh' | 'en') => (MESSAGES[detail] ? msg(detail, vars, lang) : detail);
  reply.code(400).send({ error: { code: 'invalid_request', field,
    message_zh: msg(key, { field, detail: d('zh') }, 'zh'), message_en: msg(key, { field, detail: d('en') }, 'en') } });
  return null;
}

/**
 * The institution an answer is about: forced to their own for institution users (403, answered here,
 * and undefined when they ask for another or their account has none); what was asked otherwise.
 */
export function institutionScope(user: { role: string; fixmedins_code: string | null }, asked: string | undefined,
  reply: FastifyReply): string | null | undefined {
  if (user.role !== 'institution') return asked ?? null;
  // An institution account without its institution must never fall through to "all institutions".
  if (!user.fixmedins_code || (asked && asked !== user.fixmedins_code)) { fail(reply, 403, 'forbidden', 'workbench.other_institution'); return undefined; }
  return user.fixmedins_code;
}
