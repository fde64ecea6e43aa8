/**
 * The rules API over real HTTP: listing with parameter schemas, roles, a change that creates a new
 * version only over the version the user saw (409 when stale, 400 naming a bad parameter), the
 * version diff, and that the change decides what the next audit job finds (a threshold: the grace
 * days after death of post_death_claim). What-if runs as a job and agrees with the CLI's comparison.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workbenchFixture } from './workbench-fixture.js';
import { waitJob } from './admin-helpers.js';
import { loadRuleKinds } from '../../src/rules/registry.js';
import { currentRules } from '../../src/rules/store.js';
import { compareRulesets } from '../../src/audit/whatif.js';

test('rules API: list, roles, versioned change with optimistic locking, diff, effect on the next audit, what-if', async () => {
  const fx = await workbenchFixture([['sup', 'supervisor', null], ['aud', 'auditor', null], ['h1', 'institution', 'H1']], {
    // Died on 1 March, visited on 5 March: a claim after death unless the grace exceeds 4 days.
    region: (r) => {
      r.person('D1', { gend: '2', die_date: '2023-03-01' });
      r.visit({ psn: 'D1', inst: 'H1', begin: '2023-03-05' }).line({ code: '310100001', name: '一般诊疗', pric: '80', time: '2023-03-05' });
    },
  });
  try {
    const sup = await fx.login('sup'); const aud = await fx.login('aud'); const h1 = await fx.login('h1');
    const list = await fx.call(aud, 'GET', '/api/v1/rules');
    assert.equal(list.status, 200);
    const rule = list.json.rules.find((r: { rule_id: string }) => r.rule_id === 'post_death_claim');
    assert.equal(rule.version, 1);
    assert.deepEqual(rule.params, { grace_days: 0 });
    assert.equal(rule.param_schema.properties.grace_days.type, 'integer');
    assert.equal(rule.param_schema.properties.grace_days.minimum, 0);
    assert.ok(rule.name_zh && rule.basis && rule.amount_zh && rule.updated_by);
    assert.equal((await fx.call(h1, 'GET', '/api/v1/rules')).status, 403, 'institutions do not see rules');
    assert.equal((await fx.call(h1, 'GET', '/api/v1/rules/post_death_claim')).status, 403);
    // Rule names (no parameters) for every role, so that an institution reads its findings by name.
    const names = await fx.call(h1, 'GET', '/api/v1/rule-names');
    assert.equal(names.status, 200);
    const pdc = names.json.rules.find((r: { rule_id: string }) => r.rule_id === 'post_death_claim');
    assert.equal(pdc.name_zh, rule.name_zh);
    assert.equal(pdc.params, undefined, 'no thresholds for institutions');
    assert.equal((await fx.call(null, 'GET', '/api/v1/rule-names')).status, 401);
    assert.equal((await fx.call(aud, 'GET', '/api/v1/rules/nope')).status, 404);

    const audit = async () => {
      const r = await fx.call(aud, 'POST', '/api/v1/audit-runs', { rules: ['post_death_claim'] });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      const job = await waitJob(fx, aud, r.json.job_id);
      assert.equal(job.state, 'done', JSON.stringify(job.error));
      return job.result;
    };
    const before = await audit();
    assert.equal(before.summary.findings, 1);
    assert.equal(before.summary.amount, '80.00');

    const put = (s: typeof sup, body: unknown) => fx.call(s, 'PUT', '/api/v1/rules/post_death_claim', body);
    assert.equal((await put(aud, { version: 1, params: { grace_days: 10 }, note: '放宽' })).status, 403, 'auditors cannot change rules');
    const stale = await put(sup, { version: 7, params: { grace_days: 10 }, note: '放宽' });
    assert.equal(stale.status, 409);
    assert.equal(stale.json.error.code, 'version_conflict');
    const bad = await put(sup, { version: 1, params: { grace_days: -3 }, note: '错误' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'params.grace_days');
    assert.match(bad.json.error.message_zh, /grace_days/);
    assert.match(bad.json.error.message_en, /grace_days/);
    const unknown = await put(sup, { version: 1, params: { grace_dayz: 3 }, note: '错误' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error.field, 'params.grace_dayz');
    assert.equal((await put(sup, { version: 1, params: { grace_days: 10 } })).json.error.field, 'note');

    const ok = await put(sup, { version: 1, params: { grace_days: 10 }, note: '死亡登记有延迟，放宽 10 天' });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal(ok.json.version, 2);
    assert.equal(ok.json.changed, true);
    assert.deepEqual(ok.json.params, { grace_days: 10 });
    assert.equal(ok.json.updated_by, 'sup');
    assert.deepEqual(ok.json.versions.map((v: { version: number }) => v.version), [1, 2]);
    // The same edit again over the version first seen: someone (here: ourselves) moved on.
    assert.equal((await put(sup, { version: 1, params: { grace_days: 20 }, note: '再放宽' })).status, 409);

    const diff = await fx.call(aud, 'GET', '/api/v1/rules/post_death_claim/diff?from=1&to=2');
    assert.deepEqual(diff.json.changes, [{ field: 'params.grace_days', before: 0, after: 10 }]);
    assert.equal((await fx.call(aud, 'GET', '/api/v1/rules/post_death_claim/diff?from=1&to=9')).status, 404);
    const log = await fx.ops.query<{ username: string }>(`SELECT username FROM access_log WHERE action = 'rule_change'`);
    assert.deepEqual(log.map((l) => l.username), ['sup']);

    const after = await audit();
    assert.equal(after.summary.findings, 0, 'the new threshold decides the next audit');
    assert.notEqual(after.ruleset_version, before.ruleset_version);

    // What-if of going back to 0 days: the visit would be found again. The CLI's comparison agrees.
    const wi = await fx.call(aud, 'POST', '/api/v1/rules/what-if', { changes: [{ rule_id: 'post_death_claim', params: { grace_days: 0 } }] });
    assert.equal(wi.status, 200);
    const job = await waitJob(fx, aud, wi.json.job_id);
    assert.equal(job.state, 'done', JSON.stringify(job.error));
    const row = job.result.rules[0];
    assert.deepEqual({ ...row }, { rule_id: 'post_death_claim', base_version: 2, base_enabled: true, draft_enabled: true, base_findings: 0,
      base_amount: '0.00', draft_findings: 1, draft_amount: '80.00', added: 1, added_amount: '80.00', removed: 0, removed_amount: '0.00',
      net_amount: '80.00' });
    const kinds = await loadRuleKinds();
    const base = (await currentRules(fx.ops, kinds)).filter((c) => c.rule_id === 'post_death_claim');
    const cli = await compareRulesets(fx.wh, kinds, base, base.map((c) => ({ ...c, params: { grace_days: 0 } })), job.result.period);
    assert.deepEqual(cli.map((c) => [c.rule_id, c.base_findings, c.draft_findings, c.added, c.added_amount, c.removed]),
      [[row.rule_id, row.base_findings, row.draft_findings, row.added, row.added_amount, row.removed]]);
    // Disabling a rule removes its findings; several rules in one draft are compared rule by rule.
    const two = await fx.call(sup, 'POST', '/api/v1/rules/what-if', { changes: [{ rule_id: 'gender_restriction', enabled: false },
      { rule_id: 'post_death_claim', params: { grace_days: 0 } }] });
    const twoJob = await waitJob(fx, sup, two.json.job_id);
    assert.deepEqual(twoJob.result.rules.map((r: Record<string, unknown>) => [r.rule_id, r.base_findings, r.draft_findings, r.added, r.removed, r.removed_amount]),
      [['gender_restriction', 3, 0, 0, 3, '450.00'], ['post_death_claim', 0, 1, 1, 0, '0.00']]);
    const badWi = await fx.call(aud, 'POST', '/api/v1/rules/what-if', { changes: [{ rule_id: 'post_death_claim', params: { grace_days: 'x' } }] });
    assert.equal(badWi.status, 400);
    assert.equal(badWi.json.error.field, 'changes[0].params.grace_days');
    assert.equal((await fx.call(aud, 'POST', '/api/v1/rules/what-if', { changes: [{ rule_id: 'zz_nope' }] })).json.error.field, 'changes[0].rule_id');
    assert.equal((await fx.call(h1, 'POST', '/api/v1/rules/what-if', { changes: [{ rule_id: 'post_death_claim' }] })).status, 403);
  } finally {
    await fx.close();
  }
});
