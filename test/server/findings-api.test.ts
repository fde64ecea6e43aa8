/**
 * The findings API over real HTTP after an audit of a small region with two institutions: an
 * institution user sees only its own findings in lists, details and exports whatever ids it
 * guesses; personal data is masked; revealing it needs a role and a reason and is logged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { workbenchFixture } from './workbench-fixture.js';

test('findings API: institution scoping on list, detail and export; masking; reveal with reason; validation', async () => {
  const fx = await workbenchFixture([['aud', 'auditor', null], ['h1', 'institution', 'H1']]);
  const { base, ops } = fx;
  const session = (username: string) => fx.login(username);
  const get = async (s: { cookie: string } | null, path: string) => {
    const res = await fetch(`${base}${path}`, { headers: s ? { cookie: s.cookie } : {} });
    return { status: res.status, res };
  };
  try {
    const aud = await session('aud');
    const h1 = await session('h1');
    assert.equal((await get(null, '/api/v1/findings')).status, 401);

    const all = await (await get(aud, '/api/v1/findings')).res.json() as { total: number; amount: string; findings: { fixmedins_code: string; seq: number; run_id: number }[] };
    assert.equal(all.total, 3);
    assert.equal(all.amount, '450.00');
    const own = await (await get(h1, '/api/v1/findings')).res.json() as typeof all;
    assert.equal(own.total, 1);
    assert.deepEqual(own.findings.map((f) => f.fixmedins_code), ['H1']);
    // Guessing another institution: refused in lists, "not found" in details, absent from exports.
    assert.equal((await get(h1, '/api/v1/findings?institution=H2')).status, 403);
    const other = all.findings.find((f) => f.fixmedins_code === 'H2')!;
    assert.equal((await get(h1, `/api/v1/findings/${other.run_id}/${other.seq}`)).status, 404);
    assert.equal((await get(aud, `/api/v1/findings/${other.run_id}/${other.seq}`)).status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await (await get(h1, '/api/v1/findings/export.xlsx?institution=H1')).res.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('疑点明细')!;
    assert.equal(sheet.rowCount, 2);
    assert.equal(sheet.getRow(2).getCell(4).value, 'H1');
    assert.ok(!JSON.stringify(sheet.getSheetValues()).includes('110101198001010011'), 'no ID numbers in exports');

    // Detail: evidence lines from the warehouse, the person masked.
    const mine = own.findings[0];
    const detail = await (await get(h1, `/api/v1/findings/${mine.run_id}/${mine.seq}`)).res.json() as {
      lines: { hilist_code: string }[]; person: { psn_name: string; certno: string }; related_visits: { fixmedins_code: string }[] };
    assert.deepEqual(detail.lines.map((l) => l.hilist_code), ['002101030300000']);
    assert.equal(detail.person.certno, '1101**********0011');
    assert.equal(detail.person.psn_name, '参***1'); // 参保人M1
    assert.deepEqual([...new Set(detail.related_visits.map((v) => v.fixmedins_code))], ['H1'], 'an institution sees only its own visits of the person');

    // Reveal: not for institution users; auditors with a reason, logged.
    const reveal = (s: { cookie: string; csrf: string }, body: unknown) => fetch(`${base}/api/v1/persons/M1/reveal`, { method: 'POST',
      headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify(body) });
    assert.equal((await reveal(h1, { reason: '核对身份信息' })).status, 403);
    assert.equal((await reveal(aud, { reason: '' })).status, 400);
    const shown = await reveal(aud, { reason: '核对参保人身份，申诉材料比对' });
    assert.equal(shown.status, 200);
    assert.equal(((await shown.json()) as { person: { certno: string } }).person.certno, '110101198001010011');
    const log = await ops.query<{ action: string; detail: { reason?: string } | null; username: string }>(
      `SELECT action, detail, username FROM access_log WHERE action IN ('reveal', 'export') ORDER BY id`);
    assert.deepEqual(log.map((l) => [l.action, l.username]), [['export', 'h1'], ['reveal', 'aud']]);
    assert.equal(log[1].detail?.reason, '核对参保人身份，申诉材料比对');

    // Bad filters name the field.
    const bad = await get(aud, '/api/v1/findings?severity=terrible');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.res.json()) as { error: { field: string } }).error.field, 'severity');
    // The same validators and wording as the dashboard's: a real calendar day, unknown parameters named.
    for (const [q, field, zh] of [['from=2023-02-30', 'from', '查询条件 from 不合法：不是有效日期'],
      ['statuz=x', 'statuz', '查询条件 statuz 不合法：不支持的查询参数']] as const) {
      for (const path of ['/api/v1/findings', '/api/v1/dashboard']) {
        const r = await get(aud, `${path}?${q}`);
        const e = ((await r.res.json()) as { error: { field: string; message_zh: string } }).error;
        assert.deepEqual([r.status, e.field, e.message_zh], [400, field, zh], `${path}?${q}`);
      }
    }
  } finally {
    await fx.close();
  }
});
