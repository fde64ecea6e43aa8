/**
 * The Excel report of a DRG settlement or shadow run (streamed, so a year of cases fits): sheets
 * 参数, 病组权重, 机构结算, 病例点数 (continued on further sheets past Excel's row limit) and
 * 模拟运行 (institutions and DRGs gaining and losing under DRG payment). Chinese headers; money
 * as numbers in yuan with 2 decimals, converted from exact fen (fen / 100 is the nearest double
 * to the exact amount); points and weights as numbers with their places.
 */
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import { Dec } from './params.js';
import type { DrgSettlement, CaseType } from './settlement.js';
import type { ShadowFigures, ShadowRun } from './shadow.js';
import type { DrgCase } from './weights.js';

export interface DrgReportInput {
  kind: 'settle' | 'shadow';
  runId: number;
  period: { from: string; to: string };
  schemeVersions: string[];
  settlement: DrgSettlement;
  shadow: ShadowRun;
  /** The cases settled, for their medical cost (any order). */
  cases: readonly DrgCase[];
  drgNames: Record<string, string>;
  budgetDefaulted: boolean;
}

const MONEY = '#,##0.00';
const CASE_TYPE: Record<CaseType, string> = { normal: '正常病例', high: '高倍率病例', low: '低倍率病例', ungrouped: '未入组病例' };
const XLSX_ROWS = 1_048_575;

/** Yuan from exact fen. */
const yuan = (fen: bigint | number): number => Number(fen) / 100;
/** Yuan, 2 places half-up, from a decimal amount of fen (averages, bounds). */
const yuanOf = (fen: string | null): number | null => (fen === null ? null : new Dec(fen).div(100).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toNumber());
const num = (s: string | null): number | null => (s === null ? null : Number(s));

type Col = [header: string, width: number, fmt?: string];

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, cols: Col[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = cols.map(([, width]) => ({ width }));
  const head = ws.addRow(cols.map(([h]) => h));
  head.font = { bold: true };
  head.commit();
  const fmts = cols.map(([, , f]) => f);
  return {
    ws,
    add(values: unknown[]) {
      const row = ws.addRow(values);
      fmts.forEach((f, i) => { if (f && values[i] !== null && values[i] !== undefined) row.getCell(i + 1).numFmt = f; });
      row.commit();
    },
  };
}

export async function writeDrgReport(path: string, r: DrgReportInput): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.part`;
  const s = r.settlement;
  const p = s.params;
  const t = s.totals;
  const pdp = p.rounding.points_dp;
  const ptsFmt = pdp > 0 ? `0.${'0'.repeat(pdp)}` : '0';
  const rwFmt = p.rounding.rw_dp > 0 ? `0.${'0'.repeat(p.rounding.rw_dp)}` : '0';
  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: false, useStyles: true });

    // 参数
    const ps = sheet(wb, '参数', [['项目', 30], ['值', 40, undefined], ['说明', 60]]);
    const kv = (k: string, v: unknown, note = '', fmt?: string) => {
      const row = ps.ws.addRow([k, v, note]);
      if (fmt) row.getCell(2).numFmt = fmt;
      row.commit();
    };
    kv('类型', r.kind === 'settle' ? 'DRG 点数法结算' : 'DRG 模拟运行');
    kv('批次', r.runId);
    kv('期间（出院日期）', `${r.period.from} ～ ${r.period.to}`);
    kv('分组方案版本', r.schemeVersions.join('、'));
    if (p.region) kv('地区', p.region);
    if (p.year) kv('年度', p.year);
    kv('裁剪方式', p.trim.method === 'ratio' ? '均值倍数（ratio）' : '百分位（percentile）');
    kv('裁剪下限', Number(p.trim.low));
    kv('裁剪上限', Number(p.trim.high));
    kv('裁剪最少病例数', p.trim.min_cases, '病例数少于此值的病组不裁剪');
    kv('基准点数倍数', Number(p.base_points_scale), '基准点数 = 相对权重 × 此值');
    kv('默认机构差异系数', Number(p.default_coefficient));
    for (const [code, c] of Object.entries(p.institution_coefficients)) kv(`机构差异系数 ${code}`, Number(c));
    kv('高倍率界值', Number(p.high_cost_ratio), '费用 ≥ 界值 × 病组平均费用');
    kv('低倍率界值', Number(p.low_cost_ratio), '费用 ≤ 界值 × 病组平均费用');
    kv('上年 DRG 基金预算（元）', yuan(p.last_year_budget_fen), r.budgetDefaulted ? '未给出：取本期入组病例按项目支付的统筹基金' : '', MONEY);
    kv('预算增长率', Number(p.growth_cap));
    kv('本期预算（元）', yuan(t.budget_fen), '', MONEY);
    kv('总点数', Number(t.total_points), '', ptsFmt);
    kv('点值（元/点）', Number(t.point_value_yuan), '', `0.${'0'.repeat(p.rounding.point_value_dp + 2)}`);
    kv('点值（分/点）', Number(t.point_value_fen), '', `0.${'0'.repeat(p.rounding.point_value_dp)}`);
    kv('DRG 支付合计（元）', yuan(t.drg_payment_fen), '', MONEY);
    kv('尾差（元）', yuan(t.rounding_remainder_fen), '本期预算 − DRG 支付合计', MONEY);
    kv('按项目已付统筹基金（元）', yuan(t.already_paid_fen), '入组病例', MONEY);
    kv('差额（元）', yuan(t.balance_fen), 'DRG 支付 − 按项目已付；负数为应扣回', MONEY);
    kv('未入组病例按项目支付（元）', yuan(t.ungrouped_fund_paid_fen), '不纳入 DRG 预算', MONEY);
    kv('病例数', t.cases);
    kv('入组病例数', t.grouped_cases);
    kv('正常病例 / 高倍率 / 低倍率 / 未入组', `${t.normal_cases} / ${t.high_cost_cases} / ${t.low_cost_cases} / ${t.ungrouped_cases}`);
    kv('小数位（RW / 点数 / 点值 / 指标）', `${p.rounding.rw_dp} / ${p.rounding.points_dp} / ${p.rounding.point_value_dp} / ${p.rounding.indicator_dp}`);
    ps.ws.commit();

    // 病组权重
    const ws = sheet(wb, '病组权重', [['DRG', 10], ['DRG 名称', 40], ['ADRG', 8], ['病例数', 10], ['保留病例数', 12], ['裁剪病例数', 12],
      ['裁剪结果', 14], ['裁剪下限（元）', 14, MONEY], ['裁剪上限（元）', 14, MONEY], ['总费用（元）', 16, MONEY],
      ['平均费用（元，裁剪后）', 18, MONEY], ['相对权重 RW', 12, rwFmt], ['基准点数', 12, ptsFmt]]);
    const trimText = { applied: '已裁剪', below_min_cases: '病例过少未裁剪', would_remove_all: '将全部剔除，未裁剪' } as const;
    for (const w of s.weights.drgs) {
      ws.add([w.drg, r.drgNames[w.drg] ?? '', w.adrg, w.cases, w.kept_cases, w.trimmed_cases, trimText[w.trim],
        yuanOf(w.trim_low_fen), yuanOf(w.trim_high_fen), yuan(w.total_fen), yuanOf(w.avg_cost_fen), num(w.rw), num(w.base_points)]);
    }
    ws.ws.commit();

    // 机构结算
    const shadowOf = new Map(r.shadow.institutions.map((x) => [x.fixmedins_code, x]));
    const is = sheet(wb, '机构结算', [['机构编码', 16], ['差异系数', 10], ['入组病例', 10], ['正常病例', 10], ['高倍率病例', 10],
      ['低倍率病例', 10], ['未入组病例', 10], ['总点数', 14, ptsFmt], ['医疗总费用（元）', 16, MONEY], ['DRG 支付（元）', 16, MONEY],
      ['按项目已付（元）', 16, MONEY], ['差额（元）', 16, MONEY], ['未入组按项目支付（元）', 18, MONEY], ['支付比', 10]]);
    for (const i of s.institutions) {
      const x = shadowOf.get(i.fixmedins_code);
      is.add([i.fixmedins_code, Number(i.coefficient), i.cases, i.normal_cases, i.high_cost_cases, i.low_cost_cases, i.ungrouped_cases,
        Number(i.points), x ? yuan(x.medfee_fen) : null, yuan(i.drg_payment_fen), yuan(i.already_paid_fen), yuan(i.balance_fen),
        yuan(i.ungrouped_fund_paid_fen), x?.ratio ? Number(x.ratio) : null]);
    }
    is.ws.commit();

    // 病例点数: settlement.cases is sorted by setl_id; the costs are looked up the same way.
    const costs = r.cases.slice().sort((a, b) => (a.setl_id < b.setl_id ? -1 : a.setl_id > b.setl_id ? 1 : 0));
    const caseCols: Col[] = [['结算ID', 22], ['机构编码', 16], ['DRG', 10], ['DRG 名称', 36], ['病例类型', 12], ['病例点数', 12, ptsFmt],
      ['医疗总费用（元）', 16, MONEY], ['统筹基金支付（元）', 16, MONEY]];
    let cs = sheet(wb, '病例点数', caseCols);
    let rows = 0;
    let part = 1;
    s.cases.forEach((c, k) => {
      if (rows === XLSX_ROWS) {
        cs.ws.commit();
        cs = sheet(wb, `病例点数 (${++part})`, caseCols);
        rows = 0;
      }
      const cost = costs[k]?.setl_id === c.setl_id ? yuan(costs[k].total_fen) : null;
      cs.add([c.setl_id, c.fixmedins_code, c.drg, c.case_type === 'ungrouped' ? '' : r.drgNames[c.drg] ?? '', CASE_TYPE[c.case_type],
        num(c.points), cost, yuan(c.fund_paid_fen)]);
      rows++;
    });
    cs.ws.commit();

    // 模拟运行
    const sh = sheet(wb, '模拟运行', [['类别', 12], ['机构编码 / DRG', 18], ['名称', 36], ['入组病例', 10], ['医疗总费用（元）', 16, MONEY],
      ['点数', 14, ptsFmt], ['DRG 支付（元）', 16, MONEY], ['按项目支付（元）', 16, MONEY], ['差额（元）', 16, MONEY], ['支付比', 10]]);
    const line = (kind: string, code: string, name: string, f: ShadowFigures) => sh.add([kind, code, name, f.cases, yuan(f.medfee_fen),
      Number(f.points), yuan(f.drg_payment_fen), yuan(f.item_paid_fen), yuan(f.difference_fen), f.ratio === null ? null : Number(f.ratio)]);
    line('合计', '', '', r.shadow.totals);
    for (const w of r.shadow.winners) line('机构盈余', w.fixmedins_code, '', w);
    for (const w of r.shadow.losers) line('机构亏损', w.fixmedins_code, '', w);
    for (const w of r.shadow.drg_winners) line('病组盈余', w.drg, r.drgNames[w.drg] ?? '', w);
    for (const w of r.shadow.drg_losers) line('病组亏损', w.drg, r.drgNames[w.drg] ?? '', w);
    sh.ws.commit();

    await wb.commit();
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}
