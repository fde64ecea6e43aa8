import { z } from 'zod';
import { defineRule } from '../types.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '患者性别为{sex}，诊断{diags}限{allowed}性',
    en: 'patient is {sex_en}; diagnosis {diags} applies to {allowed_en} patients only',
  },
};

/**
 * Sex-specific ICD-10 ranges ("A00-B99" by category, or a single prefix such as "D06" / "B26.0"), after
 * the usual ICD-10 sex edits. Women only: 妊娠分娩产褥期 O00–O9A, 女性生殖器官疾病 N70–N98, 女性生殖器官恶性肿瘤
 * C51–C58, 原位癌 D06 and D07.0–D07.3, 良性肿瘤 D25–D28, 动态未定肿瘤 D39, 卵巢功能障碍 E28, 先天畸形 Q50–Q52,
 * 标本异常 R87, 妊娠相关 Z32–Z37 and Z39, 产褥期精神障碍 F53, 产科破伤风 A34.
 * Men only: 男性生殖器官疾病 N40–N51 (前列腺 N40–N42), 恶性肿瘤 C60–C63, 原位癌 D07.4–D07.6, 良性肿瘤 D29,
 * 动态未定肿瘤 D40, 睾丸功能障碍 E29, 先天畸形 Q53–Q55, 标本异常 R86, 腮腺炎性睾丸炎 B26.0.
 */
const FEMALE_ONLY = ['O00-O9A', 'N70-N98', 'C51-C58', 'D06', 'D07.0-D07.3', 'D25-D28', 'D39', 'E28', 'Q50-Q52', 'R87',
  'Z32-Z37', 'Z39', 'F53', 'A34'];
const MALE_ONLY = ['N40-N51', 'C60-C63', 'D07.4-D07.6', 'D29', 'D40', 'E29', 'Q53-Q55', 'R86', 'B26.0'];

const RANGE = /^([A-Z][0-9][0-9A-Z](\.[0-9A-Z]+)?)(-([A-Z][0-9][0-9A-Z](\.[0-9A-Z]+)?))?$/;
const ranges = z.array(z.string().regex(RANGE).refine((s) => {
  const [a, b] = s.split('-');
  return b === undefined || (a.length === b.length && a <= b);
}, 'range bounds must have the same length, low ≤ high'));

/** SQL trim(): DuckDB strips space separators (Unicode Zs) only, not tabs or line breaks. */
const sqlTrim = (v: string): string => v.replace(/^\p{Zs}+|\p{Zs}+$/gu, '');
/** nullif(trim(v), ''), NULL staying NULL. */
const trimOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : sqlTrim(String(v)) || null);
/** min() over text, NULLs skipped. */
const minText = (xs: (string | null)[]): string | null =>
  xs.reduce<string | null>((m, x) => (x === null ? m : m === null || x < m ? x : m), null);

const icdCache = new WeakMap<readonly Row[], Map<string, string | null>>();
/** icd: upper(diag_code) → min(diag_name), built once per dictionary array. */
function icdNames(rows: readonly Row[]): Map<string, string | null> {
  let m = icdCache.get(rows);
  if (!m) {
    m = new Map();
    for (const k of rows) {
      if (k.diag_code === null || k.diag_code === undefined) continue;
      const u = String(k.diag_code).toUpperCase();
      m.set(u, minText([m.get(u) ?? null, k.diag_name ?? null]));
    }
    icdCache.set(rows, m);
  }
  return m;
}

const rangeCache = new WeakMap<object, { sex: string; lo: string; hi: string }[]>();

/** rangeRows() as objects, once per parameter object (the real-time path parses parameters once per rule). */
function rangesOf(p: { female_only: string[]; male_only: string[] }): { sex: string; lo: string; hi: string }[] {
  let rg = rangeCache.get(p);
  if (!rg) {
    const rows = rangeRows(p.female_only, p.male_only);
    rg = Array.from({ length: rows.length / 3 }, (_, i) => ({ sex: rows[3 * i], lo: rows[3 * i + 1], hi: rows[3 * i + 2] }));
    rangeCache.set(p, rg);
  }
  return rg;
}

/** Rows (sex, low, high) of the configured ranges; a single prefix is the range prefix–prefix. */
function rangeRows(female: string[], male: string[]): string[] {
  return [...female.map((r) => ['2', r] as const), ...male.map((r) => ['1', r] as const)]
    .flatMap(([sex, r]) => { const [a, b] = r.split('-'); return [sex, a, b ?? a]; });
}

/**
 * 诊断与性别不符: any diagnosis of the visit (settlement-list diagnoses of its valid settlements, and the
 * visit's discharge main diagnosis) in a range restricted to the other sex. The dagger/asterisk partner
 * of a code (B26.000+N51.1*) is checked too. The person's sex must be 1 or 2. One finding per visit.
 */
export const rule = defineRule({
  meta: {
    id: 'diagnosis_gender_conflict', name_zh: '诊断与性别不符', name_en: 'Diagnosis inconsistent with sex', category: 'medical',
    scope: 'visit', perPerson: true, severity: 'violation',
    params: z.object({ female_only: ranges.default(FEMALE_ONLY), male_only: ranges.default(MALE_ONLY) }).strict(),
    knowledge: 'ICD-10 医保版 2.0 诊断编码（性别限定章节，参数 female_only / male_only）',
    amount_zh: '该次就诊各结算的 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条（诊断与性别不符，虚构或串换诊断）',
  },
  batch: (p) => {
    const rows = rangeRows(p.female_only, p.male_only);
    const values = Array.from({ length: rows.length / 3 }, () => '(?, ?, ?)').join(', ');
    return {
      sql: `WITH rg(sex, lo, hi) AS (${rows.length ? `VALUES ${values}` : `SELECT '', '', '' WHERE false`}),
        dx AS (
          SELECT d.mdtrt_id, trim(d.diag_code) AS code, nullif(trim(d.diag_name), '') AS name
          FROM setl_list_diag_d d JOIN a_setl s ON s.setl_id = d.setl_id WHERE trim(coalesce(d.diag_code, '')) <> ''
          UNION
          SELECT mdtrt_id, trim(dscg_maindiag_code), nullif(trim(dscg_maindiag_name), '') FROM a_visit
          WHERE trim(coalesce(dscg_maindiag_code, '')) <> ''),
        parts AS (
          SELECT dx.*, unnest([split_part(upper(dx.code), '+', 1), nullif(rtrim(split_part(upper(dx.code), '+', 2), '*'), '')]) AS part
          FROM dx),
        icd AS (SELECT upper(diag_code) AS ucode, min(diag_name) AS diag_name FROM kn_effective_icd_diagnosis GROUP BY ALL),
        hit AS (
          SELECT v.mdtrt_id, parts.code, min(coalesce(icd.diag_name, parts.name, parts.code)) AS name, min(rg.sex) AS allowed,
            min(rg.lo || CASE WHEN rg.hi <> rg.lo THEN '-' || rg.hi ELSE '' END) AS rng
          FROM a_visit v JOIN parts ON parts.mdtrt_id = v.mdtrt_id
          JOIN rg ON left(parts.part, length(rg.lo)) BETWEEN rg.lo AND rg.hi AND rg.sex <> v.psn_gend
          LEFT JOIN icd ON icd.ucode = upper(parts.code)
          WHERE v.psn_gend IN ('1', '2') AND parts.part IS NOT NULL
          GROUP BY v.mdtrt_id, parts.code),
        agg AS (
          SELECT mdtrt_id, min(allowed) AS allowed, string_agg('【' || name || '】（' || code || '）', '、' ORDER BY code) AS diags,
            list(code ORDER BY code) AS codes, list(DISTINCT rng ORDER BY rng) AS ranges
          FROM hit GROUP BY mdtrt_id)
        SELECT v.fixmedins_code, v.psn_no, v.mdtrt_id, v.setl_ids[1] AS setl_id, CAST([] AS VARCHAR[]) AS bkkp_sn,
          v.fund_pay AS amount, v.end_date AS occurred_at,
          json_object('sex', CASE v.psn_gend WHEN '1' THEN '男' ELSE '女' END, 'sex_en', CASE v.psn_gend WHEN '1' THEN 'male' ELSE 'female' END,
            'diags', a.diags, 'allowed', CASE a.allowed WHEN '1' THEN '男' ELSE '女' END,
            'allowed_en', CASE a.allowed WHEN '1' THEN 'male' ELSE 'female' END) AS facts,
          json_object('psn_gend', v.psn_gend, 'diag_codes', a.codes, 'ranges', a.ranges, 'med_type', v.med_type,
            'setl_ids', v.setl_ids) AS evidence,
          'params.' || CASE a.allowed WHEN '1' THEN 'male_only' ELSE 'female_only' END || '=' || array_to_string(a.ranges, ',') AS knowledge_ref
        FROM agg a JOIN a_visit v ON v.mdtrt_id = a.mdtrt_id`,
      params: rows,
    };
  },
  realtime: (p, d) => {
    const rg = rangesOf(p);
    // dx: settlement-list diagnoses of valid settlements and the visits' discharge main diagnoses (UNION: distinct rows).
    const setlIds = new Set(d.a_setl.map((s) => String(s.setl_id)));
    const dx = new Map<string, { mdtrt_id: string; code: string; name: string | null }>();
    const addDx = (mdtrt_id: unknown, code: unknown, name: unknown) => {
      const c = trimOrNull(code);
      if (c === null || mdtrt_id === null || mdtrt_id === undefined) return;
      const row = { mdtrt_id: String(mdtrt_id), code: c, name: trimOrNull(name) };
      dx.set(JSON.stringify([row.mdtrt_id, row.code, row.name]), row);
    };
    // Only the visits judged below read dx (the real-time check passes only the visits it changes).
    const judged = new Set(d.a_visit.map((v) => String(v.mdtrt_id)));
    for (const r of d.raw.setl_list_diag_d) {
      if (judged.has(String(r.mdtrt_id)) && setlIds.has(String(r.setl_id))) addDx(r.mdtrt_id, r.diag_code, r.diag_name);
    }
    for (const v of d.a_visit) addDx(v.mdtrt_id, v.dscg_maindiag_code, v.dscg_maindiag_name);
    const icdName = (ucode: string): string | null => icdNames(d.kn.icd_diagnosis).get(ucode) ?? null;

    const out: RtFindingRow[] = [];
    for (const v of d.a_visit) {
      if (v.psn_gend !== '1' && v.psn_gend !== '2') continue;
      // hit: per code of the visit, the ranges of the other sex that its main or asterisk part falls in.
      const hits = new Map<string, { names: (string | null)[]; allowed: string[]; rngs: string[] }>();
      for (const x of dx.values()) {
        if (x.mdtrt_id !== String(v.mdtrt_id)) continue;
        const u = x.code.toUpperCase();
        const second = (u.split('+')[1] ?? '').replace(/\*+$/, '');
        for (const part of [u.split('+')[0], second === '' ? null : second]) {
          if (part === null) continue;
          for (const r of rg) {
            const head = part.slice(0, r.lo.length);
            if (r.sex === v.psn_gend || head < r.lo || head > r.hi) continue;
            const h = hits.get(x.code) ?? { names: [], allowed: [], rngs: [] };
            h.names.push(icdName(u) ?? x.name ?? x.code);
            h.allowed.push(r.sex);
            h.rngs.push(r.lo + (r.hi !== r.lo ? `-${r.hi}` : ''));
            hits.set(x.code, h);
          }
        }
      }
      if (hits.size === 0) continue;
      const codes = [...hits.keys()].sort();
      const allowed = minText(codes.map((c) => minText(hits.get(c)!.allowed)))!;
      const ranges = [...new Set(codes.map((c) => minText(hits.get(c)!.rngs)!))].sort();
      const diags = codes.map((c) => `【${minText(hits.get(c)!.names)}】（${c}）`).join('、');
      out.push({
        fixmedins_code: v.fixmedins_code, psn_no: v.psn_no, mdtrt_id: v.mdtrt_id, setl_id: v.setl_ids[0] ?? null, bkkp_sn: [],
        amount: String(v.fund_pay), occurred_at: v.end_date,
        facts: { sex: v.psn_gend === '1' ? '男' : '女', sex_en: v.psn_gend === '1' ? 'male' : 'female', diags,
          allowed: allowed === '1' ? '男' : '女', allowed_en: allowed === '1' ? 'male' : 'female' },
        evidence: { psn_gend: v.psn_gend, diag_codes: codes, ranges, med_type: v.med_type, setl_ids: v.setl_ids },
        knowledge_ref: `params.${allowed === '1' ? 'male_only' : 'female_only'}=${ranges.join(',')}`,
      });
    }
    return out;
  },
});
