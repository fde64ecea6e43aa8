/**
 * A pool of check workers, so that checks use every core while the main thread serves HTTP.
 * Each check goes to the worker with the fewest checks in flight.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { RuleConfig } from '../../rules/config.js';
import type { RtKnowledge } from '../../rules/realtime/data.js';
import type { BlockPolicy, CheckResult } from './service.js';
import type { PrecheckRequest, SettlementCheckRequest } from './request.js';
import type { WorkerMessage } from './check-worker.js';

interface Slot { worker: Worker; inFlight: number }

export class CheckPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, { ok: (r: CheckResult) => void; fail: (e: Error) => void }>();
  private next = 1;

  private constructor() {}

  static async start(size: number, init: { dataDir: string; kn: RtKnowledge; configs: RuleConfig[]; policy: BlockPolicy }): Promise<CheckPool> {
    const pool = new CheckPool();
    // Under tsx the sources are .ts; built, they are .js beside this file.
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const file = fileURLToPath(new URL(`./check-worker${ext}`, import.meta.url));
    await Promise.all(Array.from({ length: size }, () => new Promise<void>((ready, fail) => {
      // From sources (tests, development) the worker registers the TypeScript loader first.
      const worker = ext === '.ts'
        ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL(`./check-worker${ext}`, import.meta.url).href)}); })`, { eval: true })
        : new Worker(file);
      const slot: Slot = { worker, inFlight: 0 };
      worker.on('message', (m: { type: string; id?: number; result?: CheckResult; error?: string }) => {
        if (m.type === 'ready') { pool.slots.push(slot); ready(); return; }
        if (m.type !== 'result' || m.id === undefined) return;
        slot.inFlight--;
        const p = pool.pending.get(m.id);
        pool.pending.delete(m.id);
        if (m.error !== undefined) p?.fail(new Error(m.error));
        else p?.ok(m.result!);
      });
      worker.once('error', fail);
      worker.postMessage({ type: 'init', ...init } satisfies WorkerMessage);
    })));
    return pool;
  }

  run(op: 'precheck', req: PrecheckRequest): Promise<CheckResult>;
  run(op: 'settlement-check', req: SettlementCheckRequest): Promise<CheckResult>;
  run(op: 'precheck' | 'settlement-check', req: PrecheckRequest | SettlementCheckRequest): Promise<CheckResult> {
    // Fewest checks in flight; ties in turn, so that an idle pool spreads checks over all workers
    // (the first worker alone would otherwise take every check of a light load, and the next one waits).
    const id = this.next++;
    let slot = this.slots[id % this.slots.length];
    for (const s of this.slots) if (s.inFlight < slot.inFlight) slot = s;
    slot.inFlight++;
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail });
      slot.worker.postMessage({ type: 'check', id, op, req } as WorkerMessage);
    });
  }

  /** Checks waiting or running in the workers. */
  inFlight(): number {
    return this.slots.reduce((a, s) => a + s.inFlight, 0);
  }

  update(u: { kn?: RtKnowledge; configs?: RuleConfig[]; policy?: BlockPolicy }): void {
    for (const s of this.slots) s.worker.postMessage({ type: 'update', ...u } satisfies WorkerMessage);
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => new Promise<void>((done) => {
      s.worker.once('exit', () => done());
      s.worker.postMessage({ type: 'close' } satisfies WorkerMessage);
      setTimeout(() => void s.worker.terminate(), 2000).unref();
    })));
  }
}
