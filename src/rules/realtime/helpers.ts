/**
 * Small pieces real-time evaluators share, each the TypeScript twin of a SQL expression the
 * batch queries use, so that a port of a query reads like the query.
 */
import { Decimal } from 'decimal.js';
import type { Row } from './data.js';

export { dec, dec4, dateOf, ageYears, hospClass } from './data.js';

/**
 * Memo of a pure function of text: a person's dates recur in every evaluator of every check, and
 * parsing and formatting dates costs a µs a time. Bounded by starting afresh when full.
 */
function memo<T>(fn: (key: string) => T): (key: string) => T {
  let cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      v = fn(key);
      if (cache.size >= 50_000) cache = new Map();
      cache.set(key, v);
    }
    return v as T;
  };
}

/** Milliseconds of a date's midnight UTC (NaN for no date). */
const dayMs = memo((day: string) => Date.parse(`${day}T00:00:00Z`));

/** date_diff('day', a, b) for ISO dates or timestamps (calendar days, times ignored). */
export function dayDiff(a: string, b: string): number {
  return Math.round((dayMs(b.slice(0, 10)) - dayMs(a.slice(0, 10))) / 86_400_000);
}

const shiftedDay = memo((key: string) => {
  const at = key.indexOf('|');
  return new Date(dayMs(key.slice(at + 1)) + Number(key.slice(0, at)) * 86_400_000).toISOString().slice(0, 10);
});

/** A date plus n days, ISO. */
export function addDays(day: string, n: number): string {
  return shiftedDay(`${n}|${day.slice(0, 10)}`);
}

/** Seconds between two timestamps 'YYYY-MM-DD HH:MM:SS'. */
export function secondsBetween(a: string, b: string): number {
  return (Date.parse(`${b.replace(' ', 'T')}Z`) - Date.parse(`${a.replace(' ', 'T')}Z`)) / 1000;
}

/** starts_with(value, any of prefixes). */
export const startsWithAny = (v: string | null | undefined, prefixes: readonly string[]): boolean =>
  v !== null && v !== undefined && prefixes.some((p) => v.startsWith(p));

/** Sum of a decimal column (SQL sum: NULLs skipped). */
export function sumDec(rows: readonly Row[], col: string | ((r: Row) => unknown)): Decimal {
  let s = new Decimal(0);
  for (const r of rows) {
    const v = typeof col === 'string' ? r[col] : col(r);
    if (v !== null && v !== undefined && v !== '') s = s.plus(String(v));
  }
  return s;
}

const indexCache = new WeakMap<readonly Row[], Map<string, Map<string, Row[]>>>();

/** Rows grouped by a column, cached per row array (knowledge arrays live as long as the server). */
export function indexBy(rows: readonly Row[], col: string): Map<string, Row[]> {
  let byCol = indexCache.get(rows);
  if (!byCol) indexCache.set(rows, (byCol = new Map()));
  let idx = byCol.get(col);
  if (!idx) {
    idx = new Map();
    for (const r of rows) {
      const k = r[col];
      if (k === null || k === undefined) continue;
      const list = idx.get(String(k));
      if (list) list.push(r);
      else idx.set(String(k), [r]);
    }
    byCol.set(col, idx);
  }
  return idx;
}

/** knowledgeRefSql(): "b1-item-gender.xlsx Sheet1 第4行". */
export function knowledgeRef(k: Row): string {
  return `${k.src_file}${k.src_sheet !== null && k.src_sheet !== undefined ? ` ${k.src_sheet}` : ''} 第${k.src_row}行`;
}

/** lineEvidenceSql(): what every line finding's evidence carries about its fee line. */
export function lineEvidence(f: Row): Record<string, unknown> {
  return { hilist_code: f.hilist_code, hilist_name: f.hilist_name, fee_ocur_time: f.fee_ocur_time, cnt: f.cnt, pric: f.pric,
    det_item_fee_sumamt: f.det_item_fee_sumamt, fulamt_ownpay_amt: f.fulamt_ownpay_amt, med_type: f.med_type };
}

/** lineFindingSql(): the key columns of a finding on one fee line (amount = its fund-eligible money). */
export function lineFinding(f: Row): { fixmedins_code: string; psn_no: string; mdtrt_id: string | null; setl_id: string | null;
  bkkp_sn: string[]; amount: string; occurred_at: string } {
  return { fixmedins_code: f.fixmedins_code, psn_no: f.psn_no, mdtrt_id: f.mdtrt_id, setl_id: f.setl_id, bkkp_sn: [f.bkkp_sn],
    amount: String(f.fund_amt), occurred_at: f.fee_date };
}

/** Compares like SQL ORDER BY on text/number columns, NULLs last. */
export function cmp(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Sorts by several keys (SQL ORDER BY k1, k2 …). */
export function sortBy<T>(rows: T[], ...keys: ((r: T) => unknown)[]): T[] {
  return rows.sort((x, y) => {
    for (const k of keys) {
      const c = cmp(k(x), k(y));
      if (c !== 0) return c;
    }
    return 0;
  });
}
