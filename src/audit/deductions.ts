/**
 * Monthly deduction notices (扣款通知): the findings whose conclusion fell in a month, with the
 * amount deducted, per institution; and the notice workbook (a summary sheet plus one notice per
 * institution). A finding's conclusion is its first transition into concluded or deducted, so a
 * finding concluded in one month and marked deducted in the next is on one notice only.
 */
import ExcelJS from 'exceljs';
import { MESSAGES, msg } from '../domain/messages/index.js';
import { moneyWords } from '../domain/money-words.js';
import type { OpQueryable } from '../store/opstore.js';

export interface DeductionItem {
  run_id: number; seq: number; rule_id: string; rule_name_zh: string; fixmedins_code: string; fixmedins_name: string | null;
  setl_id: string | null; psn_no: string; occurred_at: string; amount: string; deducted_amount: string; status: string;
  action: string; conclusion: string; concluded_at: string;
}

export interface DeductionInstitution { fixmedins_code: string; fixmedins_name: string | null; findings: number; amount: string; at_stake: string }

export interface Deductions {
  month: string;
  institutions: DeductionInstitution[];
  total: string;
  findings: number;
  at_stake: string;
  items: DeductionItem[];
}

const conclusionText = (action: string) => msg(MESSAGES[`deductions.conclusion.${action}`] ? `deductions.conclusion.${action}` : 'deductions.conclusion.other');

/** The month's deductions (month as YYYY-MM in the region's time zone, which the store's sessions use), optionally of one institution. */
export async function monthDeductions(ops: OpQueryable, month: string, institution: string | null,
  ruleName: (ruleId: string) => string): Promise<Deductions> {
  const params: unknown[] = [`${month}-01`];
  const inst = institution ? (params.push(institution), ' AND f.fixmedins_code = $2') : '';
  const cte = `WITH c AS (
      SELECT DISTINCT ON (t.run_id, t.seq) t.run_id, t.seq, t.action, t.at FROM review_transition t
      WHERE t.to_status IN ('concluded', 'deducted') ORDER BY t.run_id, t.seq, t.id),
    d AS (
      SELECT f.run_id, f.seq, f.rule_id, f.fixmedins_code, f.fixmedins_name, f.setl_id, f.psn_no, f.occurred_at, f.amount,
        coalesce(r.deducted_amount, 0) AS deducted_amount, r.status, c.action, c.at
      FROM c JOIN audit_finding f ON f.run_id = c.run_id AND f.seq = c.seq
      JOIN finding_review r ON r.run_id = c.run_id AND r.seq = c.seq
      WHERE c.at >= $1::date AND c.at < $1::date + interval '1 month' AND r.status IN ('concluded', 'deducted')${inst})`;
  const items = await ops.query<Omit<DeductionItem, 'rule_name_zh' | 'conclusion'>>(`${cte}
    SELECT run_id, seq, rule_id, fixmedins_code, fixmedins_name, setl_id, psn_no, occurred_at::text AS occurred_at,
      amount::text AS amount, deducted_amount::numeric(18,2)::text AS deducted_amount, status, action,
      to_char(at, 'YYYY-MM-DD') AS concluded_at
    FROM d ORDER BY fixmedins_code, at, run_id, seq`, params as never);
  const sums = await ops.query<{ code: string | null; name: string | null; findings: number; amount: string; at_stake: string }>(`${cte}
    SELECT fixmedins_code AS code, max(fixmedins_name) AS name, count(*)::int AS findings,
      coalesce(sum(deducted_amount), 0)::numeric(18,2)::text AS amount, coalesce(sum(amount), 0)::numeric(18,2)::text AS at_stake
    FROM d GROUP BY GROUPING SETS ((fixmedins_code), ()) ORDER BY fixmedins_code NULLS LAST`, params as never);
  const total = sums.find((s) => s.code === null);
  return {
    month,
    institutions: sums.filter((s) => s.code !== null).map((s) => ({ fixmedins_code: s.code!, fixmedins_name: s.name, findings: s.findings,
      amount: s.amount, at_stake: s.at_stake })),
    total: total?.amount ?? '0.00', findings: total?.findings ?? 0, at_stake: total?.at_stake ?? '0.00',
    items: items.map((i) => ({ ...i, run_id: Number(i.run_id), seq: Number(i.seq), rule_name_zh: ruleName(i.rule_id),
      conclusion: conclusionText(i.action) })),
  };
}

const MONEY_FMT = '#,##0.00';
/** Money cell values: exact decimal text turned into the nearest double only at the cell (sums are done in SQL). */
const money = (s: string) => Number(s);
/** 1234567.8 → 1,234,567.80, on the text (no float). */
export function groupedMoney(s: string): string {
  const [i, f = ''] = s.split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f.padEnd(2, '0').slice(0, 2)}`;
}

/** A valid, unique worksheet name (Excel: ≤ 31 characters, none of \ / ? * [ ] :). */
function sheetName(wanted: string, fallback: string, taken: Set<string>): string {
  const clean = (s: string) => s.replace(/[\\/?*[\]:]/g, '_').replace(/^'+|'+$/g, '').slice(0, 31).trim();
  let name = clean(wanted) || clean(fallback);
  if (taken.has(name.toLowerCase())) name = clean(`${fallback} ${wanted}`);
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = clean(`${fallback}-${n}`);
  taken.add(name.toLowerCase());
  return name;
}

function heading(ws: ExcelJS.Worksheet, text: string, lastCol: string): void {
  ws.mergeCells(`A1:${lastCol}1`);
  const c = ws.getCell('A1');
  c.value = text;
  c.font = { bold: true, size: 16 };
  c.alignment = { horizontal: 'center' };
}

function line(ws: ExcelJS.Worksheet, text: string, lastCol: string): ExcelJS.Row {
  const row = ws.addRow([text]);
  ws.mergeCells(`A${row.number}:${lastCol}${row.number}`);
  return row;
}

const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

/** The notice workbook: the summary sheet first, then one notice sheet per institution. */
export function deductionWorkbook(d: Deductions, o: { bureau: string; issuedOn: string }): ExcelJS.Workbook {
  const t = (key: string, vars: Record<string, unknown> = {}) => msg(key, vars, 'zh');
  const [year, mon] = d.month.split('-');
  const wb = new ExcelJS.Workbook();
  wb.title = t('deductions.file_title');
  const taken = new Set<string>();

  const sum = wb.addWorksheet(sheetName(t('deductions.sheet_summary'), 'summary', taken));
  sum.columns = [6, 18, 36, 14, 16].map((width) => ({ width }));
  heading(sum, t('deductions.summary_heading', { month: `${year}年${mon}月` }), 'E');
  line(sum, t('deductions.issuer', { bureau: o.bureau }), 'E');
  const sh = sum.addRow(['deductions.col_no', 'deductions.col_code', 'deductions.col_name', 'deductions.col_findings', 'deductions.col_deducted'].map((k) => t(k)));
  sh.font = { bold: true };
  d.institutions.forEach((i, n) => sum.addRow([n + 1, i.fixmedins_code, i.fixmedins_name ?? '', i.findings, money(i.amount)]));
  const st = sum.addRow([t('deductions.total'), '', '', d.findings, money(d.total)]);
  st.font = { bold: true };
  for (let r = sh.number; r <= st.number; r++) for (let c = 1; c <= 5; c++) sum.getCell(r, c).border = BORDER;
  sum.getColumn(5).numFmt = MONEY_FMT;
  line(sum, t('deductions.total_words', { words: moneyWords(d.total) }), 'E');
  if (!d.institutions.length) line(sum, t('deductions.none'), 'E');

  for (const inst of d.institutions) {
    const items = d.items.filter((i) => i.fixmedins_code === inst.fixmedins_code);
    const ws = wb.addWorksheet(sheetName(inst.fixmedins_name ?? inst.fixmedins_code, inst.fixmedins_code, taken));
    ws.columns = [6, 24, 22, 22, 12, 14, 14, 26, 12].map((width) => ({ width }));
    heading(ws, t('deductions.heading'), 'I');
    line(ws, t('deductions.institution_line', { name: inst.fixmedins_name ?? '', code: inst.fixmedins_code }), 'I');
    line(ws, t('deductions.month_line', { year, month: mon }), 'I');
    line(ws, t('deductions.intro'), 'I').alignment = { wrapText: true };
    const header = ws.addRow(['col_no', 'col_rule', 'col_setl_id', 'col_psn_no', 'col_occurred_at', 'col_amount', 'col_deducted',
      'col_conclusion', 'col_concluded_at'].map((k) => t(`deductions.${k}`)));
    header.font = { bold: true };
    items.forEach((i, n) => ws.addRow([n + 1, i.rule_name_zh, i.setl_id ?? '', i.psn_no, i.occurred_at, money(i.amount),
      money(i.deducted_amount), i.conclusion, i.concluded_at]));
    const total = ws.addRow([t('deductions.total'), '', '', '', '', money(inst.at_stake), money(inst.amount), '', '']);
    total.font = { bold: true };
    for (let r = header.number; r <= total.number; r++) for (let c = 1; c <= 9; c++) ws.getCell(r, c).border = BORDER;
    ws.getColumn(6).numFmt = MONEY_FMT;
    ws.getColumn(7).numFmt = MONEY_FMT;
    line(ws, t('deductions.total_words', { words: moneyWords(inst.amount) }), 'I');
    line(ws, t('deductions.total_figures', { amount: groupedMoney(inst.amount) }), 'I');
    ws.addRow([]);
    line(ws, t('deductions.issuer', { bureau: o.bureau }), 'I');
    line(ws, t('deductions.issued_on', { date: o.issuedOn }), 'I');
  }
  return wb;
}
