/** Helpers of the rules, jobs, attachment, token and self-check API tests: multipart uploads and waiting for jobs. */
import type { Fixture, Session } from './workbench-fixture.js';

export async function upload(fx: Fixture, s: Session, path: string, files: { name: string; bytes: Buffer | string }[],
  fields: Record<string, string> = {}): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('file', new Blob([new Uint8Array(typeof f.bytes === 'string' ? Buffer.from(f.bytes) : f.bytes)]), f.name);
  const res = await fetch(`${fx.base}${path}`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body: form });
  return { status: res.status, json: await res.json().catch(() => null) };
}

export interface JobAnswer {
  job_id: number; kind: string; state: 'queued' | 'running' | 'done' | 'failed';
  progress: { done: number; total: number; current: string | null };
  result: any; error: { message_zh: string; message_en: string } | null; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Polls GET /jobs/:id until the job is done or failed; also returns every progress seen. */
export async function waitJob(fx: Fixture, s: Session, jobId: number, timeoutMs = 120_000): Promise<JobAnswer & { seen: JobAnswer['progress'][] }> {
  const seen: JobAnswer['progress'][] = [];
  const t0 = Date.now();
  for (;;) {
    const r = await fx.call(s, 'GET', `/api/v1/jobs/${jobId}`);
    if (r.status !== 200) throw new Error(`GET /jobs/${jobId}: ${r.status} ${JSON.stringify(r.json)}`);
    const j = r.json as JobAnswer;
    seen.push(j.progress);
    if (j.state === 'done' || j.state === 'failed') return { ...j, seen };
    if (Date.now() - t0 > timeoutMs) throw new Error(`job ${jobId} still ${j.state} after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 50));
  }
}
