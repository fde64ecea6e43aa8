/**
 * Renders progress events: a live bar (rows, rows/s, ETA) on a terminal, a plain log line every
 * few seconds otherwise (CI logs, redirected output).
 */
import cliProgress from 'cli-progress';
import { msg } from '../domain/messages/index.js';
import type { ProgressEvent } from '../ingest/progress.js';

export interface ProgressRenderer {
  onProgress(e: ProgressEvent): void;
  stop(): void;
}

function human(n: number, unit: ProgressEvent['unit']): string {
  if (unit === 'bytes') return `${(n / 1048576).toFixed(1)} MB`;
  return n.toLocaleString('zh-CN');
}

export function progressRenderer(stream: NodeJS.WriteStream = process.stderr, quiet = false): ProgressRenderer {
  if (quiet) return { onProgress: () => undefined, stop: () => undefined };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream, hideCursor: true, clearOnComplete: false, etaBuffer: 20,
      format: '{label} {stage} [{bar}] {percentage}% {done}/{all} {rate}/s 剩余 {eta_formatted}',
    }, cliProgress.Presets.shades_classic);
    let key = ''; let started = 0;
    return {
      onProgress(e) {
        const k = `${e.label}|${e.stage}`;
        const payload = (done: number) => ({ label: e.label, stage: msg(e.stage), done: human(done, e.unit), all: human(e.total, e.unit),
          rate: human(Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)), e.unit) });
        if (k !== key) {
          if (key) bar.stop();
          key = k; started = Date.now();
          bar.start(Math.max(1, e.total), e.done, payload(e.done));
        } else {
          bar.setTotal(Math.max(1, e.total));
          bar.update(e.done, payload(e.done));
        }
      },
      stop() { if (key) bar.stop(); },
    };
  }
  let last = 0; let lastKey = '';
  const t0 = Date.now();
  return {
    onProgress(e) {
      const k = `${e.label}|${e.stage}`;
      const now = Date.now();
      if (k === lastKey && now - last < 5000 && e.done < e.total) return;
      last = now; lastKey = k;
      const pct = e.total > 0 ? Math.floor((100 * e.done) / e.total) : 0;
      stream.write(`[${Math.round((now - t0) / 1000)}s] ${e.label} ${msg(e.stage)} ${human(e.done, e.unit)}/${human(e.total, e.unit)} (${pct}%)\n`);
    },
    stop() { /* nothing to clear */ },
  };
}
