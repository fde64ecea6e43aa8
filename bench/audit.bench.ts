/**
 * The full rule catalogue over a generated region. BENCH_PERSONS (default 100,000: about 10M fee
 * lines for a year) sets the size; the region is generated once into BENCH_DIR and reused.
 * Prints per-rule time so that the slowest rules are visible, and the peak RSS of the process.
 * BENCH_TRACE_MEMORY=1 prints DuckDB's memory by tag every 15 s during the import (what fills the memory limit).
 * BENCH_IMPORT_ONLY=1 stops after the import (prepares a large region for later BENCH_REUSE_DATA=1 runs).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemoRegion } from '../src/demo/index.js';
import { Warehouse } from '../src/store/warehouse.js';
import { openOpStore } from '../src/store/opstore.js';
import { importPath } from '../src/ingest/importer.js';
import { importKnowledge } from '../src/knowledge/index.js';
import { loadRuleKinds } from '../src/rules/registry.js';
import { runAudit } from '../src/audit/audit.js';
import { machineLine, peakRssMiB, traceDuckdbMemory } from './machine.js';

const persons = Number(process.env.BENCH_PERSONS ?? 100_000);
const dir = resolve(process.env.BENCH_DIR ?? 'bench/out', `audit-${persons}`);
console.log(`machine: ${machineLine()}`);
console.log(`command: BENCH_PERSONS=${persons} npm run bench -- audit`);
const demo = join(dir, 'demo');
if (!existsSync(join(demo, 'manifest.json'))) {
  const t0 = Date.now();
  const s = await generateDemoRegion(demo, { persons, months: 12 });
  console.log(`generated ${s.feeLines.toLocaleString('en')} fee lines, ${s.visits.toLocaleString('en')} visits in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const dataDir = join(dir, 'data');
// BENCH_REUSE_DATA=1 audits a warehouse an earlier run (or the precheck benchmark) already loaded.
const reuse = process.env.BENCH_REUSE_DATA === '1' && existsSync(join(dataDir, 'warehouse.duckdb'));
if (!reuse) rmSync(dataDir, { recursive: true, force: true });
const wh = await Warehouse.open(dataDir);
let t0 = performance.now();
if (!reuse) {
  const kdir = join(demo, 'knowledge');
  await importKnowledge(wh, readdirSync(kdir).map((f) => join(kdir, f)));
  t0 = performance.now();
  let stage = '';
  const stopTrace = process.env.BENCH_TRACE_MEMORY === '1' ? await traceDuckdbMemory(() => wh.connect(), () => stage) : () => undefined;
  const imp = await importPath(wh, dataDir, demo, { onProgress: (p) => { stage = `${p.label} ${p.stage}`; } }).finally(stopTrace);
  const importS = (performance.now() - t0) / 1000;
  const fee = imp.files.filter((f) => f.table === 'fee_list_d').reduce((a, f) => a + f.rows_loaded, 0);
  console.log(`import: ${imp.rows_loaded.toLocaleString('en')} rows (${fee.toLocaleString('en')} fee lines) in ${importS.toFixed(1)} s, ${Math.round(fee / importS).toLocaleString('en')} fee lines/s`);
} else {
  const n = await wh.one<{ n: string }>('SELECT count(*) AS n FROM fee_list_d');
  console.log(`reusing the loaded warehouse: ${Number(n?.n).toLocaleString('en')} fee lines`);
}
if (process.env.BENCH_IMPORT_ONLY === '1') {
  console.log(`peak RSS ${peakRssMiB()} MiB`);
  wh.close();
  process.exit(0);
}
const ops = await openOpStore({ dataDir });
const kinds = await loadRuleKinds();
t0 = performance.now();
// Each rule as it starts, with the time so far: a long run shows where it is.
const r = await runAudit(wh, ops, kinds, { out: join(dir, 'findings.jsonl'), by: 'bench',
  onRule: (id, i, n, p) => console.log(`  … ${((performance.now() - t0) / 1000).toFixed(1)} s: ${p ? `part ${p.part + 1}/${p.parts} ` : ''}rule ${i + 1}/${n} ${id}`) });
const total = (performance.now() - t0) / 1000;
console.log(`audit: ${kinds.size} rule kinds, ${r.summary.findings.toLocaleString('en')} findings, ${r.summary.amount} yuan, ${total.toFixed(1)} s in all (rules ${r.timings.reduce((a, t) => a + t.seconds, 0).toFixed(1)} s)`);
for (const t of [...r.timings].sort((a, b) => b.seconds - a.seconds)) console.log(`  ${t.rule_id.padEnd(30)} ${t.seconds.toFixed(2).padStart(8)} s ${String(t.findings).padStart(8)} findings`);
console.log(`peak RSS ${peakRssMiB()} MiB`);
await ops.close();
wh.close();
