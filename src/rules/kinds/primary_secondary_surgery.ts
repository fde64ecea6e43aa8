import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql } from '../knowledge-ref.js';

export const messages = {
  message: {
    zh: '{date}同一手术时段（{group}）第二及以后的手术【{item}】未按{pct}%折价：单价{pric}元，应不超过{due_price}元（主手术【{primary}】）',
    en: '{date}, same operation session ({group}): secondary surgery [{item}] not discounted to {pct}%: unit price {pric}, due at most {due_price} (primary [{primary}])',
  },
};

const money = (e: string) => `CAST(CAST(round(${e}, 2) AS DECIMAL(18,2)) AS VARCHAR)`;

/**
 * 限定主次操作 (batch 2): two or more surgeries of one surgery group in one operation session (same
 * visit, same day). The primary is the line billed highest (ties: higher reference price, then
 * bkkp_sn); every other line of the group must be charged at most [secondary_rate] × its reference
 * price, which is the price catalogue's highest price for the institution's class, else the line's
 * own pric_uplmt_amt; without either the discount cannot be judged. A code listed in two groups
 * counts in both; a line secondary in any of its groups is flagged once.
 * Amount: det_item_fee_sumamt − round(cnt × reference price × secondary_rate, 2) (the discount not given).
 */
export const rule = defineRule({
  meta: {
    id: 'primary_secondary_surgery', name_zh: '限定主次操作', name_en: 'Secondary surgery not discounted',
    category: 'policy', scope: 'visit', severity: 'violation',
    params: z.object({ secondary_rate: z.number().gt(0).max(1).default(0.5) }).strict(),
    knowledge: '第二批 限定主次操作（手术组）；医疗服务价格目录',
    amount_zh: '次要手术明细金额 − 数量 × 限价 × 折价比例（未给予的折让）',
    basis: '《医疗保障基金使用监督管理条例》第十五条（超标准收费）',
  },
  batch: (p) => ({
    sql: `WITH g AS (
        SELECT DISTINCT ON (hilist_code, surgery_group) hilist_code, surgery_group, src_file, src_sheet, src_row
        FROM kn_effective_item_restriction WHERE surgery_group IS NOT NULL
        ORDER BY hilist_code, surgery_group, src_file, src_row),
      ops AS (
        SELECT f.*, g.surgery_group, ${knowledgeRefSql('g')} AS knowledge_ref, pc.max_price AS catalogue_price,
          coalesce(pc.max_price, CASE WHEN f.pric_uplmt_amt > 0 THEN f.pric_uplmt_amt END) AS ref_price
        FROM a_fee f JOIN g ON g.hilist_code = f.hilist_code
        LEFT JOIN price_catalog pc ON pc.hilist_code = f.hilist_code AND trim(pc.hosp_lv_class) = CAST(f.hosp_class AS VARCHAR)),
      ranked AS (
        SELECT *,
          row_number() OVER w AS rk, first_value(hilist_name) OVER w AS primary_name,
          first_value(bkkp_sn) OVER w AS primary_bkkp_sn,
          CAST(? AS DECIMAL(9,4)) AS rate
        FROM ops
        WINDOW w AS (PARTITION BY mdtrt_id, fee_date, surgery_group
          ORDER BY det_item_fee_sumamt DESC, ref_price DESC NULLS LAST, bkkp_sn
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))
      SELECT DISTINCT ON (f.fixmedins_code, f.bkkp_sn)
        f.fixmedins_code, f.psn_no, f.mdtrt_id, f.setl_id, [f.bkkp_sn] AS bkkp_sn,
        f.det_item_fee_sumamt - round(CAST(f.cnt AS DECIMAL(38,4)) * f.ref_price * f.rate, 2) AS amount, f.fee_date AS occurred_at,
        json_object('date', CAST(f.fee_date AS VARCHAR), 'group', f.surgery_group, 'item', f.hilist_name,
          'pct', ?, 'pric', ${money('f.pric')}, 'due_price', ${money('CAST(f.ref_price AS DECIMAL(38,4)) * f.rate')},
          'primary', f.primary_name) AS facts,
        json_object('surgery_group', f.surgery_group, 'primary_bkkp_sn', f.primary_bkkp_sn, 'reference_price', f.ref_price,
          'reference', CASE WHEN f.catalogue_price IS NOT NULL THEN 'price_catalog' ELSE 'pric_uplmt_amt' END,
          'hosp_class', f.hosp_class, 'secondary_rate', f.rate, ${lineEvidenceSql()}) AS evidence,
        f.knowledge_ref
      FROM ranked f
      WHERE f.rk > 1 AND f.ref_price IS NOT NULL AND f.pric > CAST(f.ref_price AS DECIMAL(38,4)) * f.rate
      ORDER BY f.fixmedins_code, f.bkkp_sn, f.surgery_group`,
    params: [String(p.secondary_rate), String(Math.round(p.secondary_rate * 10000) / 100)],
  }),
});
