/**
 * The review workflow over real HTTP: every step by the role it belongs to, reasons and amounts
 * checked, each transition recorded, stale versions refused (409) and concurrent reviewers never
 * both succeed; an institution appeals only its own findings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workbenchFixture } from './workbench-fixture.js';

test('review workflow: 初审 → 复审 → 申诉 → 结论 → 扣款, roles, reasons, optimistic locking, history', async () => {
  const fx = await workbenchFixture([['aud', 'auditor', null], ['aud2', 'auditor', null], ['sup', 'supervisor', null], ['h1', 'institution', 'H1']]);
  try {
    const [aud, aud2, sup, h1] = await Promise.all(['aud', 'aud2', 'sup', 'h1'].map((u) => fx.login(u)));
    const list = (await fx.call(aud, 'GET', '/api/v1/findings')).json as { findings: { run_id: number; seq: number; fixmedins_code: string; status: string; version: number }[] };
    assert.deepEqual(list.findings.map((f) => f.status), ['pending_first', 'pending_first', 'pending_first']);
    const f = list.findings.find((x) => x.fixmedins_code === 'H1')!;
    const other = list.findings.find((x) => x.fixmedins_code === 'H2')!;
    const path = (x: { run_id: number; seq: number }) => `/api/v1/findings/${x.run_id}/${x.seq}/transition`;
    const step = (s: typeof aud, x: typeof f, body: Record<string, unknown>) => fx.call(s, 'POST', path(x), body);

    // The institution cannot review; dismissing needs a reason.
    assert.equal((await step(h1, f, { action: 'confirm', version: 0 })).status, 403);
    assert.equal((await step(aud, f, { action: 'dismiss', version: 0 })).status, 400);

    // Two auditors confirm at the same moment from the same version: exactly one wins, the other gets 409.
    const both = await Promise.all([step(aud, f, { action: 'confirm', version: 0 }), step(aud2, f, { action: 'confirm', version: 0 })]);
    assert.deepEqual(both.map((b) => b.status).sort(), [200, 409]);
    const lost = both.find((b) => b.status === 409)!;
    assert.equal(lost.json.error.code, 'conflict');
    assert.match(lost.json.error.message_zh, /已被他人处理/);

    assert.equal((await step(sup, f, { action: 'second_confirm', version: 1 })).status, 200);
    // Appeal: only the institution, only its own finding (another's answers "not found").
    assert.equal((await step(aud, f, { action: 'appeal', version: 2, reason: '代为申诉' })).status, 403);
    const mine = await step(h1, f, { action: 'appeal', version: 2, reason: '患者为女性，登记性别有误，附身份证复印件', attachments: [{ name: '身份证.pdf', size: 120345 }] });
    assert.equal(mine.status, 200, JSON.stringify(mine.json));
    assert.equal((await step(h1, other, { action: 'appeal', version: 0, reason: '申诉' })).status, 404);
    // A partial deduction must stay within the finding's amount.
    assert.equal((await step(aud, f, { action: 'conclude_partial', version: 3, reason: '部分认可', amount: '150.01' })).status, 400);
    const done = await step(aud, f, { action: 'conclude_partial', version: 3, reason: '部分认可', amount: '80.50' });
    assert.equal(done.status, 200);
    assert.equal(done.json.state.deducted_amount, '80.50');
    // Stale version and a step out of order are refused.
    assert.equal((await step(sup, f, { action: 'mark_deducted', version: 3 })).status, 409);
    assert.equal((await step(aud, f, { action: 'confirm', version: 4 })).status, 409);
    assert.equal((await step(sup, f, { action: 'mark_deducted', version: 4 })).status, 200);

    // The history: every transition with who, from, to, reason, amount.
    const detail = (await fx.call(aud, 'GET', `/api/v1/findings/${f.run_id}/${f.seq}`)).json as { finding: { status: string }; history: { action: string; from_status: string; to_status: string; by_user: string; amount: string | null }[] };
    assert.equal(detail.finding.status, 'deducted');
    assert.deepEqual(detail.history.map((h) => [h.action, h.from_status, h.to_status]), [
      ['confirm', 'pending_first', 'pending_second'], ['second_confirm', 'pending_second', 'awaiting_appeal'],
      ['appeal', 'awaiting_appeal', 'appealed'], ['conclude_partial', 'appealed', 'concluded'], ['mark_deducted', 'concluded', 'deducted']]);
    assert.equal(detail.history[3].amount, '80.50');
    assert.equal(detail.history[2].by_user, 'h1');

    // Bulk dismissal reports per finding; the filter by status finds them.
    const rest = list.findings.filter((x) => x.fixmedins_code === 'H2').map((x) => ({ run_id: x.run_id, seq: x.seq, version: 0 }));
    const bulk = await fx.call(aud, 'POST', '/api/v1/findings/transitions', { action: 'dismiss', reason: '经核实属正常诊疗', items: [...rest, { run_id: f.run_id, seq: f.seq, version: 0 }] });
    assert.equal(bulk.status, 200);
    assert.deepEqual(bulk.json.results.map((x: { ok: boolean }) => x.ok), [true, true, false]);
    const dismissed = (await fx.call(aud, 'GET', '/api/v1/findings?status=dismissed')).json as { total: number };
    assert.equal(dismissed.total, 2);
  } finally {
    await fx.close();
  }
});
