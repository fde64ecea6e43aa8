import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Warehouse } from '../../src/store/warehouse.js';
import { loadRuleKinds } from '../../src/rules/registry.js';
import { RegionBuilder } from './builders.js';
import { knowledgeWarehouse, loadCaseTables, runCase, type Expected } from './harness.js';
import type { Finding } from '../../src/audit/findings.js';

let wh: Warehouse; let dir: string;
before(async () => { ({ wh, dir } = await knowledgeWarehouse()); });
after(() => wh?.close());

function pick(f: Finding, e: Expected): Record<string, unknown> {
  const out: Record<string, unknown> = { amount: f.amount };
  if (e.psn_no !== undefined) out.psn_no = f.psn_no;
  if (e.mdtrt_id !== undefined) out.mdtrt_id = f.mdtrt_id;
  if (e.bkkp_sn !== undefined) out.bkkp_sn = f.bkkp_sn;
  if (e.occurred_at !== undefined) out.occurred_at = f.occurred_at;
  return out;
}

// FUNDGUARD_TEST_RULES=id1,id2 runs only those rules' case tables (while writing a rule).
const only = process.env.FUNDGUARD_TEST_RULES?.split(',').filter(Boolean);
const tables = (await loadCaseTables()).filter((t) => !only || only.includes(t.rule_id));
const kinds = await loadRuleKinds();

test('every rule kind has a case table with a positive and a negative case', { skip: only ? 'FUNDGUARD_TEST_RULES is set' : false }, () => {
  const withTables = new Set(tables.map((t) => t.rule_id));
  for (const id of kinds.keys()) assert.ok(withTables.has(id), `rule kind ${id} has no case table`);
  for (const t of tables) {
    assert.ok(kinds.has(t.rule_id), `case table for unknown rule ${t.rule_id}`);
    const sizes = t.cases.map((c) => c.build(new RegionBuilder()).length);
    assert.ok(sizes.some((x) => x > 0), `${t.rule_id} has no case that must fire`);
    assert.ok(sizes.some((x) => x === 0), `${t.rule_id} has no case that must not fire`);
  }
});

let n = 0;
for (const table of tables) {
  for (const c of table.cases) {
    const k = ++n;
    test(`${table.rule_id}: ${c.name}`, async () => {
      const { findings, expected } = await runCase(wh, dir, table.rule_id, c, k);
      const got = findings.map((f, i) => pick(f, expected[i] ?? expected[0] ?? { amount: '' }));
      const want = expected.map(({ message: _m, ...e }) => e);
      assert.deepEqual(got, want, `findings: ${JSON.stringify(findings.map((f) => [f.mdtrt_id, f.bkkp_sn, f.amount, f.message]))}`);
      expected.forEach((e, i) => {
        if (e.message) assert.ok(findings[i].message.includes(e.message), `message "${findings[i].message}" lacks "${e.message}"`);
        assert.equal(findings[i].rule_id, table.rule_id);
        assert.ok(findings[i].basis.length > 0);
      });
    });
  }
}
