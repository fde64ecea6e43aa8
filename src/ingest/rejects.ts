/** The rejects file: one line per rejected value, `file, line, column, value, reason` (中文 | English). */
import { createWriteStream, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { Warehouse } from '../store/warehouse.js';
import { msgBoth } from '../domain/messages/index.js';

export function rejectReason(code: string, detail: string | null): string {
  if (code === 'wrong_columns') {
    const [expected, found] = (detail ?? '').split('/');
    return msgBoth('ingest.reject.wrong_columns', { expected, found });
  }
  return msgBoth(`ingest.reject.${code}`, { detail: detail ?? '' });
}

export async function writeRejectsCsv(wh: Warehouse, importId: number, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.part`;
  const out = createWriteStream(tmp);
  // BOM so that Excel opens the Chinese text correctly.
  out.write('\uFEFF');
  const csv = stringify({ header: true, columns: ['file', 'line', 'column', 'value', 'reason'] });
  csv.pipe(out);
  const result = await wh.conn.stream(`SELECT f.path AS file, r.line, r."column", r.value, r.code, r.detail
    FROM import_reject r JOIN import_file f USING (file_id) WHERE r.import_id = $1
    ORDER BY r.file_id, r.line, r."column"`, [importId] as never);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const row of chunk.getRowObjects(result.deduplicatedColumnNames())) {
      const r = row as Record<string, unknown>;
      const ok = csv.write([String(r.file), String(r.line), String(r.column ?? ''), String(r.value ?? ''),
        rejectReason(String(r.code), r.detail === null ? null : String(r.detail))]);
      if (!ok) await once(csv, 'drain');
    }
  }
  csv.end();
  await once(out, 'close');
  renameSync(tmp, path);
}
