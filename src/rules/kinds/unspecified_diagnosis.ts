import { z } from 'zod';
import { defineRule } from '../types.js';
import { sortBy, sumDec } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '主诊断【{dx_name}】（{dx}）为未特指诊断（{requirement}），但收取了须明确诊断的{items}，应明确为{expected}',
    en: 'main diagnosis {dx} is unspecified ({requirement}) while items needing a specific diagnosis were billed: {items}',
  },
};

const requirement = z.object({
  name: z.string().min(1),
  /** Unspecified main-diagnosis codes (ICD-10 医保版 prefixes). */
  diag_prefixes: z.array(z.string().min(1)).min(1),
  /** Items that need the specific diagnosis (national code prefixes: drugs X…/Z…, services 00…, consumables C…). */
  item_prefixes: z.array(z.string().min(1)).min(1),
  expected: z.string().min(1),
}).strict();

/**
 * Defaults, from the ICD-10 "unspecified" codes whose treatment depends on the specific form, and the
 * national code structure of the items concerned (drug codes carry the ATC group after X: XB01 = B01).
 */
export const REQUIREMENTS: z.infer<typeof requirement>[] = [
  { name: '脑血管病未明确缺血性或出血性', diag_prefixes: ['I64', 'I67.9', 'I69.4'], item_prefixes: ['XB01'],
    expected: '缺血性（I63 脑梗死）或出血性（I60–I62），抗血栓药（B01）只适用于缺血性' },
  { name: '糖尿病未明确分型', diag_prefixes: ['E14'], item_prefixes: ['XA10'],
    expected: '1型（E10）、2型（E11）或其他类型（E12–E13），再使用降糖药（A10）' },
  { name: '恶性肿瘤未明确原发部位', diag_prefixes: ['C80'], item_prefixes: ['XL01', 'XL02'],
    expected: '原发部位（C00–C76），再使用抗肿瘤药（L01/L02）' },
  { name: '骨折未明确部位', diag_prefixes: ['T14.2'], item_prefixes: ['C03'],
    expected: '骨折部位（S02–S92等），再使用骨科材料（C03）' },
];

/** SQL trim(): DuckDB strips space separators (Unicode Zs) only, not tabs or line breaks. */
const sqlTrim = (v: string): string => v.replace(/^\p{Zs}+|\p{Zs}+$/gu, '');
const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;
/** A NULL amount where the batch query gives one (the finding type says string). */
const NULL_AMOUNT = null as unknown as string;
/** nullif(trim(v), ''). */
const trimOrNull = (v: unknown): string | null => (isNull(v) ? null : sqlTrim(String(v)) || null);

const icdCache = new WeakMap<readonly Row[], Map<string, string | null>>();
/** upper(diag_code) → min(diag_name) of the dictionary, built once per dictionary array. */
function icdNames(rows: readonly Row[]): Map<string, string | null> {
  let m = icdCache.get(rows);
  if (!m) {
    m = new Map();
    for (const k of rows) {
      if (isNull(k.diag_code)) continue;
      const u = String(k.diag_code).toUpperCase();
      const prev = m.get(u) ?? null;
      const name = k.diag_name ?? null;
      m.set(u, prev === null || (name !== null && name < prev) ? name : prev);
    }
    icdCache.set(rows, m);
  }
  return m;
}

/** VALUES rows (i, prefix) for one list field of the requirements, with their parameters. */
function prefixRows(reqs: z.infer<typeof requirement>[], field: 'diag_prefixes' | 'item_prefixes') {
  const rows = reqs.flatMap((r, i) => r[field].map((x) => [i, x.toUpperCase()] as const));
  // No requirement: one row that matches nothing keeps the query valid.
  if (!rows.length) return { sql: '(CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR))', params: [] };
  return { sql: rows.map(() => '(CAST(? AS INTEGER), ?)').join(', '), params: rows.flat() };
}

/**
 * 诊断不规范: the visit's main diagnosis (settlement-list main diagnosis of a valid settlement, else the
 * visit's discharge main diagnosis) is an unspecified code of a configured requirement, and the visit
 * billed items of that requirement. The items are flagged (they are what the specific diagnosis must
 * justify); one finding per visit and requirement.
 */
export const rule = defineRule({
  meta: {
    id: 'unspecified_diagnosis', name_zh: '诊断不规范', name_en: 'Unspecified diagnosis for items needing a specific one',
    category: 'medical', scope: 'visit', perPerson: true, severity: 'suspect',
    params: z.object({ requirements: z.array(requirement).default(REQUIREMENTS) }).strict(),
    knowledge: '配置表：未特指诊断与须明确诊断的项目（参数 requirements）',
    amount_zh: '须明确诊断的项目明细的 det_item_fee_sumamt − fulamt_ownpay_amt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条；医疗保障基金结算清单填写规范（主要诊断编码应准确、具体）',
  },
  batch: (p) => {
    const dx = prefixRows(p.requirements, 'diag_prefixes');
    const it = prefixRows(p.requirements, 'item_prefixes');
    const names = p.requirements.map((r, i) => [i, r.name, r.expected] as const);
    return {
      sql: `WITH rdx(req, prefix) AS (VALUES ${dx.sql}), rit(req, prefix) AS (VALUES ${it.sql}),
        req(req, name, expected) AS (VALUES ${names.length ? names.map(() => '(CAST(? AS INTEGER), ?, ?)').join(', ')
          : '(CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR))'}),
        ldx AS (
          SELECT d.mdtrt_id, arg_min(trim(d.diag_code), trim(d.diag_code)) AS code, arg_min(d.diag_name, trim(d.diag_code)) AS name
          FROM setl_list_diag_d d JOIN a_setl s ON s.setl_id = d.setl_id
          WHERE d.maindiag_flag = '1' AND trim(coalesce(d.diag_code, '')) <> '' GROUP BY ALL),
        vdx AS (
          SELECT v.*, coalesce(ldx.code, nullif(trim(v.dscg_maindiag_code), '')) AS main_dx,
            CASE WHEN ldx.code IS NOT NULL THEN ldx.name ELSE v.dscg_maindiag_name END AS main_dx_name
          FROM a_visit v LEFT JOIN ldx USING (mdtrt_id)),
        -- The prefixes are matched once per distinct diagnosis code, and the visits joined to the matches by equality.
        dxm AS (
          SELECT DISTINCT x.main_dx, rdx.req FROM (SELECT DISTINCT main_dx FROM vdx) x
          JOIN rdx ON starts_with(upper(x.main_dx), rdx.prefix)),
        hit AS (
          SELECT DISTINCT v.mdtrt_id, m.req FROM vdx v JOIN dxm m ON m.main_dx = v.main_dx),
        -- One row per line and requirement ((fixmedins_code, bkkp_sn) is a_fee's key), on the columns agg reads.
        lines AS (
          SELECT DISTINCT h.req, f.fixmedins_code, f.bkkp_sn, f.mdtrt_id, f.fund_amt, f.hilist_code,
            '【' || coalesce(f.hilist_name, f.hilist_code) || '】' AS label
          FROM hit h JOIN a_fee f ON f.mdtrt_id = h.mdtrt_id
          JOIN rit ON rit.req = h.req AND starts_with(upper(f.hilist_code), rit.prefix)),
        agg AS (
          SELECT mdtrt_id, req, list(bkkp_sn ORDER BY bkkp_sn) AS bkkp_sn, sum(fund_amt) AS amount,
            string_agg(DISTINCT label, '、' ORDER BY label) AS items,
            list(DISTINCT hilist_code ORDER BY hilist_code) AS codes
          FROM lines GROUP BY mdtrt_id, req)
      SELECT v.fixmedins_code, v.psn_no, v.mdtrt_id, v.setl_ids[1] AS setl_id, a.bkkp_sn, a.amount, v.end_date AS occurred_at,
        json_object('dx', v.main_dx, 'dx_name', coalesce(icd.diag_name, nullif(trim(v.main_dx_name), ''), v.main_dx),
          'requirement', q.name, 'items', a.items, 'expected', q.expected) AS facts,
        json_object('main_dx', v.main_dx, 'item_codes', a.codes, 'requirement', q.name, 'med_type', v.med_type) AS evidence,
        'params.requirements[' || q.name || ']' AS knowledge_ref
      FROM agg a JOIN vdx v ON v.mdtrt_id = a.mdtrt_id JOIN req q ON q.req = a.req
      LEFT JOIN (SELECT upper(diag_code) AS ucode, min(diag_name) AS diag_name FROM kn_effective_icd_diagnosis GROUP BY ALL) icd
        ON icd.ucode = upper(v.main_dx)`,
      params: [...dx.params, ...it.params, ...names.flat()],
    };
  },
  realtime: (p, d) => {
    // ldx: the smallest trimmed main-diagnosis code of the visit's valid settlement lists; its name is
    // arg_min(diag_name, code), which skips rows without a name.
    const setlIds = new Set(d.a_setl.map((s) => String(s.setl_id)));
    const ldx = new Map<string, { code: string; name: string | null; named: string | null }>();
    for (const r of d.raw.setl_list_diag_d) {
      const code = trimOrNull(r.diag_code);
      if (!setlIds.has(String(r.setl_id)) || r.maindiag_flag !== '1' || code === null || isNull(r.mdtrt_id)) continue;
      const cur = ldx.get(String(r.mdtrt_id)) ?? { code, name: null, named: null };
      if (code < cur.code) cur.code = code;
      if (!isNull(r.diag_name) && (cur.named === null || code < cur.named)) {
        cur.named = code;
        cur.name = String(r.diag_name);
      }
      ldx.set(String(r.mdtrt_id), cur);
    }
    const fees = new Map<string, Row[]>();
    for (const f of d.a_fee) {
      const list = fees.get(String(f.mdtrt_id));
      if (list) list.push(f);
      else fees.set(String(f.mdtrt_id), [f]);
    }
    const out: RtFindingRow[] = [];
    for (const v of d.a_visit) {
      const l = ldx.get(String(v.mdtrt_id));
      const main_dx = l?.code ?? trimOrNull(v.dscg_maindiag_code);
      const main_dx_name: string | null = l ? l.name : v.dscg_maindiag_name ?? null;
      if (main_dx === null) continue;
      const udx = main_dx.toUpperCase();
      for (const q of p.requirements) {
        if (!q.diag_prefixes.some((x) => udx.startsWith(x.toUpperCase()))) continue;
        const lines = (fees.get(String(v.mdtrt_id)) ?? []).filter((f) => !isNull(f.hilist_code)
          && q.item_prefixes.some((x) => String(f.hilist_code).toUpperCase().startsWith(x.toUpperCase())));
        if (!lines.length) continue;
        const labels = [...new Set(lines.map((f) => `【${f.hilist_name ?? f.hilist_code}】`))].sort();
        const codes = [...new Set(lines.map((f) => String(f.hilist_code)))].sort();
        out.push({
          fixmedins_code: v.fixmedins_code, psn_no: v.psn_no, mdtrt_id: v.mdtrt_id, setl_id: v.setl_ids[0] ?? null,
          bkkp_sn: sortBy(lines.map((f) => String(f.bkkp_sn)), (x) => x),
          // sum(fund_amt): NULLs skipped, NULL when all are.
          amount: lines.some((f) => !isNull(f.fund_amt)) ? sumDec(lines, 'fund_amt').toString() : NULL_AMOUNT, occurred_at: v.end_date,
          facts: { dx: main_dx, dx_name: icdNames(d.kn.icd_diagnosis).get(udx) ?? trimOrNull(main_dx_name) ?? main_dx,
            requirement: q.name, items: labels.join('、'), expected: q.expected },
          evidence: { main_dx, item_codes: codes, requirement: q.name, med_type: v.med_type },
          knowledge_ref: `params.requirements[${q.name}]`,
        });
      }
    }
    return out;
  },
});
