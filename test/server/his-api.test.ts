/**
 * The HIS endpoints over real HTTP on a small region with the official gender batch loaded:
 * authentication and institution binding, validation errors naming the field, decisions from the
 * real-time rules, a checked settlement counting for the next check (also after a restart), the
 * doctor's reason, rate limiting, the call log without personal data in clear, the OpenAPI document.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Warehouse } from '../../src/store/warehouse.js';
import { openOpStore, type OpStore } from '../../src/store/opstore.js';
import { importPath } from '../../src/ingest/importer.js';
import { importKnowledge } from '../../src/knowledge/index.js';
import { buildApp } from '../../src/server/app.js';
import { createToken } from '../../src/audit/precheck/index.js';
import { loadRuleKinds } from '../../src/rules/registry.js';
import { currentRules, saveRules } from '../../src/rules/store.js';
import { RegionBuilder } from '../rules/builders.js';
import { SHARED_DATA } from '../rules/harness.js';
import { tempDir } from '../ingest/helpers.js';

const UTERUS_XRAY = '002101030300000'; // 子宫造影, restricted to 女 in b1-item-gender

async function region(): Promise<{ dataDir: string; wh: Warehouse; ops: OpStore }> {
  const dir = tempDir('fg-his-');
  const dataDir = join(dir, 'data');
  const wh = await Warehouse.open(dataDir);
  await importKnowledge(wh, [join(SHARED_DATA, 'nhsa-two-libs', 'b1-item-gender.xlsx')]);
  const r = new RegionBuilder();
  r.person('M1', { gend: '1', brdy: '1970-05-01' }).person('F1', { gend: '2', brdy: '1985-02-01' });
  r.institution('H1', { hosp_lv: '01' }).institution('H2', { hosp_lv: '05' });
  const v = r.visit({ psn: 'F1', inst: 'H1', med_type: '11', begin: '2023-02-01' });
  v.line({ code: '001102000010000', time: '2023-02-01' });
  r.write(join(dir, 'in'));
  await importPath(wh, dataDir, join(dir, 'in'));
  return { dataDir, wh, ops: await openOpStore({ dataDir }) };
}

const line = (code: string, o: Record<string, unknown> = {}) => ({ hilist_code: code, hilist_name: code, cnt: '1', pric: '120.00',
  fee_ocur_time: '2023-03-01 09:00:00', list_type: '201', med_chrgitm_type: '04', ...o });

async function post(base: string, path: string, token: string | null, body: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

test('HIS endpoints: tokens, validation, decisions, history across checks and restarts, ack, rate limit, log, OpenAPI', async () => {
  const { dataDir, wh, ops } = await region();
  const { token: h1 } = await createToken(ops, 'H1', 'HIS', 'test');
  const { token: h2 } = await createToken(ops, 'H2', 'HIS', 'test');
  let app: FastifyInstance = await buildApp({ wh, ops, dataDir, version: '1.0.0', ratePerSecond: 1000, maxEventLoopDelay: 0 });
  let base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const male = { psn_no: 'M1', mdtrt_id: 'V-M1-1', med_type: '11', fixmedins_code: 'H1', gend: '1', brdy: '1970-05-01',
      diagnoses: [{ diag_code: 'N83.200' }], lines: [line(UTERUS_XRAY)] };

    // Authentication and institution binding.
    let r = await post(base, '/api/v1/precheck', null, male);
    assert.equal(r.status, 401, JSON.stringify(r.json));
    assert.equal(r.json.error.code, 'unauthorized');
    assert.match(r.json.error.message_zh, /令牌/);
    r = await post(base, '/api/v1/precheck', 'fgt_not_a_token', male);
    assert.equal(r.status, 401);
    r = await post(base, '/api/v1/precheck', h2, male);
    assert.equal(r.status, 403);
    assert.equal(r.json.error.field, 'fixmedins_code');

    // Validation errors name the field, in Chinese and English; malformed JSON is an error too.
    r = await post(base, '/api/v1/precheck', h1, { ...male, lines: [line(UTERUS_XRAY, { cnt: 'abc' })] });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'lines[0].cnt');
    assert.match(r.json.error.message_zh, /lines\[0\]\.cnt/);
    r = await post(base, '/api/v1/precheck', h1, { ...male, lines: [] });
    assert.equal(r.status, 400);
    r = await post(base, '/api/v1/precheck', h1, '{"psn_no": ');
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'invalid_json');

    // A female-only item for a man: a violation, blocked by default; amount is the new line's fund money.
    r = await post(base, '/api/v1/precheck', h1, male);
    assert.equal(r.status, 200);
    assert.equal(r.json.decision, 'block');
    const f = r.json.findings.find((x: { rule_id: string }) => x.rule_id === 'gender_restriction');
    assert.ok(f, JSON.stringify(r.json.findings));
    assert.equal(f.amount, '120.00');
    assert.equal(f.decision, 'block');
    assert.match(f.message, /限女性使用/);
    assert.match(f.knowledge_ref, /b1-item-gender\.xlsx/);
    assert.ok(r.json.rules_evaluated >= 1);
    // Unknown codes are reported, not fatal.
    const odd = await post(base, '/api/v1/precheck', h1, { ...male, lines: [line('NOT-A-CODE')] });
    assert.equal(odd.status, 200);
    assert.deepEqual(odd.json.unknown_codes.map((u: { field: string }) => u.field), ['lines[0].hilist_code']);

    // A rule switched off in the workbench (same process) stops at once, not at the 30 s re-read.
    const kinds = await loadRuleKinds();
    const g = (await currentRules(ops, kinds)).find((c) => c.rule_id === 'gender_restriction')!;
    await saveRules(ops, kinds, [{ ...g, enabled: false }], 'test');
    const t0 = Date.now();
    let off = await post(base, '/api/v1/precheck', h1, { ...male, mdtrt_id: 'V-OFF' });
    while (off.json.findings.some((x: { rule_id: string }) => x.rule_id === 'gender_restriction') && Date.now() - t0 < 2000) {
      await new Promise((res) => setTimeout(res, 50));
      off = await post(base, '/api/v1/precheck', h1, { ...male, mdtrt_id: 'V-OFF' });
    }
    assert.deepEqual(off.json.findings.filter((x: { rule_id: string }) => x.rule_id === 'gender_restriction'), [], 'off within 2 s');
    await saveRules(ops, kinds, [{ ...g, enabled: true }], 'test');

    // The same item for a woman passes.
    r = await post(base, '/api/v1/precheck', h1, { ...male, psn_no: 'F1', gend: '2', brdy: '1985-02-01', mdtrt_id: 'V-F1-2' });
    assert.equal(r.json.decision, 'pass');
    assert.deepEqual(r.json.findings, []);

    // A regional policy that only warns on violations.
    await ops.query(`INSERT INTO app_setting (key, value) VALUES ('his.block_policy', '{"default": []}')`);
    await app.close();
    app = await buildApp({ wh, ops, dataDir, version: '1.0.0', ratePerSecond: 1000, maxEventLoopDelay: 0 });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    r = await post(base, '/api/v1/precheck', h1, male);
    assert.equal(r.json.decision, 'warn');

    // The doctor proceeds with a reason; it is kept with the check.
    const ack = await post(base, '/api/v1/precheck/ack', h1, { check_id: r.json.check_id, finding_no: 1, reason: '患者性别登记错误，已核实为女性' });
    assert.equal(ack.status, 200);
    const kept = await ops.query<{ reason: string }>('SELECT reason FROM his_ack WHERE check_id = $1', [r.json.check_id]);
    assert.deepEqual(kept.map((k) => k.reason), ['患者性别登记错误，已核实为女性']);
    const other = await post(base, '/api/v1/precheck/ack', h2, { check_id: r.json.check_id, finding_no: 1, reason: '别家机构的确认' });
    assert.equal(other.status, 404, 'another institution cannot acknowledge this check');

    // A checked settlement counts for the next check, also after a restart.
    const stay = (mdtrt: string, inst: string, begin: string, end: string) => ({
      psn_no: 'F1', mdtrt_id: mdtrt, med_type: '21', fixmedins_code: inst, begntime: `${begin} 08:00:00`, endtime: `${end} 10:00:00`,
      setl_id: `S-${mdtrt}`, setl_time: `${end} 10:00:00`, fund_pay_sumamt: '800.00', diagnoses: [{ diag_code: 'J18.900' }],
      adm_dept_codg: 'A03', dscg_dept_codg: 'A03', dscg_way: '1', ipt_days: String((Date.parse(end) - Date.parse(begin)) / 86_400_000),
      lines: [line('001109000010000', { fee_ocur_time: `${begin} 09:00:00`, pric: '100.00', med_chrgitm_type: '01' })] });
    r = await post(base, '/api/v1/settlement-check', h1, stay('IP-1', 'H1', '2023-05-01', '2023-05-10'));
    assert.equal(r.status, 200);
    assert.equal(r.json.decision, 'pass', JSON.stringify(r.json.findings));
    await app.close();
    app = await buildApp({ wh, ops, dataDir, version: '1.0.0', ratePerSecond: 5, maxEventLoopDelay: 0 });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    r = await post(base, '/api/v1/settlement-check', h2, { ...stay('IP-2', 'H2', '2023-05-05', '2023-05-12') });
    assert.equal(r.status, 200);
    const overlap = r.json.findings.find((x: { rule_id: string }) => x.rule_id === 'overlapping_inpatient');
    assert.ok(overlap, `the stay checked before the restart is in the history: ${JSON.stringify(r.json.findings)}`);
    assert.equal(overlap.mdtrt_id, 'IP-2');
    assert.equal(overlap.amount, '800.00');
    assert.equal(r.json.lines.length, 1);

    // Rate limit per token: 5 a second here.
    const burst = await Promise.all(Array.from({ length: 12 }, () => post(base, '/api/v1/precheck', h1, male)));
    assert.ok(burst.some((b) => b.status === 429), 'some requests are limited');
    const limited = burst.find((b) => b.status === 429)!;
    assert.equal(limited.json.error.code, 'rate_limited');

    // Beyond the checks the workers can hold waiting, calls are refused at once: 503, Retry-After, a JSON error.
    await app.close();
    app = await buildApp({ wh, ops, dataDir, version: '1.0.0', ratePerSecond: 1000, maxEventLoopDelay: 0, maxQueuedChecks: 1 });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    const crowd = await Promise.all(Array.from({ length: 12 }, async () => {
      const res = await fetch(`${base}/api/v1/precheck`, { method: 'POST', headers: { 'content-type': 'application/json',
        authorization: `Bearer ${h1}` }, body: JSON.stringify(male) });
      return { status: res.status, retry: res.headers.get('retry-after'), json: await res.json() as { error?: { code: string } } };
    }));
    assert.ok(crowd.some((c) => c.status === 200), 'the first check is served');
    const shed = crowd.filter((c) => c.status !== 200);
    assert.ok(shed.length > 0, 'checks beyond the queue are refused');
    assert.ok(shed.every((c) => c.status === 503 && c.retry === '1' && c.json.error?.code === 'overloaded'), JSON.stringify(shed[0]));

    // OpenAPI document.
    const doc = await (await fetch(`${base}/api/docs`)).json() as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/api/v1/drg/group', '/api/v1/precheck', '/api/v1/precheck/ack', '/api/v1/settlement-check']);
  } finally {
    await app.close();
  }
  // Every call is logged: who, when, decision, duration; the person only as a digest.
  const log = await ops.query<{ endpoint: string; status: number; decision: string | null; psn_ref: string | null; token_id: number | null }>(
    'SELECT endpoint, status, decision, psn_ref, token_id FROM his_call_log ORDER BY id');
  assert.ok(log.length >= 10);
  assert.ok(log.some((l) => l.status === 401 && l.token_id === null));
  assert.ok(log.some((l) => l.decision === 'block'));
  assert.ok(log.every((l) => l.psn_ref === null || (l.psn_ref !== 'M1' && /^[0-9a-f]{16}$/.test(l.psn_ref))));
  const clear = await ops.query<{ n: number }>(`SELECT count(*)::int AS n FROM his_call_log WHERE row_to_json(his_call_log)::text LIKE '%M1%'`);
  assert.equal(clear[0].n, 0);
  await ops.close();
  wh.close();
});
