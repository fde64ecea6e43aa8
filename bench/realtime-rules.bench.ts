/**
 * Cost of each real-time evaluator per evaluation of one person's history, on a loaded region
 * (BENCH_DATA_DIR, default the 2,000-person precheck region under BENCH_DIR). Shows which
 * evaluators dominate the HIS latency budget.
 */
import { join, resolve } from 'node:path';
import { Warehouse } from '../src/store/warehouse.js';
import { openOpStore } from '../src/store/opstore.js';
import { openCheckService } from '../src/audit/precheck/index.js';
import { deriveBase } from '../src/rules/realtime/data.js';
import { machineLine } from './machine.js';

const dataDir = resolve(process.env.BENCH_DATA_DIR ?? join(process.env.BENCH_DIR ?? 'bench/out', 'audit-2000', 'data'));
console.log(`machine: ${machineLine()}`);
console.log(`command: BENCH_DATA_DIR=${dataDir} npm run bench -- realtime-rules`);
const wh = await Warehouse.open(dataDir);
const ops = await openOpStore({ dataDir });
const svc = await openCheckService(wh, ops, dataDir);
const d = svc.deps()!;
const rs = d.ruleset();
const persons = (await wh.all<{ psn_no: string }>('SELECT psn_no FROM psn_info USING SAMPLE 300 ROWS (reservoir, 11)')).map((r) => r.psn_no);
if (!persons.length) throw new Error(`no region loaded in ${dataDir}: run the precheck benchmark first`);
const raws = persons.map((p) => d.history.get(p));
const lines = raws.reduce((a, r) => a + r.fee_list_d.length, 0) / raws.length;
const time = (fn: () => void, rounds = 3) => { let t = 0; for (let k = 0; k < rounds; k++) { const t0 = performance.now(); fn(); t = performance.now() - t0; } return t / raws.length; };
console.log(`${persons.length} persons, ${lines.toFixed(0)} fee lines each on average`);
console.log(`history get: ${time(() => { for (const p of persons) d.history.get(p); }).toFixed(3)} ms per person`);
const bases = raws.map((r) => deriveBase(r));
console.log(`deriveBase: ${time(() => { for (const r of raws) deriveBase(r); }).toFixed(3)} ms per person`);
const per: [string, number][] = [];
for (const c of rs.configs) {
  const k = rs.kinds.get(c.kind)!;
  if (!k.realtime || !c.enabled) continue;
  const p = k.meta.params.parse(c.params);
  per.push([c.rule_id, time(() => { raws.forEach((raw, i) => k.realtime!(p, { psn_no: persons[i], raw, ...bases[i], kn: rs.kn, peers: () => [] })); })]);
}
per.sort((a, b) => b[1] - a[1]);
console.log(`all evaluators: ${per.reduce((a, [, t]) => a + t, 0).toFixed(3)} ms per person`);
for (const [id, t] of per) console.log(`  ${id.padEnd(30)} ${(t * 1000).toFixed(0).padStart(6)} µs`);
await svc.close(); await ops.close(); wh.close();
