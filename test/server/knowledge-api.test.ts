/**
 * Knowledge over real HTTP: sets listed for the bureau; an official batch file uploaded and
 * imported as a job whose result is the import report; files that cannot be knowledge are refused
 * naming the file (at upload by type, in the job by content), never by a server path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchFixture } from './workbench-fixture.js';
import { upload, waitJob } from './admin-helpers.js';
import { SHARED_DATA } from '../rules/harness.js';

test('knowledge: sets, import job with its report, refused files named', async () => {
  const fx = await workbenchFixture([['sup', 'supervisor', null], ['aud', 'auditor', null], ['h1', 'institution', 'H1']]);
  try {
    const sup = await fx.login('sup'); const aud = await fx.login('aud'); const h1 = await fx.login('h1');
    const sets = await fx.call(aud, 'GET', '/api/v1/knowledge/sets');
    assert.equal(sets.status, 200);
    assert.equal(sets.json.sets.length, 1);
    assert.ok(sets.json.sets[0].effective_kinds.length > 0);
    assert.equal((await fx.call(h1, 'GET', '/api/v1/knowledge/sets')).status, 403);

    const file = { name: 'b1-item-age.xlsx', bytes: readFileSync(join(SHARED_DATA, 'nhsa-two-libs', 'b1-item-age.xlsx')) };
    assert.equal((await upload(fx, aud, '/api/v1/knowledge/import', [file])).status, 403, 'auditors do not import');
    const started = await upload(fx, sup, '/api/v1/knowledge/import', [file], { label: '第一批 限定年龄诊疗项目' });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const job = await waitJob(fx, sup, started.json.job_id);
    assert.equal(job.state, 'done', JSON.stringify(job.error));
    assert.equal(job.result.label, '第一批 限定年龄诊疗项目');
    assert.equal(job.result.alreadyLoaded, false);
    assert.ok(job.result.rowsLoaded > 0);
    assert.equal(job.result.files[0].file, 'b1-item-age.xlsx', 'named as sent, not by a temp path');
    const after = await fx.call(aud, 'GET', '/api/v1/knowledge/sets');
    assert.equal(after.json.sets.length, 2);
    assert.equal(after.json.sets[1].set_id, job.result.setId);

    const refused = await upload(fx, sup, '/api/v1/knowledge/import', [{ name: 'tool.exe', bytes: 'MZ' }]);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error.field, 'tool.exe');
    const junk = await waitJob(fx, sup, (await upload(fx, sup, '/api/v1/knowledge/import', [{ name: '目录.csv', bytes: '随便,写写\n1,2\n' }])).json.job_id);
    assert.equal(junk.state, 'failed');
    assert.match(junk.error!.message_zh, /目录\.csv/);
    assert.match(junk.error!.message_en, /目录\.csv/);
    assert.ok(!junk.error!.message_zh.includes(fx.dataDir) && !junk.error!.message_en.includes('/tmp/'), 'no server paths');
    assert.deepEqual(readdirSync(join(fx.dataDir, 'tmp')).filter((n) => n.startsWith('knowledge-')), [], 'uploads removed after the job');
  } finally {
    await fx.close();
  }
});
