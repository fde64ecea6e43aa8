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

// Request bodies: a random person's real visit (institution, med_type, diagnosis) and 1–5 lines of codes the region bills.
const visits = await wh.all<{ psn_no: string; mdtrt_id: string; med_type: string; fixmedins_code: string; gend: string; brdy: string;
  diag: string | null; begntime: string }>(`SELECT psn_no, mdtrt_id, med_type, fixmedins_code, gend, CAST(brdy AS VARCHAR) AS brdy,
    dscg_maindiag_code AS diag, CAST(begntime AS VARCHAR) AS begntime FROM mdtrt_d USING SAMPLE 4000 ROWS (reservoir, 7)`);
const lines = await wh.all<{ hilist_code: string; hilist_name: string; list_type: string; med_chrgitm_type: string; pric: string;
  used_frqu_dscr: string | null; prd_days: string | null }>(`SELECT hilist_code, any_value(hilist_name) AS hilist_name,
    any_value(list_type) AS list_type, any_value(med_chrgitm_type) AS med_chrgitm_type, CAST(any_value(pric) AS VARCHAR) AS pric,
    any_value(used_frqu_dscr) AS used_frqu_dscr, CAST(any_value(prd_days) AS VARCHAR) AS prd_days
    FROM (SELECT * FROM fee_list_d USING SAMPLE 200000 ROWS) GROUP BY hilist_code ORDER BY hilist_code LIMIT 400`);
const ops = await openOpStore({ dataDir });
const tokens = new Map<string, string>();
for (const code of new Set(visits.map((v) => v.fixmedins_code))) tokens.set(code, (await createToken(ops, code, 'bench', 'bench')).token);
await ops.close();
wh.close();

let seed = 12345;
const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const bodies = Array.from({ length: 2000 }, () => {
  const v = visits[rnd(visits.length)];
  const n = 1 + rnd(5);
  return { token: tokens.get(v.fixmedins_code)!, body: JSON.stringify({
    psn_no: v.psn_no, mdtrt_id: `${v.mdtrt_id}-B`, med_type: v.med_type, fixmedins_code: v.fixmedins_code, gend: v.gend ?? undefined,
    brdy: v.brdy ?? undefined, diagnoses: v.diag ? [{ diag_code: v.diag }] : [],
    lines: Array.from({ length: n }, (_, i) => { const l = lines[rnd(lines.length)]; return {
      bkkp_sn: `B${i + 1}`, hilist_code: l.hilist_code, hilist_name: l.hilist_name, list_type: l.list_type ?? undefined,
      med_chrgitm_type: l.med_chrgitm_type ?? undefined, cnt: '1', pric: l.pric ?? '10', fee_ocur_time: v.begntime,
      used_frqu_dscr: l.used_frqu_dscr ?? undefined, prd_days: l.prd_days ?? undefined }; }) }) };
});

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
    const b = bodies[k++ % bodies.length];
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
console.log(openLoopLine(`target ${rate} req/s for ${seconds} s, open loop (evenly spaced)`, await openLoop(url, bodies, rate, seconds, server.pid)));
const over = Math.max(2 * Math.round(best), 2 * rate);
line(`overload: ${over} req/s offered for 15 s (200 connections)`, await run({ duration: 15, overallRate: over, connections: 200 }));
line(`recovery: ${rate} req/s for 15 s right after`, await run({ duration: 15, overallRate: rate, connections: 20 }));
server.kill('SIGTERM');
console.log(`bench process peak RSS ${peakRssMiB()} MiB`);
