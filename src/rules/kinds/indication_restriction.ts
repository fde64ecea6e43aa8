import { z } from 'zod';
import { defineRule } from '../types.js';
import { lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { lineEvidence, lineFinding } from '../realtime/helpers.js';
import type { RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '【{item}】{note}（适应症诊断{prefixes}），本次就诊诊断为{diags}，无相符诊断',
    en: '[{item}] is restricted to diagnoses {prefixes}; the visit\'s diagnoses are {diags_en}',
  },
};

/**
 * The indication table, keyed by national drug/item code, in the shape of a region's
 * indications.json (the demo writes config/indications.json in exactly this shape, so its content
 * can be set as `params.indications`). A key ending in `*` matches every code starting with it.
 */
const Indication = z.object({
  hilist_name: z.string().optional(),
  icd_prefixes: z.array(z.string().trim().min(1)).min(1),
  note: z.string().optional(),
});
const Params = z.object({ indications: z.record(z.string().trim().min(1), Indication).default({}) }).strict();

/** ICD codes compared without dots and case: 'M81.000' and 'm81000' both start with 'M81'. */
const norm = (e: string) => `upper(replace(trim(${e}), '.', ''))`;

type Entry = { code: string; prefix: boolean; entry: string; name: string | null; note: string; icd: string[] };

/** The table as rows: a `*` key is a prefix entry; the note defaults. */
function entries(p: z.infer<typeof Params>): Entry[] {
  return Object.entries(p.indications).map(([code, e]) => {
    const prefix = code.endsWith('*');
    return { code: prefix ? code.slice(0, -1) : code, prefix, entry: code, name: e.hilist_name ?? null,
      note: e.note?.trim() || '限特定适应症使用', icd: e.icd_prefixes };
  });
}

/** SQL trim(): DuckDB strips space separators (Unicode Zs) only, not tabs or line breaks. */
const sqlTrim = (v: string): string => v.replace(/^\p{Zs}+|\p{Zs}+$/gu, '');
/** norm() in JavaScript. */
const normJs = (v: string): string => sqlTrim(v).replaceAll('.', '').toUpperCase();

/**
 * 限适应症: a drug/item restricted to diagnoses (configurable table: code → allowed ICD-10 prefixes)
 * billed in a visit none of whose diagnoses (settlement-list diagnoses, the discharge main
 * diagnosis, the lines' dise_codg) starts with an allowed prefix; a visit without any diagnosis
 * does not justify it either. Each such line is flagged with its fund amount. An exact code entry
 * wins over a `*` prefix entry, a longer prefix over a shorter one.
 */
export const rule = defineRule({
  meta: {
    id: 'indication_restriction', name_zh: '限适应症', name_en: 'Indication restriction', category: 'policy',
    scope: 'visit', perPerson: true, severity: 'suspect_high', params: Params,
    knowledge: '适应症配置表（params.indications：药品/项目编码 → 允许的ICD-10编码前缀）',
    amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt', basis: '《医疗保障基金使用监督管理条例》第十五条；医保药品目录限定支付范围',
  },
  batch: (p) => {
    const rows = entries(p);
    return {
      sql: `WITH k AS (
          SELECT unnest(from_json(?, '[{"code":"VARCHAR","prefix":"BOOLEAN","entry":"VARCHAR","name":"VARCHAR","note":"VARCHAR","icd":["VARCHAR"]}]'),
            recursive := true)),
        hit AS (
          SELECT DISTINCT ON (f.fixmedins_code, f.bkkp_sn) f.*, k.entry, k.note, k.icd
          FROM a_fee f JOIN k ON CASE WHEN k.prefix THEN starts_with(f.hilist_code, k.code) ELSE f.hilist_code = k.code END
          ORDER BY f.fixmedins_code, f.bkkp_sn, k.prefix, length(k.code) DESC, k.entry),
        dx AS (
          SELECT DISTINCT mdtrt_id, trim(code) AS code FROM (
            SELECT mdtrt_id, diag_code AS code FROM setl_list_diag_d
            UNION ALL SELECT mdtrt_id, dscg_maindiag_code FROM a_visit
            UNION ALL SELECT mdtrt_id, dise_codg FROM a_fee) WHERE nullif(trim(code), '') IS NOT NULL),
        judged AS (
          SELECT h.*, (SELECT list(d.code ORDER BY d.code) FROM dx d WHERE d.mdtrt_id = h.mdtrt_id) AS diags,
            EXISTS (SELECT 1 FROM dx d, unnest(h.icd) AS u(pre)
              WHERE d.mdtrt_id = h.mdtrt_id AND starts_with(${norm('d.code')}, ${norm('u.pre')})) AS matched
          FROM hit h)
        SELECT ${lineFindingSql()},
          json_object('item', coalesce(f.hilist_name, f.hilist_code), 'note', f.note, 'prefixes', array_to_string(f.icd, '/'),
            'diags', coalesce(nullif(array_to_string(f.diags, '、'), ''), '无'),
            'diags_en', coalesce(nullif(array_to_string(f.diags, ', '), ''), 'none')) AS facts,
          json_object('allowed_icd_prefixes', f.icd, 'visit_diagnoses', coalesce(f.diags, []), ${lineEvidenceSql()}) AS evidence,
          'params.indications[' || f.entry || ']' AS knowledge_ref
        FROM judged f WHERE NOT f.matched`,
      params: [JSON.stringify(rows)],
    };
  },
  realtime: (p, d) => {
    const k = entries(p);
    if (!k.length) return [];
    // dx: the distinct trimmed diagnosis codes of each visit, from its settlement lists (all of them, as the
    // query reads setl_list_diag_d unfiltered), its discharge main diagnosis and its lines' dise_codg.
    const dx = new Map<string, Set<string>>();
    const addDx = (mdtrt_id: unknown, code: unknown) => {
      if (code === null || code === undefined || mdtrt_id === null || mdtrt_id === undefined) return;
      const c = sqlTrim(String(code));
      if (c === '') return;
      const set = dx.get(String(mdtrt_id)) ?? new Set<string>();
      dx.set(String(mdtrt_id), set.add(c));
    };
    for (const r of d.raw.setl_list_diag_d) addDx(r.mdtrt_id, r.diag_code);
    for (const v of d.a_visit) addDx(v.mdtrt_id, v.dscg_maindiag_code);
    for (const f of d.a_fee) addDx(f.mdtrt_id, f.dise_codg);

    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      if (f.hilist_code === null || f.hilist_code === undefined) continue;
      const code = String(f.hilist_code);
      // hit: an exact entry before a prefix entry, a longer prefix before a shorter one, then by key.
      const e = k.filter((x) => (x.prefix ? code.startsWith(x.code) : code === x.code))
        .sort((a, b) => Number(a.prefix) - Number(b.prefix) || b.code.length - a.code.length || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0))[0];
      if (!e) continue;
      const diags = [...(dx.get(String(f.mdtrt_id)) ?? [])].sort();
      if (diags.some((c) => e.icd.some((pre) => normJs(c).startsWith(normJs(pre))))) continue;
      out.push({
        ...lineFinding(f),
        facts: { item: f.hilist_name ?? f.hilist_code, note: e.note, prefixes: e.icd.join('/'), diags: diags.join('、') || '无',
          diags_en: diags.join(', ') || 'none' },
        evidence: { allowed_icd_prefixes: e.icd, visit_diagnoses: diags, ...lineEvidence(f) },
        knowledge_ref: `params.indications[${e.entry}]`,
      });
    }
    return out;
  },
});
