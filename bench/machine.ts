/** The facts a benchmark figure needs beside it: machine, date, command. */
import { cpus, totalmem } from 'node:os';

export function machineLine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
}

export function peakRssMiB(): number {
  // maxRSS is in KiB on Linux.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * Every `ms`, DuckDB's memory by tag (duckdb_memory(), tags above 50 MB) on a side connection, printed with the
 * process's RSS and the label `stage()` gives; returns the stop function. For finding what fills the memory
 * limit during a long import or audit.
 */
export async function traceDuckdbMemory(connect: () => Promise<{ runAndReadAll(sql: string): Promise<{ getRowObjectsJson(): unknown[] }>; closeSync(): void }>,
  stage: () => string, ms = 15_000): Promise<() => void> {
  const conn = await connect();
  const t0 = performance.now();
  const timer = setInterval(() => {
    void conn.runAndReadAll(`SELECT tag, round(memory_usage_bytes / 2 ** 20) AS mib, round(temporary_storage_bytes / 2 ** 20) AS tmp_mib
      FROM duckdb_memory() WHERE memory_usage_bytes > 50e6 OR temporary_storage_bytes > 50e6`)
      .then((r) => console.log(`  [memory ${((performance.now() - t0) / 1000).toFixed(0)} s, RSS ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MiB] ${stage()} ${JSON.stringify(r.getRowObjectsJson())}`))
      .catch(() => undefined);
  }, ms);
  return () => { clearInterval(timer); conn.closeSync(); };
}
