/**
 * SQL that validates and loads one source file inside DuckDB, in two scans of the file:
 *  1. check: for every record its position (ordinality), key and failing fields; small to keep;
 *  2. load: the records that passed, cleaned and typed, straight into the warehouse table.
 * Materialising a whole file's text in a staging table costs more than reading it twice.
 * Only our own identifiers (table names, national column names, positional c0…cN) appear in the
 * SQL text; file paths go in as parameters. Parquet column names come from the file and are
 * quoted as identifiers.
 */
import type { ColumnSpec, TableSpec } from '../domain/tables.js';
import { SQL_TYPE } from '../store/warehouse-schema.js';

/** Reason codes stored with each rejected value; the message catalogue turns them into text. */
export type RejectCode = 'bad_number' | 'bad_date' | 'missing_key' | 'wrong_columns' | 'bad_encoding' | 'bad_row';

/** Characters trimmed from every value: space, tab, CR, LF, ideographic space. */
const TRIM = "' ' || chr(9) || chr(13) || chr(10) || chr(12288)";

const DATE_FORMATS = "['%Y-%m-%d', '%Y%m%d', '%Y/%m/%d', '%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M:%S', " +
  "'%Y-%m-%dT%H:%M:%S', '%Y%m%d%H%M%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M']";

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface StageSource {
  readAs: 'csv' | 'parquet';
  /** Number of fields per record (CSV). */
  ncols: number;
  /** Header names as in the file (Parquet column names). */
  rawHeader: string[];
  delimiter: string;
  /** Table where DuckDB stores structurally rejected CSV records of the check scan. */
  rejects: string;
}

/** The file as a relation with positional text columns c0…cN and `ordinality` (1…n, accepted records). */
function sourceSql(src: StageSource, pass: 'check' | 'load'): string {
  if (src.readAs === 'parquet') {
    const cols = src.rawHeader.map((h, i) => `CAST(${ident(h)} AS VARCHAR) AS c${i}`).join(', ');
    return `(SELECT ordinality, ${cols} FROM read_parquet($1) WITH ORDINALITY)`;
  }
  const cols = Array.from({ length: src.ncols }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const delim = src.delimiter === '\t' ? '\\t' : ',';
  // The load scan skips the records the check scan already reported, keeping the same ordinality.
  const rejects = pass === 'check'
    ? `store_rejects = true, rejects_table = '${src.rejects}', rejects_scan = '${src.rejects}_scan'`
    : 'ignore_errors = true';
  return `read_csv($1, header = false, skip = 1, delim = '${delim}', quote = '"', escape = '"', auto_detect = false,
    columns = {${cols}}, ${rejects}) WITH ORDINALITY`;
}

/**
 * A value with stray white space removed, empty as NULL. Most values need no trimming; a regular
 * expression test on the ends is as cheap as no cleaning at all, trim() with a character set on
 * every value costs twice as much.
 */
function cleaned(pos: number): string {
  const c = `c${pos}`;
  return `CASE WHEN regexp_matches(${c}, '^[\\s\u3000]|[\\s\u3000]$') THEN NULLIF(trim(${c}, ${TRIM}), '') ELSE NULLIF(${c}, '') END`;
}

function typedExpr(col: ColumnSpec, pos: number | undefined): string {
  if (pos === undefined) return `CAST(NULL AS ${SQL_TYPE[col.type]})`;
  const v = `v${pos}`;
  switch (col.type) {
    case 'decimal': return `TRY_CAST(${v} AS DECIMAL(18,4))`;
    // The plain cast reads ISO dates and date-times fast; the format list covers the rest.
    case 'date': return `CAST(coalesce(TRY_CAST(${v} AS TIMESTAMP), try_strptime(${v}, ${DATE_FORMATS})) AS DATE)`;
    case 'timestamp': return `coalesce(TRY_CAST(${v} AS TIMESTAMP), try_strptime(${v}, ${DATE_FORMATS}))`;
    default: return v;
  }
}

function errorExpr(col: ColumnSpec, pos: number, isKey: boolean): string | undefined {
  const v = `v${pos}`;
  const checks: string[] = [];
  if (col.type !== 'text') {
    const code: RejectCode = col.type === 'decimal' ? 'bad_number' : 'bad_date';
    checks.push(`WHEN ${v} IS NOT NULL AND ${typedExpr(col, pos)} IS NULL THEN {'column': '${col.name}', 'value': ${v}, 'code': '${code}'}`);
  }
  if (isKey) checks.push(`WHEN ${v} IS NULL THEN {'column': '${col.name}', 'value': ${v}, 'code': 'missing_key'}`);
  return checks.length ? `CASE ${checks.join(' ')} END` : undefined;
}

/**
 * Scan 1: per record its key and the list of failing fields. Numbering the records (needed only to
 * name the lines of rejected records and to pick the last of duplicates) slows the scan down by
 * half, so a clean file is checked unnumbered and only a file with findings is checked again, numbered.
 */
export function checkSql(check: string, src: StageSource, spec: TableSpec, positions: Map<string, number>,
  numbered: boolean): string {
  const checked = spec.columns.filter((c) => positions.has(c.name) && (c.type !== 'text' || spec.keyNotNull.includes(c.name)));
  const needed = [...new Set([...checked, ...spec.columns.filter((c) => spec.key.includes(c.name))]
    .map((c) => positions.get(c.name)).filter((p): p is number => p !== undefined))];
  const errors = checked.map((c) => errorExpr(c, positions.get(c.name)!, spec.keyNotNull.includes(c.name))!);
  const errList = errors.length ? `list_filter([${errors.join(', ')}], x -> x IS NOT NULL)` : '[]';
  const keys = spec.key.map((k) => `${positions.has(k) ? `v${positions.get(k)}` : 'NULL'} AS ${ident(k)}`);
  const from = numbered ? sourceSql(src, 'check') : sourceSql(src, 'check').replace(/\s*WITH ORDINALITY$/, '');
  return `CREATE OR REPLACE TEMP TABLE ${check} AS SELECT ${numbered ? 'ordinality' : 'NULL'} AS _ord, ${keys.join(', ')},
    ${errList} AS _errors FROM (SELECT ${numbered ? 'ordinality' : 'NULL AS ordinality'}${needed.map((p) => `, ${cleaned(p)} AS v${p}`).join('')}
    FROM ${from})`;
}

/**
 * Source line of a checked record. CSV: record number with the header as line 1 (a quoted field
 * spanning lines counts once); DuckDB numbers the accepted records 1…n and reports the record
 * numbers of those it rejected, so each accepted one is shifted by the rejected ones before it.
 * Parquet: row number.
 */
export function lineExpr(src: StageSource, structuralRejects: boolean, ord: string): { join: string; expr: string } {
  if (src.readAs === 'parquet') return { join: '', expr: ord };
  if (!structuralRejects) return { join: '', expr: `${ord} + 1` };
  // adj = accepted records before a rejected one; accepted record k follows every rejected one with adj < k.
  const shifts = `(SELECT adj, max(rnk) AS rnk FROM (SELECT line - 1 - row_number() OVER (ORDER BY line) AS adj,
    row_number() OVER (ORDER BY line) AS rnk FROM (SELECT DISTINCT line FROM ${src.rejects})) GROUP BY adj)`;
  return { join: `ASOF LEFT JOIN ${shifts} s ON ${ord} > s.adj`, expr: `${ord} + 1 + coalesce(s.rnk, 0)` };
}

export function fieldRejectsSql(fileId: number, check: string, line: { join: string; expr: string }): string {
  return `INSERT INTO imp_rejects SELECT ${fileId}, line, e.column, e.value, e.code, NULL FROM (
    SELECT ${line.expr} AS line, unnest(r._errors) AS e FROM ${check} r ${line.join} WHERE len(r._errors) > 0)`;
}

/** Number of valid records whose key occurred earlier in the same file. */
export function duplicateCountSql(check: string, spec: TableSpec): string {
  const key = spec.key.map(ident).join(', ');
  return `SELECT coalesce(sum(n - 1), 0) AS n FROM (SELECT count(*) AS n FROM ${check} WHERE len(_errors) = 0
    GROUP BY ${key} HAVING count(*) > 1)`;
}

/** In-file duplicates not to load: per key the file's last valid record wins. */
export function dropSql(drop: string, check: string, spec: TableSpec): string {
  const key = spec.key.map(ident).join(', ');
  return `CREATE OR REPLACE TEMP TABLE ${drop} AS SELECT _ord FROM (SELECT _ord, row_number() OVER (PARTITION BY ${key}
    ORDER BY _ord DESC) AS rk FROM ${check} WHERE len(_errors) = 0) WHERE rk > 1`;
}

export function deleteExistingSql(spec: TableSpec, check: string): string {
  const on = spec.key.map((k) => `t.${ident(k)} = s.${ident(k)}`).join(' AND ');
  return `DELETE FROM ${spec.name} t USING (SELECT DISTINCT ${spec.key.map(ident).join(', ')} FROM ${check}
    WHERE len(_errors) = 0) s WHERE ${on}`;
}

/** Whether a loaded record passes the same field checks as scan 1 (so rejected records are skipped). */
function validPredicate(spec: TableSpec, positions: Map<string, number>): string {
  const parts: string[] = [];
  for (const c of spec.columns) {
    const p = positions.get(c.name);
    if (p === undefined) continue;
    if (c.type !== 'text') parts.push(`(v${p} IS NULL OR ${ident(c.name)} IS NOT NULL)`);
    if (spec.keyNotNull.includes(c.name)) parts.push(`v${p} IS NOT NULL`);
  }
  return parts.length ? parts.join(' AND ') : 'true';
}

/**
 * Scan 2: loads the accepted records. The field checks are evaluated again rather than joined
 * back by position: numbering records costs more than checking them. Only a file with in-file
 * duplicates is numbered, to keep each key's last record. Rows are ordered by person so that
 * DuckDB's zone maps prune per-person scans (real-time history and person rules read by psn_no).
 */
export function loadSql(spec: TableSpec, src: StageSource, positions: Map<string, number>, drop: string | undefined): string {
  const present = [...positions.values()].sort((a, b) => a - b);
  const cols = spec.columns.map((c) => ident(c.name));
  const typed = spec.columns.map((c) => `${typedExpr(c, positions.get(c.name))} AS ${ident(c.name)}`);
  const checked = [...new Set(spec.columns.filter((c) => positions.has(c.name) && (c.type !== 'text' || spec.keyNotNull.includes(c.name)))
    .map((c) => `v${positions.get(c.name)}`))];
  const ord = drop ? 'ordinality AS _ord, ' : '';
  const from = drop ? sourceSql(src, 'load') : sourceSql(src, 'load').replace(/\s*WITH ORDINALITY$/, '');
  const order = spec.columns.some((c) => c.name === 'psn_no') ? 'ORDER BY "psn_no"' : '';
  return `INSERT INTO ${spec.name} (${cols.join(', ')}, _import_id, _src_file_id)
    SELECT ${cols.join(', ')}, $2, $3 FROM (
      SELECT ${drop ? '_ord, ' : ''}${checked.map((v) => `${v}, `).join('')}${typed.join(', ')} FROM (
        SELECT ${ord}${present.map((p) => `${cleaned(p)} AS v${p}`).join(', ')} FROM ${from}))
    WHERE ${validPredicate(spec, positions)}${drop ? ` AND _ord NOT IN (SELECT _ord FROM ${drop})` : ''} ${order}`;
}
