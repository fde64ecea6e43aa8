import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { cmp, dec, indexBy, knowledgeRef, lineEvidence, lineFinding } from '../realtime/helpers.js';
import type { RtFindingRow } from '../realtime/data.js';

const MED_TYPE_NAMES = new Map([['11', '普通门诊'], ['12', '门诊挂号'], ['16', '中医特色门诊'], ['41', '定点药店购药'],
  ['51', '生育门诊'], ['71', '家庭病床']]);

/** The facts' name of a med_type (14… are all 门诊慢特病), else its kind. */
const visitKindName = (mt: string, kind: string): string =>
  mt.startsWith('14') ? '门诊慢特病' : MED_TYPE_NAMES.get(mt) ?? kind;

const patterns = new Map<string, RegExp>();
/** regexp_matches(v, pattern): a match anywhere, like RE2 in DuckDB. */
function matches(v: string, pattern: string): boolean {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(pattern)));
  return re.test(v);
}

export const messages = {
  message: {
    zh: '药品【{item}】限{allowed}患者使用，本次就诊为{visit_kind}（med_type {med_type}）',
    en: 'drug [{item}] is restricted to {allowed_en} patients, used in a {visit_kind_en} visit (med_type {med_type})',
  },
};

/**
 * 限定就医方式 (batch 4): drugs restricted to 住院 (or 门诊/急诊) used in another kind of visit. The
 * visit's med_type gives its kind: inpatient and emergency by regular expressions (parameters,
 * since regions add their own sub-codes), every other med_type is outpatient (门诊, pharmacy
 * purchases included). A restriction text naming 急诊 (限急诊或住院患者) also allows 急诊.
 */
export const rule = defineRule({
  meta: {
    id: 'visit_type_restriction', name_zh: '限定就医方式', name_en: 'Visit-type restriction', category: 'policy',
    scope: 'line', perPerson: true, severity: 'violation',
    params: z.object({
      inpatient_med_type_pattern: z.string().min(1).default('^(2|52)'),
      emergency_med_type_pattern: z.string().min(1).default('^13'),
    }).strict(),
    knowledge: '第四批 限定就医方式药品',
    amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt', basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => ({
    sql: `WITH p AS (SELECT CAST(? AS VARCHAR) AS ipt, CAST(? AS VARCHAR) AS emg),
      k AS (
        SELECT DISTINCT ON (hilist_code) hilist_code, src_file, src_sheet, src_row,
          list_distinct(visit_types || CASE WHEN coalesce(drug_dscr, '') LIKE '%急诊%' THEN ['急诊'] ELSE [] END) AS allowed
        FROM kn_effective_drug_restriction WHERE len(visit_types) > 0
        ORDER BY hilist_code, src_file, src_row),
      x AS (
        SELECT f.*, k.allowed, k.src_file, k.src_sheet, k.src_row, coalesce(f.visit_med_type, f.med_type) AS mt,
          CASE WHEN regexp_matches(coalesce(f.visit_med_type, f.med_type), p.ipt) THEN '住院'
            WHEN regexp_matches(coalesce(f.visit_med_type, f.med_type), p.emg) THEN '急诊' ELSE '门诊' END AS visit_kind
        FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code CROSS JOIN p
        WHERE f.fund_amt > 0 AND coalesce(f.visit_med_type, f.med_type) IS NOT NULL)
      SELECT ${lineFindingSql('x')},
        json_object('item', x.hilist_name, 'med_type', x.mt,
          'allowed', array_to_string(list_sort(x.allowed), '或'),
          'allowed_en', replace(replace(replace(array_to_string(list_sort(x.allowed), ' or '),
            '住院', 'inpatient'), '急诊', 'emergency'), '门诊', 'outpatient'),
          'visit_kind', CASE WHEN x.mt = '11' THEN '普通门诊' WHEN x.mt = '12' THEN '门诊挂号' WHEN x.mt LIKE '14%' THEN '门诊慢特病'
            WHEN x.mt = '16' THEN '中医特色门诊' WHEN x.mt = '41' THEN '定点药店购药' WHEN x.mt = '51' THEN '生育门诊'
            WHEN x.mt = '71' THEN '家庭病床' ELSE x.visit_kind END,
          'visit_kind_en', CASE x.visit_kind WHEN '住院' THEN 'inpatient' WHEN '急诊' THEN 'emergency' ELSE 'outpatient' END
        ) AS facts,
        json_object('visit_kind', x.visit_kind, 'allowed', x.allowed, ${lineEvidenceSql('x')}) AS evidence,
        ${knowledgeRefSql('x')} AS knowledge_ref
      FROM x WHERE NOT list_contains(x.allowed, x.visit_kind)`,
    params: [p.inpatient_med_type_pattern, p.emergency_med_type_pattern],
  }),
  realtime: (p, d) => {
    const drugs = indexBy(d.kn.drug_restriction, 'hilist_code');
    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      // First row by (src_file, src_row) with a visit type: the knowledge view is ordered so.
      const k = (drugs.get(f.hilist_code) ?? []).find((r) => Array.isArray(r.visit_types) && r.visit_types.length > 0);
      const mt: string | null = f.visit_med_type ?? f.med_type ?? null;
      if (!k || mt === null || !dec(f.fund_amt).gt(0)) continue;
      // list_distinct drops NULLs and duplicates; its order is unspecified, so the list is kept sorted.
      const withEmergency = [...k.visit_types, ...(String(k.drug_dscr ?? '').includes('急诊') ? ['急诊'] : [])];
      const allowed = [...new Set(withEmergency.filter((t): t is string => t !== null && t !== undefined))].sort(cmp);
      const kind = matches(mt, p.inpatient_med_type_pattern) ? '住院' : matches(mt, p.emergency_med_type_pattern) ? '急诊' : '门诊';
      if (allowed.includes(kind)) continue;
      out.push({
        ...lineFinding(f),
        facts: { item: f.hilist_name, med_type: mt, allowed: allowed.join('或'),
          allowed_en: allowed.join(' or ').replaceAll('住院', 'inpatient').replaceAll('急诊', 'emergency').replaceAll('门诊', 'outpatient'),
          visit_kind: visitKindName(mt, kind),
          visit_kind_en: kind === '住院' ? 'inpatient' : kind === '急诊' ? 'emergency' : 'outpatient' },
        evidence: { visit_kind: kind, allowed, ...lineEvidence(f) },
        knowledge_ref: knowledgeRef(k),
      });
    }
    return out;
  },
});
