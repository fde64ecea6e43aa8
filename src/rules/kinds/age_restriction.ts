import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { cmp, dayDiff, dec, indexBy, knowledgeRef, lineEvidence, lineFinding } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

const DRUG_LIST_TYPES = ['101', '102', '103'];

type Band = 'years' | 'newborn' | 'infant' | 'child';

/** The k CTE's band: numeric bounds first, then the group words. */
function bandOf(k: Row): Band | null {
  if (k.age_min !== null && k.age_min !== undefined) return 'years';
  if (k.age_max !== null && k.age_max !== undefined) return 'years';
  const g = String(k.age_group);
  if (g.includes('新生儿')) return 'newborn';
  if (g.includes('婴幼儿')) return 'infant';
  if (g.includes('儿童') || g.includes('小儿')) return 'child';
  return null;
}

/** DISTINCT ON (hilist_code) over drug and item rows with an age group, first by (src_file, src_row). */
function firstAgeRow(drugs: Map<string, Row[]>, items: Map<string, Row[]>, code: string): Row | undefined {
  const withGroup = (rows: Row[] | undefined) => (rows ?? []).filter((k) => k.age_group !== null && k.age_group !== undefined);
  return [...withGroup(drugs.get(code)), ...withGroup(items.get(code))]
    .sort((a, b) => cmp(a.src_file, b.src_file) || cmp(a.src_row, b.src_row))[0];
}

const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;

export const messages = {
  message: {
    zh: '患者{age_text}，{kind}【{item}】限{group}（{bound}）使用',
    en: 'patient is {age_text_en}; {kind_en} [{item}] is restricted to {group} ({bound_en})',
  },
};

/**
 * 限定年龄: a drug or item restricted to an age group (batch 1) billed for a patient outside it.
 * Numeric bounds parsed from the knowledge text win; the bare group words the batches use carry
 * no numbers, so their bounds are parameters: 儿童 age < child_max_age, 婴幼儿 age < infant_max_age,
 * 新生儿 at most newborn_max_days days after birth. Other groups without bounds are not judged.
 */
export const rule = defineRule({
  meta: {
    id: 'age_restriction', name_zh: '限定年龄', name_en: 'Age restriction', category: 'policy', scope: 'line', perPerson: true,
    severity: 'violation',
    params: z.object({
      child_max_age: z.number().int().positive().default(18),
      infant_max_age: z.number().int().positive().default(3),
      newborn_max_days: z.number().int().nonnegative().default(28),
    }).strict(),
    knowledge: '第一批 限定年龄药品、限定年龄诊疗项目',
    amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt', basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => ({
    sql: `WITH p AS (SELECT CAST(? AS INTEGER) AS child_max, CAST(? AS INTEGER) AS infant_max,
          CAST(? AS INTEGER) AS newborn_days),
      k AS (
        SELECT DISTINCT ON (hilist_code) hilist_code, age_group, age_min, age_max, src_file, src_sheet, src_row,
          CASE WHEN age_min IS NOT NULL OR age_max IS NOT NULL THEN 'years'
            WHEN age_group LIKE '%新生儿%' THEN 'newborn' WHEN age_group LIKE '%婴幼儿%' THEN 'infant'
            WHEN age_group LIKE '%儿童%' OR age_group LIKE '%小儿%' THEN 'child' END AS band
        FROM (SELECT * FROM kn_effective_drug_restriction WHERE age_group IS NOT NULL
              UNION ALL BY NAME SELECT * FROM kn_effective_item_restriction WHERE age_group IS NOT NULL)
        ORDER BY hilist_code, src_file, src_row),
      x AS (
        SELECT f.*, k.age_group, k.age_min, k.age_max, k.band, k.src_file, k.src_sheet, k.src_row,
          p.child_max, p.infant_max, p.newborn_days, date_diff('day', f.psn_brdy, f.fee_date) AS age_days
        FROM a_fee f JOIN k ON k.hilist_code = f.hilist_code CROSS JOIN p
        WHERE k.band IS NOT NULL AND f.psn_brdy IS NOT NULL AND f.psn_brdy <= f.fee_date AND f.fund_amt > 0)
      SELECT ${lineFindingSql('x')},
        json_object(
          'age_text', CASE WHEN x.band = 'newborn' AND x.age_years < 1 THEN '出生后' || x.age_days || '天'
            WHEN x.band = 'newborn' THEN x.age_years || '岁（出生后' || x.age_days || '天）' ELSE x.age_years || '岁' END,
          'age_text_en', CASE WHEN x.band = 'newborn' THEN x.age_days || ' days old' ELSE x.age_years || ' years old' END,
          'kind', CASE WHEN x.list_type IN ('101', '102', '103') THEN '药品' ELSE '项目' END,
          'kind_en', CASE WHEN x.list_type IN ('101', '102', '103') THEN 'drug' ELSE 'item' END,
          'item', x.hilist_name, 'group', x.age_group,
          'bound', CASE x.band WHEN 'newborn' THEN '出生' || x.newborn_days || '天内'
            WHEN 'infant' THEN '未满' || x.infant_max || '周岁' WHEN 'child' THEN '未满' || x.child_max || '周岁'
            ELSE CASE WHEN x.age_max IS NULL THEN x.age_min || '周岁及以上' WHEN x.age_min IS NULL THEN x.age_max || '周岁及以下'
              ELSE x.age_min || '至' || x.age_max || '周岁' END END,
          'bound_en', CASE x.band WHEN 'newborn' THEN 'within ' || x.newborn_days || ' days of birth'
            WHEN 'infant' THEN 'under ' || x.infant_max WHEN 'child' THEN 'under ' || x.child_max
            ELSE coalesce(x.age_min, 0) || '–' || coalesce(CAST(x.age_max AS VARCHAR), '') || ' years' END) AS facts,
        json_object('age_years', x.age_years, 'age_days', x.age_days, 'psn_brdy', CAST(x.psn_brdy AS VARCHAR),
          'age_group', x.age_group, 'band', x.band, 'age_min', x.age_min, 'age_max', x.age_max, ${lineEvidenceSql('x')}) AS evidence,
        ${knowledgeRefSql('x')} AS knowledge_ref
      FROM x
      WHERE CASE x.band
        WHEN 'years' THEN x.age_years < coalesce(x.age_min, x.age_years) OR x.age_years > coalesce(x.age_max, x.age_years)
        WHEN 'newborn' THEN x.age_days > x.newborn_days
        WHEN 'infant' THEN x.age_years >= x.infant_max
        ELSE x.age_years >= x.child_max END`,
    params: [p.child_max_age, p.infant_max_age, p.newborn_max_days],
  }),
  realtime: (p, d) => {
    const out: RtFindingRow[] = [];
    const drugs = indexBy(d.kn.drug_restriction, 'hilist_code');
    const items = indexBy(d.kn.item_restriction, 'hilist_code');
    for (const f of d.a_fee) {
      const k = firstAgeRow(drugs, items, f.hilist_code);
      const band = k ? bandOf(k) : null;
      if (!k || band === null || isNull(f.psn_brdy) || f.psn_brdy > f.fee_date || !dec(f.fund_amt).gt(0)) continue;
      const age: number = f.age_years;
      const days = dayDiff(f.psn_brdy, f.fee_date);
      const offends = band === 'years'
        ? age < (k.age_min ?? age) || age > (k.age_max ?? age)
        : band === 'newborn' ? days > p.newborn_max_days
          : band === 'infant' ? age >= p.infant_max_age : age >= p.child_max_age;
      if (!offends) continue;
      const drug = DRUG_LIST_TYPES.includes(f.list_type);
      const bound = band === 'newborn' ? `出生${p.newborn_max_days}天内`
        : band === 'infant' ? `未满${p.infant_max_age}周岁` : band === 'child' ? `未满${p.child_max_age}周岁`
          : isNull(k.age_max) ? `${k.age_min}周岁及以上` : isNull(k.age_min) ? `${k.age_max}周岁及以下`
            : `${k.age_min}至${k.age_max}周岁`;
      const boundEn = band === 'newborn' ? `within ${p.newborn_max_days} days of birth`
        : band === 'infant' ? `under ${p.infant_max_age}` : band === 'child' ? `under ${p.child_max_age}`
          : `${k.age_min ?? 0}–${k.age_max ?? ''} years`;
      out.push({
        ...lineFinding(f),
        facts: {
          age_text: band === 'newborn' && age < 1 ? `出生后${days}天` : band === 'newborn' ? `${age}岁（出生后${days}天）` : `${age}岁`,
          age_text_en: band === 'newborn' ? `${days} days old` : `${age} years old`,
          kind: drug ? '药品' : '项目', kind_en: drug ? 'drug' : 'item', item: f.hilist_name, group: k.age_group,
          bound, bound_en: boundEn,
        },
        evidence: { age_years: age, age_days: days, psn_brdy: f.psn_brdy, age_group: k.age_group, band,
          age_min: k.age_min ?? null, age_max: k.age_max ?? null, ...lineEvidence(f) },
        knowledge_ref: knowledgeRef(k),
      });
    }
    return out;
  },
});
