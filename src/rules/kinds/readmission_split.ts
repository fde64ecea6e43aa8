import { z } from 'zod';
import { defineRule } from '../types.js';
import { placeholders as marks, inpatientMedTypesParam } from '../sql-helpers.js';
import { dayDiff, sortBy, startsWithAny } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{prev_end}自{inst}出院{prev_drg}后第{gap}天（{begin}）再次入住同一机构{drg}，主诊断类目同为{category}（{prev_dx}→{dx}）',
    en: 'discharged from {inst} on {prev_end}{prev_drg_en} and readmitted there {gap} days later ({begin}){drg_en} with the'
      + ' same main-diagnosis category {category} ({prev_dx} → {dx})',
  },
};


/**
 * 分解住院: an inpatient stay admitted at the same institution 0..window_days days after the discharge date
 * of an earlier stay of the person, both with the same main-diagnosis category (first icd_prefix_len
 * characters). Main diagnosis: the settlement list's (setl_list_diag_d, maindiag_flag='1', of a valid
 * settlement), else mdtrt_d.dscg_maindiag_code. A readmission whose main diagnosis starts with a planned
 * prefix (Z51 chemotherapy/radiotherapy …) is planned and exempt. Any earlier stay at the institution
 * within the window counts, not only the immediately preceding one. Amount = the readmission's fund payment.
 * Once the stays are grouped (drg_result), the message names each stay's DRG; without a grouping it is unchanged.
 */
export const rule = defineRule({
  meta: {
    id: 'readmission_split', name_zh: '分解住院', name_en: 'Split readmission', category: 'management', scope: 'person', perPerson: true,
    severity: 'suspect_high',
    params: z.object({
      window_days: z.number().int().min(0).default(15),
      icd_prefix_len: z.number().int().min(1).max(10).default(3),
      planned_prefixes: z.array(z.string().regex(/^[A-Za-z0-9.]+$/)).default(['Z51']),
      inpatient_med_types: inpatientMedTypesParam,
    }).strict(),
    knowledge: null, amount_zh: '再次入院就诊各结算的 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条',
  },
  batch: (p) => ({
    sql: `WITH inpt AS (SELECT unnest([${marks(p.inpatient_med_types)}]) AS code),
      planned AS (SELECT unnest(CAST([${marks(p.planned_prefixes)}] AS VARCHAR[])) AS prefix),
      dx AS (
        SELECT DISTINCT ON (d.mdtrt_id) d.mdtrt_id, d.diag_code
        FROM setl_list_diag_d d JOIN a_setl s ON s.setl_id = d.setl_id
        WHERE d.maindiag_flag = '1' AND nullif(trim(d.diag_code), '') IS NOT NULL
        ORDER BY d.mdtrt_id, d.setl_id, d.diag_code),
      st AS (
        SELECT v.*, upper(trim(coalesce(dx.diag_code, v.dscg_maindiag_code))) AS main_dx
        FROM a_visit v LEFT JOIN dx ON dx.mdtrt_id = v.mdtrt_id
        WHERE EXISTS (SELECT 1 FROM inpt WHERE starts_with(v.med_type, inpt.code))),
      pairs AS (
        SELECT c.*, p.mdtrt_id AS prev_id, p.end_date AS prev_end, p.main_dx AS prev_dx,
          date_diff('day', p.end_date, c.begn_date) AS gap, left(c.main_dx, ?) AS category
        FROM st c JOIN st p ON p.psn_no = c.psn_no AND p.fixmedins_code = c.fixmedins_code AND p.mdtrt_id <> c.mdtrt_id
          AND (p.begntime < c.begntime OR (p.begntime = c.begntime AND p.mdtrt_id < c.mdtrt_id))
          AND p.end_date <= c.begn_date AND date_diff('day', p.end_date, c.begn_date) <= ?
          AND length(c.main_dx) >= ? AND left(p.main_dx, ?) = left(c.main_dx, ?)
        WHERE NOT EXISTS (SELECT 1 FROM planned WHERE starts_with(c.main_dx, upper(planned.prefix)))),
      drg AS (  -- DRG of each stay once grouped (valid settlements only; 0000 = not grouped)
        SELECT s.mdtrt_id, array_to_string(list_sort(list_distinct(list(CASE WHEN r.drg = '0000' THEN '未入组' ELSE r.drg END))), '/') AS zh,
          array_to_string(list_sort(list_distinct(list(CASE WHEN r.drg = '0000' THEN 'not grouped' ELSE r.drg END))), '/') AS en
        FROM drg_result r JOIN a_setl s ON s.setl_id = r.setl_id
        WHERE r.mdtrt_id IN (SELECT mdtrt_id FROM pairs UNION ALL SELECT prev_id FROM pairs) GROUP BY s.mdtrt_id)
      SELECT DISTINCT ON (x.mdtrt_id) x.fixmedins_code, x.psn_no, x.mdtrt_id, x.setl_ids[1] AS setl_id,
        CAST([] AS VARCHAR[]) AS bkkp_sn, x.fund_pay AS amount, x.begn_date AS occurred_at,
        json_object('inst', coalesce(x.fixmedins_name, x.fixmedins_code), 'prev_end', strftime(x.prev_end, '%Y-%m-%d'),
          'begin', strftime(x.begn_date, '%Y-%m-%d'), 'gap', x.gap, 'category', x.category, 'prev_dx', x.prev_dx,
          'dx', x.main_dx, 'prev_drg', coalesce('（DRG：' || pd.zh || '）', ''), 'drg', coalesce('（DRG：' || d.zh || '）', ''),
          'prev_drg_en', coalesce(' (DRG ' || pd.en || ')', ''), 'drg_en', coalesce(' (DRG ' || d.en || ')', '')) AS facts,
        json_object('prev_mdtrt_id', x.prev_id, 'gap_days', x.gap, 'window_days', ?, 'main_dx', x.main_dx,
          'prev_main_dx', x.prev_dx, 'setl_ids', x.setl_ids) AS evidence,
        'params.window_days=' || ? AS knowledge_ref
      FROM pairs x LEFT JOIN drg d ON d.mdtrt_id = x.mdtrt_id LEFT JOIN drg pd ON pd.mdtrt_id = x.prev_id
      ORDER BY x.mdtrt_id, x.gap, x.prev_id`,
    params: [...p.inpatient_med_types, ...p.planned_prefixes, p.icd_prefix_len, p.window_days, p.icd_prefix_len,
      p.icd_prefix_len, p.icd_prefix_len, p.window_days, String(p.window_days)],
  }),
  realtime: (p, d) => {
    const len = p.icd_prefix_len;
    // dx: per visit, the main diagnosis of a valid settlement's list (first by setl_id, diag_code).
    const setlIds = new Set(d.a_setl.map((s) => String(s.setl_id)));
    const dxRows = sortBy(d.raw.setl_list_diag_d.filter((r) => r.setl_id != null && setlIds.has(String(r.setl_id))
      && r.maindiag_flag === '1' && r.diag_code != null && sqlTrim(r.diag_code) !== ''), (r) => r.setl_id, (r) => r.diag_code);
    const dx = new Map<string, string>();
    for (const r of dxRows) if (r.mdtrt_id != null && !dx.has(String(r.mdtrt_id))) dx.set(String(r.mdtrt_id), r.diag_code);
    const st = d.a_visit.filter((v) => startsWithAny(v.med_type, p.inpatient_med_types)).map((v) => {
      const code: string | null = dx.get(String(v.mdtrt_id)) ?? v.dscg_maindiag_code ?? null;
      return { v, main_dx: code === null ? null : sqlTrim(code).toUpperCase() };
    });
    const planned = p.planned_prefixes.map((x) => x.toUpperCase());
    const pairs: { c: Row; main_dx: string; prev: Row; prev_dx: string; gap: number }[] = [];
    for (const { v: c, main_dx } of st) {
      if (main_dx === null || chars(main_dx) < len || planned.some((x) => main_dx.startsWith(x))) continue;
      for (const { v: prev, main_dx: prev_dx } of st) {
        if (prev.psn_no !== c.psn_no || prev.fixmedins_code == null || prev.fixmedins_code !== c.fixmedins_code
          || prev.mdtrt_id === c.mdtrt_id || !admittedBefore(prev, c)) continue;
        if (prev.end_date == null || c.begn_date == null || !(prev.end_date <= c.begn_date)) continue;
        const gap = dayDiff(prev.end_date, c.begn_date);
        if (gap > p.window_days || prev_dx === null || left(prev_dx, len) !== left(main_dx, len)) continue;
        pairs.push({ c, main_dx, prev, prev_dx, gap });
      }
    }
    // DISTINCT ON (mdtrt_id) ORDER BY gap, prev_id
    sortBy(pairs, (x) => x.c.mdtrt_id, (x) => x.gap, (x) => x.prev.mdtrt_id);
    const out: RtFindingRow[] = [];
    for (const [i, { c: x, main_dx, prev, prev_dx, gap }] of pairs.entries()) {
      if (i > 0 && pairs[i - 1].c.mdtrt_id === x.mdtrt_id) continue;
      out.push({
        fixmedins_code: x.fixmedins_code, psn_no: x.psn_no, mdtrt_id: x.mdtrt_id, setl_id: x.setl_ids[0] ?? null, bkkp_sn: [],
        amount: String(x.fund_pay), occurred_at: x.begn_date,
        facts: { inst: x.fixmedins_name ?? x.fixmedins_code, prev_end: prev.end_date, begin: x.begn_date, gap,
          category: left(main_dx, len), prev_dx, dx: main_dx, ...NO_DRG },
        evidence: { prev_mdtrt_id: prev.mdtrt_id, gap_days: gap, window_days: p.window_days, main_dx, prev_main_dx: prev_dx,
          setl_ids: x.setl_ids },
        knowledge_ref: `params.window_days=${p.window_days}`,
      });
    }
    return out;
  },
});

/** Real-time checks run before any DRG grouping (drg_result is written in batch), so the DRG context stays empty. */
const NO_DRG = { prev_drg: '', drg: '', prev_drg_en: '', drg_en: '' };

/** SQL trim(): spaces only. */
const sqlTrim = (s: string): string => s.replace(/^ +| +$/g, '');
/** SQL length() and left() count characters, not UTF-16 units. */
const chars = (s: string): number => [...s].length;
const left = (s: string, n: number): string => [...s].slice(0, n).join('');

/** p.begntime < c.begntime OR (equal AND p.mdtrt_id < c.mdtrt_id); NULL times compare false. */
function admittedBefore(p: Row, c: Row): boolean {
  if (p.begntime == null || c.begntime == null) return false;
  return p.begntime < c.begntime || (p.begntime === c.begntime && p.mdtrt_id < c.mdtrt_id);
}
