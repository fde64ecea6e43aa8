/**
 * Login, logout, password change and the guard every workbench route uses: a session in an
 * HTTP-only cookie, a CSRF token (cookie readable by the page, echoed in a header on every change),
 * login throttling per account and per address, and the access log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { z } from 'zod';
import { fail } from '../errors.js';
import type { OpStore } from '../../store/opstore.js';
import { getSetting, settingsWrittenInProcess } from '../../store/app-settings.js';
import { createSession, csrfMatches, endSession, ensureAuthSchema, logAccess, passwordProblem, recentFailures, recordAttempt,
  sessionUser, setPassword, userByName, verifyPassword, type Role, type User } from './store.js';

export const SESSION_COOKIE = 'fg_session';
export const CSRF_COOKIE = 'fg_csrf';
export const DEMO_MODE_SETTING = 'demo_mode';
const SESSION_CACHE_MS = 5_000;
const MAX_USER_FAILURES = 5;
const MAX_IP_FAILURES = 20;

declare module 'fastify' {
  interface FastifyRequest { user?: User & { must_change_now: boolean } }
}

const LoginSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }).strict();
const PasswordSchema = z.object({ old_password: z.string().min(1).max(200), new_password: z.string().min(1).max(200) }).strict();


export interface Guard {
  /** Resolves the session's user; answers 401/403 itself and returns null when the request may not go on. */
  (req: FastifyRequest, reply: FastifyReply, roles?: Role[]): Promise<(User & { must_change_now: boolean }) | null>;
}

export async function registerAuthRoutes(app: FastifyInstance, ops: OpStore): Promise<Guard> {
  await ensureAuthSchema(ops);
  await app.register(cookie);
  const secure = (req: FastifyRequest) => req.protocol === 'https';
  // Every page call checks its session; reviewers make several a second. A session's user and the demo
  // setting are kept for a few seconds (logout in this process drops the session at once; an expiry or a
  // change made by another process takes effect within SESSION_CACHE_MS).
  const sessions = new Map<string, { at: number; u: Awaited<ReturnType<typeof sessionUser>> }>();
  let demo: { at: number; gen: number; value: Promise<boolean> } | undefined;
  const demoMode = () => {
    if (!demo || demo.gen !== settingsWrittenInProcess() || Date.now() - demo.at > SESSION_CACHE_MS) {
      demo = { at: Date.now(), gen: settingsWrittenInProcess(), value: getSetting<boolean>(ops, DEMO_MODE_SETTING).then((v) => v === true) };
    }
    return demo.value;
  };
  const cachedSessionUser = async (sid: string) => {
    const hit = sessions.get(sid);
    if (hit && Date.now() - hit.at <= SESSION_CACHE_MS) return hit.u;
    const u = await sessionUser(ops, sid);
    if (sessions.size >= 10_000) sessions.clear();
    sessions.set(sid, { at: Date.now(), u });
    return u;
  };
  const forgetUser = (userId: number) => { for (const [k, v] of sessions) if (v.u?.user_id === userId) sessions.delete(k); };

  const guard: Guard = async (req, reply, roles) => {
    const sid = req.cookies[SESSION_COOKIE];
    const u = sid ? await cachedSessionUser(sid) : null;
    if (!u) { fail(reply, 401, 'unauthenticated', 'auth.unauthenticated'); return null; }
    // Every change carries the CSRF token the login set; a page of another site cannot read it.
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !csrfMatches(header, u.csrf_sha256)) { fail(reply, 403, 'csrf', 'auth.csrf'); return null; }
    }
    const user = { ...u, must_change_now: u.must_change_password || (u.demo && !(await demoMode())) };
    if (user.must_change_now && !req.url.startsWith('/api/v1/auth/')) { fail(reply, 403, 'password_change_required', 'auth.change_required'); return null; }
    if (roles && !roles.includes(user.role)) { fail(reply, 403, 'forbidden', 'auth.forbidden'); return null; }
    req.user = user;
    return user;
  };

  app.post('/api/v1/auth/login', async (req, reply) => {
    const b = LoginSchema.safeParse(req.body);
    if (!b.success) return fail(reply, 400, 'invalid_request', 'auth.bad_login');
    const { username, password } = b.data;
    const failures = await recentFailures(ops, username, req.ip);
    if (failures.user >= MAX_USER_FAILURES || failures.ip >= MAX_IP_FAILURES) {
      await logAccess(ops, { action: 'login_throttled', object: username, ip: req.ip });
      return fail(reply, 429, 'too_many_attempts', 'auth.throttled');
    }
    const u = await userByName(ops, username);
    const ok = !!u && await verifyPassword(password, u.password_hash);
    await recordAttempt(ops, username, req.ip, ok);
    if (!ok || !u) {
      await logAccess(ops, { action: 'login_failed', object: username, ip: req.ip });
      return fail(reply, 401, 'bad_credentials', 'auth.bad_login');
    }
    const { sid, csrf } = await createSession(ops, u.user_id, req.ip);
    const opts = { path: '/', sameSite: 'strict' as const, secure: secure(req), maxAge: 8 * 3600 };
    reply.setCookie(SESSION_COOKIE, sid, { ...opts, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, csrf, { ...opts, httpOnly: false });
    const { password_hash: _h, ...user } = u;
    await logAccess(ops, { user, action: 'login', ip: req.ip });
    return { user, csrf_token: csrf, must_change_password: u.must_change_password || (u.demo && !(await demoMode())) };
  });

  app.post('/api/v1/auth/logout', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    await endSession(ops, req.cookies[SESSION_COOKIE]!);
    sessions.delete(req.cookies[SESSION_COOKIE]!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    await logAccess(ops, { user, action: 'logout', ip: req.ip });
    return { ok: true };
  });

  app.get('/api/v1/auth/me', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    return { user };
  });

  app.post('/api/v1/auth/password', async (req, reply) => {
    const user = await guard(req, reply);
    if (!user) return reply;
    const b = PasswordSchema.safeParse(req.body);
    if (!b.success) return fail(reply, 400, 'invalid_request', 'auth.password.weak');
    const full = await userByName(ops, user.username);
    if (!full || !(await verifyPassword(b.data.old_password, full.password_hash))) return fail(reply, 403, 'bad_credentials', 'auth.bad_old_password');
    const problem = passwordProblem(b.data.new_password);
    if (problem) return fail(reply, 400, 'weak_password', problem);
    if (b.data.new_password === b.data.old_password) return fail(reply, 400, 'weak_password', 'auth.password.same');
    await setPassword(ops, user.user_id, b.data.new_password);
    await ops.query('UPDATE app_user SET demo = false WHERE user_id = $1', [user.user_id]);
    forgetUser(user.user_id);
    await logAccess(ops, { user, action: 'password_changed', ip: req.ip });
    return { ok: true };
  });

  return guard;
}
