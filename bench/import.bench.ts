/**
 * Import throughput of fee_list_d CSV (UTF-8 and GBK) into a fresh warehouse.
 * BENCH_LINES (default 10,000,000) sets the size; BENCH_DIR (default bench/out) the scratch folder.
 * BENCH_ENCODINGS (default "utf8,gbk") which files to import.
 * Each import runs in its own child process so that its peak RSS is its own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeScaleFeeFile } from '../src/demo/index.js';
import { machineLine } from './machine.js';

const lines = Number(process.env.BENCH_LINES ?? 10_000_000);
const dir = resolve(process.env.BENCH_DIR ?? 'bench/out');
mkdirSync(dir, { recursive: true });
console.log(`machine: ${machineLine()}`);
console.log(`command: BENCH_LINES=${lines} npm run bench -- import`);

const encodings = (process.env.BENCH_ENCODINGS ?? 'utf8,gbk').split(',').filter((e): e is 'utf8' | 'gbk' => e === 'utf8' || e === 'gbk');
for (const encoding of encodings) {
  const src = join(dir, `import-${encoding}-${lines}`);
  const file = join(src, `fee_list_d_${encoding}.csv`);
  if (!existsSync(file)) {
    mkdirSync(src, { recursive: true });
    const t0 = Date.now();
    await writeScaleFeeFile(file, { lines, seed: 7, encoding });
    console.log(`generated ${file} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const dataDir = join(dir, `data-${encoding}`);
  rmSync(dataDir, { recursive: true, force: true });
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/import-child.ts', dataDir, src], {
    encoding: 'utf8', env: { ...process.env }, maxBuffer: 1 << 24 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; loaded: number; rss_mib: number };
  const mb = statSync(file).size / 1048576;
  console.log(`${encoding}: ${lines.toLocaleString('en')} lines, ${mb.toFixed(0)} MiB, ${r.seconds.toFixed(1)} s, ` +
    `${Math.round(r.loaded / r.seconds).toLocaleString('en')} lines/s, ${(mb / r.seconds).toFixed(0)} MiB/s, peak RSS ${r.rss_mib} MiB`);
  rmSync(dataDir, { recursive: true, force: true });
}
