import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { dec, indexBy, knowledgeRef, lineEvidence, lineFinding } from '../realtime/helpers.js';
import type { RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '患者为{age}周岁{sex}，已达法定退休年龄（{limit}周岁），项目【{item}】限法定就业年龄段参保人使用',
    en: 'patient is a {age}-year-old {sex_en}, at or above the retirement age ({limit}); [{item}] is only for working-age persons',
  },
};

/**
 * 限定就业年龄 (batch 8-2): items such as 职业功能训练 paid only for persons of working age. A line
 * offends when the patient's age at the fee date is at or above the retirement age of their sex.
 * When the sex is unknown only the higher of the two ages is certain, so that one applies.
 */
export const rule = defineRule({
  meta: {
    id: 'working_age_restriction', name_zh: '限定就业年龄', name_en: 'Working-age restriction', category: 'policy',
    scope: 'line', perPerson: true, severity: 'violation',
    params: z.object({
      retirement_age_male: z.number().int().positive().default(60),
      retirement_age_female: z.number().int().positive().default(55),
    }).strict(),
    knowledge: '第八批 医疗服务项目限年龄（法定就业年龄）',
    amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt', basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => ({
    sql: `WITH p AS (SELECT CAST(? AS INTEGER) AS male, CAST(? AS INTEGER) AS female),
      k AS (
        SELECT DISTINCT ON (hilist_code) hilist_code, src_file, src_sheet, src_row
        FROM kn_effective_item_restriction WHERE working_age_only
        ORDER BY hilist_code, src_file, src_row),
      x AS (
        SELECT f.*, k.src_file, k.src_sheet, k.src_row,
          CASE f.psn_gend WHEN '1' THEN p.male WHEN '2' THEN p.female ELSE greatest(p.male, p.female) END AS limit_age
        FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code CROSS JOIN p
        WHERE f.age_years IS NOT NULL AND f.fund_amt > 0)
      SELECT ${lineFindingSql('x')},
        json_object('age', x.age_years, 'limit', x.limit_age, 'item', x.hilist_name,
          'sex', CASE x.psn_gend WHEN '1' THEN '男性' WHEN '2' THEN '女性' ELSE '（性别不详）' END,
          'sex_en', CASE x.psn_gend WHEN '1' THEN 'man' WHEN '2' THEN 'woman' ELSE 'person of unknown sex' END) AS facts,
        json_object('age_years', x.age_years, 'psn_gend', x.psn_gend, 'psn_brdy', CAST(x.psn_brdy AS VARCHAR),
          'retirement_age', x.limit_age, ${lineEvidenceSql('x')}) AS evidence,
        ${knowledgeRefSql('x')} AS knowledge_ref
      FROM x WHERE x.age_years >= x.limit_age`,
    params: [p.retirement_age_male, p.retirement_age_female],
  }),
  realtime: (p, d) => {
    const items = indexBy(d.kn.item_restriction, 'hilist_code');
    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      // First row by (src_file, src_row): the knowledge view is ordered so.
      const k = (items.get(f.hilist_code) ?? []).find((r) => r.working_age_only === true);
      if (!k || f.age_years === null || f.age_years === undefined || !dec(f.fund_amt).gt(0)) continue;
      const limit = f.psn_gend === '1' ? p.retirement_age_male : f.psn_gend === '2' ? p.retirement_age_female
        : Math.max(p.retirement_age_male, p.retirement_age_female);
      if (!(f.age_years >= limit)) continue;
      out.push({
        ...lineFinding(f),
        facts: { age: f.age_years, limit, item: f.hilist_name,
          sex: f.psn_gend === '1' ? '男性' : f.psn_gend === '2' ? '女性' : '（性别不详）',
          sex_en: f.psn_gend === '1' ? 'man' : f.psn_gend === '2' ? 'woman' : 'person of unknown sex' },
        evidence: { age_years: f.age_years, psn_gend: f.psn_gend ?? null, psn_brdy: f.psn_brdy ?? null, retirement_age: limit,
          ...lineEvidence(f) },
        knowledge_ref: knowledgeRef(k),
      });
    }
    return out;
  },
});
