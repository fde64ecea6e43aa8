/**
 * The institution portal overview (机构端) over real HTTP: the institution's own findings by status,
 * its deadlines soonest first with the overdue flag, its indicators against its peer group's
 * medians from provider_indicator (built by the audit run), and a note instead of an error when that
 * table is missing. Another institution's data is never in the answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workbenchFixture, supervisionRegion, SUPERVISION_RULES, type Session } from './workbench-fixture.js';
import { materialiseProviderIndicators } from '../../src/rules/indicators.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
test('portal overview: own findings, deadlines, indicators vs peers, missing indicator table, isolation, validation', async () => {
  const fx = await workbenchFixture([['aud', 'auditor', null], ['sup', 'supervisor', null], ['h1', 'institution', 'H1'], ['h2', 'institution', 'H2']],
    { region: supervisionRegion, rules: SUPERVISION_RULES });
  try {
    const [aud, sup, h1, h2] = await Promise.all(['aud', 'sup', 'h1', 'h2'].map((u) => fx.login(u)));
    const get = (s: Session | null, path: string) => fx.call(s, 'GET', path);
    assert.equal((await get(null, '/api/v1/portal/overview')).status, 401);
    assert.ok(await fx.wh.tableExists('provider_indicator'), 'the audit run builds provider_indicator');

    const o = (await get(h1, '/api/v1/portal/overview')).json;
    assert.deepEqual(o.institution, { fixmedins_code: 'H1', fixmedins_name: '机构H1', hosp_lv: '01' });
    assert.equal(o.findings.total, 2);
    assert.equal(o.findings.amount, '150.00');
    assert.deepEqual(o.findings.by_status[0], { status: 'pending_first', findings: 2, amount: '150.00', overdue: 0 });
    assert.deepEqual(o.deadlines, []);
    // Indicators of H1's latest month (April) and of the year: 次均门诊费用 1234.56 in April, (150 + 1234.56) / 2 over 2023.
    assert.deepEqual(o.indicators_period, { month: '2023-04', year: '2023', as_of: '2023-06-30' });
    const cost = o.indicators.filter((i: any) => i.indicator === 'op_cost_per_visit')
      .map((i: any) => [i.period, i.name_zh, i.name_en, i.fmt, i.value, i.peer_count, i.robust_z]);
    assert.deepEqual(cost, [['2023-04', '次均门诊费用', 'Cost per outpatient visit', 'yuan', '1234.560000', 1, null],
      ['2023', '次均门诊费用', 'Cost per outpatient visit', 'yuan', '692.280000', 1, null]]);
    assert.ok(o.indicators.every((i: any) => ['2023-04', '2023'].includes(i.period)));
    assert.equal(o.indicators_note, null);

    // A bureau role names the institution: O5 against its four June peers (median 110, z 26.3055).
    assert.equal((await get(aud, '/api/v1/portal/overview')).json.error.field, 'institution');
    const o5 = (await get(aud, '/api/v1/portal/overview?institution=O5')).json;
    const june = o5.indicators.find((i: any) => i.indicator === 'op_cost_per_visit' && i.period === '2023-06');
    assert.deepEqual([june.value, june.peer_median, june.peer_count, june.robust_z], ['500.000000', '110.00000000', 5, '26.305500']);
    assert.equal((await get(aud, '/api/v1/portal/overview?institution=NOPE')).status, 404);

    // Isolation: naming another institution is refused, and nothing of it is in the own answer.
    assert.equal((await get(h1, '/api/v1/portal/overview?institution=H2')).status, 403);
    assert.ok(!/H2|O5/.test(JSON.stringify(o)));

    // Deadlines: H1's gender finding waits for its appeal (overdue once the date passed), its outlier is in second review.
    const all = (await get(aud, '/api/v1/findings')).json.findings as any[];
    const gender = all.find((f) => f.fixmedins_code === 'H1' && f.rule_id === 'gender_restriction');
    const outlier = all.find((f) => f.fixmedins_code === 'H1' && f.rule_id === 'provider_outlier');
    const other = all.find((f) => f.fixmedins_code === 'H2');
    const step = async (s: Session, f: any, action: string, version: number) =>
      assert.equal((await fx.call(s, 'POST', `/api/v1/findings/${f.run_id}/${f.seq}/transition`, { action, version })).status, 200);
    await step(aud, gender, 'confirm', 0);
    await step(sup, gender, 'second_confirm', 1);
    await step(aud, outlier, 'confirm', 0);
    await step(aud, other, 'confirm', 0);
    await fx.ops.query(`UPDATE finding_review SET due_at = '2023-07-03' WHERE run_id = $1 AND seq = $2`, [gender.run_id, gender.seq]);
    const d = (await get(h1, '/api/v1/portal/overview')).json;
    assert.deepEqual(d.deadlines.map((x: any) => [x.seq, x.rule_id, x.amount, x.status, x.due_at, x.overdue, x.action_needed]), [
      [gender.seq, 'gender_restriction', '150.00', 'awaiting_appeal', '2023-07-03', true, true],
      [outlier.seq, 'provider_outlier', '0.00', 'pending_second', d.deadlines[1].due_at, false, false]]);
    assert.ok(d.deadlines[1].due_at > new Date().toISOString().slice(0, 10));
    assert.equal(d.deadlines_total, 2);
    assert.deepEqual(d.findings.by_status.filter((s: any) => s.findings).map((s: any) => [s.status, s.findings, s.amount, s.overdue]),
      [['pending_second', 1, '0.00', 0], ['awaiting_appeal', 1, '150.00', 1]]);
    // H2 sees its own deadline only.
    assert.deepEqual((await get(h2, '/api/v1/portal/overview')).json.deadlines.map((x: any) => x.seq), [other.seq]);

    // Without the indicator table: an empty list and a note, not an error; the next build is picked up.
    // (Answers are cached per run and institution, so ask about one not asked yet.)
    await fx.wh.run('DROP TABLE provider_indicator');
    const missing = await get(aud, '/api/v1/portal/overview?institution=O1');
    assert.equal(missing.status, 200);
    assert.deepEqual(missing.json.indicators, []);
    assert.equal(missing.json.indicators_note.code, 'indicators_missing');
    assert.match(missing.json.indicators_note.message_zh, /监控指标/);
    await materialiseProviderIndicators(fx.wh, '2023-06-30');
    assert.ok((await get(aud, '/api/v1/portal/overview?institution=O1')).json.indicators.length > 0);

    // Validation names the field.
    for (const [q, field] of [['run_id=abc', 'run_id'], ['institution=', 'institution'], ['page=2', 'page']]) {
      const r = await get(aud, `/api/v1/portal/overview?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.json.error.field, field, q);
    }
    assert.equal((await get(h1, '/api/v1/portal/overview?run_id=999')).status, 404);
    const log = await fx.ops.query<{ username: string; detail: { institution: string } }>(`SELECT username, detail FROM access_log WHERE object = 'portal'`);
    assert.ok(log.some((l) => l.username === 'h1' && l.detail.institution === 'H1'));
    assert.ok(log.some((l) => l.username === 'aud' && l.detail.institution === 'O5'));
  } finally {
    await fx.close();
  }
});
