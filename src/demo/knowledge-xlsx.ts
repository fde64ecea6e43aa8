/**
 * Writes the demo knowledge base under <outDir>/knowledge/: one xlsx per national batch in the
 * published layout (sheet names, header rows, two sheets for drug batches, the total and remark
 * rows some batches carry), the ICD dictionaries as {code: name} JSON, and the indication table.
 * Output is byte-for-byte reproducible: workbook dates and zip entry times are fixed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { item } from './catalog.js';
import { diagnosisDictionary, procedureDictionary } from './icd.js';
import {
  DRUG_AGE, DRUG_COURSE, DRUG_GENDER, DRUG_INSURANCE, DRUG_LEVEL, DRUG_VISIT_TYPE, DUPLICATES, FREQUENCY, INDICATIONS,
  ITEM_AGE, ITEM_COURSE, ITEM_GENDER, ITEM_PERIOD, SURGERY_GROUPS, WORKING_AGE, checkKnowledgeNames, drugItem,
  type DrugRule,
} from './knowledge-data.js';

type Cell = string | number | null;

interface SheetDef {
  name: string;
  header: string[];
  rows: Cell[][];
  /** Rows after the data (total, remark), each merged across the given columns. */
  footer?: { cells: Cell[]; merge?: [number, number] }[];
  widths: number[];
}

const FIXED_DATE = new Date(Date.UTC(2023, 0, 1));
// DOS time/date of 2023-01-01 00:00:00 for every zip entry.
const DOS_TIME = 0;
const DOS_DATE = ((2023 - 1980) << 9) | (1 << 5) | 1;

/** Overwrites the modification time of every entry in a zip archive (local and central headers). */
export function fixZipTimes(buf: Buffer): Buffer {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip archive');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip central directory');
    buf.writeUInt16LE(DOS_TIME, p + 12);
    buf.writeUInt16LE(DOS_DATE, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error('bad zip local header');
    buf.writeUInt16LE(DOS_TIME, local + 10);
    buf.writeUInt16LE(DOS_DATE, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}

async function writeWorkbook(path: string, sheets: SheetDef[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '';
  wb.lastModifiedBy = '';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.columns = s.widths.map((w) => ({ width: w }));
    ws.addRow(s.header).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
    for (const f of s.footer ?? []) {
      const row = ws.addRow(f.cells);
      if (f.merge) ws.mergeCells(row.number, f.merge[0], row.number, f.merge[1]);
    }
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  writeFileSync(path, fixZipTimes(buf));
}

const DRUG_S1_OBJ = ['药品通用名', '药品说明', '限定类型', '限定对象'];
const DRUG_S1_RANGE = ['药品通用名', '药品说明', '限定类型', '限定值域'];

function drugSheets(rules: DrugRule[], lmtType: string, s1Header: string[], codeHeader: string): SheetDef[] {
  const s2: Cell[][] = [];
  for (const r of rules) {
    drugItem(r.drug).drug!.codes.forEach((c, i) => s2.push([r.drug, i + 1, c, lmtType]));
  }
  return [
    { name: 'Sheet1', header: s1Header, rows: rules.map((r) => [r.drug, r.dscr, lmtType, r.value]), widths: [26, 48, 14, 12] },
    { name: 'Sheet2', header: ['药品通用名', '序号', codeHeader, '限定类型'], rows: s2, widths: [26, 8, 28, 14] },
  ];
}

const NOTE = '备注：以上知识点依据本地区医疗服务项目目录梳理，各项目编码以本地区现行目录为准，执行中可结合实际细化调整。';

/** Batch files written, for the summary and the tests. */
export const KNOWLEDGE_FILES = [
  'b1-drug-age.xlsx', 'b1-drug-gender.xlsx', 'b1-item-age.xlsx', 'b1-item-gender.xlsx',
  'b2-item-primary-secondary.xlsx', 'b3-drug-insurance-type.xlsx', 'b4-drug-visit-type.xlsx',
  'b5-drug-institution-level.xlsx', 'b6-drug-course-days.xlsx', 'b7-item-duplicate-charge.xlsx',
  'b8-1-item-frequency.xlsx', 'b8-2-item-working-age.xlsx', 'b8-3-item-course.xlsx', 'b8-4-item-period.xlsx',
] as const;

export const ICD_FILES = { diagnoses: 'icd10-diagnoses.json', procedures: 'icd9cm3-procedures.json' } as const;
export const INDICATION_FILE = 'indications.json';

export async function writeKnowledge(dir: string): Promise<string[]> {
  checkKnowledgeNames();
  mkdirSync(dir, { recursive: true });
  const code = (name: string) => item(name).code;
  const books: Record<(typeof KNOWLEDGE_FILES)[number], SheetDef[]> = {
    'b1-drug-age.xlsx': drugSheets(DRUG_AGE, '限定年龄对象', DRUG_S1_OBJ, '国标代码'),
    'b1-drug-gender.xlsx': drugSheets(DRUG_GENDER, '限定性别对象', DRUG_S1_OBJ, '药品代码'),
    'b1-item-age.xlsx': [{ name: 'Sheet1', header: ['项目名称', '国标代码', '限定类型', '限定对象'],
      rows: ITEM_AGE.map((r) => [r.item, code(r.item), '限定年龄对象', r.value]), widths: [22, 20, 14, 12] }],
    'b1-item-gender.xlsx': [{ name: 'Sheet1', header: ['项目名称', '项目说明', '国标代码', '限定类型', '限定性别'],
      rows: ITEM_GENDER.map((r) => [r.item, r.dscr, code(r.item), '限定性别对象', r.value]), widths: [22, 26, 20, 14, 10] }],
    'b2-item-primary-secondary.xlsx': [{ name: 'Sheet1', header: ['项目名称', '项目说明', '国标代码', '限定类型', '限定值域'],
      rows: SURGERY_GROUPS.map((r) => [r.item, r.dscr, code(r.item), '限定主次操作', r.value]), widths: [30, 40, 20, 14, 20] }],
    'b3-drug-insurance-type.xlsx': drugSheets(DRUG_INSURANCE, '限定保险类型', DRUG_S1_OBJ, '国标代码'),
    'b4-drug-visit-type.xlsx': drugSheets(DRUG_VISIT_TYPE, '限定就医方式', DRUG_S1_RANGE, '国标代码'),
    'b5-drug-institution-level.xlsx': drugSheets(DRUG_LEVEL, '限定机构等级', DRUG_S1_RANGE, '国标代码'),
    'b6-drug-course-days.xlsx': drugSheets(DRUG_COURSE, '限定支付疗程', DRUG_S1_RANGE, '国标代码'),
    'b7-item-duplicate-charge.xlsx': [{
      name: '“医疗服务项目重复收费”规则对应知识点明细',
      header: ['序号', '频度', '主项名称', '主项编码', '从项名称', '从项编码', '备注'],
      rows: DUPLICATES.map((r, i) => [i + 1, r.freq, r.main, code(r.main), r.sub, code(r.sub), r.memo]),
      footer: [{ cells: [null, null, null, null, null, null, null], merge: [1, 7] }],
      widths: [8, 12, 22, 18, 22, 18, 28],
    }],
    'b8-1-item-frequency.xlsx': [{
      name: '“医疗服务项目限定频次”规则对应知识点明细',
      header: ['序号', '项目名称', '限制数量', '数量单位', '项目编码'],
      rows: FREQUENCY.map((r, i) => [i + 1, r.item, r.cnt, r.unit, code(r.item)]),
      footer: [{ cells: ['合计'], merge: [1, 5] }, { cells: [NOTE], merge: [1, 5] }],
      widths: [8, 22, 10, 10, 20],
    }],
    'b8-2-item-working-age.xlsx': [{
      name: '“医疗服务项目限年龄”规则对应知识点明细', header: ['序号', '项目名称', '备注', '项目代码'],
      rows: WORKING_AGE.map((r, i) => [i + 1, r.item, r.memo, code(r.item)]), widths: [8, 20, 34, 20],
    }],
    'b8-3-item-course.xlsx': [{
      name: '“医疗服务项目限支付疗程”规则对应知识点明细', header: ['序号', '项目名称', '备注', '项目代码'],
      rows: ITEM_COURSE.map((r, i) => [i + 1, r.item, r.memo, code(r.item)]), widths: [8, 20, 34, 20],
    }],
    'b8-4-item-period.xlsx': [{
      name: '“医疗服务项目周期超频次”规则对应知识点明细',
      header: ['序号', '项目名称', '频次上限', '疗程周期', '备注', '项目代码'],
      rows: ITEM_PERIOD.map((r, i) => [i + 1, r.item, r.cnt, r.days, r.memo, code(r.item)]), widths: [8, 22, 10, 10, 34, 20],
    }],
  };
  const written: string[] = [];
  for (const f of KNOWLEDGE_FILES) {
    await writeWorkbook(join(dir, f), books[f]);
    written.push(f);
  }
  writeFileSync(join(dir, ICD_FILES.diagnoses), JSON.stringify(diagnosisDictionary(), null, 1) + '\n');
  writeFileSync(join(dir, ICD_FILES.procedures), JSON.stringify(procedureDictionary(), null, 1) + '\n');
  written.push(ICD_FILES.diagnoses, ICD_FILES.procedures);
  return written;
}

/** The indication table (code → allowed ICD-10 prefixes): configuration, kept apart from the batches. */
export function indicationTable(): Record<string, { hilist_name: string; icd_prefixes: string[]; note: string }> {
  const out: Record<string, { hilist_name: string; icd_prefixes: string[]; note: string }> = {};
  for (const r of INDICATIONS) {
    for (const c of drugItem(r.drug).drug!.codes) out[c] = { hilist_name: r.drug, icd_prefixes: r.prefixes, note: r.note };
  }
  return out;
}
