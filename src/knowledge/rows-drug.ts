/**
 * Drug batches (b1 drug, b3–b6). Sheet 1 gives each 药品通用名 its restriction, sheet 2 lists
 * the national drug codes per name. A knowledge row is one national code joined with its
 * sheet-1 restriction, citing the code row (and the restriction row). The two sheets may come
 * in one workbook or as two CSV files; they are paired by content: same 限定类型, most names in
 * common, same workbook first.
 */
import { msgBoth } from '../domain/messages/index.js';
import { codeField, field } from './layouts.js';
import { addKind, refOf, type Rejects, type SheetWork } from './sheets.js';
import { KnowledgeImportError, type DrugRestrictionRow, type KnowledgeKind, type SourceRef } from './types.js';
import {
  normText, parseAgeGroup, parseCourseDays, parseGender, parseInstitutionLevel, parseInsuranceType,
  parseVisitTypes,
} from './values.js';

/** 限定类型 of a drug batch → kind. */
export function drugKindOf(lmtType: string): KnowledgeKind | null {
  const t = normText(lmtType);
  if (/性别/.test(t)) return 'drug-gender';
  if (/年龄/.test(t)) return 'drug-age';
  if (/保险/.test(t)) return 'drug-insurance-type';
  if (/就医方式|就诊方式|就医类型/.test(t)) return 'drug-visit-type';
  if (/机构等级|医院等级|机构级别/.test(t)) return 'drug-institution-level';
  if (/疗程/.test(t)) return 'drug-course-days';
  return null;
}

type Typed = Pick<DrugRestrictionRow, 'gend' | 'age_group' | 'age_min' | 'age_max' | 'insu_type' | 'visit_types'
  | 'hosp_class_min' | 'course_days'>;

const NO_TYPED: Typed = {
  gend: null, age_group: null, age_min: null, age_max: null, insu_type: null, visit_types: null,
  hosp_class_min: null, course_days: null,
};

/** The restriction value parsed for its kind, or the reject key when it does not parse. */
export function parseDrugRestriction(kind: KnowledgeKind, value: string): Typed | string {
  if (!value) return 'knowledge.reject.emptyValue';
  switch (kind) {
    case 'drug-gender': {
      const gend = parseGender(value);
      return gend ? { ...NO_TYPED, gend } : 'knowledge.reject.badGender';
    }
    case 'drug-age': {
      const a = parseAgeGroup(value);
      return a ? { ...NO_TYPED, ...a } : 'knowledge.reject.badAge';
    }
    case 'drug-insurance-type': {
      const insu_type = parseInsuranceType(value);
      return insu_type ? { ...NO_TYPED, insu_type } : 'knowledge.reject.badInsuType';
    }
    case 'drug-visit-type': {
      const visit_types = parseVisitTypes(value);
      return visit_types ? { ...NO_TYPED, visit_types } : 'knowledge.reject.badVisitType';
    }
    case 'drug-institution-level': {
      const hosp_class_min = parseInstitutionLevel(value);
      return hosp_class_min ? { ...NO_TYPED, hosp_class_min } : 'knowledge.reject.badHospLevel';
    }
    case 'drug-course-days': {
      const course_days = parseCourseDays(value);
      return course_days ? { ...NO_TYPED, course_days } : 'knowledge.reject.badCourseDays';
    }
    default:
      return 'knowledge.reject.unknownLmtType';
  }
}

/** One sheet-1 row: a drug name and its restriction (typed, or null when unusable). */
interface Restriction {
  w: SheetWork;
  row: number;
  name: string;
  dscr: string;
  lmtType: string;
  lmtValue: string;
  kind: KnowledgeKind;
  typed: Typed | null;
  used: boolean;
}

/** Names match across sheets ignoring width and spaces (（ vs (). */
const nameKey = (s: string) => normText(s).replace(/\s+/g, '');
const typeKey = (s: string) => normText(s).replace(/\s+/g, '');

function readRestrictions(w: SheetWork, rejects: Rejects): Map<string, Restriction[]> {
  const d = w.layout;
  const byName = new Map<string, Restriction[]>();
  for (const r of w.dataRows) {
    const name = field(r, d, 'drugName');
    const lmtType = field(r, d, 'lmtType');
    const lmtValue = field(r, d, 'lmtValue');
    const kind = drugKindOf(lmtType);
    if (!name) { rejects.add(w.sheet, r.row, 'knowledge.reject.emptyName'); continue; }
    if (!kind) { rejects.add(w.sheet, r.row, 'knowledge.reject.unknownLmtType', { value: lmtType }); continue; }
    const parsed = parseDrugRestriction(kind, lmtValue);
    const typed = typeof parsed === 'string' ? null : parsed;
    if (typeof parsed === 'string') rejects.add(w.sheet, r.row, parsed, { value: lmtValue });
    const x: Restriction = {
      w, row: r.row, name, dscr: field(r, d, 'dscr'), lmtType, lmtValue, kind, typed, used: false,
    };
    const k = nameKey(name);
    byName.set(k, [...(byName.get(k) ?? []), x]);
  }
  return byName;
}

interface RestrictionSheet {
  w: SheetWork;
  byName: Map<string, Restriction[]>;
  types: Set<string>;
  paired: SheetWork[];
}

function pairScore(codes: SheetWork, r: RestrictionSheet): number {
  let n = 0;
  for (const row of codes.dataRows) {
    const list = r.byName.get(nameKey(field(row, codes.layout, 'drugName')));
    const t = typeKey(field(row, codes.layout, 'lmtType'));
    if (list && (!t || list.some((x) => typeKey(x.lmtType) === t))) n++;
  }
  return n;
}

function fail(key: string, w: SheetWork): never {
  const file = w.sheet.file.path;
  // CSV files are one sheet: name the sheet only for workbooks.
  const where = w.sheet.sheet === null ? file : `${file} [${w.sheet.sheet}]`;
  throw new KnowledgeImportError(msgBoth(key, { file: where }), file, key);
}

/**
 * Builds drug knowledge rows from all drug sheets of one import. Returns, per file path, the
 * file paths it was paired with (for the report).
 */
export function buildDrugRows(works: SheetWork[], out: DrugRestrictionRow[], rejects: Rejects): Map<string, Set<string>> {
  const pairs = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    pairs.set(a, (pairs.get(a) ?? new Set()).add(b));
    pairs.set(b, (pairs.get(b) ?? new Set()).add(a));
  };
  const restrictionSheets: RestrictionSheet[] = works.filter((w) => w.layout.layout === 'drug-restrictions')
    .map((w) => {
      const byName = readRestrictions(w, rejects);
      const types = new Set([...byName.values()].flat().map((x) => typeKey(x.lmtType)));
      return { w, byName, types, paired: [] };
    });
  for (const r of restrictionSheets) {
    if (!r.types.size) fail('knowledge.error.noDrugRestrictions', r.w);
  }

  for (const c of works.filter((w) => w.layout.layout === 'drug-codes')) {
    let best: RestrictionSheet | null = null;
    let bestScore = 0;
    for (const r of restrictionSheets) {
      const sameFile = r.w.sheet.file === c.sheet.file ? 1 : 0;
      const score = pairScore(c, r);
      // Same workbook first, then the most names in common.
      const rank = score > 0 ? sameFile * 1e9 + score : 0;
      if (rank > bestScore) { best = r; bestScore = rank; }
    }
    if (!best) fail('knowledge.error.unpairedCodes', c);
    best.paired.push(c);
    link(c.sheet.file.path, best.w.sheet.file.path);
    joinCodes(c, best, out, rejects);
  }

  for (const r of restrictionSheets) {
    if (!r.paired.length) fail('knowledge.error.unpairedRestrictions', r.w);
    for (const x of [...r.byName.values()].flat()) {
      if (x.typed && !x.used) rejects.add(r.w.sheet, x.row, 'knowledge.reject.noCodes', { name: x.name });
    }
  }

  for (const w of works.filter((x) => x.layout.layout === 'drug-combined')) buildCombined(w, out, rejects);
  return pairs;
}

function drugRow(x: Restriction, typed: Typed, code: string, seq: string, ref: SourceRef): DrugRestrictionRow {
  return {
    kind: x.kind, hilist_code: code, hilist_name: x.name, code_seq: seq || null, drug_dscr: x.dscr || null,
    lmt_type: x.lmtType, lmt_value: x.lmtValue, ...typed, ...ref,
    lmt_src_file: x.w.sheet.file.fileName, lmt_src_sheet: x.w.sheet.sheet, lmt_src_row: x.row,
  };
}

function joinCodes(c: SheetWork, r: RestrictionSheet, out: DrugRestrictionRow[], rejects: Rejects): void {
  const d = c.layout;
  for (const row of c.dataRows) {
    const name = field(row, d, 'drugName');
    const code = codeField(row, d, 'code');
    if (!code) { rejects.add(c.sheet, row.row, 'knowledge.reject.emptyCode'); continue; }
    const t = typeKey(field(row, d, 'lmtType'));
    const matches = (r.byName.get(nameKey(name)) ?? []).filter((x) => !t || typeKey(x.lmtType) === t);
    if (!matches.length) {
      rejects.add(c.sheet, row.row, 'knowledge.reject.noRestriction', { name });
      continue;
    }
    let used = false;
    for (const x of matches) {
      if (!x.typed) continue;
      x.used = true;
      used = true;
      out.push(drugRow(x, x.typed, code, field(row, d, 'seq'), refOf(c.sheet, row)));
      addKind(c.report, x.kind);
      addKind(x.w.report, x.kind);
    }
    if (used) c.report.rowsUsed++;
    else rejects.add(c.sheet, row.row, 'knowledge.reject.restrictionUnusable', { row: matches[0].row });
  }
  r.w.report.rowsUsed = [...r.byName.values()].flat().filter((x) => x.used).length;
}

/** A single sheet carrying name, code and restriction on each row (provincial variants). */
function buildCombined(w: SheetWork, out: DrugRestrictionRow[], rejects: Rejects): void {
  const d = w.layout;
  for (const row of w.dataRows) {
    const name = field(row, d, 'drugName');
    const lmtType = field(row, d, 'lmtType');
    const lmtValue = field(row, d, 'lmtValue');
    const code = codeField(row, d, 'code');
    const kind = drugKindOf(lmtType);
    if (!code) { rejects.add(w.sheet, row.row, 'knowledge.reject.emptyCode'); continue; }
    if (!kind) { rejects.add(w.sheet, row.row, 'knowledge.reject.unknownLmtType', { value: lmtType }); continue; }
    const typed = parseDrugRestriction(kind, lmtValue);
    if (typeof typed === 'string') { rejects.add(w.sheet, row.row, typed, { value: lmtValue }); continue; }
    const x: Restriction = { w, row: row.row, name, dscr: field(row, d, 'dscr'), lmtType, lmtValue, kind, typed, used: true };
    out.push(drugRow(x, typed, code, field(row, d, 'seq'), refOf(w.sheet, row)));
    addKind(w.report, kind);
    w.report.rowsUsed++;
  }
}
