import { z } from 'zod';
import { defineRule } from '../types.js';
import { lineEvidenceSql } from '../knowledge-ref.js';

export const messages = {
  message: {
    zh: '{inst_class}机构收取【{item}】单价{pric}元，超过{limit_kind}{limit}元（数量{cnt}，超收{amount}元）',
    en: '{inst_class_en} institution charged [{item}] at {pric} per unit, above the {limit_kind_en} of {limit} (quantity {cnt}, overcharge {amount})',
  },
};

const money = (e: string) => `CAST(CAST(round(${e}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;

/**
 * 超标准收费: a line's unit price above its limit. The limit is the lower of the line's own
 * pric_uplmt_amt (when > 0) and the price catalogue's highest price for the item at the
 * institution's class (3 三级 / 2 二级 / 1 一级及以下). Amount = (pric − limit) × cnt (net of returns),
 * rounded to the fen.
 */
export const rule = defineRule({
  meta: {
    id: 'over_price_limit', name_zh: '超标准收费', name_en: 'Price above the limit', category: 'policy', scope: 'line',
    severity: 'violation', params: z.object({}).strict(), knowledge: '医疗服务价格目录（按机构等级的最高限价）；明细限价 pric_uplmt_amt',
    amount_zh: '（单价 − 限价）× 数量', basis: '《医疗保障基金使用监督管理条例》第十五条（超标准收费）',
  },
  batch: () => ({
    sql: `WITH c AS (
        SELECT f.*, pc.max_price AS catalogue_price, pc.hosp_lv_class,
          CASE WHEN f.pric_uplmt_amt > 0 THEN f.pric_uplmt_amt END AS line_limit
        FROM a_fee f
        LEFT JOIN price_catalog pc ON pc.hilist_code = f.hilist_code AND trim(pc.hosp_lv_class) = CAST(f.hosp_class AS VARCHAR)),
      l AS (
        SELECT *, least(catalogue_price, line_limit) AS lim,
          CASE f.hosp_class WHEN 3 THEN '三级' WHEN 2 THEN '二级' ELSE '一级及以下' END AS class_zh
        FROM c f WHERE f.pric > least(f.catalogue_price, f.line_limit))
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
});
