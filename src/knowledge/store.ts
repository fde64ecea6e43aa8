/**
 * Writes a knowledge set in one transaction (appenders: ~50k rows in tens of milliseconds, and
 * a rollback discards them) and reads the sets back.
 */
import { LIST, VARCHAR, type DuckDBAppender } from '@duckdb/node-api';
import type { Warehouse } from '../store/warehouse.js';
import { KN_TABLES, KNOWLEDGE_MIGRATIONS, type KnColumn, type KnTable } from './schema.js';
import {
  KNOWLEDGE_KINDS, type KnowledgeFileReport, type KnowledgeKind, type KnowledgeRows, type KnowledgeSetInfo,
} from './types.js';

export async function ensureKnowledgeSchema(wh: Warehouse): Promise<void> {
  await wh.ensureSchema('knowledge', KNOWLEDGE_MIGRATIONS);
}

const VARCHAR_LIST = LIST(VARCHAR);

function appendValue(ap: DuckDBAppender, col: KnColumn, v: unknown): void {
  if (v === null || v === undefined) {
    if (col.notNull) throw new Error(`knowledge: ${col.name} must not be null`);
    ap.appendNull();
    return;
  }
  switch (col.type) {
    case 'INTEGER': ap.appendInteger(Number(v)); break;
    case 'BOOLEAN': ap.appendBoolean(Boolean(v)); break;
    case 'VARCHAR[]': ap.appendList((v as string[]).slice(), VARCHAR_LIST); break;
    case 'JSON': ap.appendVarchar(JSON.stringify(v)); break;
    // DECIMAL arrives as exact text; DuckDB casts it.
    default: ap.appendVarchar(String(v));
  }
}

async function appendRows(wh: Warehouse, table: KnTable, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const cols: KnColumn[] = KN_TABLES[table];
  const ap = await wh.conn.createAppender(table);
  try {
    for (const r of rows) {
      for (const c of cols) appendValue(ap, c, r[c.name]);
      ap.endRow();
    }
    ap.flushSync();
  } finally {
    ap.closeSync();
  }
}

export interface NewSet {
  label: string;
  contentSha256: string;
  files: KnowledgeFileReport[];
  rowCounts: Partial<Record<KnowledgeKind, number>>;
}

/** Writes the set and all its rows in ONE transaction; returns the new set_id. */
export async function writeSet(wh: Warehouse, set: NewSet, rows: KnowledgeRows): Promise<number> {
  return wh.transaction(async () => {
    const next = await wh.one<{ id: number }>('SELECT COALESCE(max(set_id), 0) + 1 AS id FROM kn_set');
    const setId = Number(next?.id ?? 1);
    await wh.run('INSERT INTO kn_set VALUES (?, ?, now()::TIMESTAMP, ?, ?::JSON, ?::JSON)', [
      setId, set.label, set.contentSha256, JSON.stringify(set.files), JSON.stringify(set.rowCounts),
    ]);
    const tag = <T extends object>(list: T[]) => list.map((r) => ({ ...r, set_id: setId }) as Record<string, unknown>);
    await appendRows(wh, 'kn_drug_restriction', tag(rows.drug));
    await appendRows(wh, 'kn_item_restriction', tag(rows.item));
    await appendRows(wh, 'kn_duplicate_charge', tag(rows.dup));
    await appendRows(wh, 'kn_icd_diagnosis', rows.icd.filter((r) => r.kind === 'icd-diagnosis')
      .map((r) => ({ ...r, set_id: setId, diag_code: r.code, diag_name: r.name })));
    await appendRows(wh, 'kn_icd_procedure', rows.icd.filter((r) => r.kind === 'icd-procedure')
      .map((r) => ({ ...r, set_id: setId, oprn_oprt_code: r.code, oprn_oprt_name: r.name })));
    return setId;
  });
}

interface SetRow {
  set_id: number;
  label: string;
  imported_at: string;
  content_sha256: string;
  files: string;
  row_counts: string;
}

export interface StoredSet {
  setId: number;
  label: string;
  importedAt: string;
  contentSha256: string;
  files: KnowledgeFileReport[];
  rowCounts: Partial<Record<KnowledgeKind, number>>;
}

function toStored(r: SetRow): StoredSet {
  return {
    setId: Number(r.set_id), label: r.label, importedAt: String(r.imported_at), contentSha256: r.content_sha256,
    files: JSON.parse(r.files) as KnowledgeFileReport[],
    rowCounts: JSON.parse(r.row_counts) as Partial<Record<KnowledgeKind, number>>,
  };
}

export async function findSetBySha(wh: Warehouse, sha: string): Promise<StoredSet | null> {
  const r = await wh.one<SetRow>('SELECT * FROM kn_set WHERE content_sha256 = ?', [sha]);
  return r ? toStored(r) : null;
}

/** All knowledge sets, oldest first, with the kinds each currently supplies. */
export async function listKnowledgeSets(wh: Warehouse): Promise<KnowledgeSetInfo[]> {
  await ensureKnowledgeSchema(wh);
  const sets = (await wh.all<SetRow>('SELECT * FROM kn_set ORDER BY set_id')).map(toStored);
  const eff = await wh.all<{ kind: string; set_id: number }>('SELECT kind, set_id FROM kn_effective_kind');
  const order = (k: string) => KNOWLEDGE_KINDS.indexOf(k as KnowledgeKind);
  return sets.map((s) => ({
    setId: s.setId, label: s.label, importedAt: s.importedAt, contentSha256: s.contentSha256,
    files: s.files.map((f) => ({ file: f.file, fileName: f.fileName, sha256: f.sha256, kinds: f.kinds, rowsLoaded: f.rowsLoaded })),
    rowCounts: s.rowCounts,
    effectiveKinds: eff.filter((e) => Number(e.set_id) === s.setId).map((e) => e.kind as KnowledgeKind)
      .sort((a, b) => order(a) - order(b)),
  }));
}
