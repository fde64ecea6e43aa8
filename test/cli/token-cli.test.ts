import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openOpStore } from '../../src/store/opstore.js';
import { tempDir } from '../ingest/helpers.js';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args],
  { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });

test('cli: token create prints a token once, list shows it without the secret, revoke ends it', async () => {
  const data = join(tempDir('fg-token-'), 'data');
  const made = cli(['--data-dir', data, '--json', 'token', 'create', 'H330700001', '--label', '院内HIS']);
  assert.equal(made.status, 0, made.stderr);
  const t = JSON.parse(made.stdout) as { token: string; token_id: number; fixmedins_code: string };
  assert.match(t.token, /^fgt_[A-Za-z0-9_-]{32}$/);
  assert.equal(t.fixmedins_code, 'H330700001');

  const list = cli(['--data-dir', data, 'token', 'list']);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`#${t.token_id} H330700001 院内HIS .* 有效`));
  assert.ok(!list.stdout.includes(t.token), 'the clear token is never shown again');
  const ops = await openOpStore({ dataDir: data });
  const stored = await ops.query<{ token_sha256: string }>('SELECT token_sha256 FROM his_token');
  await ops.close();
  assert.equal(stored.length, 1);
  assert.notEqual(stored[0].token_sha256, t.token, 'only a digest is stored');

  const bad = cli(['--data-dir', data, 'token', 'create', "H1'; DROP TABLE his_token; --"]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /机构编码不合法/);

  const revoked = cli(['--data-dir', data, 'token', 'revoke', String(t.token_id)]);
  assert.equal(revoked.status, 0, revoked.stderr);
  assert.match(cli(['--data-dir', data, 'token', 'list']).stdout, /已吊销/);
  const again = cli(['--data-dir', data, 'token', 'revoke', String(t.token_id)]);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /没有有效的令牌/);
});
