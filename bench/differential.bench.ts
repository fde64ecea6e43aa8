/**
 * The differential test of the batch and real-time executors in its longer mode:
 * FUNDGUARD_DIFF_RUNS random regions (default here 200; `npm test` runs 10).
 */
import { spawnSync } from 'node:child_process';
import { machineLine } from './machine.js';

const runs = process.env.FUNDGUARD_DIFF_RUNS ?? '200';
console.log(`machine: ${machineLine()}`);
console.log(`command: FUNDGUARD_DIFF_RUNS=${runs} npm run bench -- differential`);
const t0 = Date.now();
const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', 'test/realtime/differential'], {
  encoding: 'utf8', env: { ...process.env, FUNDGUARD_DIFF_RUNS: runs } });
const out = r.stdout + r.stderr;
for (const line of out.split('\n')) if (/^(not )?ok |^# (pass|fail)|differential:|only:/.test(line)) console.log(line);
console.log(`${runs} random regions in ${((Date.now() - t0) / 1000).toFixed(0)} s, exit ${r.status}`);
process.exit(r.status ?? 1);
