import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { AGE_SQL } from '../base-views.js';
import { defineRule } from '../types.js';
import { ageYears, dateOf, dayDiff, dec } from '../realtime/helpers.js';
import type { Row, RtData, RtFindingRow } from '../realtime/data.js';

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
    scope: 'visit', perPerson: true, severity: 'suspect', params, knowledge: 'ICD-10 医保版 2.0、ICD-9-CM-3 医保版 2.0',
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
      sexr AS (SELECT '1' AS only, unnest(${list(p.male_only_prefixes)}) AS pre
        UNION ALL SELECT '2', unnest(${list(p.female_only_prefixes)})),
      ager AS (SELECT r.min_age, r.max_age, unnest(r.prefixes) AS pre FROM (SELECT unnest(from_json(${q(JSON.stringify(p.age_rules))},
        '[{"prefixes":["VARCHAR"],"min_age":"INTEGER","max_age":"INTEGER"}]')) AS r)),
      -- The sex and age checks read only codes under one of their prefixes: the prefixes are matched once per
      -- distinct code (not per visit), and only those codes' diagnoses are named and joined to the visits.
      xd AS (SELECT mdtrt_id, code, name FROM dg UNION ALL SELECT mdtrt_id, code, NULL FROM mainx WHERE code IS NOT NULL),
      xc AS (SELECT DISTINCT code FROM xd),
      sexm AS (SELECT DISTINCT c.code, s.only FROM xc c JOIN sexr s ON starts_with(c.code, s.pre)),
      agem AS (SELECT DISTINCT c.code, g.min_age, g.max_age FROM xc c JOIN ager g ON starts_with(c.code, g.pre)),
      alld AS MATERIALIZED (
        SELECT x.mdtrt_id, x.code, coalesce(min(i.name), min(x.name), '') AS name
        FROM xd x JOIN (SELECT code FROM sexm UNION SELECT code FROM agem) m USING (code)
        LEFT JOIN icd i ON i.code = x.code GROUP BY x.mdtrt_id, x.code),
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
          'diagnosis ' || a.code || ' does not fit the patient''s sex' FROM alld a JOIN sexm s USING (code)
          JOIN v USING (mdtrt_id) WHERE v.psn_gend IN ('1', '2') AND v.psn_gend <> s.only
        UNION ALL SELECT DISTINCT a.mdtrt_id, 16, 'age', v.age_years || '岁患者诊断【' || a.code || ' ' || a.name || '】（适用年龄' ||
            g.min_age || '–' || g.max_age || '岁）', 'diagnosis ' || a.code || ' does not fit age ' || v.age_years
          FROM alld a JOIN agem g USING (code) JOIN v USING (mdtrt_id)
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
  realtime: (p, d) => realtime(p, d),
});

// ---------------------------------------------------------------------------------------------
// Real-time evaluator: the query above, CTE by CTE.

type Params = z.infer<typeof params>;
interface Problem { ord: number; k: string; zh: string | null; en: string | null }

/** SQL trim(): DuckDB strips space separators (Unicode Zs) only, not tabs or line breaks. */
const sqlTrim = (v: string): string => v.replace(/^\p{Zs}+|\p{Zs}+$/gu, '');
const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;
/** nullif(trim(v), ''). */
const trimOrNull = (v: unknown): string | null => (isNull(v) ? null : sqlTrim(String(v)) || null);
/** x NOT IN (set): NULL (so false) when x is NULL or the set holds a NULL and not x. */
const notIn = (x: string | null, set: { codes: Set<string>; hasNull: boolean }): boolean =>
  x !== null && !set.codes.has(x) && !set.hasNull;
/** a || b || …: NULL as soon as one part is NULL. */
const cat = (...xs: (string | number | null)[]): string | null => (xs.some((x) => x === null) ? null : xs.join(''));
/** min() over text, NULLs skipped. */
const minOf = (xs: (string | null)[]): string | null =>
  xs.reduce<string | null>((m, x) => (x === null ? m : m === null || x < m ? x : m), null);
/** list(DISTINCT …) / string_agg(DISTINCT …) of text, ordered, NULLs skipped. */
const distinctSorted = (xs: (string | null)[]): string[] => [...new Set(xs.filter((x): x is string => x !== null))].sort();

interface Dict { names: Map<string, string[]>; set: { codes: Set<string>; hasNull: boolean }; file: string | null }
const dictCache = new WeakMap<readonly Row[], Map<string, Dict>>();
/**
 * The ICD-10 view `icd` (codes, and the first part of dagger codes, with their names) or the ICD-9 procedure codes,
 * with the dictionary's min(src_file); built once per knowledge array.
 */
function dict(rows: readonly Row[], col: string, daggers: boolean): Dict {
  let byCol = dictCache.get(rows);
  if (!byCol) dictCache.set(rows, (byCol = new Map()));
  let c = byCol.get(col);
  if (!c) {
    const names = new Map<string, string[]>();
    const add = (code: string, name: unknown) => {
      if (isNull(name)) return;
      const list = names.get(code);
      if (list) list.push(String(name));
      else names.set(code, [String(name)]);
    };
    const set = { codes: new Set<string>(), hasNull: false };
    for (const k of rows) {
      const code = k[col];
      if (isNull(code)) { set.hasNull = true; continue; }
      set.codes.add(String(code));
      add(String(code), k.diag_name);
      if (daggers && String(code).includes('+')) {
        set.codes.add(String(code).split('+')[0]);
        add(String(code).split('+')[0], k.diag_name);
      }
    }
    c = { names, set, file: minOf(rows.map((k) => (isNull(k.src_file) ? null : String(k.src_file)))) };
    byCol.set(col, c);
  }
  return c;
}

function realtime(p: Params, d: RtData): RtFindingRow[] {
  const icd = dict(d.kn.icd_diagnosis, 'diag_code', true);
  const pcs = dict(d.kn.icd_procedure, 'oprn_oprt_code', false);
  const sexr = [...p.male_only_prefixes.map((pre) => ['1', pre]), ...p.female_only_prefixes.map((pre) => ['2', pre])];
  const out: RtFindingRow[] = [];
  for (const v of d.a_visit) {
    const id = String(v.mdtrt_id);
    // v
    const ipt = typeof v.med_type === 'string' && (v.med_type.startsWith('2') || v.med_type === '52');
    const date_days = v.begn_date && v.end_date ? dayDiff(v.begn_date, v.end_date) : null;
    const age = ageYears(v.begn_date, v.psn_brdy);
    // dg: the visit's list diagnoses by trimmed code; `main` is bool_or(maindiag_flag = '1'), NULL when no flag is set.
    const dg = new Map<string, { main: boolean | null; names: string[] }>();
    for (const r of d.raw.setl_list_diag_d) {
      if (String(r.mdtrt_id) !== id) continue;
      const code = trimOrNull(r.diag_code);
      if (code === null) continue;
      const g = dg.get(code) ?? { main: null, names: [] };
      if (!isNull(r.maindiag_flag)) g.main = g.main === true || r.maindiag_flag === '1';
      if (!isNull(r.diag_name)) g.names.push(String(r.diag_name));
      dg.set(code, g);
    }
    // op
    const op = d.raw.setl_list_oprn_d.filter((o) => String(o.mdtrt_id) === id)
      .map((o) => ({ code: isNull(o.oprn_oprt_code) ? null : sqlTrim(String(o.oprn_oprt_code)), odate: dateOf(o.oprn_oprt_date) }));
    if (!(ipt || dg.size || op.length)) continue; // not listed
    // mainx
    const mains = [...dg].filter(([, g]) => g.main === true).map(([code]) => code);
    const mainCode = minOf(mains) ?? trimOrNull(v.dscg_maindiag_code);
    // alld: list diagnoses and the main one, named from the dictionary first.
    const alld = new Map<string, string>();
    for (const code of new Set([...dg.keys(), ...(mainCode === null ? [] : [mainCode])])) {
      alld.set(code, minOf(icd.names.get(code) ?? []) ?? minOf(dg.get(code)?.names ?? []) ?? '');
    }

    const pr: Problem[] = [];
    const add = (ord: number, k: string, zh: string | null, en: string | null) => pr.push({ ord, k, zh, en });
    if (ipt) {
      if (!['0', '1', '2', '9'].includes(v.psn_gend ?? '')) add(1, 'gend', '性别缺失或无效', 'sex missing or invalid');
      if (isNull(v.psn_brdy)) add(2, 'brdy', '出生日期缺失', 'birth date missing');
      if (!isNull(v.psn_brdy) && !isNull(v.begn_date) && v.psn_brdy > v.begn_date) {
        add(3, 'brdy', '出生日期晚于入院日期', 'birth date after admission');
      }
      if (isNull(v.begntime) || isNull(v.endtime)) add(4, 'times', '入院或出院时间缺失', 'admission or discharge time missing');
      if (trimOrNull(v.adm_dept_codg) === null || trimOrNull(v.dscg_dept_codg) === null) {
        add(5, 'dept', '入院科别或出院科别缺失', 'admission or discharge department missing');
      }
      if (!['1', '2', '3', '4', '5', '9'].includes(v.dscg_way ?? '')) {
        add(6, 'dscg_way', `离院方式缺失或无效（${v.dscg_way || '空'}）`, 'discharge way missing or invalid');
      }
      if (mainCode === null) add(7, 'main_diag', '缺少主诊断', 'no main diagnosis');
    }
    if (mains.length > 1) add(8, 'main_diag', `主诊断不唯一（${mains.length}个）`, 'more than one main diagnosis');
    if (icd.file !== null && notIn(mainCode, icd.set)) {
      add(9, 'main_diag_code', `主诊断编码【${mainCode}】不在医保版ICD-10中`, `main diagnosis ${mainCode} is not in ICD-10 (NHSA)`);
    }
    const badOther = icd.file === null ? [] : [...dg].filter(([code, g]) => g.main === false && notIn(code, icd.set)).map(([c]) => c).sort();
    if (badOther.length) {
      add(10, 'other_diag_code', `其他诊断编码【${badOther.join('、')}】不在医保版ICD-10中`,
        `other diagnoses ${badOther.join(', ')} are not in ICD-10 (NHSA)`);
    }
    const badOp = pcs.file === null ? [] : op.filter((o) => notIn(o.code ?? '', pcs.set));
    if (badOp.length) {
      const codes = distinctSorted(badOp.map((o) => o.code));
      add(11, 'oprn_code', codes.length ? `手术操作编码【${codes.join('、')}】不在医保版ICD-9-CM-3中` : null,
        codes.length ? `procedures ${codes.join(', ')} are not in ICD-9-CM-3 (NHSA)` : null);
    }
    if (!isNull(v.begntime) && !isNull(v.endtime) && v.begntime > v.endtime) {
      add(12, 'dates', `入院时间${v.begntime.slice(0, 16)}晚于出院时间${v.endtime.slice(0, 16)}`, 'admission after discharge');
    }
    if (ipt) {
      const inStay = (o: { odate: string | null }) => (o.odate === null || isNull(v.begn_date) || isNull(v.end_date) ? null
        : o.odate >= v.begn_date && o.odate <= v.end_date);
      const outside = op.filter((o) => o.odate === null || inStay(o) === false);
      if (outside.length) {
        add(13, 'oprn_date', cat('手术操作日期', minOf(outside.map((o) => o.odate)) ?? '缺失', '不在住院期间（', v.begn_date ?? null, '至',
          v.end_date ?? null, '）'), 'operation date outside the stay');
      }
      if (date_days !== null && date_days >= 0) {
        const n = isNull(v.ipt_days) ? null : dec(v.ipt_days);
        if (n === null || !(n.eq(date_days) || (date_days === 0 && n.eq(1)))) {
          const whole = n === null ? null : n.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0);
          add(14, 'los', whole === null ? '住院天数缺失' : `住院天数填报${whole}天，与出入院日期（${date_days}天）不符`,
            `length of stay ${whole ?? 'missing'} does not match the dates (${date_days} days)`);
        }
      }
    }
    for (const [code, name] of alld) {
      if (v.psn_gend !== '1' && v.psn_gend !== '2') break;
      for (const only of new Set(sexr.filter(([o, pre]) => code.startsWith(pre) && o !== v.psn_gend).map(([o]) => o))) {
        add(15, 'sex', `${v.psn_gend === '1' ? '男' : '女'}性患者诊断【${code} ${name}】限${only === '1' ? '男' : '女'}性`,
          `diagnosis ${code} does not fit the patient's sex`);
      }
    }
    const seenAge = new Set<string>();
    for (const [code, name] of alld) {
      if (age === null) break;
      for (const r of p.age_rules) {
        if (!r.prefixes.some((pre) => code.startsWith(pre)) || !(age < r.min_age || age > r.max_age)) continue;
        const zh = `${age}岁患者诊断【${code} ${name}】（适用年龄${r.min_age}–${r.max_age}岁）`;
        if (seenAge.has(zh)) continue;
        seenAge.add(zh);
        add(16, 'age', zh, `diagnosis ${code} does not fit age ${age}`);
      }
    }
    if (!pr.length) continue;

    // agg, and the finding
    const byOrd = (col: 'zh' | 'en') => {
      const xs = pr.filter((x) => x[col] !== null).sort((a, b) => a.ord - b.ord || (a[col]! < b[col]! ? -1 : a[col]! > b[col]! ? 1 : 0));
      return xs.length ? xs.map((x) => x[col]).join(col === 'zh' ? '；' : '; ') : null;
    };
    const kinds = distinctSorted(pr.map((x) => x.k));
    const ref = [kinds.includes('main_diag_code') || kinds.includes('other_diag_code') ? icd.file : null,
      kinds.includes('oprn_code') ? pcs.file : null,
      kinds.includes('sex') ? 'params.male_only_prefixes / female_only_prefixes' : null,
      kinds.includes('age') ? 'params.age_rules' : null].filter((x) => x !== null).join('; ');
    out.push({
      fixmedins_code: v.fixmedins_code, psn_no: v.psn_no, mdtrt_id: v.mdtrt_id, setl_id: v.setl_ids[0] ?? null, bkkp_sn: [],
      amount: String(v.fund_pay), occurred_at: v.end_date ?? v.begn_date,
      facts: { problems: byOrd('zh'), problems_en: byOrd('en') },
      evidence: { problems: kinds, med_type: v.med_type, ipt_days: v.ipt_days, date_days, main_diag: mainCode, psn_gend: v.psn_gend,
        age, setl_ids: v.setl_ids },
      knowledge_ref: ref || null,
    });
  }
  return out;
}
