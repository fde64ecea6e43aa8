/**
 * Versioned warehouse schema. Extract and reference tables keep the national column names;
 * two bookkeeping columns trace every row to the import and the file it came from.
 */
import { TABLES, type ColumnType } from '../domain/tables.js';

export const SQL_TYPE: Record<ColumnType, string> = {
  text: 'VARCHAR',
  // Exact decimal: 14 integer digits, 4 fraction digits (unit prices carry up to 4).
  decimal: 'DECIMAL(18,4)',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

export interface WarehouseMigration {
  version: number;
  statements(): string[];
}

function dataTables(): string[] {
  return TABLES.map((t) => {
    const cols = t.columns.map((c) => `"${c.name}" ${SQL_TYPE[c.type]}`);
    cols.push('_import_id INTEGER NOT NULL', '_src_file_id INTEGER NOT NULL');
    return `CREATE TABLE IF NOT EXISTS ${t.name} (${cols.join(', ')})`;
  });
}

export const CORE_MIGRATIONS: WarehouseMigration[] = [
  {
    version: 1,
    statements: () => [
      ...dataTables(),
      `CREATE TABLE IF NOT EXISTS import_batch (
        import_id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP NOT NULL, source VARCHAR, summary JSON)`,
      `CREATE TABLE IF NOT EXISTS import_file (
        file_id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL, path VARCHAR NOT NULL, table_name VARCHAR,
        encoding VARCHAR, sha256 VARCHAR, rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT,
        rows_duplicate BIGINT, rows_void BIGINT, summary JSON)`,
      `CREATE TABLE IF NOT EXISTS import_reject (
        import_id INTEGER NOT NULL, file_id INTEGER NOT NULL, line BIGINT, "column" VARCHAR, value VARCHAR,
        code VARCHAR NOT NULL, detail VARCHAR)`,
    ],
  },
  {
    // DRG grouping results live beside the claims: the SQL rules and indicators of the DRG era join them.
    // One row per inpatient settlement (the latest grouping); each grouping run is recorded with its scheme.
    version: 2,
    statements: () => [
      `CREATE TABLE IF NOT EXISTS drg_group_run (
        run_id INTEGER PRIMARY KEY, scheme_set_id INTEGER, scheme_version VARCHAR NOT NULL, scheme_hash VARCHAR NOT NULL,
        period_from DATE, period_to DATE, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
        cases BIGINT, grouped BIGINT, ungrouped BIGINT, rejected BIGINT)`,
      `CREATE TABLE IF NOT EXISTS drg_result (
        setl_id VARCHAR NOT NULL, mdtrt_id VARCHAR, psn_no VARCHAR, fixmedins_code VARCHAR, dscg_date DATE,
        status VARCHAR NOT NULL, drg VARCHAR NOT NULL, adrg VARCHAR, mdc VARCHAR, reject_reason VARCHAR,
        main_diag VARCHAR, mcc_codes VARCHAR[], cc_codes VARCHAR[], scheme_version VARCHAR NOT NULL, run_id INTEGER NOT NULL)`,
    ],
  },
  {
    // 新生儿出生体重 (grams, non-national, see tables.ts EXTRA_COLUMNS): warehouses created before it get the column.
    version: 3,
    statements: () => ['ALTER TABLE mdtrt_d ADD COLUMN IF NOT EXISTS nwb_bir_wt DECIMAL(18,4)'],
  },
];
