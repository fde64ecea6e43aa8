/** The one shape of every API error: `{error: {code, message_zh, message_en, field}}`, texts from the catalogue. */
import type { FastifyReply } from 'fastify';
import { msg } from '../domain/messages/index.js';

export function fail(reply: FastifyReply, status: number, code: string, key: string, vars: Record<string, unknown> = {}, field: string | null = null) {
  return reply.code(status).send({ error: { code, message_zh: msg(key, vars, 'zh'), message_en: msg(key, vars, 'en'), field } });
}

/** `changes[0].params.max_los` style path of a zod issue; `(body)` for the body as a whole. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(body)';
}
