/**
 * Background jobs of the workbench (audit runs, what-if, knowledge imports, self-checks): an
 * in-process FIFO queue that runs ONE job at a time, because every kind is warehouse-heavy and the
 * process has one DuckDB connection. Each job is a row in the operational store, so a finished
 * job's result survives a restart; a job queued or running when the process stopped is marked
 * failed at the next start (its work died with the process).
 */
import type { OpMigration, OpStore } from '../store/opstore.js';
import { msg } from '../domain/messages/index.js';

export const JOB_MIGRATIONS: OpMigration[] = [
  { version: 1, sql: `
    CREATE TABLE IF NOT EXISTS wb_job (
      job_id SERIAL PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
      user_id INTEGER, username TEXT NOT NULL, role TEXT NOT NULL, fixmedins_code TEXT, params JSONB NOT NULL,
      progress JSONB NOT NULL DEFAULT '{"done": 0, "total": 0, "current": null}', result JSONB, error JSONB,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(), started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ);
    CREATE INDEX IF NOT EXISTS wb_job_user ON wb_job (username, job_id)` },
];

export type JobState = 'queued' | 'running' | 'done' | 'failed';
export interface JobOwner { user_id: number; username: string; role: string; fixmedins_code: string | null }
export interface JobProgress { done: number; total: number; current: string | null }
export interface JobErrorText { message_zh: string; message_en: string }

export interface JobView {
  job_id: number; kind: string; state: JobState; username: string; role: string; fixmedins_code: string | null;
  params: unknown; progress: JobProgress; created_at: string; started_at: string | null; finished_at: string | null;
  result: unknown; error: JobErrorText | null;
}

export interface JobContext {
  jobId: number;
  progress(done: number, total: number, current?: string | null): void;
  /** Throws when the server is shutting down; runners call it between steps. */
  checkpoint(): void;
}
export type JobRunner = (ctx: JobContext) => Promise<unknown>;

/** A failure with a catalogue message (shown to the user as it is). */
export class JobError extends Error {
  constructor(readonly key: string, readonly vars: Record<string, unknown> = {}) {
    super(msg(key, vars, 'en'));
    this.name = 'JobError';
  }
}

/** The user-facing text of any error a runner throws. */
export function errorText(e: unknown): JobErrorText {
  if (e instanceof JobError) return { message_zh: msg(e.key, e.vars, 'zh'), message_en: msg(e.key, e.vars, 'en') };
  const err = e as { zh?: unknown; en?: unknown; message?: unknown };
  if (typeof err.zh === 'string' && typeof err.en === 'string') return { message_zh: err.zh, message_en: err.en };
  const text = String(err?.message ?? e);
  // Most of the project's errors read "中文 | English" or "中文 / English".
  const m = /^(.*?)\s[|/]\s(.*)$/s.exec(text);
  if (m && /[\u4e00-\u9fff]/.test(m[1])) return { message_zh: m[1], message_en: m[2] };
  return { message_zh: msg('admin.job.failed', { detail: text }, 'zh'), message_en: msg('admin.job.failed', { detail: text }, 'en') };
}

const COLS = `job_id, kind, state, username, role, fixmedins_code, params, progress, to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') AS created_at,
  to_char(started_at, 'YYYY-MM-DD HH24:MI:SS') AS started_at, to_char(finished_at, 'YYYY-MM-DD HH24:MI:SS') AS finished_at, result, error`;

interface Pending { id: number; run: JobRunner }

export class JobQueue {
  private readonly pending: Pending[] = [];
  private readonly live = new Map<number, JobProgress>();
  private running: Promise<void> | null = null;
  private stopping = false;

  private constructor(private readonly ops: OpStore) {}

  /** Opens the queue; jobs left queued or running by an earlier process are failed with a clear message. */
  static async open(ops: OpStore): Promise<JobQueue> {
    await ops.ensureSchema('workbench_jobs', JOB_MIGRATIONS);
    await ops.query(`UPDATE wb_job SET state = 'failed', finished_at = now(), error = $1 WHERE state IN ('queued', 'running')`,
      [JSON.stringify({ message_zh: msg('admin.job.interrupted', {}, 'zh'), message_en: msg('admin.job.interrupted', {}, 'en') })]);
    return new JobQueue(ops);
  }

  async submit(kind: string, owner: JobOwner, params: unknown, run: JobRunner): Promise<number> {
    if (this.stopping) throw new JobError('admin.job.stopping');
    const [r] = await this.ops.query<{ job_id: number }>(`INSERT INTO wb_job (kind, state, user_id, username, role, fixmedins_code, params)
      VALUES ($1, 'queued', $2, $3, $4, $5, $6) RETURNING job_id`,
    [kind, owner.user_id, owner.username, owner.role, owner.fixmedins_code, JSON.stringify(params ?? {})]);
    const id = Number(r.job_id);
    this.pending.push({ id, run });
    this.pump();
    return id;
  }

  /** One job as stored, with its live progress while it runs. */
  async get(id: number): Promise<JobView | null> {
    const [row] = await this.ops.query<JobView>(`SELECT ${COLS} FROM wb_job WHERE job_id = $1`, [id]);
    if (!row) return null;
    const live = this.live.get(id);
    return { ...row, job_id: Number(row.job_id), progress: live ? { ...live } : row.progress };
  }

  /** Jobs newest first, without their results (which can be large). */
  async list(f: { username?: string; kind?: string; limit: number }): Promise<Omit<JobView, 'result'>[]> {
    const rows = await this.ops.query<JobView>(`SELECT ${COLS.replace(', result', '')} FROM wb_job
      WHERE ($1::text IS NULL OR username = $1) AND ($2::text IS NULL OR kind = $2) ORDER BY job_id DESC LIMIT $3`,
    [f.username ?? null, f.kind ?? null, f.limit]);
    return rows.map((r) => ({ ...r, job_id: Number(r.job_id), progress: this.live.get(Number(r.job_id)) ?? r.progress }));
  }

  /** Resolves when nothing is queued or running (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Fails what is still queued and lets the running job stop at its next step. */
  async close(): Promise<void> {
    this.stopping = true;
    const dropped = this.pending.splice(0);
    for (const p of dropped) await this.finish(p.id, 'failed', null, new JobError('admin.job.stopping'));
    await this.idle();
  }

  private pump(): void {
    if (this.running || !this.pending.length) return;
    const next = this.pending.shift()!;
    this.running = this.execute(next).finally(() => { this.running = null; this.pump(); });
  }

  private async execute(job: Pending): Promise<void> {
    const progress: JobProgress = { done: 0, total: 0, current: null };
    this.live.set(job.id, progress);
    let lastWrite = 0;
    const ctx: JobContext = {
      jobId: job.id,
      progress: (done, total, current = null) => {
        Object.assign(progress, { done, total, current });
        // Written now and then only: GET answers from memory while the job runs.
        if (Date.now() - lastWrite > 2000) {
          lastWrite = Date.now();
          void this.ops.query('UPDATE wb_job SET progress = $2 WHERE job_id = $1', [job.id, JSON.stringify(progress)]).catch(() => undefined);
        }
      },
      checkpoint: () => { if (this.stopping) throw new JobError('admin.job.stopping'); },
    };
    try {
      await this.ops.query(`UPDATE wb_job SET state = 'running', started_at = now() WHERE job_id = $1`, [job.id]);
      const result = await job.run(ctx);
      await this.finish(job.id, 'done', result ?? null, null, progress);
    } catch (e) {
      await this.finish(job.id, 'failed', null, e, progress).catch(() => undefined);
    } finally {
      this.live.delete(job.id);
    }
  }

  private async finish(id: number, state: JobState, result: unknown, error: unknown, progress?: JobProgress): Promise<void> {
    await this.ops.query(`UPDATE wb_job SET state = $2, finished_at = now(), result = $3, error = $4,
      progress = coalesce($5::jsonb, progress) WHERE job_id = $1`,
    [id, state, result === null ? null : JSON.stringify(result), error === null ? null : JSON.stringify(errorText(error)),
      progress ? JSON.stringify(progress) : null]);
  }
}
