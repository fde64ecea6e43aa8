/** Data loading: one GET, its loading and error state, and a reload. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Query } from './api';

export interface Loaded<T> { data: T | null; error: unknown; loading: boolean; reload: () => void }

/** GETs `path` (skipped while null) whenever the path or the query's text changes. */
export function useApi<T>(path: string | null, query?: Query): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query ?? {});
  useEffect(() => {
    if (path === null) { setLoading(false); return; }
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    api.get<T>(path, JSON.parse(key) as Query, ctl.signal)
      .then((d) => { setData(d); setLoading(false); })
      .catch((e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        setError(e); setData(null); setLoading(false);
      });
    return () => ctl.abort();
  }, [path, key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export interface Job {
  job_id: string | number;
  kind: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress?: { done: number; total: number; current?: string | null } | null;
  started_at?: string | null;
  finished_at?: string | null;
  result?: unknown;
  error?: { message_zh?: string; message_en?: string } | null;
}

/** Polls /jobs/:id every `everyMs` until it is done or failed (or the job id changes). */
export function useJob(jobId: string | number | null, everyMs = 1000): { job: Job | null; error: unknown } {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    setJob(null);
    setError(null);
    if (jobId === null) return;
    let stopped = false;
    const poll = async () => {
      try {
        const j = await api.get<Job>(`/jobs/${encodeURIComponent(String(jobId))}`);
        if (stopped) return;
        setJob(j);
        if (j.state !== 'done' && j.state !== 'failed') timer.current = setTimeout(poll, everyMs);
      } catch (e) {
        if (!stopped) setError(e);
      }
    };
    void poll();
    return () => { stopped = true; if (timer.current) clearTimeout(timer.current); };
  }, [jobId, everyMs]);
  return { job, error };
}

/** A form's values, or null when a field is invalid (antd shows the messages; nothing to throw). */
export async function validated<T>(form: { validateFields: () => Promise<T> }): Promise<T | null> {
  try { return await form.validateFields(); } catch { return null; }
}
