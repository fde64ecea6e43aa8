/**
 * Per-check CPU cost of the real-time check path in this thread (no HTTP, no workers), on a region
 * the precheck benchmark built: BENCH_DATA_DIR, default BENCH_DIR/audit-<BENCH_PERSONS>/data.
 * Requests are built as the precheck benchmark builds them (same sampling and seed), parsed by the
 * request schema once, then run through precheck() BENCH_CHECKS times (default 4,000) after a warm-up.
 *
 *   BENCH_DIR=/tmp/fg-D BENCH_PERSONS=20000 node --import tsx bench/precheck-profile.ts
 *   … --cpu-prof --cpu-prof-dir=/tmp/prof  to profile; BENCH_DUMP=file writes every result (without check_id)
 *   as JSON lines, so that two versions of the code can be compared finding for finding.
 *   BENCH_MIX=known sends prechecks for visits already in the history (the path that compares every rule).
 *   BENCH_VERIFY=1 first checks every request's change against its definition (all findings with the request
 *   minus all findings without it, evaluated in full).
 */
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Warehouse } from '../src/store/warehouse.js';
import { openOpStore } from '../src/store/opstore.js';
import { openCheckService } from '../src/audit/precheck/index.js';
import { PrecheckSchema, requestRows, type PrecheckRequest } from '../src/audit/precheck/request.js';
import { mergePersonData } from '../src/rules/realtime/data.js';
import { evaluateChange, evaluatePerson, findingKey, type RtFinding } from '../src/rules/realtime/evaluate.js';
import { precheck } from '../src/audit/precheck/service.js';
import { machineLine } from './machine.js';
import { precheckBodies } from './precheck-requests.js';

const persons = Number(process.env.BENCH_PERSONS ?? 20_000);
const dataDir = resolve(process.env.BENCH_DATA_DIR ?? join(process.env.BENCH_DIR ?? 'bench/out', `audit-${persons}`, 'data'));
const checks = Number(process.env.BENCH_CHECKS ?? 4_000);
const mix = process.env.BENCH_MIX ?? 'new';
console.log(`machine: ${machineLine()}`);
console.log(`command: BENCH_DATA_DIR=${dataDir} BENCH_CHECKS=${checks} BENCH_MIX=${mix} node --import tsx bench/precheck-profile.ts`);

const wh = await Warehouse.open(dataDir);
// The requests are kept beside the region, so that every run (and every version of the code) sends the same ones.
const reqFile = join(dataDir, '..', `profile-requests-${mix}.json`);
if (!existsSync(reqFile)) {
  const bodies = await precheckBodies(wh, { mix: mix === 'known' ? 'known' : 'new', count: 2000 });
  writeFileSync(reqFile, JSON.stringify(bodies));
}
const bodies = JSON.parse(readFileSync(reqFile, 'utf8')) as unknown[];
const ops = await openOpStore({ dataDir });
const svc = await openCheckService(wh, ops, dataDir, undefined, 0);
const deps = svc.deps()!;

let t0 = performance.now();
const reqs: PrecheckRequest[] = bodies.map((b) => PrecheckSchema.parse(b));
console.log(`zod parse: ${((performance.now() - t0) / bodies.length * 1000).toFixed(0)} µs per request`);

if (process.env.BENCH_VERIFY) {
  // Every request's change against its definition: all findings with the request minus all findings without it.
  const rs = deps.ruleset();
  const text = (fs: RtFinding[]) => fs.map((f) => JSON.stringify(f)).sort().join('\n');
  let differ = 0;
  for (const req of reqs) {
    const last = req.lines.map((l) => l.fee_ocur_time).sort().at(-1)!;
    const incoming = requestRows(req, { setl_id: `precheck:${req.mdtrt_id}`, setl_time: last });
    const history = deps.history.get(req.psn_no);
    const got = evaluateChange(rs, req.psn_no, history, incoming);
    const after = evaluatePerson(rs, req.psn_no, mergePersonData(history, incoming));
    const before = evaluatePerson(rs, req.psn_no, history);
    const keys = (fs: RtFinding[]) => new Set(fs.map(findingKey));
    const [a, b] = [keys(after), keys(before)];
    if (text(got.added) !== text(after.filter((f) => !b.has(findingKey(f))))
      || text(got.withdrawn) !== text(before.filter((f) => !a.has(findingKey(f))))) differ++;
  }
  console.log(`verify: ${reqs.length - differ} of ${reqs.length} changes equal to the full difference`);
}

const run = (i: number) => precheck(deps, reqs[i % reqs.length]);
for (let i = 0; i < Math.min(500, checks); i++) run(i); // warm-up (JIT, index caches)
const dump = process.env.BENCH_DUMP ? createWriteStream(process.env.BENCH_DUMP) : null;
if (dump) {
  // Every request once, in order, for comparing versions of the code.
  for (let i = 0; i < reqs.length; i++) { const { check_id: _c, ...r } = run(i); dump.write(`${JSON.stringify(r)}\n`); }
  await new Promise<void>((done) => dump.end(done));
}
// Several rounds: on a shared machine the best round is the figure least disturbed by other work.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
let best: { cpu: number; wall: number; times: number[]; findings: number } | null = null;
for (let round = 0; round < rounds; round++) {
  const times: number[] = [];
  let findings = 0;
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  for (let i = 0; i < checks; i++) {
    const t1 = performance.now();
    findings += run(i).findings.length;
    times.push(performance.now() - t1);
  }
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu0);
  const cpu = (used.user + used.system) / 1000 / checks;
  console.log(`  round ${round + 1}: ${cpu.toFixed(3)} ms CPU, ${(wall / checks).toFixed(3)} ms wall per check`);
  if (!best || cpu < best.cpu) best = { cpu, wall: wall / checks, times: times.sort((a, b) => a - b), findings };
}
const q = (p: number) => best!.times[Math.min(best!.times.length - 1, Math.floor(p * best!.times.length))].toFixed(3);
console.log(`${checks} prechecks (${reqs.length} distinct), ${(best!.findings / checks).toFixed(2)} findings each, best of ${rounds} rounds: `
  + `${best!.wall.toFixed(3)} ms wall, ${best!.cpu.toFixed(3)} ms CPU per check; p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`);
await svc.close(); await ops.close(); wh.close();
