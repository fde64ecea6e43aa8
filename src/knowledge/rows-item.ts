/**
 * Medical-service item batches (b1 item, b2, b7, b8-1..4) and the ICD dictionaries: one
 * knowledge row per published data row, its restriction parsed into typed fields.
 */
import { codeField, DIAG_CODE_RE, field, PROC_CODE_RE, rawRecord } from './layouts.js';
import { addKind, refOf, type Rejects, type SheetWork } from './sheets.js';
import type { DuplicateChargeRow, IcdRow, ItemRestrictionRow, KnowledgeKind, RawRow } from './types.js';
import {
  cleanText, isWorkingAgeRemark, normText, parseAgeGroup, parseCourseRemark, parseFrequency, parseGender,
  parsePeriodDays, parseQuantity,
} from './values.js';

/** 限定类型 of an item batch → kind. */
export function itemKindOf(lmtType: string): KnowledgeKind | null {
  const t = normText(lmtType);
  if (/性别/.test(t)) return 'item-gender';
  if (/年龄/.test(t)) return 'item-age';
  if (/主次/.test(t)) return 'item-surgery-group';
  return null;
}

function emptyItem(w: SheetWork, r: RawRow, kind: KnowledgeKind, code: string): ItemRestrictionRow {
  const d = w.layout;
  return {
    kind, hilist_code: code, hilist_name: field(r, d, 'itemName') || null, item_seq: field(r, d, 'seq') || null,
    item_dscr: field(r, d, 'dscr') || null, lmt_type: field(r, d, 'lmtType') || null,
    lmt_value: field(r, d, 'lmtValue') || null, gend: null, age_group: null, age_min: null, age_max: null,
    surgery_group: null, lmt_cnt: null, lmt_cnt_unit: null, working_age_only: null, total_days: null,
    min_interval_days: null, period_max_cnt: null, period_days: null, memo: field(r, d, 'memo') || null,
    src_raw: rawRecord(r, d), ...refOf(w.sheet, r),
  };
}

/** Fills the typed fields of one row; returns a reject key (and params) when it cannot. */
type Filler = (w: SheetWork, r: RawRow, out: ItemRestrictionRow) => [string, Record<string, unknown>?] | null;

const fillRestriction: Filler = (_w, _r, out) => {
  const value = out.lmt_value ?? '';
  if (!value) return ['knowledge.reject.emptyValue'];
  if (out.kind === 'item-gender') {
    out.gend = parseGender(value);
    return out.gend ? null : ['knowledge.reject.badGender', { value }];
  }
  if (out.kind === 'item-age') {
    const a = parseAgeGroup(value);
    if (!a) return ['knowledge.reject.badAge', { value }];
    Object.assign(out, a);
    return null;
  }
  out.surgery_group = cleanText(value);
  return null;
};

const fillFrequency: Filler = (w, r, out) => {
  const qty = field(r, w.layout, 'lmtCnt');
  out.lmt_cnt = parseQuantity(qty);
  if (!out.lmt_cnt) return ['knowledge.reject.badLimitCount', { value: qty }];
  out.lmt_cnt_unit = field(r, w.layout, 'lmtUnit') || null;
  return out.lmt_cnt_unit ? null : ['knowledge.reject.emptyUnit'];
};

const fillPeriod: Filler = (w, r, out) => {
  const k = field(r, w.layout, 'periodCnt');
  const dText = field(r, w.layout, 'periodDays');
  const kq = parseQuantity(k);
  const days = parsePeriodDays(dText);
  if (!kq || !Number.isInteger(Number(kq))) return ['knowledge.reject.badPeriodCount', { value: k }];
  if (!days) return ['knowledge.reject.badPeriodDays', { value: dText }];
  out.period_max_cnt = Number(kq);
  out.period_days = days;
  return null;
};

/** b8-2 and b8-3 share one header layout; the 备注 text says which of the two a row is. */
const fillRemark: Filler = (_w, _r, out) => {
  const memo = out.memo ?? '';
  if (isWorkingAgeRemark(memo)) {
    out.kind = 'item-working-age';
    out.working_age_only = true;
    return null;
  }
  const c = parseCourseRemark(memo);
  if (!c) return ['knowledge.reject.badRemark', { value: memo }];
  out.kind = 'item-course';
  Object.assign(out, c);
  return null;
};

/** Item sheets of every layout except b7; returns false when no row had a known 限定类型. */
export function buildItemRows(w: SheetWork, out: ItemRestrictionRow[], rejects: Rejects): boolean {
  const d = w.layout;
  let known = d.layout !== 'item-restrictions';
  for (const r of w.dataRows) {
    let kind: KnowledgeKind | null;
    let fill: Filler;
    switch (d.layout) {
      case 'item-restrictions':
        kind = itemKindOf(field(r, d, 'lmtType'));
        fill = fillRestriction;
        break;
      case 'item-frequency': kind = 'item-frequency'; fill = fillFrequency; break;
      case 'item-period': kind = 'item-period'; fill = fillPeriod; break;
      default: kind = 'item-course'; fill = fillRemark; break;
    }
    if (!kind) {
      rejects.add(w.sheet, r.row, 'knowledge.reject.unknownLmtType', { value: field(r, d, 'lmtType') });
      continue;
    }
    known = true;
    const code = codeField(r, d, 'code');
    if (!code) {
      rejects.add(w.sheet, r.row, 'knowledge.reject.emptyCode');
      continue;
    }
    const row = emptyItem(w, r, kind, code);
    const bad = fill(w, r, row);
    if (bad) {
      rejects.add(w.sheet, r.row, bad[0], bad[1]);
      continue;
    }
    out.push(row);
    addKind(w.report, row.kind);
    w.report.rowsUsed++;
  }
  return known;
}

/** b7 重复收费: a main item and the item it already includes, with the 频度 as published. */
export function buildDuplicateRows(w: SheetWork, out: DuplicateChargeRow[], rejects: Rejects): void {
  const d = w.layout;
  for (const r of w.dataRows) {
    const main = codeField(r, d, 'mainCode');
    const sub = codeField(r, d, 'subCode');
    if (!main || !sub) {
      rejects.add(w.sheet, r.row, 'knowledge.reject.emptyCode');
      continue;
    }
    const frequency = field(r, d, 'freq');
    const f = parseFrequency(frequency);
    if (!f) {
      rejects.add(w.sheet, r.row, 'knowledge.reject.badFrequency', { value: frequency });
      continue;
    }
    out.push({
      kind: 'item-duplicate-charge', dup_seq: field(r, d, 'seq') || null, frequency, ...f,
      main_hilist_code: main, main_hilist_name: field(r, d, 'mainName') || null,
      sub_hilist_code: sub, sub_hilist_name: field(r, d, 'subName') || null,
      memo: field(r, d, 'memo') || null, ...refOf(w.sheet, r),
    });
    addKind(w.report, 'item-duplicate-charge');
    w.report.rowsUsed++;
  }
}

/** ICD dictionaries: code in the first column, name in the second. */
export function buildIcdRows(w: SheetWork, out: IcdRow[], rejects: Rejects): void {
  const kind = w.layout.icdKind!;
  const shape = kind === 'icd-diagnosis' ? DIAG_CODE_RE : PROC_CODE_RE;
  for (const r of w.dataRows) {
    const code = normText(r.cells[0] ?? '').replace(/\s+/g, '');
    const name = cleanText(r.cells[1] ?? '');
    if (!code) {
      rejects.add(w.sheet, r.row, 'knowledge.reject.emptyCode');
      continue;
    }
    if (!shape.test(code)) {
      rejects.add(w.sheet, r.row, kind === 'icd-diagnosis' ? 'knowledge.reject.badDiagCode' : 'knowledge.reject.badProcCode', { value: code });
      continue;
    }
    if (!name) {
      rejects.add(w.sheet, r.row, 'knowledge.reject.emptyName');
      continue;
    }
    out.push({ kind, code, name, ...refOf(w.sheet, r) });
    addKind(w.report, kind);
    w.report.rowsUsed++;
  }
}
