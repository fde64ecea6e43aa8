import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { HOSP_CLASS_SQL } from '../base-views.js';
import { dec, hospClass, indexBy, knowledgeRef, lineEvidence, lineFinding } from '../realtime/helpers.js';
import type { Row, RtData, RtFindingRow } from '../realtime/data.js';

/** nullif(trim(v), ''): DuckDB's trim removes spaces only. */
/** A line's level restriction: the knowledge view is ordered by (hilist_code, src_file, src_row), the first match is DISTINCT ON's row. */
const levelRow = (drugs: Map<string, Row[]>, f: Row): Row | undefined =>
  (drugs.get(f.hilist_code) ?? []).find((r) => r.hosp_class_min !== null && r.hosp_class_min !== undefined);
/** Restricted only until a first prescription at a qualifying institution (then the person's other lines decide). */
const firstRxOnly = (k: Row): boolean => String(k.drug_dscr ?? '').includes('首次处方');

/**
 * For real-time scoping (realtime/scope.ts): whether the lines of these visits all lack a first-prescription
 * restriction. Then their findings depend on their own line and visit alone, and they cannot change another
 * line's finding (only first-prescription lines do, through ok_rx), so the rule is visit-local for them.
 */
export function levelVisitLocal(d: RtData, visits: ReadonlySet<string>): boolean {
  const drugs = indexBy(d.kn.drug_restriction, 'hilist_code');
  for (const f of d.a_fee) {
    if (!visits.has(String(f.mdtrt_id))) continue;
    const k = levelRow(drugs, f);
    if (k && firstRxOnly(k)) return false;
  }
  return true;
}

function code(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const t = String(v).replace(/^ +| +$/g, '');
  return t === '' ? null : t;
}

/** inst CTE: per institution, arg_max(hosp_lv, status_begin) (rows with either NULL are skipped). */
const instLevelCache = new WeakMap<readonly Row[], Map<string, string>>();
function instLevels(rows: readonly Row[]): Map<string, string> {
  let m = instLevelCache.get(rows);
  if (m) return m;
  const best = new Map<string, Row>();
  for (const r of rows) {
    if (r.hosp_lv === null || r.hosp_lv === undefined || r.status_begin === null || r.status_begin === undefined) continue;
    const cur = best.get(r.fixmedins_code);
    if (!cur || r.status_begin > cur.status_begin) best.set(r.fixmedins_code, r);
  }
  m = new Map([...best].map(([c, r]) => [c, String(r.hosp_lv)]));
  instLevelCache.set(rows, m);
  return m;
}

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
    category: 'policy', scope: 'line', perPerson: true, severity: 'violation', params: z.object({}).strict(),
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
  realtime: (_p, d) => {
    const drugs = indexBy(d.kn.drug_restriction, 'hilist_code');
    const inst = instLevels(d.kn.fixmedins_info);
    const visits = indexBy(d.a_visit, 'mdtrt_id');
    // u: lines of a restricted drug with a known level code, classed by that code.
    const u: { f: Row; k: Row; firstRx: boolean; lv: string; cls: number }[] = [];
    for (const f of d.a_fee) {
      const k = levelRow(drugs, f);
      if (!k) continue;
      for (const v of visits.get(String(f.mdtrt_id)) ?? []) {
        const lv = code(v.hosp_lv) ?? code(inst.get(f.fixmedins_code));
        if (lv === null) continue;
        u.push({ f, k, firstRx: firstRxOnly(k), lv, cls: hospClass(lv) });
      }
    }
    // ok_rx: first date each person used a first-prescription drug at a qualifying institution.
    const okKey = (x: (typeof u)[number]) => `${x.f.psn_no}\u0000${x.k.lmt_src_file}\u0000${x.k.lmt_src_row}`;
    const firstOk = new Map<string, string>();
    for (const x of u) {
      if (!x.firstRx || x.cls < x.k.hosp_class_min) continue;
      const cur = firstOk.get(okKey(x));
      if (cur === undefined || x.f.fee_date < cur) firstOk.set(okKey(x), x.f.fee_date);
    }
    const out: RtFindingRow[] = [];
    for (const x of u) {
      const { f, k, firstRx, lv, cls } = x;
      if (!(cls < k.hosp_class_min) || !dec(f.fund_amt).gt(0)) continue;
      const ok = firstOk.get(okKey(x));
      if (firstRx && ok !== undefined && ok <= f.fee_date) continue;
      out.push({
        ...lineFinding(f),
        facts: { item: f.hilist_name, min_class: k.hosp_class_min, inst_class: cls, hosp_lv: lv,
          allowed: k.hosp_class_min === 3 ? '三级医疗机构' : '二级及以上医疗机构',
          inst_level: cls === 2 ? '二级医疗机构' : '一级及以下医疗机构',
          note: firstRx ? '，且此前无合规机构的首次处方' : '',
          note_en: firstRx ? ', with no earlier first prescription at a qualifying institution' : '' },
        evidence: { hosp_lv: lv, hosp_class: cls, hosp_class_min: k.hosp_class_min, first_prescription_only: firstRx,
          ...lineEvidence(f) },
        knowledge_ref: knowledgeRef(k),
      });
    }
    return out;
  },
});
