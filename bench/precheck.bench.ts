/**
 * Latency and throughput of POST /api/v1/precheck with the full real-time rule set over a loaded
 * region. BENCH_PERSONS (default 1,000,000) sizes the demo region (generated once into BENCH_DIR,
 * shared with the audit benchmark); BENCH_RATE (default 500) requests/s for BENCH_SECONDS (30).
 * The server runs in its own process; requests are orders for random persons of the region with
 * lines drawn from the codes the region uses, each sent with its institution's token. The target rate
 * is run twice: by autocannon (20 connections, each sending its share in bursts) and open loop
 * (evenly spaced, open-loop.ts), with the server's CPU per request.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { generateDemoRegion } from '../src/demo/index.js';
import { Warehouse } from '../src/store/warehouse.js';
import { openOpStore } from '../src/store/opstore.js';
import { importPath } from '../src/ingest/importer.js';
import { importKnowledge } from '../src/knowledge/index.js';
import { HistoryStore, createToken } from '../src/audit/precheck/index.js';
import { precheckBodies } from './precheck-requests.js';
import { machineLine, peakRssMiB } from './machine.js';
import { openLoop, openLoopLine } from './open-loop.js';

const persons = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const rate = Number(process.env.BENCH_RATE ?? 500);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const root = resolve(process.env.BENCH_DIR ?? 'bench/out');
const demo = join(root, `audit-${persons}`, 'demo');
// The audit benchmark loads the same region into the same data dir (BENCH_REUSE_DATA=1 keeps it).
const dataDir = join(root, `audit-${persons}`, 'data');
console.log(`machine: ${machineLine()}`);
console.log(`command: BENCH_PERSONS=${persons} BENCH_RATE=${rate} BENCH_SECONDS=${seconds} npm run bench -- precheck`);
if (!existsSync(join(demo, 'manifest.json'))) {
  const t0 = Date.now();
  const s = await generateDemoRegion(demo, { persons, months: 12 });
  console.log(`generated ${s.feeLines.toLocaleString('en')} fee lines in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const wh = await Warehouse.open(dataDir);
if (Number((await wh.one<{ n: string }>('SELECT count(*) AS n FROM import_batch'))?.n ?? 0) === 0) {
  const kdir = join(demo, 'knowledge');
  await importKnowledge(wh, readdirSync(kdir).map((f) => join(kdir, f)));
  // One import per file (reference tables first), as monthly extracts arrive: each is its own transaction.
  const t0 = performance.now();
  let rows = 0;
  const files = readdirSync(demo).filter((f) => f.endsWith('.csv')).sort((a, b) => Number(/^(fee|mdtrt|setl)/.test(a)) - Number(/^(fee|mdtrt|setl)/.test(b)) || a.localeCompare(b));
  for (const f of files) {
    const t1 = performance.now();
    const imp = await importPath(wh, dataDir, join(demo, f));
    rows += imp.rows_loaded;
    console.log(`  ${f}: ${imp.rows_loaded.toLocaleString('en')} rows in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  }
  console.log(`import: ${rows.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${peakRssMiB()} MiB`);
}
const history = HistoryStore.open(dataDir);
if (history.persons() === 0) {
  const t0 = performance.now();
  const r = await history.rebuild(wh, { onProgress: (d, t) => { if (d % 100_000 < 2048) console.log(`  history ${d}/${t}`); } });
  console.log(`history: ${r.persons.toLocaleString('en')} persons in ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${peakRssMiB()} MiB`);
}
await history.close();

const bodies = await precheckBodies(wh, { mix: 'new', count: 2000 });
const ops = await openOpStore({ dataDir });
const tokens = new Map<string, string>();
for (const code of new Set(bodies.map((v) => v.fixmedins_code))) tokens.set(code, (await createToken(ops, code, 'bench', 'bench')).token);
await ops.close();
wh.close();

const requests = bodies.map((b) => ({ token: tokens.get(b.fixmedins_code)!, body: JSON.stringify(b) }));

const server = spawn(process.execPath, ['--import', 'tsx', 'bench/precheck-server.ts', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((ok, fail) => {
  server.stdout.on('data', (d: Buffer) => { const m = /ready (\S+)/.exec(d.toString()); if (m) ok(m[1]); });
  server.on('exit', (c) => fail(new Error(`server exited ${c}`)));
});
let k = 0;
const run = (opts: { duration: number; overallRate?: number; connections: number }) => autocannon({
  timeout: 10,
  url: `${url}/api/v1/precheck`, method: 'POST', ...opts,
  requests: [{ setupRequest: (req) => {
    const b = requests[k++ % requests.length];
    return { ...req, body: b.body, headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}` } };
  } }],
});
const line = (label: string, r: autocannon.Result) => console.log(`${label}: ${r.requests.total.toLocaleString('en')} requests, `
  + `${r.requests.average.toFixed(0)} req/s, 2xx ${r['2xx']}, non-2xx ${r.non2xx} (429 ${r.statusCodeStats?.['429']?.count ?? 0}, `
  + `503 ${r.statusCodeStats?.['503']?.count ?? 0}), errors ${r.errors}, timeouts ${r.timeouts}; `
  + `latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`);
await run({ duration: 5, connections: 4 }); // warm-up
let best = 0;
for (const c of [1, 10, 100]) {
  const r = await run({ duration: Math.min(seconds, 15), connections: c });
  line(`unthrottled, ${c} connection(s)`, r);
  best = Math.max(best, r['2xx'] / Math.min(seconds, 15));
}
line(`target ${rate} req/s for ${seconds} s (20 connections)`, await run({ duration: seconds, overallRate: rate, connections: 20 }));
console.log(openLoopLine(`target ${rate} req/s for ${seconds} s, open loop (evenly spaced)`, await openLoop(url, requests, rate, seconds, server.pid)));
const over = Math.max(2 * Math.round(best), 2 * rate);
line(`overload: ${over} req/s offered for 15 s (200 connections)`, await run({ duration: 15, overallRate: over, connections: 200 }));
line(`recovery: ${rate} req/s for 15 s right after`, await run({ duration: 15, overallRate: rate, connections: 20 }));
server.kill('SIGTERM');
console.log(`bench process peak RSS ${peakRssMiB()} MiB`);
