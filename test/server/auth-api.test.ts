/**
 * Workbench authentication over real HTTP: hashed passwords, HTTP-only session cookie, CSRF on
 * changes, throttling of failed logins, roles, forced password change of demo accounts outside demo
 * mode, logout, and the access log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Warehouse } from '../../src/store/warehouse.js';
import { openOpStore } from '../../src/store/opstore.js';
import { buildApp } from '../../src/server/app.js';
import { ensureDemoAccounts, createUser } from '../../src/server/auth/store.js';
import { tempDir } from '../ingest/helpers.js';

interface Res { status: number; json: any; cookies: string[] } // eslint-disable-line @typescript-eslint/no-explicit-any

test('workbench auth: sessions, CSRF, throttling, roles, forced password change, logout, access log', async () => {
  const dataDir = join(tempDir('fg-auth-'), 'data');
  const wh = await Warehouse.open(dataDir);
  const ops = await openOpStore({ dataDir });
  await ensureDemoAccounts(ops, 'H1', false); // not demo mode: demo accounts must change their password
  await createUser(ops, { username: 'zhang', display_name: '张审核', role: 'auditor', password: 'Zhang-pass-2024' });
  const app = await buildApp({ wh, ops, dataDir, version: 't', maxEventLoopDelay: 0 });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const call = async (method: string, path: string, o: { body?: unknown; cookie?: string; csrf?: string } = {}): Promise<Res> => {
    const res = await fetch(`${base}${path}`, { method, headers: { ...(o.body ? { 'content-type': 'application/json' } : {}),
      ...(o.cookie ? { cookie: o.cookie } : {}), ...(o.csrf ? { 'x-csrf-token': o.csrf } : {}) }, body: o.body ? JSON.stringify(o.body) : undefined });
    return { status: res.status, json: await res.json().catch(() => null), cookies: res.headers.getSetCookie() };
  };
  const login = async (username: string, password: string) => {
    const r = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    const cookie = r.cookies.map((c) => c.split(';')[0]).join('; ');
    return { ...r, cookie, csrf: r.json?.csrf_token as string };
  };
  try {
    // Wrong password: 401 in Chinese; the stored hash is scrypt, never the password.
    let r: Res = await login('zhang', 'wrong-password-1');
    assert.equal(r.status, 401);
    assert.match(r.json.error.message_zh, /用户名或密码错误/);
    const [h] = await ops.query<{ password_hash: string }>(`SELECT password_hash FROM app_user WHERE username = 'zhang'`);
    assert.match(h.password_hash, /^scrypt\$16384\$8\$1\$/);

    // A good login: HTTP-only session cookie, a readable CSRF cookie.
    const z = await login('zhang', 'Zhang-pass-2024');
    assert.equal(z.status, 200);
    const session = z.cookies.find((c) => c.startsWith('fg_session='))!;
    assert.match(session, /HttpOnly/i);
    assert.match(session, /SameSite=Strict/i);
    assert.doesNotMatch(z.cookies.find((c) => c.startsWith('fg_csrf='))!, /HttpOnly/i);
    assert.equal((await call('GET', '/api/v1/auth/me', { cookie: z.cookie })).json.user.username, 'zhang');
    assert.equal((await call('GET', '/api/v1/auth/me')).status, 401);

    // Changes need the CSRF token.
    r = await call('POST', '/api/v1/auth/logout', { cookie: z.cookie });
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'csrf');
    r = await call('POST', '/api/v1/auth/logout', { cookie: z.cookie, csrf: 'forged' });
    assert.equal(r.status, 403);

    // Roles: the access log is the admin's.
    assert.equal((await call('GET', '/api/v1/access-log', { cookie: z.cookie })).status, 403);

    // Demo accounts outside demo mode must change their password before anything else.
    const a = await login('admin', 'FundGuard-admin-2023');
    assert.equal(a.status, 200);
    assert.equal(a.json.must_change_password, true);
    r = await call('GET', '/api/v1/access-log', { cookie: a.cookie });
    assert.equal(r.status, 403);
    assert.equal(r.json.error.code, 'password_change_required');
    r = await call('POST', '/api/v1/auth/password', { cookie: a.cookie, csrf: a.csrf, body: { old_password: 'FundGuard-admin-2023', new_password: 'short' } });
    assert.equal(r.status, 400);
    r = await call('POST', '/api/v1/auth/password', { cookie: a.cookie, csrf: a.csrf, body: { old_password: 'FundGuard-admin-2023', new_password: 'Admin-new-pass-9' } });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    r = await call('GET', '/api/v1/access-log', { cookie: a.cookie });
    assert.equal(r.status, 200);
    const actions = r.json.entries.map((e: { action: string }) => e.action);
    for (const x of ['login_failed', 'login', 'password_changed']) assert.ok(actions.includes(x), `${x} in ${actions}`);

    // Logout ends the session.
    r = await call('POST', '/api/v1/auth/logout', { cookie: z.cookie, csrf: z.csrf });
    assert.equal(r.status, 200);
    assert.equal((await call('GET', '/api/v1/auth/me', { cookie: z.cookie })).status, 401);

    // Throttling: after 5 failures in 15 minutes (one above, four here) even the right password is refused.
    for (let i = 0; i < 4; i++) assert.equal((await login('zhang', `wrong-${i}-xxxxxx`)).status, 401);
    r = await login('zhang', 'Zhang-pass-2024');
    assert.equal(r.status, 429);
    assert.match(r.json.error.message_zh, /15 分钟/);
  } finally {
    await app.close();
    await ops.close();
    wh.close();
  }
});
