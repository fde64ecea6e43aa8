/**
 * The dashboard (指挥中心) over real HTTP after an audit of a small region with known money flows:
 * figures to the cent (void rows and refunds left out), every figure drilling down to /findings
 * with the same count and amount, review deadlines (including untouched findings, due from the
 * run's end, and the region's configurable limits), and an institution user seeing only itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { workbenchFixture, supervisionRegion, SUPERVISION_RULES, type Session } from './workbench-fixture.js';
import { setSetting } from '../../src/store/app-settings.js';
import { addWorkingDays } from '../../src/audit/review.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
test('dashboard: exact figures, drill-down, review deadlines, limits setting, institution isolation, validation', async () => {
  const fx = await workbenchFixture([['aud', 'auditor', null], ['sup', 'supervisor', null], ['h1', 'institution', 'H1']],
    { region: supervisionRegion, rules: SUPERVISION_RULES });
  try {
    const [aud, sup, h1] = await Promise.all(['aud', 'sup', 'h1'].map((u) => fx.login(u)));
    const get = async (s: Session | null, path: string) => fx.call(s, 'GET', path);
    assert.equal((await get(null, '/api/v1/dashboard')).status, 401);

    const d = (await get(aud, '/api/v1/dashboard')).json;
    assert.deepEqual(d.period, { from: '2023-03-01', to: '2023-06-30' });
    assert.deepEqual(d.totals, { fund_paid: '2614.57', at_stake: '450.00', findings: 5, institutions_flagged: 3, settlements: 10, overdue: 0 });
    assert.deepEqual(d.by_month.map((m: any) => [m.month, m.from, m.to, m.fund_paid, m.settlements, m.at_stake, m.findings]), [
      ['2023-03', '2023-03-01', '2023-03-31', '450.00', 3, '450.00', 3],
      ['2023-04', '2023-04-01', '2023-04-30', '1234.56', 1, '0.00', 1], // the void 999.99 and the refunded 500 are not paid
      ['2023-05', '2023-05-01', '2023-05-31', '0.01', 1, '0.00', 0],
      ['2023-06', '2023-06-01', '2023-06-30', '930.00', 5, '0.00', 1]]);
    const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Decimal(0)).toFixed(2);
    assert.equal(sum(d.by_month.map((m: any) => m.fund_paid)), d.totals.fund_paid);
    assert.deepEqual(d.by_rule, [
      { rule_id: 'gender_restriction', name_zh: '限定性别', name_en: 'Sex restriction', findings: 3, amount: '450.00' },
      { rule_id: 'provider_outlier', name_zh: '监控指标异常', name_en: 'Provider indicator outlier', findings: 2, amount: '0.00' }]);
    assert.deepEqual(d.by_severity, [{ severity: 'violation', findings: 3, amount: '450.00' },
      { severity: 'suspect_high', findings: 0, amount: '0.00' }, { severity: 'suspect', findings: 2, amount: '0.00' }]);
    assert.deepEqual(d.by_status[0], { status: 'pending_first', status_zh: '待初审', findings: 5, amount: '450.00', overdue: 0 });
    assert.equal(d.by_status.length, 7);
    assert.deepEqual(d.top_institutions.map((i: any) => [i.fixmedins_code, i.fixmedins_name, i.findings, i.amount, i.fund_paid]), [
      ['H2', '机构H2', 2, '300.00', '300.01'], ['H1', '机构H1', 2, '150.00', '1384.56'], ['O5', '机构O5', 1, '0.00', '500.00']]);
    // Outliers: strongest z first, with what the page needs to open the finding.
    assert.deepEqual(d.outliers.map((o: any) => [o.fixmedins_code, o.indicator, o.indicator_name_zh, o.period, o.value, o.peer_median, o.robust_z]), [
      ['O5', 'op_cost_per_visit', '次均门诊费用', '2023-06', '500', '110', '26.3055'],
      ['H1', 'op_cost_per_visit', '次均门诊费用', '2023-04', '1234.56', '1234.56', null]]);
    for (const o of d.outliers) {
      assert.equal(o.run_id, d.run_id);
      const f = (await get(aud, `/api/v1/findings/${o.run_id}/${o.seq}`)).json.finding;
      assert.equal(f.rule_id, 'provider_outlier');
      assert.equal(f.fixmedins_code, o.fixmedins_code);
      assert.equal(f.evidence.period, o.period);
    }

    // Every figure drills down to /findings with the same count and amount.
    const drill = async (s: Session, filter: string, findings: number, amount?: string) => {
      const r = (await get(s, `/api/v1/findings?run_id=${d.run_id}&${filter}`)).json;
      assert.equal(r.total, findings, filter);
      if (amount !== undefined) assert.equal(r.amount, amount, filter);
    };
    for (const m of d.by_month) await drill(aud, `from=${m.from}&to=${m.to}`, m.findings, m.at_stake);
    for (const r of d.by_rule) await drill(aud, `rule_id=${r.rule_id}&from=${d.period.from}&to=${d.period.to}`, r.findings, r.amount);
    for (const r of d.by_severity) await drill(aud, `severity=${r.severity}`, r.findings, r.amount);
    for (const r of d.by_status) await drill(aud, `status=${r.status}`, r.findings, r.amount);
    for (const r of d.top_institutions) await drill(aud, `institution=${r.fixmedins_code}`, r.findings, r.amount);

    // A filtered period: only April.
    const april = (await get(aud, '/api/v1/dashboard?from=2023-04-01&to=2023-04-30')).json;
    assert.deepEqual([april.totals.fund_paid, april.totals.findings, april.totals.settlements, april.by_month.length], ['1234.56', 1, 1, 1]);

    // The institution user: its own figures only, whatever it asks for.
    const own = await get(h1, '/api/v1/dashboard');
    assert.equal(own.status, 200);
    assert.deepEqual(own.json.totals, { fund_paid: '1384.56', at_stake: '150.00', findings: 2, institutions_flagged: 1, settlements: 2, overdue: 0 });
    assert.deepEqual(own.json.top_institutions.map((i: any) => i.fixmedins_code), ['H1']);
    assert.deepEqual(own.json.outliers.map((o: any) => o.fixmedins_code), ['H1']);
    assert.ok(!/"(H2|O5|机构H2|机构O5)"/.test(JSON.stringify(own.json)), 'no other institution in the answer');
    assert.equal((await get(h1, '/api/v1/dashboard?institution=H1')).status, 200);
    const guessed = await get(h1, '/api/v1/dashboard?institution=H2');
    assert.equal(guessed.status, 403);
    assert.ok(!JSON.stringify(guessed.json).includes('300'));
    // A bureau role may filter by institution.
    assert.equal((await get(sup, '/api/v1/dashboard?institution=H2')).json.totals.fund_paid, '300.01');

    // Bad queries name the field.
    for (const [q, field] of [['from=2023-02-30', 'from'], ['to=2023-13-01', 'to'], ['from=2023-05-01&to=2023-04-01', 'to'],
      ['run_id=abc', 'run_id'], ['bogus=1', 'bogus'], ['from=2000-01-01&to=2023-01-01', 'from']]) {
      const r = await get(aud, `/api/v1/dashboard?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.json.error.field, field, q);
      assert.ok(r.json.error.message_zh.includes(field) && r.json.error.message_en.includes(field));
    }
    assert.equal((await get(aud, '/api/v1/dashboard?run_id=999')).status, 404);

    // Review progress: one finding waiting for appeal past its deadline, one in second review due in two days.
    const list = (await get(aud, `/api/v1/findings?rule_id=gender_restriction`)).json.findings as any[];
    const fH1 = list.find((f) => f.fixmedins_code === 'H1'); const fH2 = list.find((f) => f.fixmedins_code === 'H2');
    const step = async (s: Session, f: any, body: Record<string, unknown>) => {
      const r = await fx.call(s, 'POST', `/api/v1/findings/${f.run_id}/${f.seq}/transition`, body);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return r.json.state;
    };
    await step(aud, fH1, { action: 'confirm', version: 0 });
    await step(aud, fH2, { action: 'confirm', version: 0 });
    await step(sup, fH2, { action: 'second_confirm', version: 1 });
    await fx.ops.query(`UPDATE finding_review SET due_at = current_date - 1 WHERE run_id = $1 AND seq = $2`, [fH2.run_id, fH2.seq]);
    await fx.ops.query(`UPDATE finding_review SET due_at = current_date + 2 WHERE run_id = $1 AND seq = $2`, [fH1.run_id, fH1.seq]);
    let p = (await get(aud, '/api/v1/dashboard')).json;
    const progress = (x: any) => Object.fromEntries(x.review_progress.map((r: any) => [r.status, [r.total, r.overdue, r.due_in_3_days]]));
    assert.deepEqual(progress(p), { pending_first: [3, 0, 0], pending_second: [1, 0, 1], awaiting_appeal: [1, 1, 0], appealed: [0, 0, 0], concluded: [0, 0, 0] });
    assert.equal(p.totals.overdue, 1);
    assert.equal(p.by_status.find((s: any) => s.status === 'awaiting_appeal').overdue, 1);
    const late = (await get(aud, '/api/v1/findings?status=awaiting_appeal')).json.findings;
    assert.deepEqual(late.map((f: any) => [f.seq, f.overdue]), [[fH2.seq, true]]);

    // Untouched findings are due the first-review limit (10 working days) after the run finished.
    await fx.ops.query(`UPDATE audit_run SET finished_at = '2023-01-02 12:00:00+00' WHERE run_id = $1`, [d.run_id]);
    p = (await get(aud, '/api/v1/dashboard')).json;
    assert.deepEqual(progress(p).pending_first, [3, 3, 0]);
    assert.equal(p.totals.overdue, 4);
    assert.equal((await get(h1, '/api/v1/dashboard')).json.totals.overdue, 1); // its untouched outlier finding
    // The findings list and detail flag the same untouched findings overdue, with the same due date (2023-01-02 + 10 working days).
    const untouched = (await get(aud, '/api/v1/findings?status=pending_first')).json.findings as any[];
    assert.deepEqual(untouched.map((f) => [f.overdue, f.due_at]), [[true, '2023-01-16'], [true, '2023-01-16'], [true, '2023-01-16']]);
    assert.equal((await get(aud, `/api/v1/findings/${untouched[0].run_id}/${untouched[0].seq}`)).json.finding.overdue, true);

    // The region's limits (setting review.limits): awaiting_appeal 2 working days instead of 5.
    const fH2b = list.find((f) => f.fixmedins_code === 'H2' && f.seq !== fH2.seq);
    await setSetting(fx.ops, 'review.limits', { awaiting_appeal: 2, pending_first: 0 });
    await step(aud, fH2b, { action: 'confirm', version: 0 });
    const st = await step(sup, fH2b, { action: 'second_confirm', version: 1 });
    assert.equal(st.due_at, addWorkingDays(new Date(), 2));
    assert.equal(progress((await get(aud, '/api/v1/dashboard')).json).pending_first[1], 0, 'pending_first: 0 = no deadline');
    // A bad setting is a clear error, on the dashboard and on transitions alike.
    await setSetting(fx.ops, 'review.limits', { awaiting_apeal: 3 });
    const bad = await get(aud, '/api/v1/dashboard');
    assert.equal(bad.status, 500);
    assert.equal(bad.json.error.code, 'bad_setting');
    assert.match(bad.json.error.message_zh, /review\.limits.*awaiting_apeal/);
    const badStep = await fx.call(sup, 'POST', `/api/v1/findings/${fH1.run_id}/${fH1.seq}/transition`, { action: 'second_confirm', version: 1 });
    assert.equal(badStep.status, 500);
    assert.equal(badStep.json.error.code, 'bad_setting');
    await setSetting(fx.ops, 'review.limits', { concluded: -1 });
    assert.match((await get(aud, '/api/v1/dashboard')).json.error.message_en, /concluded/);
    await setSetting(fx.ops, 'review.limits', {});
    assert.equal((await get(aud, '/api/v1/dashboard')).status, 200);

    const log = await fx.ops.query<{ username: string }>(`SELECT username FROM access_log WHERE action = 'view' AND object = 'dashboard'`);
    assert.ok(log.some((l) => l.username === 'aud') && log.some((l) => l.username === 'h1'));
  } finally {
    await fx.close();
  }
});
