import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateDemoRegion } from '../../src/demo/index.js';
import { freshDir, removeDirs } from './region-files.js';

after(removeDirs);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

function snapshot(dir: string): Map<string, Buffer> {
  return new Map(files(dir).map((p) => [relative(dir, p), readFileSync(p)]));
}

test('the same seed gives byte-identical files; another seed differs', async () => {
  const a = freshDir();
  const b = freshDir();
  const c = freshDir();
  await generateDemoRegion(a, { persons: 300, months: 2, seed: 7 });
  await generateDemoRegion(b, { persons: 300, months: 2, seed: 7 });
  await generateDemoRegion(c, { persons: 300, months: 2, seed: 8 });
  const sa = snapshot(a);
  const sb = snapshot(b);
  assert.deepEqual([...sa.keys()], [...sb.keys()]);
  for (const [name, buf] of sa) assert.ok(buf.equals(sb.get(name)!), `${name} differs between two runs with one seed`);
  const sc = snapshot(c);
  for (const name of ['mdtrt_d.csv', 'setl_d.csv', 'psn_info.csv', 'fee_list_d_2023_01.csv', 'manifest.json']) {
    assert.ok(!sa.get(name)!.equals(sc.get(name)!), `${name} should differ for another seed`);
  }
  // The knowledge base is part of the region and must be reproducible too (xlsx zip entry times fixed).
  assert.ok(sa.has(join('knowledge', 'b1-drug-gender.xlsx')));
});

test('a second run into the same folder replaces the previous files', async () => {
  const d = freshDir();
  await generateDemoRegion(d, { persons: 200, months: 3, seed: 3, start: '2022-11-01' });
  await generateDemoRegion(d, { persons: 200, months: 2, seed: 3 });
  const fees = readdirSync(d).filter((n) => n.startsWith('fee_list_d_')).sort();
  assert.deepEqual(fees, ['fee_list_d_2023_01.csv', 'fee_list_d_2023_02.csv']);
});
