import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { defineRule } from '../types.js';
import { lineEvidenceSql } from '../knowledge-ref.js';
import { dec, indexBy, lineEvidence } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{inst_class}机构收取【{item}】单价{pric}元，超过{limit_kind}{limit}元（数量{cnt}，超收{amount}元）',
    en: '{inst_class_en} institution charged [{item}] at {pric} per unit, above the {limit_kind_en} of {limit} (quantity {cnt}, overcharge {amount})',
  },
};

const money = (e: string) => `CAST(CAST(round(${e}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;
/** round(x, 2) on a decimal: half away from zero, as DuckDB rounds. */
const fen = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;

/** CAST(cnt AS VARCHAR) with its trailing zeros and point trimmed. */
const trimmedCount = (cnt: unknown): string => String(cnt).replace(/0+$/, '').replace(/\.+$/, '');

/** least(a, b): NULLs skipped, NULL only when both are. */
function least(a: Decimal | null, b: Decimal | null): Decimal | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.lte(b) ? a : b;
}

/**
 * 超标准收费: a line's unit price above its limit. The limit is the lower of the line's own
 * pric_uplmt_amt (when > 0) and the price catalogue's highest price for the item at the
 * institution's class (3 三级 / 2 二级 / 1 一级及以下). Amount = (pric − limit) × cnt (net of returns),
 * rounded to the fen.
 */
export const rule = defineRule({
  meta: {
    id: 'over_price_limit', name_zh: '超标准收费', name_en: 'Price above the limit', category: 'policy', scope: 'line', perPerson: true,
    severity: 'violation', params: z.object({}).strict(), knowledge: '医疗服务价格目录（按机构等级的最高限价）；明细限价 pric_uplmt_amt',
    amount_zh: '（单价 − 限价）× 数量', basis: '《医疗保障基金使用监督管理条例》第十五条（超标准收费）',
  },
  batch: () => ({
    // Lines are judged on a few columns; the wide fee row is joined back (on its key) only for the lines that fire.
    sql: `WITH c AS (
        SELECT f.fixmedins_code, f.bkkp_sn, f.pric, pc.max_price AS catalogue_price, pc.hosp_lv_class,
          CASE WHEN f.pric_uplmt_amt > 0 THEN f.pric_uplmt_amt END AS line_limit
        FROM a_fee f
        LEFT JOIN price_catalog pc ON pc.hilist_code = f.hilist_code AND trim(pc.hosp_lv_class) = CAST(f.hosp_class AS VARCHAR)),
      l AS (
        SELECT f.*, c.catalogue_price, c.hosp_lv_class, c.line_limit, least(c.catalogue_price, c.line_limit) AS lim,
          CASE f.hosp_class WHEN 3 THEN '三级' WHEN 2 THEN '二级' ELSE '一级及以下' END AS class_zh
        FROM c JOIN a_fee f ON f.fixmedins_code = c.fixmedins_code AND f.bkkp_sn = c.bkkp_sn
        WHERE c.pric > least(c.catalogue_price, c.line_limit))
      SELECT f.fixmedins_code, f.psn_no, f.mdtrt_id, f.setl_id, [f.bkkp_sn] AS bkkp_sn,
        round((CAST(f.pric AS DECIMAL(38,4)) - f.lim) * f.cnt, 2) AS amount, f.fee_date AS occurred_at,
        json_object('inst_class', f.class_zh,
          'inst_class_en', CASE f.hosp_class WHEN 3 THEN 'class-3' WHEN 2 THEN 'class-2' ELSE 'class-1 or lower' END,
          'item', f.hilist_name, 'pric', ${money('f.pric')}, 'limit', ${money('f.lim')},
          'limit_kind', CASE WHEN f.catalogue_price = f.lim THEN f.class_zh || '限价' ELSE '明细限价' END,
          'limit_kind_en', CASE WHEN f.catalogue_price = f.lim THEN 'catalogue price for the class' ELSE 'line price cap' END,
          'cnt', rtrim(rtrim(CAST(f.cnt AS VARCHAR), '0'), '.'),
          'amount', ${money('(CAST(f.pric AS DECIMAL(38,4)) - f.lim) * f.cnt')}) AS facts,
        json_object('catalogue_price', f.catalogue_price, 'hosp_lv_class', f.hosp_lv_class, 'pric_uplmt_amt', f.pric_uplmt_amt,
          'limit', f.lim, 'hosp_class', f.hosp_class, ${lineEvidenceSql()}) AS evidence,
        CASE WHEN f.catalogue_price = f.lim THEN 'price_catalog ' || f.hilist_code || ' 等级' || f.hosp_lv_class
          ELSE 'fee_list_d.pric_uplmt_amt' END AS knowledge_ref
      FROM l f`,
  }),
  realtime: (_p, d) => {
    const catalogue = indexBy(d.kn.price_catalog, 'hilist_code');
    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      // LEFT JOIN: every catalogue row of the item at the line's class, else one row without a catalogue price.
      const cls = String(f.hosp_class);
      const rows: (Row | null)[] = (catalogue.get(String(f.hilist_code)) ?? [])
        .filter((pc) => !isNull(pc.hosp_lv_class) && String(pc.hosp_lv_class).replace(/^ +| +$/g, '') === cls);
      if (rows.length === 0) rows.push(null);
      for (const pc of rows) {
        const cataloguePrice = pc === null || isNull(pc.max_price) ? null : dec(pc.max_price);
        const lineLimit = !isNull(f.pric_uplmt_amt) && dec(f.pric_uplmt_amt).gt(0) ? dec(f.pric_uplmt_amt) : null;
        const lim = least(cataloguePrice, lineLimit);
        if (lim === null || isNull(f.pric) || !dec(f.pric).gt(lim)) continue;
        const classZh = f.hosp_class === 3 ? '三级' : f.hosp_class === 2 ? '二级' : '一级及以下';
        const fromCatalogue = cataloguePrice !== null && cataloguePrice.eq(lim);
        const amount = fen(dec(f.pric).minus(lim).times(dec(f.cnt)));
        out.push({
          fixmedins_code: f.fixmedins_code, psn_no: f.psn_no, mdtrt_id: f.mdtrt_id, setl_id: f.setl_id, bkkp_sn: [f.bkkp_sn],
          amount: amount.toFixed(2), occurred_at: f.fee_date,
          facts: {
            inst_class: classZh,
            inst_class_en: f.hosp_class === 3 ? 'class-3' : f.hosp_class === 2 ? 'class-2' : 'class-1 or lower',
            item: f.hilist_name, pric: fen(dec(f.pric)).toFixed(2), limit: fen(lim).toFixed(2),
            limit_kind: fromCatalogue ? `${classZh}限价` : '明细限价',
            limit_kind_en: fromCatalogue ? 'catalogue price for the class' : 'line price cap',
            cnt: trimmedCount(f.cnt), amount: amount.toFixed(2),
          },
          evidence: { catalogue_price: pc?.max_price ?? null, hosp_lv_class: pc?.hosp_lv_class ?? null,
            pric_uplmt_amt: f.pric_uplmt_amt ?? null, limit: lim.toFixed(4), hosp_class: f.hosp_class, ...lineEvidence(f) },
          knowledge_ref: fromCatalogue ? `price_catalog ${f.hilist_code} 等级${pc!.hosp_lv_class}` : 'fee_list_d.pric_uplmt_amt',
        });
      }
    }
    return out;
  },
});
