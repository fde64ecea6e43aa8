/**
 * Attachments over real HTTP: a round trip is byte-identical with the right SHA-256 and an RFC 5987
 * file name; types are checked by content (an executable renamed .pdf is refused, naming the
 * file); size is limited; another institution gets 404; an appeal cites attachments by id, and
 * only its own institution's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchFixture } from './workbench-fixture.js';
import { upload } from './admin-helpers.js';

const pdf = (n: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(n), Buffer.from('\n%%EOF\n')]);

test('attachments: round trip, content checks, limits, institution scoping, appeals by id', async () => {
  const fx = await workbenchFixture([['aud', 'auditor', null], ['h1', 'institution', 'H1'], ['h2', 'institution', 'H2']]);
  try {
    const aud = await fx.login('aud'); const h1 = await fx.login('h1'); const h2 = await fx.login('h2');
    const bytes = pdf(300_000);
    const name = '申诉材料（第1份）.pdf';
    const up = await upload(fx, h1, '/api/v1/attachments', [{ name, bytes }]);
    assert.equal(up.status, 200, JSON.stringify(up.json));
    const sha = createHash('sha256').update(bytes).digest('hex');
    assert.deepEqual({ name: up.json.name, size: up.json.size, sha256: up.json.sha256 }, { name, size: bytes.length, sha256: sha });
    assert.ok(existsSync(join(fx.dataDir, 'attachments', sha)), 'stored under its sha256');

    const get = (s: typeof h1, id: string) => fetch(`${fx.base}/api/v1/attachments/${id}`, { headers: { cookie: s.cookie } });
    const back = await get(h1, up.json.id);
    assert.equal(back.status, 200);
    assert.ok(Buffer.from(await back.arrayBuffer()).equals(bytes), 'byte-identical');
    assert.equal(back.headers.get('content-type'), 'application/pdf');
    const cd = back.headers.get('content-disposition') ?? '';
    assert.match(cd, /^attachment; filename\*=UTF-8''[^;]+; filename="[\x20-\x7e]+"$/);
    assert.equal(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(cd)![1]), name);
    assert.equal((await get(aud, up.json.id)).status, 200, 'bureau roles read it');
    assert.equal((await get(h2, up.json.id)).status, 404, 'another institution: not found');
    assert.equal((await get(h1, 'no-such-id')).status, 404);

    // Content decides: an executable renamed .pdf, an .exe, a text file named .png are refused, naming the file.
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), randomBytes(2000)]);
    const disguised = await upload(fx, h1, '/api/v1/attachments', [{ name: '发票.pdf', bytes: exe }]);
    assert.equal(disguised.status, 400);
    assert.equal(disguised.json.error.field, '发票.pdf');
    assert.match(disguised.json.error.message_zh, /发票\.pdf/);
    assert.match(disguised.json.error.message_en, /发票\.pdf/);
    assert.equal((await upload(fx, h1, '/api/v1/attachments', [{ name: 'setup.exe', bytes: exe }])).status, 400);
    assert.equal((await upload(fx, h1, '/api/v1/attachments', [{ name: 'a.png', bytes: 'hello' }])).status, 400);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(100)]);
    assert.equal((await upload(fx, h1, '/api/v1/attachments', [{ name: 'scan.PNG', bytes: png }])).status, 200);
    // One file per request, at most 10 MB.
    const two = await upload(fx, h1, '/api/v1/attachments', [{ name: 'a.pdf', bytes: pdf(10) }, { name: 'b.pdf', bytes: pdf(10) }]);
    assert.equal(two.status, 400);
    assert.equal(two.json.error.code, 'too_many_files');
    const big = await upload(fx, h1, '/api/v1/attachments', [{ name: 'big.pdf', bytes: pdf(10 * 1024 * 1024) }]);
    assert.equal(big.status, 413);
    assert.equal(big.json.error.field, 'big.pdf');
    const notMultipart = await fx.call(h1, 'POST', '/api/v1/attachments', { name: 'x' });
    assert.equal(notMultipart.status, 400);

    // An appeal cites attachments by id: its own institution's only.
    const theirs = await upload(fx, h2, '/api/v1/attachments', [{ name: 'h2.pdf', bytes: pdf(100) }]);
    const list = (await fx.call(aud, 'GET', '/api/v1/findings')).json as { findings: { run_id: number; seq: number; fixmedins_code: string }[] };
    const f = list.findings.find((x) => x.fixmedins_code === 'H1')!;
    const step = (s: typeof aud, body: Record<string, unknown>) => fx.call(s, 'POST', `/api/v1/findings/${f.run_id}/${f.seq}/transition`, body);
    assert.equal((await step(aud, { action: 'confirm', version: 0 })).status, 200);
    assert.equal((await step(aud, { action: 'second_confirm', version: 1 })).status, 200);
    const foreign = await step(h1, { action: 'appeal', version: 2, reason: '附件有误', attachments: [{ id: up.json.id }, { id: theirs.json.id }] });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.json.error.field, 'attachments[1].id');
    assert.equal((await step(h1, { action: 'appeal', version: 2, reason: '附件', attachments: [{ id: '00000000-0000-0000-0000-000000000000' }] }))
      .json.error.field, 'attachments[0].id');
    const ok = await step(h1, { action: 'appeal', version: 2, reason: '患者为女性，附身份证复印件', attachments: [{ id: up.json.id, name: 'ignored' }] });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    const detail = await fx.call(aud, 'GET', `/api/v1/findings/${f.run_id}/${f.seq}`);
    const appeal = detail.json.history.find((h: { action: string }) => h.action === 'appeal');
    assert.deepEqual(appeal.attachments, [{ id: up.json.id, name, size: bytes.length }]);

    const log = await fx.ops.query<{ action: string; username: string }>(`SELECT action, username FROM access_log
      WHERE object LIKE 'attachment %' ORDER BY id`);
    assert.ok(log.some((l) => l.action === 'upload' && l.username === 'h1'));
    assert.ok(log.some((l) => l.action === 'view' && l.username === 'aud'));
  } finally {
    await fx.close();
  }
});
