/**
 * Recognises a sheet from its content: the header names of the national batches (in any
 * column order, with a title row above allowed), or, for ICD dictionaries, the shape of the
 * codes. File names are never consulted.
 */
import { cleanText, normText } from './values.js';
import type { RawRow, RawSheet } from './types.js';

export type Field =
  | 'drugName' | 'itemName' | 'dscr' | 'lmtType' | 'lmtValue' | 'code' | 'seq' | 'freq' | 'mainName'
  | 'mainCode' | 'subName' | 'subCode' | 'memo' | 'lmtCnt' | 'lmtUnit' | 'periodCnt' | 'periodDays';

/** The published header names (and common variants) of each field. */
const HEADERS: Record<Field, string[]> = {
  drugName: ['药品通用名', '药品通用名称', '药品名称', '通用名', '通用名称'],
  itemName: ['项目名称', '医疗服务项目名称'],
  dscr: ['药品说明', '项目说明', '说明', '项目内涵'],
  lmtType: ['限定类型', '限制类型'],
  lmtValue: ['限定对象', '限定值域', '限定性别', '限定年龄', '限定值', '限定内容'],
  code: ['国标代码', '国标编码', '药品代码', '药品编码', '项目编码', '项目代码', '国家编码', '国家代码',
    '医保编码', '医保代码'],
  seq: ['序号'],
  freq: ['频度'],
  mainName: ['主项名称'],
  mainCode: ['主项编码', '主项代码'],
  subName: ['从项名称'],
  subCode: ['从项编码', '从项代码'],
  memo: ['备注'],
  lmtCnt: ['限制数量', '限定数量'],
  lmtUnit: ['数量单位'],
  periodCnt: ['频次上限'],
  periodDays: ['疗程周期', '周期天数'],
};

const HEADER_TO_FIELD = new Map<string, Field>();
for (const [f, names] of Object.entries(HEADERS) as [Field, string[]][]) {
  for (const n of names) HEADER_TO_FIELD.set(n, f);
}

export type LayoutId =
  | 'duplicate-charge' | 'item-period' | 'item-frequency' | 'drug-combined' | 'drug-codes'
  | 'drug-restrictions' | 'item-restrictions' | 'item-remark' | 'icd';

interface LayoutSpec {
  id: LayoutId;
  required: Field[];
  forbidden?: Field[];
}

/** Most specific first: the first layout whose required headers are all present wins. */
const LAYOUTS: LayoutSpec[] = [
  { id: 'duplicate-charge', required: ['freq', 'mainCode', 'subCode'] },
  { id: 'item-period', required: ['periodCnt', 'periodDays', 'code'] },
  { id: 'item-frequency', required: ['lmtCnt', 'lmtUnit', 'code'] },
  { id: 'drug-combined', required: ['drugName', 'code', 'lmtType', 'lmtValue'] },
  { id: 'drug-codes', required: ['drugName', 'code'], forbidden: ['lmtValue'] },
  { id: 'drug-restrictions', required: ['drugName', 'lmtType', 'lmtValue'], forbidden: ['code'] },
  { id: 'item-restrictions', required: ['itemName', 'code', 'lmtType', 'lmtValue'] },
  { id: 'item-remark', required: ['itemName', 'memo', 'code'], forbidden: ['lmtType', 'lmtValue'] },
];

export interface DetectedLayout {
  layout: LayoutId;
  /** Index into sheet.rows of the header row; -1 when the sheet has none. */
  headerIndex: number;
  cols: Partial<Record<Field, number>>;
  headers: string[];
  icdKind?: 'icd-diagnosis' | 'icd-procedure';
}

/** Header cell → field: NFKC, no spaces, no bracketed unit such as 疗程周期(天). */
export function headerField(cell: string): Field | undefined {
  const h = normText(cell).replace(/\s+/g, '').replace(/\(.*?\)|\[.*?\]|【.*?】/g, '').replace(/^\*/, '');
  return HEADER_TO_FIELD.get(h);
}

const HEADER_SCAN_ROWS = 20;

export function detectLayout(sheet: RawSheet): DetectedLayout | null {
  if (!sheet.headerless) {
    const scan = Math.min(sheet.rows.length, HEADER_SCAN_ROWS);
    for (let i = 0; i < scan; i++) {
      const cols: Partial<Record<Field, number>> = {};
      sheet.rows[i].cells.forEach((c, j) => {
        const f = headerField(c);
        if (f && cols[f] === undefined) cols[f] = j;
      });
      for (const spec of LAYOUTS) {
        if (spec.required.every((f) => cols[f] !== undefined) &&
          !(spec.forbidden ?? []).some((f) => cols[f] !== undefined)) {
          return { layout: spec.id, headerIndex: i, cols, headers: sheet.rows[i].cells.map((c) => normText(c)) };
        }
      }
    }
  }
  return detectIcd(sheet);
}

/** ICD-10 医保版 diagnosis: A00.000, A00.000x001, A01.000x005+J17.0* … */
export const DIAG_CODE_RE = /^[A-Z]\d{2}(\.[0-9A-Za-z]{1,5})?(x\d{3})?([+*][A-Z]\d{2}(\.[0-9A-Za-z]{1,5})?(x\d{3})?\*?)?\*?$/;
/** ICD-9-CM-3 医保版 procedure: 00.0100, 00.5500x008, 01.6x00, 17.91100, 86.074A1 … */
export const PROC_CODE_RE = /^\d{2}(\.[0-9A-Za-z]{1,5})?(x\d{3,4})?$/;

/** Share of codes that must have one shape for a dictionary to be recognised. */
const ICD_SHAPE_SHARE = 0.8;

function detectIcd(sheet: RawSheet): DetectedLayout | null {
  const rows = sheet.rows.filter((r) => !isBlank(r));
  if (!rows.length) return null;
  let headerIndex = -1;
  const first = normText(rows[0].cells[0] ?? '');
  if (!sheet.headerless && !DIAG_CODE_RE.test(first) && !PROC_CODE_RE.test(first)) {
    headerIndex = sheet.rows.indexOf(rows[0]);
    rows.shift();
  }
  if (!rows.length || rows.some((r) => r.cells.length < 2)) return null;
  let diag = 0;
  let proc = 0;
  for (const r of rows) {
    const c = normText(r.cells[0] ?? '');
    if (DIAG_CODE_RE.test(c)) diag++;
    else if (PROC_CODE_RE.test(c)) proc++;
  }
  const icdKind = diag >= rows.length * ICD_SHAPE_SHARE ? 'icd-diagnosis'
    : proc >= rows.length * ICD_SHAPE_SHARE ? 'icd-procedure' : null;
  if (!icdKind) return null;
  const headers = headerIndex >= 0 ? sheet.rows[headerIndex].cells.map((c) => normText(c)) : ['code', 'name'];
  return { layout: 'icd', headerIndex, cols: {}, headers, icdKind };
}

export function isBlank(r: RawRow): boolean {
  return r.cells.every((c) => normText(c) === '');
}

/** Total and remark lines that publishers append after the data (合计, 备注：…, 注：…). */
const NON_DATA_RE = /^(合计|总计|小计|共计|备注|附注|注[:：\d]|说明[:：]|填表说明|数据来源)/;

export function isNonDataRow(r: RawRow): boolean {
  if (isBlank(r)) return true;
  const first = r.cells.map((c) => normText(c)).find((c) => c !== '') ?? '';
  return NON_DATA_RE.test(first);
}

/** Cell text of a field in a row as published (trimmed); '' when the column is absent. */
export function field(r: RawRow, d: DetectedLayout, f: Field): string {
  const j = d.cols[f];
  return j === undefined ? '' : cleanText(r.cells[j] ?? '');
}

/** A code: plain ASCII forms, no spaces at all (copy-paste often leaves some inside). */
export function codeField(r: RawRow, d: DetectedLayout, f: Field): string {
  return normText(field(r, d, f)).replace(/\s+/g, '');
}

/** The published row as header → text, for the raw column. */
export function rawRecord(r: RawRow, d: DetectedLayout): Record<string, string> {
  const out: Record<string, string> = {};
  d.headers.forEach((h, j) => {
    if (h) out[h] = cleanText(r.cells[j] ?? '');
  });
  return out;
}
