/**
 * Drops knowledge rows that repeat an earlier row of the same import (e.g. a batch given both as
 * xlsx and as CSV): the same kind, code and typed restriction. The first one stays; the others
 * are reported as duplicates of it. Distinct restrictions of one code (a b2 item in two surgery
 * groups) are not duplicates.
 */
import type { Rejects } from './sheets.js';
import type { KnowledgeRows, SourceRef } from './types.js';
import { normText } from './values.js';

function dedupe<T extends SourceRef>(rows: T[], key: (r: T) => string, rejects: Rejects): T[] {
  const first = new Map<string, T>();
  const out: T[] = [];
  for (const r of rows) {
    const k = key(r);
    const f = first.get(k);
    if (f) {
      rejects.addAt(r.src_file, r.src_sheet, r.src_row, 'knowledge.reject.duplicate', {
        file: f.src_sheet ? `${f.src_file}（${f.src_sheet}）` : f.src_file, row: f.src_row,
      });
      continue;
    }
    first.set(k, r);
    out.push(r);
  }
  return out;
}

export function dedupeRows(rows: KnowledgeRows, rejects: Rejects): KnowledgeRows {
  return {
    drug: dedupe(rows.drug, (r) => [r.kind, r.hilist_code, normText(r.lmt_type), normText(r.lmt_value)].join('\u0001'), rejects),
    item: dedupe(rows.item, (r) => JSON.stringify([
      r.kind, r.hilist_code, r.gend, r.age_group, r.age_min, r.age_max, r.surgery_group, r.lmt_cnt, r.lmt_cnt_unit,
      r.working_age_only, r.total_days, r.min_interval_days, r.period_max_cnt, r.period_days,
    ]), rejects),
    dup: dedupe(rows.dup, (r) => [r.kind, r.main_hilist_code, r.sub_hilist_code, r.freq_scope, r.freq_hours].join('\u0001'), rejects),
    icd: dedupe(rows.icd, (r) => `${r.kind}\u0001${r.code}`, rejects),
  };
}
