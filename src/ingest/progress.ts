/** Progress events of long jobs; the CLI renders them as a bar on a terminal, log lines otherwise. */
export interface ProgressEvent {
  /** What is being worked on, e.g. the file name. */
  label: string;
  /** Message-catalogue key of the stage (e.g. ingest.stage.read). */
  stage: string;
  done: number;
  total: number;
  unit: 'rows' | 'bytes';
}

export type ProgressListener = (e: ProgressEvent) => void;

/**
 * Polls a running DuckDB query's progress. DuckDB reports rows processed and rows to process for
 * the running pipeline; we pass them on as they come.
 */
export function pollQueryProgress(read: () => { percentage: number; rows_processed: bigint; total_rows_to_process: bigint },
  emit: (done: number, total: number) => void, everyMs = 250): () => void {
  const timer = setInterval(() => {
    try {
      const p = read();
      const total = Number(p.total_rows_to_process);
      if (total > 0) emit(Number(p.rows_processed), total);
    } catch { /* no query running at this instant */ }
  }, everyMs);
  return () => clearInterval(timer);
}
