/**
 * DRG grouping throughput on one core (the main thread) over BENCH_DRG_RECORDS generated records
 * (default 1,000,000). Records are built deterministically from the scheme's own lists so that
 * most of them reach a real DRG; a few are rejects or carry unknown codes. Codes are split out of
 * a joined line per record, as a CSV reader would hand them over (fresh strings, no cached hash).
 * Generation is outside the timed part. Fails (exit 1) below 300,000 records/s: that is the contract.
 */
import { resolve } from 'node:path';
import { loadDrgScheme, drgSchemeHash } from '../src/drg/scheme.js';
import { makeGenerator } from './drg-records.js';
import { compileGrouper, type DrgRecord, type DrgResult } from '../src/drg/grouper.js';
import { machineLine, peakRssMiB } from './machine.js';

const TARGET = 300_000;
const N = Number(process.env.BENCH_DRG_RECORDS ?? 1_000_000);
const SEED = Number(process.env.BENCH_DRG_SEED ?? 20240601);
const schemeDir = resolve(process.env.BENCH_DRG_SCHEME ?? '../shared/data/chs-drg-1.1');

console.log(`machine: ${machineLine()}`);
console.log(`command: node --import tsx bench/drg-group.bench.ts  (BENCH_DRG_RECORDS=${N}, seed ${SEED})`);

let t0 = performance.now();
const data = await loadDrgScheme(schemeDir);
const tLoad = performance.now() - t0;
t0 = performance.now();
const grouper = compileGrouper(data);
const tCompile = performance.now() - t0;
console.log(`scheme ${data.version} (sha256 ${drgSchemeHash(data).slice(0, 12)}…): load ${tLoad.toFixed(0)} ms, compile ${tCompile.toFixed(0)} ms`);

const gen = makeGenerator(data, SEED);
const warm = Array.from({ length: 50_000 }, (_, i) => gen(i));
t0 = performance.now();
const records: DrgRecord[] = new Array(N);
for (let i = 0; i < N; i++) records[i] = gen(i);
const tGen = performance.now() - t0;
console.log(`generated ${N.toLocaleString('en')} records in ${(tGen / 1000).toFixed(1)} s (not timed)`);

// Warm-up on separate records so the measured pass starts from optimised code but cold strings.
for (const r of warm) grouper.group(r);

const results: DrgResult[] = new Array(N);
t0 = performance.now();
for (let i = 0; i < N; i++) results[i] = grouper.group(records[i]);
const seconds = (performance.now() - t0) / 1000;
const perSecond = N / seconds;

const counts = { grouped: 0, ungrouped: 0, rejected: 0 };
const reasons = new Map<string, number>();
const drgs = new Set<string>();
for (const r of results) {
  counts[r.status]++;
  if (r.reject_reason) reasons.set(r.reject_reason, (reasons.get(r.reject_reason) ?? 0) + 1);
  if (r.status === 'grouped') drgs.add(r.drg);
}
const pct = (n: number): string => `${((100 * n) / N).toFixed(2)} %`;
console.log(`grouped ${N.toLocaleString('en')} records in ${seconds.toFixed(2)} s on one core: ${Math.round(perSecond).toLocaleString('en')} records/s`);
console.log(`grouped ${pct(counts.grouped)}, ungrouped ${pct(counts.ungrouped)}, rejected ${pct(counts.rejected)} (${[...reasons].map(([k, v]) => `${k} ${v}`).join(', ')}); ${drgs.size} distinct DRGs`);
console.log(`peak RSS: ${peakRssMiB()} MiB`);
if (perSecond < TARGET) {
  console.error(`FAIL: ${Math.round(perSecond).toLocaleString('en')} records/s is below the ${TARGET.toLocaleString('en')} records/s target`);
  process.exit(1);
}
