import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from '../ingest/helpers.js';
import { startDemo } from '../helpers/start-demo.js';

const start = (dataDir: string) => startDemo(dataDir, 300);

test('start on an empty data dir generates and imports the demo region, then serves what it loaded; a restart reuses it', async () => {
  const data = join(tempDir('fg-start-'), 'data');
  const s = await start(data);
  try {
    assert.match(s.log(), /首次启动/);
    const status = await (await fetch(`${s.url}/api/v1/status`)).json() as {
      tables: { table: string; rows: number }[]; imports: unknown[]; knowledge_sets: { effective_kinds: string[] }[] };
    for (const t of ['mdtrt_d', 'setl_d', 'fee_list_d', 'setl_list_diag_d', 'psn_info', 'fixmedins_info', 'dr_info', 'price_catalog']) {
      assert.ok((status.tables.find((x) => x.table === t)?.rows ?? 0) > 0, `${t} has rows`);
    }
    assert.equal(status.imports.length, 1);
    // The demo knowledge base, then the demo DRG scheme.
    assert.equal(status.knowledge_sets.length, 2);
    assert.ok(status.knowledge_sets[0].effective_kinds.length >= 14);
    // Before the first audit the demo year's stays are grouped with the demo DRG scheme.
    assert.match(s.log(), /演示DRG分组方案已导入为知识集 #2：\d+ 个 MDC/);
    assert.match(s.log(), /DRG 分组批次 #1：住院结算 [1-9]\d* 份，入组 [1-9]\d*/);
    assert.ok(s.log().indexOf('DRG 分组批次 #1') < s.log().indexOf('稽核批次 #1'), 'grouped before the first audit');
    const page = await (await fetch(`${s.url}/status`)).text();
    assert.match(page, /费用明细/);
    // The first start audits the demo year, so that the workbench opens on findings.
    assert.match(s.log(), /稽核批次 #1：疑点 [1-9]\d* 条/);
    const workbench = await (await fetch(`${s.url}/`)).text();
    assert.match(workbench, /<div id="root"><\/div>/);
  } finally {
    await s.stop();
  }
  const again = await start(data);
  try {
    assert.doesNotMatch(again.log(), /首次启动/);
    const status = await (await fetch(`${again.url}/api/v1/status`)).json() as { imports: unknown[] };
    assert.equal(status.imports.length, 1, 'the demo is not imported twice');
  } finally {
    await again.stop();
  }
});
