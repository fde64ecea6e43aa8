import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { cmp, dec4, startsWithAny, sumDec } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{date}一日内收取康复理疗项目{items}项（{names}），金额{day_amount}元，{reason}',
    en: '{date}: {items} rehabilitation/physiotherapy items in one day ({day_amount} yuan): {reason_en}',
  },
};

/**
 * Rehabilitation, physiotherapy and TCM therapy items by the national service code's chapter:
 * 0034 物理治疗与康复 (003401 物理治疗, 003402 康复), 0041 中医外治, 0043 针刺, 0044 灸法, 0045 推拿疗法.
 * Not counted: 0042 中医骨伤 (fracture reduction and fixation), 0046 中医肛肠 (operations), 0047–0048.
 */
export const REHAB_PREFIXES = ['0034', '0041', '0043', '0044', '0045'];

/** `col` starts with one of n prefixes given as parameters (a plain filter DuckDB pushes down to the fee scan). */
const anyPrefix = (col: string, n: number) =>
  n ? `(${Array.from({ length: n }, () => `starts_with(${col}, ?)`).join(' OR ')})` : 'false';
const money = (x: string) => `CAST(CAST(round(${x}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;
const moneyText = (d: Decimal) => d.toFixed(2, Decimal.ROUND_HALF_UP);
const concatWs = (sep: string, ...xs: (string | null)[]) => xs.filter((x) => x !== null).join(sep);
const distinctSorted = (xs: unknown[]): string[] =>
  [...new Set(xs.filter((x) => x !== null && x !== undefined).map(String))].sort(cmp);

/**
 * 康复理疗日均超量: in one visit on one calendar day, more distinct rehabilitation/physiotherapy/TCM
 * therapy items (by national code) than max_items_per_day, or (when configured) their charges above
 * max_amount_per_day. The catalogue sets no daily amount, so that check is off until a region sets it.
 * All of that day's therapy lines are flagged.
 */
export const rule = defineRule({
  meta: {
    id: 'rehab_daily_excess', name_zh: '康复理疗日均超量', name_en: 'Excessive daily rehabilitation/physiotherapy items',
    category: 'medical', scope: 'visit', perPerson: true, severity: 'suspect_high',
    params: z.object({
      max_items_per_day: z.number().int().min(1).default(4),
      max_amount_per_day: z.number().positive().nullable().default(null),
      item_prefixes: z.array(z.string().min(2)).min(1).default(REHAB_PREFIXES),
    }).strict(),
    knowledge: null, amount_zh: '当日全部康复理疗明细的 det_item_fee_sumamt − fulamt_ownpay_amt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条（过度诊疗、分解收费）',
  },
  batch: (p) => ({
    sql: `WITH lim AS (SELECT CAST(? AS INTEGER) AS max_items, CAST(? AS DECIMAL(18,4)) AS max_amount),
      day AS (
        SELECT f.fixmedins_code, f.psn_no, f.mdtrt_id, f.fee_date, min(f.setl_id) AS setl_id,
          list(f.bkkp_sn ORDER BY f.bkkp_sn) AS bkkp_sn, sum(f.fund_amt) AS amount, sum(f.det_item_fee_sumamt) AS day_amount,
          count(DISTINCT f.hilist_code) AS items,
          string_agg(DISTINCT coalesce(f.hilist_name, f.hilist_code), '、' ORDER BY coalesce(f.hilist_name, f.hilist_code)) AS names,
          list(DISTINCT f.hilist_code ORDER BY f.hilist_code) AS codes
        FROM a_fee f WHERE ${anyPrefix('f.hilist_code', p.item_prefixes.length)}
        GROUP BY f.fixmedins_code, f.psn_no, f.mdtrt_id, f.fee_date),
      hit AS (
        SELECT d.*, l.*, d.items > l.max_items AS over_items, coalesce(d.day_amount > l.max_amount, false) AS over_amount
        FROM day d CROSS JOIN lim l)
      SELECT h.fixmedins_code, h.psn_no, h.mdtrt_id, h.setl_id, h.bkkp_sn, h.amount, h.fee_date AS occurred_at,
        json_object('date', strftime(h.fee_date, '%Y-%m-%d'), 'items', h.items, 'names', h.names,
          'day_amount', ${money('h.day_amount')},
          'reason', concat_ws('，', CASE WHEN h.over_items THEN '超过每日' || h.max_items || '项' END,
            CASE WHEN h.over_amount THEN '超过每日限额' || ${money('h.max_amount')} || '元' END),
          'reason_en', concat_ws('; ', CASE WHEN h.over_items THEN 'more than ' || h.max_items || ' items a day' END,
            CASE WHEN h.over_amount THEN 'above the daily cap of ' || ${money('h.max_amount')} || ' yuan' END)) AS facts,
        json_object('item_codes', h.codes, 'items', h.items, 'max_items_per_day', h.max_items,
          'day_amount', h.day_amount, 'max_amount_per_day', h.max_amount) AS evidence,
        'params.max_items_per_day=' || h.max_items || coalesce(', max_amount_per_day=' || ${money('h.max_amount')}, '') AS knowledge_ref
      FROM hit h WHERE h.over_items OR h.over_amount`,
    params: [p.max_items_per_day, p.max_amount_per_day === null ? null : String(p.max_amount_per_day), ...p.item_prefixes],
  }),
  realtime: (p, d) => {
    const maxAmount = p.max_amount_per_day === null ? null : new Decimal(String(p.max_amount_per_day))
      .toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    const days = new Map<string, Row[]>();
    for (const f of d.a_fee) {
      if (!startsWithAny(f.hilist_code, p.item_prefixes)) continue;
      const key = [f.fixmedins_code, f.psn_no, f.mdtrt_id, f.fee_date].join('\u0000');
      (days.get(key) ?? days.set(key, []).get(key)!).push(f);
    }
    const out: RtFindingRow[] = [];
    for (const lines of days.values()) {
      const codes = distinctSorted(lines.map((f) => f.hilist_code));
      const items = codes.length;
      // sum() of only NULLs is NULL.
      const dayAmount = lines.some((f) => f.det_item_fee_sumamt !== null && f.det_item_fee_sumamt !== undefined)
        ? sumDec(lines, 'det_item_fee_sumamt') : null;
      const overItems = items > p.max_items_per_day;
      const overAmount = dayAmount !== null && maxAmount !== null && dayAmount.gt(maxAmount);
      if (!overItems && !overAmount) continue;
      const f0 = lines[0];
      out.push({
        fixmedins_code: f0.fixmedins_code, psn_no: f0.psn_no, mdtrt_id: f0.mdtrt_id,
        setl_id: distinctSorted(lines.map((f) => f.setl_id))[0] ?? null,
        bkkp_sn: lines.map((f) => String(f.bkkp_sn)).sort(cmp), amount: sumDec(lines, 'fund_amt').toFixed(),
        occurred_at: f0.fee_date,
        facts: { date: f0.fee_date, items, names: distinctSorted(lines.map((f) => f.hilist_name ?? f.hilist_code)).join('、'),
          day_amount: dayAmount === null ? null : moneyText(dayAmount),
          reason: concatWs('，', overItems ? `超过每日${p.max_items_per_day}项` : null,
            overAmount ? `超过每日限额${moneyText(maxAmount!)}元` : null),
          reason_en: concatWs('; ', overItems ? `more than ${p.max_items_per_day} items a day` : null,
            overAmount ? `above the daily cap of ${moneyText(maxAmount!)} yuan` : null) },
        evidence: { item_codes: codes, items, max_items_per_day: p.max_items_per_day,
          day_amount: dayAmount === null ? null : dec4(dayAmount),
          max_amount_per_day: maxAmount === null ? null : dec4(maxAmount) },
        knowledge_ref: `params.max_items_per_day=${p.max_items_per_day}`
          + (maxAmount === null ? '' : `, max_amount_per_day=${moneyText(maxAmount)}`),
      });
    }
    return out;
  },
});
