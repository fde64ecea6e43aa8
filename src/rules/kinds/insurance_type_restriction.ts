import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { dec, indexBy, knowledgeRef, lineEvidence, lineFinding } from '../realtime/helpers.js';
import type { RtFindingRow } from '../realtime/data.js';

const INSUTYPE_NAMES = new Map([['310', '职工基本医疗保险'], ['320', '公务员医疗补助'], ['330', '大额医疗费用补助'],
  ['340', '离休人员医疗保障'], ['390', '城乡居民基本医疗保险'], ['391', '城乡居民基本医疗保险'], ['392', '城乡居民大病医疗保险']]);

export const messages = {
  message: {
    zh: '药品【{item}】限{insu}保险使用，按{insutype_name}（险种{insutype}）结算',
    en: 'drug [{item}] is for {insu_en} insurance only but was settled under insutype {insutype}',
  },
};

/**
 * 限定保险类型 (batch 3): drugs of the 工伤 or 生育 insurance catalogues settled under basic
 * medical insurance. The settlement's insutype decides (the visit's when the settlement has none);
 * which insutypes count as basic medical insurance is a parameter (comma-separated to SQL).
 */
export const rule = defineRule({
  meta: {
    id: 'insurance_type_restriction', name_zh: '限定保险类型', name_en: 'Insurance-type restriction', category: 'policy',
    scope: 'line', perPerson: true, severity: 'violation',
    params: z.object({
      basic_insutypes: z.array(z.string().regex(/^[0-9A-Za-z]+$/)).min(1)
        .default(['310', '320', '330', '340', '390', '391', '392']),
    }).strict(),
    knowledge: '第三批 限定保险类型药品',
    amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt', basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => ({
    sql: `WITH k AS (
        SELECT DISTINCT ON (hilist_code) hilist_code, insu_type, src_file, src_sheet, src_row
        FROM kn_effective_drug_restriction WHERE insu_type IN ('工伤', '生育')
        ORDER BY hilist_code, src_file, src_row),
      x AS (
        SELECT f.*, k.insu_type, k.src_file, k.src_sheet, k.src_row, coalesce(s.insutype, f.visit_insutype) AS setl_insutype
        FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code JOIN a_setl s ON s.setl_id = f.setl_id
        WHERE f.fund_amt > 0)
      SELECT ${lineFindingSql('x')},
        json_object('item', x.hilist_name, 'insu', x.insu_type,
          'insu_en', CASE x.insu_type WHEN '工伤' THEN 'work-injury' ELSE 'maternity' END, 'insutype', x.setl_insutype,
          'insutype_name', CASE x.setl_insutype WHEN '310' THEN '职工基本医疗保险' WHEN '320' THEN '公务员医疗补助'
            WHEN '330' THEN '大额医疗费用补助' WHEN '340' THEN '离休人员医疗保障' WHEN '390' THEN '城乡居民基本医疗保险'
            WHEN '391' THEN '城乡居民基本医疗保险' WHEN '392' THEN '城乡居民大病医疗保险' ELSE '基本医疗保险' END) AS facts,
        json_object('restricted_to', x.insu_type, 'setl_insutype', x.setl_insutype, 'visit_insutype', x.visit_insutype,
          ${lineEvidenceSql('x')}) AS evidence,
        ${knowledgeRefSql('x')} AS knowledge_ref
      FROM x WHERE list_contains(string_split(?, ','), x.setl_insutype)`,
    params: [p.basic_insutypes.join(',')],
  }),
  realtime: (p, d) => {
    const drugs = indexBy(d.kn.drug_restriction, 'hilist_code');
    const setls = indexBy(d.a_setl, 'setl_id');
    // The SQL binds the list joined by commas and splits it again.
    const basic = p.basic_insutypes.join(',').split(',');
    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      // First row by (src_file, src_row): the knowledge view is ordered so.
      const k = (drugs.get(f.hilist_code) ?? []).find((r) => r.insu_type === '工伤' || r.insu_type === '生育');
      if (!k || !dec(f.fund_amt).gt(0)) continue;
      for (const s of setls.get(String(f.setl_id)) ?? []) {
        const insutype: string | null = s.insutype ?? f.visit_insutype ?? null;
        if (insutype === null || !basic.includes(insutype)) continue;
        out.push({
          ...lineFinding(f),
          facts: { item: f.hilist_name, insu: k.insu_type, insu_en: k.insu_type === '工伤' ? 'work-injury' : 'maternity',
            insutype, insutype_name: INSUTYPE_NAMES.get(insutype) ?? '基本医疗保险' },
          evidence: { restricted_to: k.insu_type, setl_insutype: insutype, visit_insutype: f.visit_insutype ?? null,
            ...lineEvidence(f) },
          knowledge_ref: knowledgeRef(k),
        });
      }
    }
    return out;
  },
});
