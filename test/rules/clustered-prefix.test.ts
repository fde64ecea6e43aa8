/**
 * clustered_visits finds its candidate pairs by prefix filtering (not every pair of a group). Property: over random
 * groups of item sets and thresholds, the pairs that pass the exact Jaccard check are the same as with every pair.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { Warehouse } from '../../src/store/warehouse.js';
import { prefixPairs } from '../../src/rules/kinds/clustered_visits.js';
import { tempDir } from '../ingest/helpers.js';

const wh = await Warehouse.open(join(tempDir('fg-cluster-'), 'data'));
after(() => wh.close());

const ITEMS = ['', 'A01', 'A02', 'B01', 'B02', 'C01', 'C02', 'D01', 'D02', 'E01'];
const JACCARD = `len(list_intersect(a.items, b.items)) >= CAST($1 AS DECIMAL(9,4)) * len(list_distinct(list_concat(a.items, b.items)))`;

async function verified(t: number, pairsCte: string): Promise<string[]> {
  const rows = await wh.all<{ p: string }>(`WITH ${pairsCte}
    ok AS (SELECT a.mdtrt_id AS seed, b.mdtrt_id AS mem FROM cpairs c JOIN cand a ON a.vid = c.seed JOIN cand b ON b.vid = c.mem
      WHERE a.diag = b.diag AND ${JACCARD})
    SELECT seed || '>' || mem AS p FROM ok ORDER BY 1`, [t]);
  return rows.map((r) => r.p);
}

test('prefix filtering finds exactly the similar pairs that comparing every pair finds', async () => {
  const visit = fc.record({ group: fc.integer({ min: 0, max: 2 }), items: fc.uniqueArray(fc.constantFrom(...ITEMS), { maxLength: 7 }) });
  let compared = 0;
  await fc.assert(fc.asyncProperty(fc.array(visit, { minLength: 1, maxLength: 14 }), fc.integer({ min: 1, max: 100 }),
    async (visits, pct) => {
      const t = pct / 100;
      await wh.run('CREATE OR REPLACE TEMP TABLE raw (mdtrt_id VARCHAR, fixmedins_code VARCHAR, d DATE, diag VARCHAR, items VARCHAR[])');
      for (const [i, v] of visits.entries()) {
        // Items as the rule builds them: distinct, sorted, no NULL.
        await wh.run(`INSERT INTO raw VALUES (?, 'H1', DATE '2023-03-01', ?, list_sort(from_json(?, '["VARCHAR"]')))`,
          [`M${String(i).padStart(2, '0')}`, `J0${v.group}`, JSON.stringify(v.items)]);
      }
      // Keys as the rule gives them: vid per visit, gid a hash of the group.
      await wh.run(`CREATE OR REPLACE TEMP TABLE cand AS SELECT *, row_number() OVER () AS vid, hash(fixmedins_code, d, diag) AS gid FROM raw`);
      const all = await verified(t, `cpairs AS (SELECT a.vid AS seed, b.vid AS mem FROM cand a JOIN cand b USING (gid)),`);
      const prefix = await verified(t, prefixPairs('$1'));
      compared += all.length;
      assert.deepEqual(prefix, all);
    }), { numRuns: 150, seed: 20231124 });
  assert.ok(compared > 150, 'the generated groups have similar pairs to find');
});
