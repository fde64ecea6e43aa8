import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { importPath } from '../../src/ingest/importer.js';
import { openOpStore } from '../../src/store/opstore.js';
import { buildServer } from '../../src/server/app.js';
import { feeRow, openTemp, writeCsv } from '../ingest/helpers.js';

test('health, status and the status page answer over real HTTP with what is loaded', async () => {
  const { dir, wh } = await openTemp();
  const src = join(dir, 'in'); mkdirSync(src);
  writeCsv(join(src, 'fee_list_d.csv'), 'fee_list_d', [feeRow(1), feeRow(2, { vali_flag: '0', fee_ocur_time: '2023-04-02' })]);
  await importPath(wh, join(dir, 'data'), src);
  const ops = await openOpStore({ dataDir: join(dir, 'data') });
  const app = buildServer({ wh, ops, dataDir: join(dir, 'data'), version: '9.9.9' });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const health = await (await fetch(`${base}/api/v1/health`)).json() as Record<string, unknown>;
    assert.equal(health.status, 'ok');
    assert.equal(health.version, '9.9.9');
    assert.deepEqual(health.opstore, { engine: 'pglite' });

    const status = await (await fetch(`${base}/api/v1/status`)).json() as { tables: { table: string; rows: number; void_rows: number; first: string; last: string }[]; imports: unknown[] };
    const fee = status.tables.find((t) => t.table === 'fee_list_d')!;
    assert.deepEqual([fee.rows, fee.void_rows, fee.first, fee.last], [2, 1, '2023-03-01', '2023-04-02']);
    assert.equal(status.tables.find((t) => t.table === 'setl_d')!.rows, 0);
    assert.equal(status.imports.length, 1);

    const page = await fetch(`${base}/`);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    assert.match(html, /医保基金智能监管平台/);
    assert.match(html, /费用明细（fee_list_d）<\/td><td class="n">2</);

    const missing = await fetch(`${base}/api/v1/nope`);
    assert.equal(missing.status, 404);
    const body = await missing.json() as { error: { code: string; message_zh: string; message_en: string } };
    assert.equal(body.error.code, 'not_found');
    assert.match(body.error.message_zh, /未找到/);
  } finally {
    await app.close();
    await ops.close();
    wh.close();
  }
});
