/**
 * Differential test of the two executors: on random regions (fast-check) every rule kind with a
 * real-time evaluator must give exactly the batch audit's findings (rule, keys, amount, date),
 * evaluated per person over the final data and replayed settlement by settlement in time order.
 * FUNDGUARD_DIFF_RUNS sets the number of regions (a modest default here; the benchmarks run more),
 * FUNDGUARD_DIFF_SEED replays one seed. A mismatch prints the shrunk region plan and the differences.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Warehouse } from '../../src/store/warehouse.js';
import { TABLES } from '../../src/domain/tables.js';
import { importPath } from '../../src/ingest/importer.js';
import { loadRuleKinds } from '../../src/rules/registry.js';
import { defaultConfig, type RuleConfig } from '../../src/rules/config.js';
import { runBatchRules } from '../../src/audit/batch-run.js';
import { readFindings, type Finding } from '../../src/audit/findings.js';
import { loadRtKnowledge, refreshRtReference } from '../../src/rules/realtime/knowledge.js';
import type { RtKnowledge, Row } from '../../src/rules/realtime/data.js';
import { knowledgeWarehouse } from '../rules/harness.js';
import { buildRegion, codePool, loadRandomKnowledge, regionPlan, type CodePool, type RegionPlan } from './region-arb.js';
import { compareSets, loadAllRaw, realtimeAll, replay } from './replay.js';

const RUNS = Number(process.env.FUNDGUARD_DIFF_RUNS ?? 10);
const SEED = process.env.FUNDGUARD_DIFF_SEED ? Number(process.env.FUNDGUARD_DIFF_SEED) : undefined;
/** Rules whose findings depend on other persons' later settlements: compared per person only. */
const REPLAY_EXEMPT = new Set(['card_skimming',
  // A case's peer percentile moves as later cases with the same main procedure arrive (from other persons, through
  // the region knowledge); a check in time order cannot know them.
  'high_value_consumables']);

let wh: Warehouse; let dir: string; let pool: CodePool; let kn: RtKnowledge;
before(async () => {
  ({ wh, dir } = await knowledgeWarehouse());
  pool = await codePool(wh);
  kn = await loadRtKnowledge(wh);
});
after(() => wh?.close());

const kinds = await loadRuleKinds();
const realtimeKinds = [...kinds.values()].filter((k) => k.realtime);

/**
 * Kinds of visit scope that are batch only like the provider statistics: they judge the DRG grouping's results
 * (drg_result), which are written in batch after settlement, so a real-time check has nothing to judge.
 */
const BATCH_ONLY = new Set(['drg_ungroupable']);

test('every rule kind of scope line, visit or person has a real-time evaluator', () => {
  const missing = [...kinds.values()].filter((k) => k.meta.scope !== 'provider' && !k.realtime && !BATCH_ONLY.has(k.meta.id))
    .map((k) => k.meta.id);
  assert.deepEqual(missing, []);
});

/** Regional settings the catalogue leaves to the region, so that these rules have something to judge. */
const REGIONAL: Record<string, Record<string, unknown>> = {
  annual_outpatient_cap: { categories: [{ name: '普通门诊', med_types: ['11'], cap: '50' },
    { name: '门诊慢特病', insutypes: ['390'], med_types: ['14', '11'], cap: '100.0050' }] },
  indication_restriction: { indications: { 'XN02BEB075A001010103443': { icd_prefixes: ['J18', 'R50'] },
    '001201000010000': { icd_prefixes: ['I10'] } } },
  // The catalogue sets no daily amount; a regional cap lets the amount check judge too (4 items × 45 yuan exceed it, 5 × 30 are at it).
  rehab_daily_excess: { max_amount_per_day: 150 },
  unreferred_out_of_area: { institution_county: { H1: '330700', H2: '330782', P2: '330782', H3: '330783' },
    referrals: [{ psn_no: 'P1', begin: '2023-03-10', end: '2023-03-25' }, { psn_no: 'P2', fixmedins_code: 'H2', begin: '2023-03-01' }] },
};

/** A variant of a kind's parameters: numeric defaults moved a little, kept only when the schema accepts them. */
function vary(kindId: string, choice: number): Record<string, unknown> {
  const kind = kinds.get(kindId)!;
  const base = kind.meta.params.parse({}) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(base)) {
    if (typeof v !== 'number') continue;
    const cand = [v, v - 1, v + 1, Math.max(1, Math.ceil(v / 2)), v * 2][choice % 5];
    const tried = { ...out, [k]: Number.isInteger(v) ? Math.round(cand) : cand };
    if (kind.meta.params.safeParse(tried).success) Object.assign(out, tried);
  }
  return out;
}

async function runRegion(plan: RegionPlan, choices: number[], n: number):
  Promise<string[]> {
  for (const t of TABLES) await wh.run(`DELETE FROM ${t.name}`);
  await loadRandomKnowledge(wh, plan.knowledge);
  const region = buildRegion(plan, pool);
  const src = join(dir, `diff-${n}`);
  region.write(src);
  await importPath(wh, join(dir, 'data'), src);
  rmSync(src, { recursive: true, force: true });
  const configs: RuleConfig[] = realtimeKinds.map((k, i) => ({ ...defaultConfig(k),
    params: REGIONAL[k.meta.id] ?? (i % 3 === 0 ? vary(k.meta.id, choices[i] ?? 0) : defaultConfig(k).params) }));
  await runBatchRules(wh, kinds, configs, { from: '2023-01-01', to: '2023-12-31' });
  const batch: Finding[] = [];
  for await (const f of readFindings(wh, kinds, (id) => id)) batch.push(f);
  const rs = { kinds, configs, kn: await refreshRtReference(wh, { ...kn,
    drug_restriction: await wh.all<Row>('SELECT * FROM kn_effective_drug_restriction ORDER BY hilist_code, src_file, src_row'),
    item_restriction: await wh.all<Row>('SELECT * FROM kn_effective_item_restriction ORDER BY hilist_code, src_file, src_row') }) };
  const all = await loadAllRaw(wh);
  const perPerson = compareSets(batch, realtimeAll(rs, all), '2023-01-01', '2023-12-31');
  const steps: string[] = [];
  const replayed = compareSets(batch.filter((f) => !REPLAY_EXEMPT.has(f.rule_id)),
    replay(rs, all, steps).filter((f) => !REPLAY_EXEMPT.has(f.rule_id)), '2023-01-01', '2023-12-31');
  const diff = (a: string[], b: string[], label: string) => [
    ...a.filter((x) => !b.includes(x)).map((x) => `${label} batch only:     ${x}`),
    ...b.filter((x) => !a.includes(x)).map((x) => `${label} real-time only: ${x}`)];
  return [...diff(perPerson.batch, perPerson.realtime, '[per person]'), ...diff(replayed.batch, replayed.realtime, '[replay]'), ...steps];
}

test(`real-time equals batch on ${RUNS} random regions (${realtimeKinds.length} rule kinds)`, { timeout: 30 * 60_000 }, async () => {
  let n = 0; let fired = 0;
  const seen = new Set<string>();
  await fc.assert(fc.asyncProperty(regionPlan(pool), fc.array(fc.nat({ max: 4 }), { minLength: 60, maxLength: 60 }), async (plan, choices) => {
    const diffs = await runRegion(plan, choices, ++n);
    if (diffs.length) throw new Error(`executors differ:\n${diffs.join('\n')}`);
    const c = await wh.one<{ n: string }>('SELECT count(*) AS n FROM audit_findings');
    fired += Number(c?.n ?? 0);
    for (const r of await wh.all<{ rule_id: string }>('SELECT DISTINCT rule_id FROM audit_findings')) seen.add(r.rule_id);
  }), { numRuns: RUNS, seed: SEED, verbose: 1 });
  // The regions must be interesting: findings from many rule kinds, not an agreement on nothing.
  assert.ok(fired > 0, 'no rule fired on any random region');
  process.stdout.write(`# differential: ${fired} findings from ${seen.size} rule kinds agreed: ${[...seen].sort().join(', ')}\n`);
});
