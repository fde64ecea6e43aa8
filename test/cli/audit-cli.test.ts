import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../ingest/helpers.js';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
function cli(data: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--data-dir', data, ...args],
    { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('cli: demo --import, audit with summary and file, rules export/import, what-if, sample', () => {
  const dir = tempDir('fg-cli-audit-');
  const data = join(dir, 'data');
  assert.equal(cli(data, ['--json', 'demo', '--persons', '300', '--months', '6', '--import']).code, 0);

  const out = join(dir, 'f.jsonl');
  const a = cli(data, ['audit', '--from', '2023-01-01', '--to', '2023-06-30', '--out', out]);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stdout, /稽核批次 #1：2023-01-01 ～ 2023-06-30/);
  assert.match(a.stdout, /按判断等级：/);
  assert.match(a.stdout, /gender_restriction/);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  assert.ok(lines.length > 0);
  for (const l of lines) assert.ok(JSON.parse(l).occurred_at <= '2023-06-30');

  const j = JSON.parse(cli(data, ['--json', 'audit', '--rules', 'gender_restriction']).stdout) as { summary: { by_rule: { key: string }[] } };
  assert.deepEqual(j.summary.by_rule.map((r) => r.key).filter((k) => k !== 'gender_restriction'), []);

  const exported = join(dir, 'rules.json');
  assert.equal(cli(data, ['rules', 'export', exported]).code, 0);
  const doc = JSON.parse(readFileSync(exported, 'utf8')) as { rules: { rule_id: string; enabled: boolean; version: number }[] };
  const g = doc.rules.find((r) => r.rule_id === 'gender_restriction')!;
  assert.equal(g.version, 1);
  g.enabled = false;
  const draft = join(dir, 'draft.json');
  writeFileSync(draft, JSON.stringify(doc));
  const w = cli(data, ['--json', 'audit', '--compare', draft, '--rules', 'gender_restriction']);
  assert.equal(w.code, 0, w.stderr);
  const wr = JSON.parse(w.stdout) as { rules: { rule_id: string; removed: number; base_findings: number }[] };
  assert.equal(wr.rules[0].removed, wr.rules[0].base_findings);
  assert.match(cli(data, ['rules', 'show', 'gender_restriction']).stdout, /v1 /);
  assert.match(cli(data, ['rules', 'import', draft, '--note', '停用']).stdout, /已生成新版本：gender_restriction/);
  assert.match(cli(data, ['rules', 'list']).stdout, /gender_restriction\s+v2 停用/);
  assert.match(cli(data, ['rules', 'import', draft]).stdout, /没有变化/);

  const s = cli(data, ['sample', '--period', '2023-03', '--seed', '42']);
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /抽样 #1：2023-03，比例 0.05，种子 42/);
  const bad = cli(data, ['audit', '--from', '2023/01/01']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /YYYY-MM-DD/);
});
