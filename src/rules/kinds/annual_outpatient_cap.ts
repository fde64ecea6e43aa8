import { z } from 'zod';
import { Decimal } from 'decimal.js';
import { defineRule } from '../types.js';
import { cmp, dec, sortBy, startsWithAny } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{year}年{category}统筹基金支付累计{total}元，超过年度支付限额{cap}元，本次结算超出{amount}元',
    en: '{year}: fund payments for {category} reach {total}, above the annual cap of {cap}; this settlement exceeds it by {amount}',
  },
};

const money = (e: string) => `CAST(CAST(round(${e}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;
const Money = z.union([z.number().nonnegative(), z.string().trim().regex(/^\d+(\.\d{1,4})?$/)]).transform(String);

/**
 * A benefit category with its annual fund cap (regional policy), e.g. 居民普通门诊 A档:
 * { name: '城乡居民普通门诊', insutypes: ['390'], med_types: ['11'], cap: 4000 }. A settlement belongs
 * to the category when its insutype is listed (an empty list: any insutype) and its med_type
 * starts with a listed code (so '14' also covers regional 140104).
 */
const Category = z.object({
  name: z.string().trim().min(1),
  insutypes: z.array(z.string().trim().min(1)).default([]),
  med_types: z.array(z.string().trim().min(1)).min(1),
  cap: Money,
});
const Params = z.object({ categories: z.array(Category).default([]) }).strict();

/**
 * 门诊年度支付限额: per person, category and calendar year (by settlement date), settlements are
 * summed in time order (setl_time, then setl_id); every settlement after which the sum exceeds the
 * cap is flagged with the part above the cap it carries: min(its fund_pay_sumamt, sum − cap). The
 * findings of a year thus add up to the year's total minus the cap. History before the audit period
 * counts towards the sum.
 */
export const rule = defineRule({
  meta: {
    id: 'annual_outpatient_cap', name_zh: '门诊年度支付限额', name_en: 'Annual outpatient fund cap', category: 'policy',
    scope: 'person', perPerson: true, severity: 'violation', params: Params,
    knowledge: '地区待遇政策（params.categories：险种、医疗类别、年度统筹基金支付限额）',
    amount_zh: '超出年度限额的基金支付：min(本次结算 fund_pay_sumamt, 年度累计 − 限额)',
    basis: '《医疗保障基金使用监督管理条例》第十五条；地区门诊统筹待遇政策',
  },
  batch: (p) => ({
    sql: `WITH c AS (
        SELECT unnest(from_json(?, '[{"idx":"INTEGER","name":"VARCHAR","insutypes":["VARCHAR"],"med_types":["VARCHAR"],"cap":"VARCHAR"}]'),
          recursive := true)),
      s AS (
        SELECT s.setl_id, s.mdtrt_id, s.psn_no, s.fixmedins_code, s.setl_time, CAST(s.setl_time AS DATE) AS setl_date,
          coalesce(s.fund_pay_sumamt, 0) AS fund, coalesce(s.med_type, v.med_type) AS med_type,
          coalesce(s.insutype, v.insutype) AS insutype
        FROM a_setl s JOIN a_visit v ON v.mdtrt_id = s.mdtrt_id),
      m AS (
        SELECT s.*, c.idx, c.name, CAST(c.cap AS DECIMAL(18,4)) AS cap, year(s.setl_date) AS yr
        FROM s JOIN c ON (len(c.insutypes) = 0 OR list_contains(c.insutypes, s.insutype))
          AND EXISTS (SELECT 1 FROM unnest(c.med_types) AS u(t) WHERE starts_with(s.med_type, u.t))),
      cum AS (
        SELECT *, sum(fund) OVER (PARTITION BY psn_no, idx, yr ORDER BY setl_time, setl_id
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total
        FROM m)
      SELECT f.fixmedins_code, f.psn_no, f.mdtrt_id, f.setl_id, CAST([] AS VARCHAR[]) AS bkkp_sn,
        least(f.fund, f.total - f.cap) AS amount, f.setl_date AS occurred_at,
        json_object('year', CAST(f.yr AS VARCHAR), 'category', f.name, 'total', ${money('f.total')}, 'cap', ${money('f.cap')},
          'amount', ${money('least(f.fund, f.total - f.cap)')}) AS facts,
        json_object('year', f.yr, 'category', f.name, 'insutype', f.insutype, 'med_type', f.med_type, 'cap', f.cap,
          'fund_pay_sumamt', f.fund, 'year_total_after', f.total, 'setl_time', f.setl_time) AS evidence,
        'params.categories[' || f.idx || ']（' || f.name || '）' AS knowledge_ref
      FROM cum f
      WHERE f.total > f.cap AND f.fund > 0`,
    params: [JSON.stringify(p.categories.map((c, idx) => ({ idx, ...c })))],
  }),
  realtime: (p, d) => {
    const isNull = (v: unknown) => v === null || v === undefined;
    const visits = new Map(d.a_visit.map((v) => [String(v.mdtrt_id), v]));
    // s: settlements with their visit; the settlement's own med_type and insutype win.
    const s: { s: Row; fund: Decimal; med_type: string | null; insutype: string | null }[] = [];
    for (const r of d.a_setl) {
      const v = visits.get(String(r.mdtrt_id));
      if (!v) continue;
      s.push({ s: r, fund: dec(r.fund_pay_sumamt), med_type: r.med_type ?? v.med_type ?? null,
        insutype: r.insutype ?? v.insutype ?? null });
    }
    const money = (x: Decimal) => x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
    const out: RtFindingRow[] = [];
    p.categories.forEach((c, idx) => {
      const cap = new Decimal(c.cap).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
      // m: the category's settlements, per person and calendar year.
      const years = new Map<string, typeof s>();
      for (const x of s) {
        if (!(c.insutypes.length === 0 || (!isNull(x.insutype) && c.insutypes.includes(x.insutype!)))) continue;
        if (!startsWithAny(x.med_type, c.med_types)) continue;
        const key = `${x.s.psn_no}\u0000${String(x.s.setl_time).slice(0, 4)}`;
        years.set(key, [...(years.get(key) ?? []), x]);
      }
      for (const list of years.values()) {
        // cum: the running total in settlement order.
        let total = new Decimal(0);
        for (const x of sortBy(list, (y) => y.s.setl_time, (y) => y.s.setl_id)) {
          total = total.plus(x.fund);
          if (!total.gt(cap) || !x.fund.gt(0)) continue;
          const over = Decimal.min(x.fund, total.minus(cap));
          const yr = Number(String(x.s.setl_time).slice(0, 4));
          out.push({
            fixmedins_code: x.s.fixmedins_code, psn_no: x.s.psn_no, mdtrt_id: x.s.mdtrt_id, setl_id: x.s.setl_id, bkkp_sn: [],
            amount: over.toString(), occurred_at: String(x.s.setl_time).slice(0, 10),
            facts: { year: String(yr), category: c.name, total: money(total), cap: money(cap), amount: money(over) },
            evidence: { year: yr, category: c.name, insutype: x.insutype, med_type: x.med_type, cap: cap.toFixed(4),
              fund_pay_sumamt: x.fund.toFixed(4), year_total_after: total.toFixed(4), setl_time: x.s.setl_time },
            knowledge_ref: `params.categories[${idx}]（${c.name}）`,
          });
        }
      }
    });
    return out;
  },
});
