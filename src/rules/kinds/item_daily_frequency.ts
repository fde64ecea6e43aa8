import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql } from '../knowledge-ref.js';
import { cmp, dec, dec4, indexBy, knowledgeRef, sortBy, sumDec } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '项目【{item}】限每日{limit}{unit}，{day}收费{qty}{unit}，超出{excess}{unit}',
    en: 'item [{item}] is limited to {limit} {unit_en} a day; {qty} billed on {day}, {excess} over',
  },
};

/** Decimal quantity as text without trailing zeros (1.0000 → 1, 2.50 → 2.5). */
const qty = (e: string) => `regexp_replace(regexp_replace(CAST(${e} AS VARCHAR), '(\\.\\d*?)0+$', '\\1'), '\\.$', '')`;
/** qty() of a DECIMAL(…,4) value. */
const qtyText = (d: Decimal) => dec4(d).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

/**
 * 限定频次 (batch 8-1): per visit, item and calendar day, the quantity the fund paid for (lines with
 * a fund-eligible amount) above the limit (住院诊查费 1/日; 24 小时 for hourly monitoring). The
 * finding lists every such line of that day; the quantity beyond the limit is taken from the latest
 * lines (by time, then bkkp_sn) and the amount is that excess quantity × the line's price, never
 * more than the line's fund-eligible amount.
 */
export const rule = defineRule({
  meta: {
    id: 'item_daily_frequency', name_zh: '限定频次', name_en: 'Daily frequency limit', category: 'policy', scope: 'visit', perPerson: true,
    severity: 'violation', params: z.object({}).strict(), knowledge: '第八批 医疗服务项目限定频次',
    amount_zh: '超出数量 × 单价（不超过该明细 det_item_fee_sumamt − fulamt_ownpay_amt）',
    basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: () => ({
    sql: `WITH k AS (
        SELECT DISTINCT ON (hilist_code) hilist_code, lmt_cnt, lmt_cnt_unit, src_file, src_sheet, src_row
        FROM kn_effective_item_restriction WHERE lmt_cnt IS NOT NULL
        ORDER BY hilist_code, src_file, src_row),
      u AS (
        SELECT f.*, k.lmt_cnt, k.lmt_cnt_unit, k.src_file, k.src_sheet, k.src_row,
          sum(f.cnt) OVER (PARTITION BY f.mdtrt_id, f.hilist_code, f.fee_date) AS day_qty,
          sum(f.cnt) OVER (PARTITION BY f.mdtrt_id, f.hilist_code, f.fee_date
            ORDER BY f.fee_ocur_time, f.fixmedins_code, f.bkkp_sn ROWS UNBOUNDED PRECEDING) AS cum_qty
        FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code WHERE f.fund_amt > 0),
      x AS (
        SELECT *, greatest(least(cnt, cum_qty - lmt_cnt), 0) AS excess_cnt,
          CASE WHEN lmt_cnt_unit IN ('日', '天') THEN '次' ELSE lmt_cnt_unit END AS unit
        FROM u WHERE day_qty > lmt_cnt)
      SELECT x.fixmedins_code, x.psn_no, x.mdtrt_id, min(x.setl_id) AS setl_id,
        list(x.bkkp_sn ORDER BY x.fee_ocur_time, x.bkkp_sn) AS bkkp_sn,
        sum(least(round(x.excess_cnt * x.pric, 2), x.fund_amt)) AS amount, x.fee_date AS occurred_at,
        json_object('item', min(x.hilist_name), 'day', CAST(x.fee_date AS VARCHAR), 'unit', any_value(x.unit),
          'unit_en', CASE WHEN any_value(x.unit) = '小时' THEN 'hours' ELSE 'times' END,
          'limit', ${qty('any_value(x.lmt_cnt)')}, 'qty', ${qty('any_value(x.day_qty)')},
          'excess', ${qty('any_value(x.day_qty) - any_value(x.lmt_cnt)')}) AS facts,
        json_object('lmt_cnt', any_value(x.lmt_cnt), 'lmt_cnt_unit', any_value(x.lmt_cnt_unit), 'day_qty', any_value(x.day_qty),
          'lines', list(json_object('bkkp_sn', x.bkkp_sn, 'fee_ocur_time', x.fee_ocur_time, 'cnt', x.cnt, 'pric', x.pric,
            'excess_cnt', x.excess_cnt, 'fund_amt', x.fund_amt) ORDER BY x.fee_ocur_time, x.bkkp_sn)) AS evidence,
        first(${knowledgeRefSql('x')} ORDER BY x.fee_ocur_time, x.bkkp_sn) AS knowledge_ref
      FROM x GROUP BY x.fixmedins_code, x.psn_no, x.mdtrt_id, x.hilist_code, x.fee_date`,
  }),
  realtime: (_p, d) => {
    const limits = indexBy(d.kn.item_restriction, 'hilist_code');
    // u: fund-paid lines of limited items, per visit, item and day (the windows' partitions).
    const days = new Map<string, { k: Row; lines: Row[] }>();
    for (const f of d.a_fee) {
      // k: the first row with a count limit by (src_file, src_row); the knowledge array comes in that order.
      const k = (limits.get(f.hilist_code) ?? []).find((r) => r.lmt_cnt !== null && r.lmt_cnt !== undefined);
      if (!k || !dec(f.fund_amt).gt(0)) continue;
      const key = [f.fixmedins_code, f.psn_no, f.mdtrt_id, f.hilist_code, f.fee_date].join('\u0000');
      const g = days.get(key) ?? { k, lines: [] };
      g.lines.push(f);
      days.set(key, g);
    }
    const out: RtFindingRow[] = [];
    for (const { k, lines } of days.values()) {
      const lmt = dec(k.lmt_cnt);
      sortBy(lines, (f) => f.fee_ocur_time, (f) => f.fixmedins_code, (f) => f.bkkp_sn);
      const dayQty = sumDec(lines, 'cnt');
      if (!dayQty.gt(lmt)) continue;
      let cum = new Decimal(0);
      const x = lines.map((f) => {
        cum = cum.plus(dec(f.cnt));
        return { f, excess: Decimal.max(Decimal.min(dec(f.cnt), cum.minus(lmt)), 0) };
      });
      sortBy(x, (r) => r.f.fee_ocur_time, (r) => r.f.bkkp_sn);
      // least() ignores a NULL price: the line's fund amount counts then.
      const amount = sumDec(x, ({ f, excess }) => (f.pric === null || f.pric === undefined ? dec(f.fund_amt)
        : Decimal.min(excess.mul(f.pric).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), dec(f.fund_amt))));
      const names = lines.map((f) => f.hilist_name).filter((n) => n !== null && n !== undefined).sort(cmp);
      const unit = k.lmt_cnt_unit === '日' || k.lmt_cnt_unit === '天' ? '次' : k.lmt_cnt_unit;
      const f0 = x[0].f;
      out.push({
        fixmedins_code: f0.fixmedins_code, psn_no: f0.psn_no, mdtrt_id: f0.mdtrt_id,
        setl_id: lines.map((f) => f.setl_id).filter((s) => s !== null && s !== undefined).sort(cmp)[0] ?? null,
        bkkp_sn: x.map((r) => r.f.bkkp_sn), amount: amount.toFixed(), occurred_at: f0.fee_date,
        facts: { item: names[0] ?? null, day: f0.fee_date, unit, unit_en: unit === '小时' ? 'hours' : 'times',
          limit: qtyText(lmt), qty: qtyText(dayQty), excess: qtyText(dayQty.minus(lmt)) },
        evidence: { lmt_cnt: k.lmt_cnt, lmt_cnt_unit: k.lmt_cnt_unit, day_qty: dec4(dayQty),
          lines: x.map(({ f, excess }) => ({ bkkp_sn: f.bkkp_sn, fee_ocur_time: f.fee_ocur_time, cnt: f.cnt, pric: f.pric,
            excess_cnt: dec4(excess), fund_amt: f.fund_amt })) },
        knowledge_ref: knowledgeRef(k),
      });
    }
    return out;
  },
});
