/**
 * HIS tokens over real HTTP (admin only): the secret is in the create answer once and never in a
 * list or the access log; a created token opens the HIS API, a revoked one no longer does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workbenchFixture } from './workbench-fixture.js';
import { lookupToken } from '../../src/audit/precheck/tokens.js';

test('tokens: admin only, secret shown once, never listed or logged, revocation', async () => {
  const fx = await workbenchFixture([['adm', 'admin', null], ['sup', 'supervisor', null], ['h1', 'institution', 'H1']]);
  try {
    const adm = await fx.login('adm'); const sup = await fx.login('sup'); const h1 = await fx.login('h1');
    assert.equal((await fx.call(sup, 'GET', '/api/v1/tokens')).status, 403);
    assert.equal((await fx.call(h1, 'POST', '/api/v1/tokens', { fixmedins_code: 'H1', label: 'HIS' })).status, 403);
    assert.equal((await fx.call(adm, 'POST', '/api/v1/tokens', { fixmedins_code: 'H 1' })).json.error.field, 'fixmedins_code');

    const made = await fx.call(adm, 'POST', '/api/v1/tokens', { fixmedins_code: 'H1', label: '东院 HIS' });
    assert.equal(made.status, 200);
    const { id, token } = made.json as { id: number; token: string };
    assert.match(token, /^fgt_/);
    assert.deepEqual(await lookupToken(fx.ops, token), { token_id: id, fixmedins_code: 'H1' });

    const list = await fx.call(adm, 'GET', '/api/v1/tokens');
    assert.equal(list.status, 200);
    const row = list.json.tokens.find((t: { id: number }) => t.id === id);
    assert.deepEqual(Object.keys(row).sort(), ['calls', 'created_at', 'fixmedins_code', 'id', 'label', 'last_used_at', 'revoked_at']);
    assert.equal(row.label, '东院 HIS');
    assert.equal(row.revoked_at, null);
    assert.ok(!JSON.stringify(list.json).includes(token), 'the secret is never listed');
    const log = await fx.ops.query<{ action: string; detail: unknown }>(`SELECT action, detail FROM access_log WHERE action LIKE 'token%' ORDER BY id`);
    assert.deepEqual(log.map((l) => l.action), ['token_create']);
    assert.ok(!JSON.stringify(log).includes(token), 'nor logged');

    // The token opens the HIS API (a 400 for an empty body is past authentication).
    const his = () => fetch(`${fx.base}/api/v1/precheck`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    assert.equal((await his()).status, 400);

    assert.equal((await fx.call(adm, 'DELETE', `/api/v1/tokens/${id}`)).json.revoked, true);
    assert.equal((await fx.call(adm, 'DELETE', `/api/v1/tokens/${id}`)).status, 404, 'already revoked');
    assert.equal((await fx.call(adm, 'DELETE', '/api/v1/tokens/999')).status, 404);
    assert.equal(await lookupToken(fx.ops, token), null);
    // Refused at once, although the server had the token in its cache from the call above.
    assert.equal((await his()).status, 401);
    const after = (await fx.call(adm, 'GET', '/api/v1/tokens')).json.tokens.find((t: { id: number }) => t.id === id);
    assert.ok(after.revoked_at);
    assert.deepEqual((await fx.ops.query<{ action: string }>(`SELECT action FROM access_log WHERE action LIKE 'token%' ORDER BY id`)).map((l) => l.action),
      ['token_create', 'token_revoke']);
  } finally {
    await fx.close();
  }
});
