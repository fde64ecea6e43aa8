/**
 * Audit tasks as jobs over real HTTP: a whole audit's progress reaches the number of rules and its
 * findings are those of the CLI's runAudit over the same data, even while other requests rebuild
 * the warehouse's base relations for another period between two rules (samples of January);
 * jobs are private to who started them (and admin); a finished job survives a restart and a
 * running one is failed by it; the audit-run list and the samples.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workbenchFixture } from './workbench-fixture.js';
import { waitJob } from './admin-helpers.js';
import { loadRuleKinds } from '../../src/rules/registry.js';
import { currentRules } from '../../src/rules/store.js';
import { runAudit } from '../../src/audit/audit.js';
import { JobQueue } from '../../src/audit/jobs.js';

const FINDING = `rule_id, rule_version, severity, fixmedins_code, psn_no, mdtrt_id, setl_id, bkkp_sn, amount::text AS amount,
  occurred_at::text AS occurred_at, message, evidence, knowledge_ref`;

test('audit jobs: progress, CLI-equivalent result under interleaved requests, privacy, restart, runs and samples', async () => {
  const fx = await workbenchFixture([['aud', 'auditor', null], ['aud2', 'auditor', null], ['adm', 'admin', null], ['sup', 'supervisor', null],
    ['h1', 'institution', 'H1']], {
    region: (r) => {
      r.person('D1', { gend: '2', die_date: '2023-03-01' });
      r.visit({ psn: 'D1', inst: 'H1', begin: '2023-03-05' }).line({ code: '310100001', name: '一般诊疗', pric: '80', time: '2023-03-05' });
      // January and March inpatient stays: sample material, and a January that differs from the audit's period end.
      for (const [i, d] of ['2023-01-10', '2023-01-20', '2023-03-10', '2023-03-12'].entries()) {
        r.visit({ psn: `P${i}`, inst: i % 2 ? 'H2' : 'H1', med_type: '21', begin: d, end: `${d.slice(0, 8)}${Number(d.slice(8)) + 3}` })
          .line({ code: '310100001', name: '床位费', pric: '50', cnt: 3, time: d });
      }
    },
  });
  try {
    const aud = await fx.login('aud'); const aud2 = await fx.login('aud2'); const adm = await fx.login('adm');
    const sup = await fx.login('sup'); const h1 = await fx.login('h1');
    const kinds = await loadRuleKinds();
    const enabled = (await currentRules(fx.ops, kinds)).filter((r) => r.enabled).length;

    assert.equal((await fx.call(h1, 'POST', '/api/v1/audit-runs', {})).status, 403);
    assert.equal((await fx.call(aud, 'POST', '/api/v1/audit-runs', { rules: ['gender_restriction', 'nope'] })).json.error.field, 'rules[1]');
    assert.equal((await fx.call(aud, 'POST', '/api/v1/audit-runs', { from: '2023-02-30' })).json.error.field, 'from');
    assert.equal((await fx.call(aud, 'POST', '/api/v1/audit-runs', { from: '2023-03-02', to: '2023-03-01' })).status, 400);

    const started = await fx.call(aud, 'POST', '/api/v1/audit-runs', {});
    assert.equal(started.status, 200);
    const jobId = started.json.job_id as number;
    // Samples of January between the audit's rules: each rebuilds the base relations up to 31 January.
    let between = 0; let drawn = 0;
    for (let i = 0; i < 500; i++) {
      const j = await fx.call(aud, 'GET', `/api/v1/jobs/${jobId}`);
      if (j.json.state === 'done' || j.json.state === 'failed') break;
      assert.equal((await fx.call(aud, 'POST', '/api/v1/samples', { period: '2023-01', rate: 0.5, seed: `s${i}` })).status, 200);
      drawn++;
      const after = await fx.call(aud, 'GET', `/api/v1/jobs/${jobId}`);
      if (j.json.progress.done > 0 && after.json.state === 'running') between++;
    }
    assert.ok(between > 0, `samples were drawn while the audit was between rules (${drawn} drawn)`);
    const job = await waitJob(fx, aud, jobId);
    assert.equal(job.state, 'done', JSON.stringify(job.error));
    assert.equal(job.kind, 'audit');
    assert.deepEqual(job.progress, { done: enabled, total: enabled, current: null });
    assert.ok(job.seen.every((p, i) => i === 0 || p.done >= job.seen[i - 1].done), 'progress only moves forward');

    const cli = await runAudit(fx.wh, fx.ops, kinds, { by: 'cli-test' });
    assert.equal(job.result.summary.findings, cli.summary.findings);
    assert.equal(job.result.summary.amount, cli.summary.amount);
    assert.deepEqual(job.result.summary.by_rule, cli.summary.by_rule);
    assert.deepEqual(job.result.period, cli.period);
    const rows = async (run: number) => fx.ops.query(`SELECT seq, ${FINDING} FROM audit_finding WHERE run_id = $1 ORDER BY seq`, [run]);
    assert.deepEqual(await rows(job.result.run_id), await rows(cli.run_id));
    assert.ok(cli.summary.by_rule.some((r) => r.key === 'post_death_claim'), 'the planted case is found');

    // Private to who started it, and admin.
    assert.equal((await fx.call(aud2, 'GET', `/api/v1/jobs/${jobId}`)).status, 404);
    assert.equal((await fx.call(h1, 'GET', `/api/v1/jobs/${jobId}`)).status, 404);
    assert.equal((await fx.call(adm, 'GET', `/api/v1/jobs/${jobId}`)).status, 200);
    assert.equal((await fx.call(aud, 'GET', '/api/v1/jobs/abc')).status, 404);
    assert.deepEqual((await fx.call(aud2, 'GET', '/api/v1/jobs')).json.jobs, []);
    assert.equal((await fx.call(aud, 'GET', '/api/v1/jobs')).json.jobs[0].job_id, jobId);

    const runs = await fx.call(sup, 'GET', '/api/v1/audit-runs');
    const mine = runs.json.runs.find((r: { run_id: number }) => r.run_id === job.result.run_id);
    assert.equal(mine.by, 'aud');
    assert.equal(mine.findings, cli.summary.findings);
    assert.equal(mine.amount, cli.summary.amount);
    assert.ok(mine.started_at && mine.finished_at && mine.period_from === cli.period.from);
    assert.equal((await fx.call(h1, 'GET', '/api/v1/audit-runs')).status, 403);

    // Restart: a finished job keeps its result; one left running is failed with a message.
    const [ghost] = await fx.ops.query<{ job_id: number }>(`INSERT INTO wb_job (kind, state, username, role, params, started_at)
      VALUES ('audit', 'running', 'aud', 'auditor', '{}', now()) RETURNING job_id`);
    const reopened = await JobQueue.open(fx.ops);
    const kept = await reopened.get(jobId);
    assert.equal(kept?.state, 'done');
    assert.deepEqual(kept?.result, job.result);
    const failed = await reopened.get(Number(ghost.job_id));
    assert.equal(failed?.state, 'failed');
    assert.match(failed!.error!.message_zh, /重启/);
    assert.match(failed!.error!.message_en, /restart/);

    // Samples: validated, drawn reproducibly, listed.
    const s1 = await fx.call(aud, 'POST', '/api/v1/samples', { period: '2023-03', rate: 1, seed: 'fixed' });
    assert.equal(s1.status, 200);
    assert.deepEqual(s1.json.per_institution.map((p: { fixmedins_code: string; sampled: number }) => [p.fixmedins_code, p.sampled]), [['H1', 1], ['H2', 1]]);
    const s2 = await fx.call(sup, 'POST', '/api/v1/samples', { period: '2023-03', rate: 1, seed: 'fixed' });
    assert.deepEqual(s2.json.items, s1.json.items);
    assert.equal((await fx.call(aud, 'POST', '/api/v1/samples', { period: '2023-13', rate: 0.1 })).json.error.field, 'period');
    assert.equal((await fx.call(aud, 'POST', '/api/v1/samples', { period: '2023-03', rate: 2 })).json.error.field, 'rate');
    assert.equal((await fx.call(adm, 'POST', '/api/v1/samples', { period: '2023-03', rate: 0.1 })).status, 403);
    const listed = await fx.call(adm, 'GET', '/api/v1/samples');
    assert.equal(listed.json.samples[0].draw_id, s2.json.draw_id);
    const one = await fx.call(aud, 'GET', `/api/v1/samples/${s1.json.draw_id}`);
    assert.deepEqual(one.json.items.map((i: { setl_id: string }) => i.setl_id), s1.json.items.map((i: { setl_id: string }) => i.setl_id));
    assert.equal((await fx.call(h1, 'GET', '/api/v1/samples')).status, 403);
  } finally {
    await fx.close();
  }
});
