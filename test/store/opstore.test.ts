import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOpStore, type OpStore } from '../../src/store/opstore.js';
import { getSetting, setSetting } from '../../src/store/app-settings.js';
import { dropTestSchema } from './pg-schema.js';

const targets: [string, string | undefined][] = [['PGlite (embedded)', undefined]];
if (process.env.TEST_DATABASE_URL) targets.push(['PostgreSQL server', process.env.TEST_DATABASE_URL]);
else test.skip('PostgreSQL server: skipped because TEST_DATABASE_URL is not set', () => undefined);

for (const [name, url] of targets) {
  const open = async (): Promise<OpStore> => {
    const schema = url ? `fg_test_${process.pid}_${Math.floor(Math.random() * 1e6)}` : undefined;
    const store = await openOpStore({ dataDir: mkdtempSync(join(tmpdir(), 'fg-ops-')), url, schema });
    const close = store.close.bind(store);
    store.close = async () => { await close(); await dropTestSchema(url, schema); };
    return store;
  };

  test(`${name}: migrations apply once, in order, per module`, async () => {
    const ops = await open();
    const m = [
      { version: 2, sql: 'ALTER TABLE t_demo ADD COLUMN note TEXT' },
      { version: 1, sql: 'CREATE TABLE t_demo (id INTEGER PRIMARY KEY, amount NUMERIC(18,2) NOT NULL)' },
    ];
    await ops.ensureSchema('demo', m);
    await ops.ensureSchema('demo', m);
    const applied = await ops.query<{ version: number }>("SELECT version FROM schema_migrations WHERE module = 'demo' ORDER BY version");
    assert.deepEqual(applied.map((r) => Number(r.version)), [1, 2]);
    await ops.query('INSERT INTO t_demo (id, amount, note) VALUES ($1, $2, $3)', [1, '0.10', 'a']);
    await ops.query('INSERT INTO t_demo (id, amount, note) VALUES ($1, $2, $3)', [2, '0.20', 'b']);
    const sum = await ops.query<{ s: string }>('SELECT sum(amount)::text AS s FROM t_demo');
    assert.equal(sum[0].s, '0.30');
    await ops.close();
  });

  test(`${name}: a failing transaction leaves nothing behind; a failing migration is not recorded`, async () => {
    const ops = await open();
    await ops.ensureSchema('demo', [{ version: 1, sql: 'CREATE TABLE t_demo (id INTEGER PRIMARY KEY)' }]);
    await assert.rejects(ops.transaction(async (tx) => {
      await tx.query('INSERT INTO t_demo VALUES ($1)', [1]);
      await tx.query('INSERT INTO t_demo VALUES ($1)', [1]);
    }));
    assert.equal((await ops.query('SELECT * FROM t_demo')).length, 0);
    await assert.rejects(ops.ensureSchema('demo', [{ version: 2, sql: 'CREATE TABLE t_other (id INTEGER);\nSELECT no_such_function()' }]));
    const v = await ops.query("SELECT version FROM schema_migrations WHERE module = 'demo' AND version = 2");
    assert.equal(v.length, 0);
    const t = await ops.query("SELECT 1 FROM information_schema.tables WHERE table_name = 't_other' AND table_schema = current_schema()");
    assert.equal(t.length, 0, 'the half-applied migration was rolled back');
    await ops.close();
  });

  test(`${name}: settings round-trip and parameters are never spliced into SQL`, async () => {
    const ops = await open();
    const hostile = "x'); DROP TABLE app_setting; --";
    await setSetting(ops, hostile, { loaded: true });
    await setSetting(ops, 'demo', { persons: 20000 });
    await setSetting(ops, 'demo', { persons: 300 });
    assert.deepEqual(await getSetting(ops, hostile), { loaded: true });
    assert.deepEqual(await getSetting(ops, 'demo'), { persons: 300 });
    assert.equal(await getSetting(ops, 'absent'), undefined);
    await ops.close();
  });
}
