/**
 * 机构自查 over real HTTP: an institution uploads its own extract files; the job audits them in a
 * scratch warehouse with the region's rules, knowledge (gender-restricted items) and reference
 * data (a death date known only to the region's psn_info), finds the planted violations, and
 * leaves the region's warehouse untouched; a row of another institution fails the check naming
 * file and row; only the same institution reads the findings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchFixture } from './workbench-fixture.js';
import { upload, waitJob } from './admin-helpers.js';
import { RegionBuilder } from '../rules/builders.js';
import { tempDir } from '../ingest/helpers.js';

const EXTRACT = ['mdtrt_d.csv', 'setl_d.csv', 'fee_list_d.csv'];

function extract(build: (r: RegionBuilder) => void): { name: string; bytes: Buffer }[] {
  const dir = tempDir('fg-selfcheck-');
  const r = new RegionBuilder();
  build(r);
  r.write(dir);
  return EXTRACT.map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

test('self-check: own files audited in a scratch store, planted violations found, other institutions refused', async () => {
  const fx = await workbenchFixture([['h1', 'institution', 'H1'], ['h1b', 'institution', 'H1'], ['h2', 'institution', 'H2'], ['aud', 'auditor', null]], {
    region: (r) => { r.person('D1', { gend: '2', die_date: '2023-03-01' }); },
  });
  try {
    const h1 = await fx.login('h1'); const h1b = await fx.login('h1b'); const h2 = await fx.login('h2'); const aud = await fx.login('aud');
    const regionRows = async () => fx.wh.all<{ t: string; n: string }>(`SELECT 'fee' AS t, CAST(count(*) AS VARCHAR) AS n FROM fee_list_d
      UNION ALL SELECT 'imports', CAST(count(*) AS VARCHAR) FROM import_batch ORDER BY 1`);
    const before = await regionRows();

    const files = extract((r) => {
      r.institution('H1', { hosp_lv: '01' });
      r.person('M7', { gend: '1' });
      // A male patient billed a female-only examination (knowledge of the region), and a visit after death (the region's psn_info).
      r.visit({ psn: 'M7', inst: 'H1', begin: '2023-04-02' }).line({ code: '002101030300000', name: '子宫造影', pric: '150', time: '2023-04-02' });
      r.visit({ psn: 'D1', inst: 'H1', begin: '2023-04-05' }).line({ code: '310100001', name: '一般诊疗', pric: '80', time: '2023-04-05' });
    });
    assert.equal((await upload(fx, aud, '/api/v1/portal/self-check', files)).status, 403, 'institutions only');
    const started = await upload(fx, h1, '/api/v1/portal/self-check', files);
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const job = await waitJob(fx, h1, started.json.job_id);
    assert.equal(job.state, 'done', JSON.stringify(job.error));
    assert.equal(job.kind, 'self_check');
    assert.equal(job.result.rows_rejected, 0);
    assert.deepEqual(job.result.period, { from: '2023-04-02', to: '2023-04-05' });

    const got = await fx.call(h1, 'GET', `/api/v1/portal/self-checks/${job.job_id}/findings`);
    assert.equal(got.status, 200);
    const byRule = Object.fromEntries(got.json.findings.map((f: { rule_id: string; psn_no: string; amount: string }) => [f.rule_id, [f.psn_no, f.amount]]));
    assert.deepEqual(byRule.gender_restriction, ['M7', '150.00']);
    assert.deepEqual(byRule.post_death_claim, ['D1', '80.00']);
    assert.equal(got.json.total, job.result.findings);
    const one = got.json.findings[0];
    assert.equal(one.fixmedins_code, 'H1');
    assert.equal(one.fixmedins_name, '机构H1', 'institution names come from the region');
    for (const k of ['status', 'version', 'due_at', 'overdue', 'deducted_amount']) assert.ok(!(k in one), `no review field ${k}`);
    assert.equal((await fx.call(h1b, 'GET', `/api/v1/portal/self-checks/${job.job_id}/findings`)).status, 200, 'the same institution');
    assert.equal((await fx.call(h2, 'GET', `/api/v1/portal/self-checks/${job.job_id}/findings`)).status, 404);
    assert.equal((await fx.call(aud, 'GET', `/api/v1/portal/self-checks/${job.job_id}/findings`)).status, 403);
    assert.equal((await fx.call(h1, 'GET', '/api/v1/portal/self-checks')).json.self_checks[0].findings, job.result.findings);

    // The region's warehouse and audit runs are untouched; the scratch store is gone.
    assert.deepEqual(await regionRows(), before);
    assert.equal((await fx.ops.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_run'))[0].n, 1);
    assert.deepEqual(readdirSync(join(fx.dataDir, 'tmp')).filter((n) => n.startsWith('self-check')), []);

    // A row of another institution: the check fails, naming file and row.
    const mixed = extract((r) => {
      r.visit({ psn: 'M7', inst: 'H1', begin: '2023-04-02' }).line({ code: '310100001', pric: '10', time: '2023-04-02' });
      r.visit({ psn: 'M8', inst: 'H2', begin: '2023-04-03' }).line({ code: '310100001', pric: '10', time: '2023-04-03' });
    });
    const bad = await waitJob(fx, h1, (await upload(fx, h1, '/api/v1/portal/self-check', mixed)).json.job_id);
    assert.equal(bad.state, 'failed');
    assert.match(bad.error!.message_zh, /mdtrt_d\.csv mdtrt_id=M0002 \(H2\)/);
    assert.match(bad.error!.message_en, /fee_list_d\.csv bkkp_sn=M0002-L1 \(H2\)/);
    assert.match(bad.error!.message_en, /not of your institution H1/);
    assert.equal((await fx.call(h1, 'GET', `/api/v1/portal/self-checks/${bad.job_id}/findings`)).json.total, 0);

    // Files that are not the institution's extract tables are refused before any job, naming the file.
    const ref = await upload(fx, h1, '/api/v1/portal/self-check', [...files, { name: 'psn_info.csv', bytes: Buffer.from('psn_no\n1\n') }]);
    assert.equal(ref.status, 400);
    assert.equal(ref.json.error.field, 'psn_info.csv');
    const odd = await upload(fx, h1, '/api/v1/portal/self-check', [...files, { name: '说明.docx', bytes: Buffer.from('x') }]);
    assert.equal(odd.json.error.field, '说明.docx');
    assert.match(odd.json.error.message_zh, /说明\.docx/);
    assert.equal((await upload(fx, h1, '/api/v1/portal/self-check', [files[2]])).json.error.code, 'unsupported_file', 'visits and settlements are needed');
  } finally {
    await fx.close();
  }
});
