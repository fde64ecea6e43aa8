import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { dec, indexBy, knowledgeRef, lineEvidence, lineFinding } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

const DRUG_LIST_TYPES = ['101', '102', '103'];

export const messages = {
  message: { zh: '患者性别为{sex}，{kind}【{item}】限{allowed}性使用', en: 'patient is {sex_en}; {kind_en} [{item}] is restricted to {allowed_en} patients' },
};

/** 限定性别: an item or drug restricted to one sex (batch 1) billed for a patient of the other. */
export const rule = defineRule({
  meta: {
    id: 'gender_restriction', name_zh: '限定性别', name_en: 'Sex restriction', category: 'policy', scope: 'line', perPerson: true,
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
  realtime: (_p, d) => {
    // First knowledge row per code by (src_file, src_row) among drug and item rows restricted to one sex.
    const first = (rows: Row[]) => rows.filter((k) => k.gend === '1' || k.gend === '2');
    const out: RtFindingRow[] = [];
    const drugs = indexBy(d.kn.drug_restriction, 'hilist_code');
    const items = indexBy(d.kn.item_restriction, 'hilist_code');
    for (const f of d.a_fee) {
      if (f.psn_gend !== '1' && f.psn_gend !== '2') continue;
      const cands = [...first(drugs.get(f.hilist_code) ?? []), ...first(items.get(f.hilist_code) ?? [])]
        .sort((a, b) => (a.src_file < b.src_file ? -1 : a.src_file > b.src_file ? 1 : a.src_row - b.src_row));
      const k = cands[0];
      if (!k || k.gend === f.psn_gend || !dec(f.fund_amt).gt(0)) continue;
      const drug = DRUG_LIST_TYPES.includes(f.list_type);
      out.push({
        ...lineFinding(f),
        facts: { sex: f.psn_gend === '1' ? '男' : '女', sex_en: f.psn_gend === '1' ? 'male' : 'female',
          kind: drug ? '药品' : '项目', kind_en: drug ? 'drug' : 'item', item: f.hilist_name,
          allowed: k.gend === '1' ? '男' : '女', allowed_en: k.gend === '1' ? 'male' : 'female' },
        evidence: { psn_gend: f.psn_gend, restricted_to: k.gend, ...lineEvidence(f) },
        knowledge_ref: knowledgeRef(k),
      });
    }
    return out;
  },
});
