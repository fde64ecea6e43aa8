/**
 * The region against a plain reading of the rule catalogue (default parameters): every injected
 * violation is flagged, no boundary case is, and nothing in the background is, so that a whole
 * region audit can expect exactly the manifest.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRegion, type LoadedRegion, removeDirs } from './region-files.js';
import { findOffenders, type Offenders } from './reference-rules.js';

after(removeDirs);

let R: LoadedRegion;
let found: Offenders;

before(async () => {
  R = await makeRegion({ persons: 2500, months: 4, seed: 5 });
  found = findOffenders(R);
});

test('the region has refunds, re-settlements, returns and void rows, and they stay consistent', () => {
  const refunds = R.setl.filter((s) => s.refd_setl_flag === '1');
  assert.ok(refunds.length > 0, 'refunds');
  const byVisit = new Map<string, number>();
  for (const s of R.setl) byVisit.set(s.mdtrt_id, (byVisit.get(s.mdtrt_id) ?? 0) + 1);
  assert.ok([...byVisit.values()].some((n) => n === 3), 'a refund followed by a new settlement');
  for (const r of refunds) {
    const orig = R.setl.find((s) => s.setl_id === r.init_setl_id)!;
    assert.equal(r.medfee_sumamt, `-${orig.medfee_sumamt}`);
    assert.equal(r.mdtrt_id, orig.mdtrt_id);
  }
  assert.ok(R.fee.some((l) => l.init_feedetl_sn && !refunds.some((s) => s.setl_id === l.setl_id)), 'returns inside a stay');
  assert.ok(R.mdtrt.some((m) => m.vali_flag === '0'), 'void visits');
});

test('every injected violation is flagged by its rule', () => {
  const missed: string[] = [];
  for (const c of R.manifest.cases) {
    if (c.kind !== 'violation') continue;
    const ids = [c.mdtrt_id, ...(c.members ?? []).map((m) => m.mdtrt_id)];
    if (!ids.every((id) => found.get(c.rule_id)?.has(id))) missed.push(`${c.rule_id}: ${c.description}`);
  }
  assert.deepEqual(missed, []);
});

test('no boundary case is flagged by its rule', () => {
  const fired = R.manifest.cases.filter((c) => c.kind === 'boundary' && found.get(c.rule_id)?.has(c.mdtrt_id))
    .map((c) => `${c.rule_id}: ${c.description}`);
  assert.deepEqual(fired, []);
});

test('nothing else is flagged: the background is clean', () => {
  const expected = new Map<string, Set<string>>();
  for (const c of R.manifest.cases) {
    if (c.kind !== 'violation') continue;
    if (!expected.has(c.rule_id)) expected.set(c.rule_id, new Set());
    expected.get(c.rule_id)!.add(c.mdtrt_id);
    for (const m of c.members ?? []) expected.get(c.rule_id)!.add(m.mdtrt_id);
  }
  const extra: string[] = [];
  for (const [rule, ids] of found) {
    for (const id of ids) if (!expected.get(rule)?.has(id)) extra.push(`${rule} ${id}`);
  }
  assert.deepEqual(extra.slice(0, 20), []);
});
