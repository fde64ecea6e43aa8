import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';

export const messages = {
  message: { zh: '患者性别为{sex}，{kind}【{item}】限{allowed}性使用', en: 'patient is {sex_en}; {kind_en} [{item}] is restricted to {allowed_en} patients' },
};

/** 限定性别: an item or drug restricted to one sex (batch 1) billed for a patient of the other. */
export const rule = defineRule({
  meta: {
    id: 'gender_restriction', name_zh: '限定性别', name_en: 'Sex restriction', category: 'policy', scope: 'line',
    severity: 'violation', params: z.object({}).strict(), knowledge: '第一批 限定性别药品、限定性别诊疗项目',
    amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt', basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: () => ({
    sql: `WITH k AS (
        SELECT DISTINCT ON (hilist_code) hilist_code, gend, src_file, src_sheet, src_row
        FROM (SELECT * FROM kn_effective_drug_restriction WHERE gend IN ('1', '2')
              UNION ALL BY NAME SELECT * FROM kn_effective_item_restriction WHERE gend IN ('1', '2'))
        ORDER BY hilist_code, src_file, src_row)
      SELECT ${lineFindingSql()},
        json_object('sex', CASE f.psn_gend WHEN '1' THEN '男' ELSE '女' END,
          'sex_en', CASE f.psn_gend WHEN '1' THEN 'male' ELSE 'female' END,
          'kind', CASE WHEN f.list_type IN ('101', '102', '103') THEN '药品' ELSE '项目' END,
          'kind_en', CASE WHEN f.list_type IN ('101', '102', '103') THEN 'drug' ELSE 'item' END,
          'item', f.hilist_name, 'allowed', CASE k.gend WHEN '1' THEN '男' ELSE '女' END,
          'allowed_en', CASE k.gend WHEN '1' THEN 'male' ELSE 'female' END) AS facts,
        json_object('psn_gend', f.psn_gend, 'restricted_to', k.gend, ${lineEvidenceSql()}) AS evidence,
        ${knowledgeRefSql()} AS knowledge_ref
      FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code
      -- A fully self-paid line costs the fund nothing: not a payment-scope violation.
      WHERE f.psn_gend IN ('1', '2') AND f.psn_gend <> k.gend AND f.fund_amt > 0`,
  }),
});
