import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { HOSP_CLASS_SQL } from '../base-views.js';

export const messages = {
  message: {
    zh: '药品【{item}】限{allowed}使用，本机构为{inst_level}（hosp_lv {hosp_lv}）{note}',
    en: 'drug [{item}] is restricted to institutions of level {min_class}+, used at a level-{inst_class} institution (hosp_lv {hosp_lv}){note_en}',
  },
};

/**
 * 限定机构等级 (batch 5): drugs restricted to 二级及以上 / 三级 institutions used where the visit's
 * hosp_lv class (3 三级, 2 二级, 1 一级及以下 incl. 无等级 and pharmacies) is lower. Where the text only
 * asks that the first prescription (首次处方) come from such an institution, a line is flagged only
 * while the person has no earlier or same-day use of the drug at a qualifying institution.
 */
export const rule = defineRule({
  meta: {
    id: 'institution_level_restriction', name_zh: '限定机构等级', name_en: 'Institution-level restriction',
    category: 'policy', scope: 'line', severity: 'violation', params: z.object({}).strict(),
    knowledge: '第五批 限定医疗机构等级药品',
    amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt', basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: () => ({
    sql: `WITH k AS (
        SELECT DISTINCT ON (hilist_code) hilist_code, hosp_class_min, lmt_src_file, lmt_src_row,
          coalesce(drug_dscr, '') LIKE '%首次处方%' AS first_rx_only, src_file, src_sheet, src_row
        FROM kn_effective_drug_restriction WHERE hosp_class_min IS NOT NULL
        ORDER BY hilist_code, src_file, src_row),
      -- The visit's hosp_lv, else the institution's registered one; with neither the line is not judged.
      inst AS (SELECT fixmedins_code, arg_max(hosp_lv, status_begin) AS hosp_lv FROM fixmedins_info GROUP BY ALL),
      lv AS (
        SELECT f.*, k.hosp_class_min, k.lmt_src_file, k.lmt_src_row, k.first_rx_only, k.src_file, k.src_sheet, k.src_row,
          coalesce(nullif(trim(v.hosp_lv), ''), nullif(trim(i.hosp_lv), '')) AS lv_code
        FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code JOIN a_visit v ON v.mdtrt_id = f.mdtrt_id
        LEFT JOIN inst i ON i.fixmedins_code = f.fixmedins_code),
      u AS (SELECT * REPLACE (${HOSP_CLASS_SQL('lv_code')} AS hosp_class) FROM lv WHERE lv_code IS NOT NULL),
      -- First date each person used a first-prescription drug at a qualifying institution.
      ok_rx AS (
        SELECT psn_no, lmt_src_file, lmt_src_row, min(fee_date) AS first_ok
        FROM u WHERE first_rx_only AND hosp_class >= hosp_class_min GROUP BY ALL),
      x AS (
        SELECT u.* FROM u
        LEFT JOIN ok_rx o ON o.psn_no = u.psn_no AND o.lmt_src_file = u.lmt_src_file AND o.lmt_src_row = u.lmt_src_row
        WHERE u.hosp_class < u.hosp_class_min AND u.fund_amt > 0
          AND NOT (u.first_rx_only AND o.first_ok IS NOT NULL AND o.first_ok <= u.fee_date))
      SELECT ${lineFindingSql('x')},
        json_object('item', x.hilist_name, 'min_class', x.hosp_class_min, 'inst_class', x.hosp_class,
          'hosp_lv', x.lv_code,
          'allowed', CASE x.hosp_class_min WHEN 3 THEN '三级医疗机构' ELSE '二级及以上医疗机构' END,
          'inst_level', CASE x.hosp_class WHEN 2 THEN '二级医疗机构' ELSE '一级及以下医疗机构' END,
          'note', CASE WHEN x.first_rx_only THEN '，且此前无合规机构的首次处方' ELSE '' END,
          'note_en', CASE WHEN x.first_rx_only THEN ', with no earlier first prescription at a qualifying institution' ELSE '' END
        ) AS facts,
        json_object('hosp_lv', x.lv_code, 'hosp_class', x.hosp_class, 'hosp_class_min', x.hosp_class_min,
          'first_prescription_only', x.first_rx_only, ${lineEvidenceSql('x')}) AS evidence,
        ${knowledgeRefSql('x')} AS knowledge_ref
      FROM x`,
  }),
});
