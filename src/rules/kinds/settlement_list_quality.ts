import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { AGE_SQL } from '../base-views.js';
import { defineRule } from '../types.js';

export const messages = {
  message: { zh: '结算清单质控问题：{problems}', en: 'settlement list quality problems: {problems_en}' },
};

/** ICD-10 categories L..L+n as prefixes, e.g. range('N', 40, 51) → N40 … N51. */
const range = (l: string, a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => `${l}${String(a + i).padStart(2, '0')}`);

/** Sex-specific ICD-10 codes (WHO sex edits), as code prefixes. */
const MALE_ONLY = ['B26.0', ...range('C', 60, 63), 'D07.4', 'D07.5', 'D07.6', 'D17.6', 'D29', 'D40', 'E29', 'I86.1', 'L29.1',
  ...range('N', 40, 51), ...range('Q', 53, 55), 'R86', 'S31.2', 'S31.3', 'Z12.5'];
const FEMALE_ONLY = ['A34', 'B37.3', ...range('C', 51, 58), 'C79.6', 'D06', 'D07.0', 'D07.1', 'D07.2', 'D07.3',
  ...range('D', 25, 28), 'D39', 'E28', 'E89.4', 'I86.3', 'L29.2', 'L70.5', 'M80.0', 'M80.1', 'M81.0', 'M81.1', 'M83.0',
  ...range('N', 70, 98), 'N99.2', 'N99.3', 'O', 'P54.6', ...range('Q', 50, 52), 'R87', 'S31.4', 'S37.4', 'S37.5', 'S37.6',
  'T19.2', 'T19.3', 'T83.3', 'Y76', 'Z01.4', 'Z12.4', 'Z30.1', 'Z30.3', 'Z30.5', 'Z31.1', 'Z31.2', ...range('Z', 32, 37), 'Z39',
  'Z43.7', 'Z87.5', 'Z97.5'];

const params = z.object({
  male_only_prefixes: z.array(z.string().min(1)).default(MALE_ONLY),
  female_only_prefixes: z.array(z.string().min(1)).default(FEMALE_ONLY),
  /** Diagnoses plausible only in an age range (whole years at admission): pregnancy and childbirth 12–55. */
  age_rules: z.array(z.object({ prefixes: z.array(z.string().min(1)), min_age: z.number().int().min(0),
    max_age: z.number().int().min(0) }).strict())
    .default([{ prefixes: ['O', ...range('Z', 32, 37), 'Z39'], min_age: 12, max_age: 55 }]),
}).strict();

const INT = (x: string) => `CAST(CAST(${x} AS BIGINT) AS VARCHAR)`;

/**
 * 结算清单质控: one finding per visit listing every problem of its settlement list. Stays (med_type
 * 2x, 52) are checked in full (required fields, main diagnosis, dates, LOS = discharge − admission
 * date, same-day stays may say 1); other visits only when they carry list diagnoses/operations, and
 * then only for their codes and sex/age plausibility. Code checks run only when the ICD dictionaries
 * are loaded; a dagger code matches the dictionary's "A01.000x005+J17.0*" by its first part.
 */
export const rule = defineRule({
  meta: {
    id: 'settlement_list_quality', name_zh: '结算清单质控', name_en: 'Settlement list quality', category: 'management',
    scope: 'visit', severity: 'suspect', params, knowledge: 'ICD-10 医保版 2.0、ICD-9-CM-3 医保版 2.0',
    amount_zh: '该次就诊结算的 fund_pay_sumamt 之和', basis: '《医疗保障基金结算清单填写规范》；《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    const list = (xs: string[]) => `from_json(${q(JSON.stringify(xs))}, '["VARCHAR"]')`;
    const sql = `WITH v AS MATERIALIZED (
        SELECT v.mdtrt_id, v.psn_no, v.fixmedins_code, v.med_type, v.begntime, v.endtime, v.begn_date, v.end_date, v.psn_gend,
          v.psn_brdy, v.adm_dept_codg, v.dscg_dept_codg, v.dscg_way, v.dscg_maindiag_code, v.ipt_days, v.fund_pay, v.setl_ids,
          (v.med_type LIKE '2%' OR v.med_type = '52') AS ipt, date_diff('day', v.begn_date, v.end_date) AS date_days,
          ${AGE_SQL('v.begn_date', 'v.psn_brdy')} AS age_years FROM a_visit v),
      dg AS MATERIALIZED (SELECT d.mdtrt_id, trim(d.diag_code) AS code, bool_or(d.maindiag_flag = '1') AS main, min(d.diag_name) AS name
        FROM setl_list_diag_d d JOIN v USING (mdtrt_id) WHERE nullif(trim(d.diag_code), '') IS NOT NULL GROUP BY ALL),
      op AS (SELECT o.mdtrt_id, trim(o.oprn_oprt_code) AS code, CAST(o.oprn_oprt_date AS DATE) AS odate
        FROM setl_list_oprn_d o JOIN v USING (mdtrt_id)),
      listed AS (SELECT mdtrt_id FROM v WHERE ipt UNION SELECT mdtrt_id FROM dg UNION SELECT mdtrt_id FROM op),
      mainx AS MATERIALIZED (
        SELECT v.mdtrt_id, coalesce(m.code, nullif(trim(v.dscg_maindiag_code), '')) AS code, coalesce(m.n, 0) AS n_main
        FROM v JOIN listed USING (mdtrt_id)
        LEFT JOIN (SELECT mdtrt_id, min(code) AS code, count(*) AS n FROM dg WHERE main GROUP BY ALL) m USING (mdtrt_id)),
      icd AS (SELECT diag_code AS code, diag_name AS name FROM kn_effective_icd_diagnosis
        UNION ALL SELECT split_part(diag_code, '+', 1), diag_name FROM kn_effective_icd_diagnosis WHERE diag_code LIKE '%+%'),
      kn AS (SELECT (SELECT min(src_file) FROM kn_effective_icd_diagnosis) AS icd_file,
        (SELECT min(src_file) FROM kn_effective_icd_procedure) AS pcs_file),
      alld AS (
        SELECT x.mdtrt_id, x.code, coalesce(min(i.name), min(x.name), '') AS name
        FROM (SELECT mdtrt_id, code, name FROM dg UNION ALL SELECT mdtrt_id, code, NULL FROM mainx WHERE code IS NOT NULL) x
        LEFT JOIN icd i ON i.code = x.code GROUP BY ALL),
      sexr AS (SELECT '1' AS only, unnest(${list(p.male_only_prefixes)}) AS pre
        UNION ALL SELECT '2', unnest(${list(p.female_only_prefixes)})),
      ager AS (SELECT r.min_age, r.max_age, unnest(r.prefixes) AS pre FROM (SELECT unnest(from_json(${q(JSON.stringify(p.age_rules))},
        '[{"prefixes":["VARCHAR"],"min_age":"INTEGER","max_age":"INTEGER"}]')) AS r)),
      pr AS (
        SELECT mdtrt_id, 1 AS ord, 'gend' AS k, '性别缺失或无效' AS zh, 'sex missing or invalid' AS en FROM v
          WHERE ipt AND coalesce(psn_gend, '') NOT IN ('0', '1', '2', '9')
        UNION ALL SELECT mdtrt_id, 2, 'brdy', '出生日期缺失', 'birth date missing' FROM v WHERE ipt AND psn_brdy IS NULL
        UNION ALL SELECT mdtrt_id, 3, 'brdy', '出生日期晚于入院日期', 'birth date after admission' FROM v WHERE ipt AND psn_brdy > begn_date
        UNION ALL SELECT mdtrt_id, 4, 'times', '入院或出院时间缺失', 'admission or discharge time missing' FROM v
          WHERE ipt AND (begntime IS NULL OR endtime IS NULL)
        UNION ALL SELECT mdtrt_id, 5, 'dept', '入院科别或出院科别缺失', 'admission or discharge department missing' FROM v
          WHERE ipt AND (nullif(trim(adm_dept_codg), '') IS NULL OR nullif(trim(dscg_dept_codg), '') IS NULL)
        UNION ALL SELECT mdtrt_id, 6, 'dscg_way', '离院方式缺失或无效（' || coalesce(nullif(dscg_way, ''), '空') || '）',
          'discharge way missing or invalid' FROM v WHERE ipt AND coalesce(dscg_way, '') NOT IN ('1', '2', '3', '4', '5', '9')
        UNION ALL SELECT m.mdtrt_id, 7, 'main_diag', '缺少主诊断', 'no main diagnosis' FROM mainx m JOIN v USING (mdtrt_id)
          WHERE v.ipt AND m.code IS NULL
        UNION ALL SELECT mdtrt_id, 8, 'main_diag', '主诊断不唯一（' || n_main || '个）', 'more than one main diagnosis' FROM mainx
          WHERE n_main > 1
        UNION ALL SELECT m.mdtrt_id, 9, 'main_diag_code', '主诊断编码【' || m.code || '】不在医保版ICD-10中',
          'main diagnosis ' || m.code || ' is not in ICD-10 (NHSA)' FROM mainx m, kn
          WHERE kn.icd_file IS NOT NULL AND m.code IS NOT NULL AND m.code NOT IN (SELECT code FROM icd)
        UNION ALL SELECT mdtrt_id, 10, 'other_diag_code', '其他诊断编码【' || string_agg(code, '、' ORDER BY code) || '】不在医保版ICD-10中',
          'other diagnoses ' || string_agg(code, ', ' ORDER BY code) || ' are not in ICD-10 (NHSA)' FROM dg, kn
          WHERE kn.icd_file IS NOT NULL AND NOT main AND code NOT IN (SELECT code FROM icd) GROUP BY mdtrt_id
        UNION ALL SELECT mdtrt_id, 11, 'oprn_code', '手术操作编码【' || string_agg(DISTINCT code, '、' ORDER BY code) ||
          '】不在医保版ICD-9-CM-3中', 'procedures ' || string_agg(DISTINCT code, ', ' ORDER BY code) || ' are not in ICD-9-CM-3 (NHSA)'
          FROM op, kn WHERE kn.pcs_file IS NOT NULL
            AND coalesce(code, '') NOT IN (SELECT oprn_oprt_code FROM kn_effective_icd_procedure) GROUP BY mdtrt_id
        UNION ALL SELECT mdtrt_id, 12, 'dates', '入院时间' || strftime(begntime, '%Y-%m-%d %H:%M') || '晚于出院时间' ||
          strftime(endtime, '%Y-%m-%d %H:%M'), 'admission after discharge' FROM v JOIN listed USING (mdtrt_id) WHERE begntime > endtime
        UNION ALL SELECT op.mdtrt_id, 13, 'oprn_date', '手术操作日期' || coalesce(CAST(min(op.odate) AS VARCHAR), '缺失') ||
          '不在住院期间（' || CAST(v.begn_date AS VARCHAR) || '至' || CAST(v.end_date AS VARCHAR) || '）',
          'operation date outside the stay' FROM op JOIN v USING (mdtrt_id)
          WHERE v.ipt AND (op.odate IS NULL OR op.odate NOT BETWEEN v.begn_date AND v.end_date) GROUP BY op.mdtrt_id, v.begn_date, v.end_date
        UNION ALL SELECT mdtrt_id, 14, 'los', CASE WHEN ipt_days IS NULL THEN '住院天数缺失' ELSE '住院天数填报' || ${INT('ipt_days')} ||
            '天，与出入院日期（' || date_days || '天）不符' END,
          'length of stay ' || coalesce(${INT('ipt_days')}, 'missing') || ' does not match the dates (' || date_days || ' days)' FROM v
          WHERE ipt AND date_days >= 0 AND (ipt_days IS NULL OR NOT (ipt_days = date_days OR (date_days = 0 AND ipt_days = 1)))
        UNION ALL SELECT DISTINCT a.mdtrt_id, 15, 'sex', CASE v.psn_gend WHEN '1' THEN '男' ELSE '女' END || '性患者诊断【' || a.code ||
            ' ' || a.name || '】限' || CASE s.only WHEN '1' THEN '男' ELSE '女' END || '性',
          'diagnosis ' || a.code || ' does not fit the patient''s sex' FROM alld a JOIN v USING (mdtrt_id)
          JOIN sexr s ON starts_with(a.code, s.pre) WHERE v.psn_gend IN ('1', '2') AND v.psn_gend <> s.only
        UNION ALL SELECT DISTINCT a.mdtrt_id, 16, 'age', v.age_years || '岁患者诊断【' || a.code || ' ' || a.name || '】（适用年龄' ||
            g.min_age || '–' || g.max_age || '岁）', 'diagnosis ' || a.code || ' does not fit age ' || v.age_years
          FROM alld a JOIN v USING (mdtrt_id) JOIN ager g ON starts_with(a.code, g.pre)
          WHERE v.age_years < g.min_age OR v.age_years > g.max_age),
      agg AS (
        SELECT mdtrt_id, string_agg(zh, '；' ORDER BY ord, zh) AS zh, string_agg(en, '; ' ORDER BY ord, en) AS en,
          list(DISTINCT k ORDER BY k) AS kinds FROM pr GROUP BY mdtrt_id)
      SELECT v.fixmedins_code, v.psn_no, v.mdtrt_id, v.setl_ids[1] AS setl_id, []::VARCHAR[] AS bkkp_sn, v.fund_pay AS amount,
        coalesce(v.end_date, v.begn_date) AS occurred_at, json_object('problems', a.zh, 'problems_en', a.en) AS facts,
        json_object('problems', a.kinds, 'med_type', v.med_type, 'ipt_days', v.ipt_days, 'date_days', v.date_days,
          'main_diag', m.code, 'psn_gend', v.psn_gend, 'age', v.age_years, 'setl_ids', v.setl_ids) AS evidence,
        nullif(concat_ws('; ',
          CASE WHEN list_has_any(a.kinds, ['main_diag_code', 'other_diag_code']) THEN kn.icd_file END,
          CASE WHEN list_contains(a.kinds, 'oprn_code') THEN kn.pcs_file END,
          CASE WHEN list_contains(a.kinds, 'sex') THEN ${q('params.male_only_prefixes / female_only_prefixes')} END,
          CASE WHEN list_contains(a.kinds, 'age') THEN ${q('params.age_rules')} END), '') AS knowledge_ref
      FROM agg a JOIN v USING (mdtrt_id) LEFT JOIN mainx m USING (mdtrt_id), kn`;
    return { sql, params: P };
  },
});
