/**
 * 50 reviewers working through the demo region's findings at once (issue: workbench load), over real
 * HTTP against `fundguard serve` in its own process. Each reviewer loops: list a page of findings,
 * open one, act on it (初审, 复审, the institution's appeal, the conclusion, the deduction), with the
 * version it saw. Afterwards the operational store is read back: every transition a client was told
 * succeeded is recorded exactly once, no finding moved twice from the same status, and each
 * finding's version equals its number of transitions.
 *
 * BENCH_DIR (default bench/out)/reviewers holds the region; REVIEWERS (50), DURATION_S (300).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { openOpStore } from '../src/store/opstore.js';
import { createUser, ensureAuthSchema, userByName, type Role } from '../src/server/auth/store.js';
import { machineLine } from './machine.js';

const dir = resolve(process.env.BENCH_DIR ?? 'bench/out', 'reviewers');
const dataDir = join(dir, 'data');
const REVIEWERS = Number(process.env.REVIEWERS ?? 50);
const DURATION_S = Number(process.env.DURATION_S ?? 300);
const PASSWORD = 'Bench-review-2024';
const MAIN = join(import.meta.dirname, '..', 'src', 'cli', 'main.ts');
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--data-dir', dataDir, ...args], { stdio: 'inherit' });

console.log(`machine: ${machineLine()}`);
console.log(`command: REVIEWERS=${REVIEWERS} DURATION_S=${DURATION_S} npm run bench -- reviewers`);

// The region: the default demo (20,000 persons) with one audit run; review state from an earlier bench is reset.
if (!existsSync(join(dataDir, 'warehouse.duckdb'))) {
  if (cli('demo', '--import').status !== 0 || cli('audit').status !== 0) throw new Error('could not prepare the demo region');
}
const ops = await openOpStore({ dataDir });
await ensureAuthSchema(ops);
await ops.query('DELETE FROM review_transition').catch(() => undefined);
await ops.query('DELETE FROM finding_review').catch(() => undefined);
const [{ run_id: runId }] = await ops.query<{ run_id: number }>(`SELECT max(run_id) AS run_id FROM audit_run WHERE kind = 'audit' AND finished_at IS NOT NULL`);
const insts = (await ops.query<{ c: string }>('SELECT DISTINCT fixmedins_code AS c FROM audit_finding WHERE run_id = $1 ORDER BY 1', [runId])).map((r) => r.c);
const accounts: [string, Role, string | null][] = [];
for (let i = 0; i < REVIEWERS; i++) {
  // Mostly auditors; every fifth a supervisor; a few institution users so that appeals happen.
  const role: Role = i % 10 === 9 ? 'institution' : i % 5 === 4 ? 'supervisor' : 'auditor';
  accounts.push([`bench${i}`, role, role === 'institution' ? insts[i % insts.length] : null]);
}
for (const [username, role, inst] of accounts) {
  if (!(await userByName(ops, username))) await createUser(ops, { username, display_name: username, role, fixmedins_code: inst, password: PASSWORD });
}
await ops.close();

// SERVE_NODE_ARGS (e.g. --cpu-prof) go to the server process, to see where its time goes.
const serveArgs = (process.env.SERVE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const server = spawn(process.execPath, [...serveArgs, '--import', 'tsx', MAIN, '--data-dir', dataDir, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
const base = await new Promise<string>((res, rej) => {
  let err = '';
  server.stderr.on('data', (d: Buffer) => { err += d; if (process.env.DIAG) process.stdout.write(String(d).split('\n').filter((l) => l.startsWith('EVID')).slice(0, 3).map((l) => l + '\n').join('')); const m = /服务已启动：(http:\/\/\S+)/.exec(err); if (m) res(m[1]); });
  server.on('exit', (c) => rej(new Error(`serve exited ${c}: ${err}`)));
});

type Kind = 'list' | 'detail' | 'transition';
const lat: Record<Kind, number[]> = { list: [], detail: [], transition: [] };
// When each request ended (ms since the start), to tell the cold start from the steady state.
const ends: Record<Kind, number[]> = { list: [], detail: [], transition: [] };
let tStart = Date.now();
const diag: Record<string, number[]> = {};
let conflicts = 0; let errors = 0;
const errorCodes = new Map<string, number>();
const done: { run_id: number; seq: number; action: string; user: string }[] = [];

async function login(username: string) {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }) });
  const cookies = r.headers.getSetCookie().map((c) => c.split(';')[0]);
  return { cookie: cookies.join('; '), csrf: ((await r.json()) as { csrf_token: string }).csrf_token };
}

async function timed<T>(kind: Kind, f: () => Promise<Response>): Promise<{ status: number; json: T }> {
  const t0 = performance.now();
  const r = await f();
  const json = await r.json() as T;
  lat[kind].push(performance.now() - t0);
  ends[kind].push(Date.now() - tStart);
  if (r.status >= 500) { errors++; errorCodes.set(`${r.status} ${kind}`, (errorCodes.get(`${r.status} ${kind}`) ?? 0) + 1); }
  return { status: r.status, json };
}

/** What a role does next with a finding in a status, if anything. */
function nextAction(role: Role, status: string, i: number): { action: string; reason?: string } | null {
  if (role === 'auditor' && status === 'pending_first') return i % 7 === 0 ? { action: 'dismiss', reason: '经核实费用合理' } : { action: 'confirm' };
  if ((role === 'auditor' || role === 'supervisor') && status === 'pending_second') return { action: 'second_confirm' };
  if (role === 'institution' && status === 'awaiting_appeal') return { action: 'appeal', reason: '已提供病历说明，申请复核' };
  if ((role === 'auditor' || role === 'supervisor') && status === 'appealed') return { action: 'conclude_deduct', reason: '申诉理由不成立' };
  if (role === 'supervisor' && status === 'concluded') return { action: 'mark_deducted' };
  return null;
}

const STATUS_FOR: Record<Role, string[]> = { auditor: ['pending_first', 'pending_second', 'appealed'], supervisor: ['pending_second', 'appealed', 'concluded'],
  institution: ['awaiting_appeal'], admin: [] };

async function reviewer(username: string, role: Role, until: number, seed: number) {
  const s = await login(username);
  const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' };
  let i = seed;
  while (Date.now() < until) {
    i++;
    const status = STATUS_FOR[role][i % STATUS_FOR[role].length];
    const list = await timed<{ findings: { run_id: number; seq: number; status: string; version: number }[]; total: number }>('list',
      () => fetch(`${base}/api/v1/findings?status=${status}&page_size=20&page=${1 + (i % 3)}`, { headers }));
    const f = list.json.findings?.[i % Math.max(1, list.json.findings?.length ?? 1)];
    if (!f) {
      // Nothing to do at this status: a reviewer still reads (a page of everything and a detail).
      const all = await timed<{ findings: { run_id: number; seq: number }[] }>('list', () => fetch(`${base}/api/v1/findings?page_size=20&page=${1 + (i % 10)}`, { headers }));
      const g = all.json.findings?.[i % Math.max(1, all.json.findings?.length ?? 1)];
      if (g) await timed('detail', () => fetch(`${base}/api/v1/findings/${g.run_id}/${g.seq}`, { headers }));
      continue;
    }
    const td = performance.now();
    const d = await timed<{ finding: { status: string; version: number } }>('detail', () => fetch(`${base}/api/v1/findings/${f.run_id}/${f.seq}`, { headers }));
    if (process.env.DIAG) (diag[role] ??= []).push(performance.now() - td);
    const act = d.json.finding ? nextAction(role, d.json.finding.status, i) : null;
    if (!act) continue;
    const r = await timed<{ state?: unknown; error?: { code: string } }>('transition', () => fetch(`${base}/api/v1/findings/${f.run_id}/${f.seq}/transition`,
      { method: 'POST', headers, body: JSON.stringify({ ...act, version: d.json.finding.version }) }));
    if (r.status === 200) done.push({ run_id: f.run_id, seq: f.seq, action: act.action, user: username });
    else if (r.status === 409) conflicts++;
    else { errors++; errorCodes.set(`${r.status} ${r.json.error?.code}`, (errorCodes.get(`${r.status} ${r.json.error?.code}`) ?? 0) + 1); }
  }
}

const t0 = Date.now();
tStart = t0;
const until = t0 + DURATION_S * 1000;
await Promise.all(accounts.map(([u, role], k) => reviewer(u, role, until, k * 7)));
const seconds = (Date.now() - t0) / 1000;
await new Promise<void>((r) => { server.once('exit', () => r()); server.kill('SIGTERM'); });

// Read back what the store recorded.
const check = await openOpStore({ dataDir });
const rows = await check.query<{ run_id: number; seq: number; action: string; from_status: string; by_user: string }>(
  'SELECT run_id, seq, action, from_status, by_user FROM review_transition WHERE run_id = $1', [runId]);
const dupFrom = await check.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT run_id, seq, from_status FROM review_transition
  WHERE run_id = $1 GROUP BY 1, 2, 3 HAVING count(*) > 1) x`, [runId]);
const badVersion = await check.query<{ n: number }>(`SELECT count(*)::int AS n FROM finding_review r WHERE r.run_id = $1 AND r.version <>
  (SELECT count(*) FROM review_transition t WHERE t.run_id = r.run_id AND t.seq = r.seq)`, [runId]);
await check.close();
const key = (x: { run_id: number; seq: number; action: string; user?: string; by_user?: string }) => `${x.run_id}/${x.seq}/${x.action}/${x.user ?? x.by_user}`;
const recorded = new Set(rows.map(key));
const lost = done.filter((d) => !recorded.has(key(d))).length;

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
console.log(`${REVIEWERS} reviewers for ${seconds.toFixed(0)} s against ${base} (run #${runId})`);
for (const k of Object.keys(lat) as Kind[]) {
  const xs = lat[k];
  console.log(`  ${k.padEnd(10)} ${String(xs.length).padStart(7)} requests  p50 ${pct(xs, 0.5).toFixed(1)} ms  p95 ${pct(xs, 0.95).toFixed(1)} ms  p99 ${pct(xs, 0.99).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms`);
}
const pages = [...lat.list, ...lat.detail];
if (process.env.DIAG) for (const [r, xs] of Object.entries(diag)) console.log(`  diag detail ${r}: n ${xs.length} p50 ${pct(xs, 0.5).toFixed(1)} p95 ${pct(xs, 0.95).toFixed(1)}`);
// The same figures without the first 20% of the run (evidence caches still cold then).
const steady = (k: Kind) => lat[k].filter((_, j) => ends[k][j] > DURATION_S * 200);
console.log(`  after the first ${(DURATION_S * 0.2).toFixed(0)} s: list p95 ${pct(steady('list'), 0.95).toFixed(1)} ms, detail p95 ${pct(steady('detail'), 0.95).toFixed(1)} ms, p99 ${pct(steady('detail'), 0.99).toFixed(1)} ms, page APIs p95 ${pct([...steady('list'), ...steady('detail')], 0.95).toFixed(1)} ms`);
console.log(`  page APIs (list + detail) p95 ${pct(pages, 0.95).toFixed(1)} ms; throughput ${((pages.length + lat.transition.length) / seconds).toFixed(0)} req/s`);
console.log(`  transitions: ${done.length} succeeded, ${conflicts} refused as conflicts (409), ${errors} errors`);
if (errorCodes.size) console.log(`  errors by status and code: ${[...errorCodes].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
console.log(`  store: ${rows.length} recorded, ${lost} succeeded-but-missing, ${rows.length - done.length} recorded-but-not-acknowledged, ${dupFrom[0].n} findings moved twice from one status, ${badVersion[0].n} versions not matching their history`);
if (lost || dupFrom[0].n || badVersion[0].n || rows.length !== done.length || errors) process.exitCode = 1;
