import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../ingest/helpers.js';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

/** Starts `fundguard start` on a fresh data dir and resolves with its URL once it serves. */
function start(dataDir: string): Promise<{ url: string; stop: () => Promise<void>; log: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--data-dir', dataDir, 'start', '--port', '0', '--persons', '300'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } });
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no start within 180 s:\n${err}`)); }, 180_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /服务已启动：(http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], log: () => err,
          stop: () => new Promise((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}:\n${err}`)); });
  });
}

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
    assert.equal(status.knowledge_sets.length, 1);
    assert.ok(status.knowledge_sets[0].effective_kinds.length >= 14);
    const page = await (await fetch(`${s.url}/`)).text();
    assert.match(page, /费用明细/);
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
