// POST /api/v1/drg/group over real HTTP: 503 until a scheme is imported (then picked up without a
// restart), token authentication and institution binding, validation errors naming the field,
// the expected DRG with its explanation for rows of samples.csv, rejects with their reason in
// Chinese and English, and the OpenAPI document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Warehouse } from '../../src/store/warehouse.js';
import { openOpStore } from '../../src/store/opstore.js';
import { buildApp } from '../../src/server/app.js';
import { createToken } from '../../src/audit/precheck/index.js';
import { importDrgScheme } from '../../src/drg/scheme-store.js';
import { tempDir } from '../ingest/helpers.js';

const SCHEME_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'chs-drg-1.1');
const samples = (parse(readFileSync(join(SCHEME_DIR, 'samples.csv')), { columns: true }) as Record<string, string>[]);

async function post(base: string, token: string | null, body: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${base}/api/v1/drg/group`, { method: 'POST', headers: { 'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const bodyOf = (s: Record<string, string>) => ({
  gend: s.sex, age: Number(s.age_years), age_days: Number(s.age_days), ...(Number(s.birth_weight_g) > 0 ? { nwb_bir_wt: Number(s.birth_weight_g) } : {}),
  diagnoses: s.diagnoses ? s.diagnoses.split('|').map((diag_code, i) => ({ diag_code, maindiag_flag: i === 0 ? '1' : '0' })) : [],
  procedures: s.procedures ? s.procedures.split('|').map((oprn_oprt_code, i) => ({ oprn_oprt_code, main_oprn_flag: i === 0 ? '1' : '0' })) : [],
});

test('HIS pre-grouping: scheme reload, auth, validation, sample DRGs, explanation, OpenAPI', async () => {
  process.env.FUNDGUARD_DRG_SCHEME_CHECK_MS = '100';
  const dir = tempDir('fg-drg-his-');
  const dataDir = join(dir, 'data');
  const wh = await Warehouse.open(dataDir);
  const ops = await openOpStore({ dataDir });
  const { token: h1 } = await createToken(ops, 'H1', 'HIS', 'test');
  const app = await buildApp({ wh, ops, dataDir, version: '1.0.0', ratePerSecond: 1000, maxEventLoopDelay: 0 });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const sample = samples.find((s) => s.expected_drg !== '0000' && s.procedures)!;

    // No token: 401, before anything else.
    let r = await post(base, null, bodyOf(sample));
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'unauthorized');
    r = await post(base, 'fgt_not_a_token', bodyOf(sample));
    assert.equal(r.status, 401);

    // No scheme yet: 503 with a clear Chinese message.
    r = await post(base, h1, bodyOf(sample));
    assert.equal(r.status, 503, JSON.stringify(r.json));
    assert.equal(r.json.error.code, 'no_scheme');
    assert.match(r.json.error.message_zh, /尚未装载分组方案/);

    // Imported while the server runs: picked up at the next check.
    await importDrgScheme(wh, SCHEME_DIR);
    await new Promise((ok) => setTimeout(ok, 150));
    r = await post(base, h1, { ...bodyOf(sample), fixmedins_code: 'H1' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.drg, sample.expected_drg);
    assert.equal(r.json.status, 'grouped');
    assert.ok(r.json.drg_name.length > 0);
    assert.equal(r.json.scheme.version, 'CHS-DRG 1.1');
    assert.match(r.json.message_zh, new RegExp(`入组 ${sample.expected_drg}`));
    assert.equal(r.json.explanation.result.drg, sample.expected_drg);
    assert.ok(r.json.explanation.mdcs.some((m: { entered: boolean }) => m.entered));
    assert.equal(r.json.explanation.adrg.code, r.json.adrg);
    assert.ok(Array.isArray(r.json.explanation.complications.counted));

    // Many rows of samples.csv, in both accepted shapes (objects with national names, bare strings main first).
    const some = samples.filter((_, i) => i % 50 === 0 || (samples[i].age_years === '0' && i % 7 === 0));
    for (const [k, s] of some.entries()) {
      const b = bodyOf(s);
      const body = k % 2 ? { ...b, diagnoses: b.diagnoses.map((d) => d.diag_code), procedures: b.procedures.map((p) => p.oprn_oprt_code) } : b;
      r = await post(base, h1, body);
      assert.equal(r.status, 200, `${s.record_id}: ${JSON.stringify(r.json)}`);
      assert.equal(r.json.drg, s.expected_drg, `sample ${s.record_id}`);
    }
    // The main diagnosis may be flagged anywhere in the list; MCC/CC codes are listed.
    const withCx = samples.find((s) => /1$/.test(s.expected_drg) && s.diagnoses.split('|').length > 2)!;
    const b = bodyOf(withCx);
    r = await post(base, h1, { ...b, diagnoses: [...b.diagnoses.slice(1), b.diagnoses[0]] });
    assert.equal(r.json.drg, withCx.expected_drg);
    assert.ok(r.json.mcc_codes.length > 0, JSON.stringify(r.json));

    // Not grouped: rejected with the reason in Chinese and English.
    r = await post(base, h1, { ...bodyOf(sample), gend: '' });
    assert.equal(r.status, 200);
    assert.deepEqual([r.json.status, r.json.drg, r.json.reject_reason], ['rejected', '0000', 'missing_sex']);
    assert.match(r.json.message_zh, /缺少性别/);
    assert.match(r.json.message_en, /no sex/);
    r = await post(base, h1, { gend: '1', age: 0, age_days: 3, diagnoses: ['P07.100'], procedures: [] });
    assert.equal(r.json.reject_reason, 'newborn_without_weight');

    // Validation: the field is named.
    r = await post(base, h1, { ...bodyOf(sample), age: 'abc' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'age');
    assert.match(r.json.error.message_zh, /age/);
    r = await post(base, h1, { ...bodyOf(sample), diagnoses: [{ maindiag_flag: '1' }] });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'diagnoses[0].diag_code');
    r = await post(base, h1, { ...bodyOf(sample), procedures: [{ oprn_oprt_code: '55.1102', main_oprn_flag: 'Y' }] });
    assert.equal(r.json.error.field, 'procedures[0].main_oprn_flag');
    r = await post(base, h1, { ...bodyOf(sample), diagnoses: [{ diag_code: 'A', main: true }, { diag_code: 'B', main: true }] });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'diagnoses[1]');
    r = await post(base, h1, { ...bodyOf(sample), extra: 1 });
    assert.equal(r.status, 400);
    r = await post(base, h1, { age: 30, diagnoses: [] });
    assert.equal(r.json.error.field, 'gend');
    r = await post(base, h1, '{"gend": ');
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'invalid_json');
    r = await post(base, h1, { ...bodyOf(sample), fixmedins_code: 'H2' });
    assert.equal(r.status, 403);
    assert.equal(r.json.error.field, 'fixmedins_code');

    // The HIS endpoints' rate limit applies here too.
    const res = await fetch(`${base}/api/v1/drg/group`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${h1}` },
      body: JSON.stringify(bodyOf(sample)) });
    assert.equal(res.headers.get('x-ratelimit-limit'), '1000');

    // The OpenAPI document lists the endpoint.
    const doc = await (await fetch(`${base}/api/docs`)).json() as { paths: Record<string, { post: { requestBody: unknown } }> };
    assert.ok(doc.paths['/api/v1/drg/group']?.post.requestBody);
    assert.match(JSON.stringify(doc.paths['/api/v1/drg/group']), /nwb_bir_wt/);
  } finally {
    delete process.env.FUNDGUARD_DRG_SCHEME_CHECK_MS;
    await app.close();
    await ops.close();
    wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
