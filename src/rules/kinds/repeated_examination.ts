import { z } from 'zod';
import { defineRule } from '../types.js';
import { lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { cmp, dayDiff, lineEvidence, lineFinding, sortBy, startsWithAny } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{prev_date}已在{prev_inst}行【{item}】，{days}天后（间隔少于{min_days}天）又在{inst}重复检查，期间诊断未改变（{dx}）',
    en: '[{item}] done at {prev_inst} on {prev_date} and repeated at {inst} {days} days later (under {min_days} days) without a change of diagnosis ({dx})',
  },
};

/**
 * Service items counted as examinations, by the national 15-digit code's chapter (医疗服务项目分类与代码):
 * 00210102 X线摄影, 00210103 X线造影, 002102 磁共振(MRI), 002103 CT, 002202 B超, 002203 彩色多普勒超声,
 * 002206 超声心动图, 0023 核医学(ECT/PET). Left out by default: 透视 (00210101, bedside/intra-operative),
 * A超/多普勒/超声引导 (002201, 002204, 002205) and laboratory tests (0025), which are repeated for monitoring
 * during a stay; a region adds e.g. '002507' to watch a lab chapter.
 */
export const EXAM_PREFIXES = ['00210102', '00210103', '002102', '002103', '002202', '002203', '002206', '0023'];

/** `col` starts with one of n prefixes given as parameters (a plain filter DuckDB pushes down to the fee scan). */
const anyPrefix = (col: string, n: number) =>
  n ? `(${Array.from({ length: n }, () => `starts_with(${col}, ?)`).join(' OR ')})` : 'false';

/**
 * 重复检查: the same examination item (same national code) billed for a person again fewer than
 * min_interval_days days after the previous one, at any institution, while the diagnosis did not change
 * (same visit, or the two visits' main diagnoses share their first icd_prefix_len characters; a visit
 * without a main diagnosis cannot show a change). The repeated (later) line is flagged. One line with
 * cnt > 1 is one order (several body parts), not a repeat.
 */
export const rule = defineRule({
  meta: {
    id: 'repeated_examination', name_zh: '重复检查', name_en: 'Repeated examination', category: 'medical', scope: 'person', perPerson: true,
    severity: 'suspect',
    params: z.object({
      min_interval_days: z.number().int().min(1).default(30),
      exam_prefixes: z.array(z.string().min(2)).min(1).default(EXAM_PREFIXES),
      icd_prefix_len: z.number().int().min(1).max(11).default(3),
    }).strict(),
    knowledge: null, amount_zh: '重复检查明细（后一次）的 det_item_fee_sumamt − fulamt_ownpay_amt',
    basis: '《医疗保障基金使用监督管理条例》第十五条（过度诊疗、过度检查）',
  },
  batch: (p) => ({
    sql: `WITH exl AS (SELECT f.* FROM a_fee f WHERE ${anyPrefix('f.hilist_code', p.exam_prefixes.length)}),
      inst AS (SELECT fixmedins_code, arg_max(fixmedins_name, status_begin) AS inst_name FROM fixmedins_info GROUP BY ALL),
      ldx AS (
        SELECT d.mdtrt_id, min(trim(d.diag_code)) AS code FROM setl_list_diag_d d JOIN a_setl s ON s.setl_id = d.setl_id
        WHERE d.maindiag_flag = '1' AND trim(coalesce(d.diag_code, '')) <> '' AND d.mdtrt_id IN (SELECT mdtrt_id FROM exl)
        GROUP BY ALL),
      vdx AS (
        SELECT v.mdtrt_id, coalesce(ldx.code, nullif(trim(v.dscg_maindiag_code), '')) AS main_dx,
          coalesce(i.inst_name, v.fixmedins_name, v.fixmedins_code) AS inst_name
        FROM a_visit v LEFT JOIN ldx USING (mdtrt_id) LEFT JOIN inst i ON i.fixmedins_code = v.fixmedins_code
        WHERE v.mdtrt_id IN (SELECT mdtrt_id FROM exl)),
      ex AS (
        SELECT f.*, x.main_dx, x.inst_name,
          lag(f.bkkp_sn) OVER w AS prev_bkkp, lag(f.fee_date) OVER w AS prev_date, lag(f.mdtrt_id) OVER w AS prev_mdtrt,
          lag(f.fixmedins_code) OVER w AS prev_code, lag(x.inst_name) OVER w AS prev_inst, lag(x.main_dx) OVER w AS prev_dx
        FROM exl f JOIN vdx x ON x.mdtrt_id = f.mdtrt_id
        WINDOW w AS (PARTITION BY f.psn_no, f.hilist_code ORDER BY f.fee_ocur_time, f.fixmedins_code, f.bkkp_sn)),
      hit AS (
        SELECT *, date_diff('day', prev_date, fee_date) AS days FROM ex
        WHERE prev_bkkp IS NOT NULL AND date_diff('day', prev_date, fee_date) < ?
          AND (mdtrt_id = prev_mdtrt OR main_dx IS NULL OR prev_dx IS NULL OR upper(left(main_dx, ?)) = upper(left(prev_dx, ?))))
      SELECT ${lineFindingSql()},
        json_object('prev_date', strftime(f.prev_date, '%Y-%m-%d'), 'prev_inst', f.prev_inst, 'item', f.hilist_name,
          'days', f.days, 'min_days', CAST(? AS INTEGER), 'inst', f.inst_name, 'dx', coalesce(f.main_dx, f.prev_dx, '未填写')) AS facts,
        json_object('prev_bkkp_sn', f.prev_bkkp, 'prev_mdtrt_id', f.prev_mdtrt, 'prev_fixmedins_code', f.prev_code,
          'prev_main_dx', f.prev_dx, 'main_dx', f.main_dx, 'interval_days', f.days, ${lineEvidenceSql()}) AS evidence,
        'params.min_interval_days=' || CAST(? AS VARCHAR) AS knowledge_ref
      FROM hit f`,
    params: [...p.exam_prefixes, p.min_interval_days, p.icd_prefix_len, p.icd_prefix_len, p.min_interval_days,
      String(p.min_interval_days)],
  }),
  realtime: (p, d) => {
    const exl = d.a_fee.filter((f) => startsWithAny(f.hilist_code, p.exam_prefixes));
    const exMdtrt = new Set(exl.map((f) => f.mdtrt_id));
    // ldx: the smallest main diagnosis code on the settlement lists of the visit's valid settlements.
    const setlIds = new Set(d.a_setl.map((s) => String(s.setl_id)));
    const ldx = new Map<string, string>();
    for (const r of d.raw.setl_list_diag_d) {
      const code = sqlTrim(r.diag_code ?? '');
      if (r.maindiag_flag !== '1' || code === '' || !setlIds.has(String(r.setl_id)) || !exMdtrt.has(r.mdtrt_id)) continue;
      const prev = ldx.get(r.mdtrt_id);
      if (prev === undefined || code < prev) ldx.set(r.mdtrt_id, code);
    }
    const names = instNames(d.kn.fixmedins_info);
    const vdx = new Map<string, { main_dx: string | null; inst_name: string }>();
    for (const v of d.a_visit) {
      if (!exMdtrt.has(v.mdtrt_id)) continue;
      const dscg = isNull(v.dscg_maindiag_code) ? null : sqlTrim(v.dscg_maindiag_code);
      vdx.set(v.mdtrt_id, { main_dx: ldx.get(v.mdtrt_id) ?? (dscg === '' ? null : dscg),
        inst_name: names.get(v.fixmedins_code) ?? v.fixmedins_name ?? v.fixmedins_code });
    }
    // ex: each examination line after the previous one of the same item for the person.
    const parts = new Map<string, { f: Row; x: { main_dx: string | null; inst_name: string } }[]>();
    for (const f of exl) {
      const x = vdx.get(f.mdtrt_id);
      if (!x) continue;
      const key = `${f.psn_no}\u0000${f.hilist_code}`;
      parts.set(key, [...(parts.get(key) ?? []), { f, x }]);
    }
    const n = p.icd_prefix_len;
    const head = (s: string) => [...s].slice(0, n).join('').toUpperCase();
    const out: RtFindingRow[] = [];
    for (const lines of parts.values()) {
      sortBy(lines, (l) => l.f.fee_ocur_time, (l) => l.f.fixmedins_code, (l) => l.f.bkkp_sn);
      lines.forEach(({ f, x }, i) => {
        const prev = lines[i - 1];
        if (!prev || isNull(prev.f.bkkp_sn)) return;
        const days = dayDiff(prev.f.fee_date, f.fee_date);
        if (!(days < p.min_interval_days)) return;
        const dx = x.main_dx; const prevDx = prev.x.main_dx;
        if (!(f.mdtrt_id === prev.f.mdtrt_id || dx === null || prevDx === null || head(dx) === head(prevDx))) return;
        out.push({
          ...lineFinding(f),
          facts: { prev_date: prev.f.fee_date, prev_inst: prev.x.inst_name, item: f.hilist_name, days, min_days: p.min_interval_days,
            inst: x.inst_name, dx: dx ?? prevDx ?? '未填写' },
          evidence: { prev_bkkp_sn: prev.f.bkkp_sn, prev_mdtrt_id: prev.f.mdtrt_id, prev_fixmedins_code: prev.f.fixmedins_code,
            prev_main_dx: prevDx, main_dx: dx, interval_days: days, ...lineEvidence(f) },
          knowledge_ref: `params.min_interval_days=${p.min_interval_days}`,
        });
      });
    }
    return out;
  },
});

const isNull = (v: unknown): boolean => v === null || v === undefined;

/** trim(): DuckDB strips spaces only. */
const sqlTrim = (s: string): string => s.replace(/^ +| +$/g, '');

const instNameCache = new WeakMap<readonly Row[], Map<string, string>>();

/** arg_max(fixmedins_name, status_begin) per institution (rows with either NULL are ignored), cached per reference array. */
function instNames(info: readonly Row[]): Map<string, string> {
  let names = instNameCache.get(info);
  if (names) return names;
  const best = new Map<string, Row>();
  for (const r of info) {
    if (isNull(r.fixmedins_name) || isNull(r.status_begin)) continue;
    const b = best.get(r.fixmedins_code);
    if (!b || cmp(r.status_begin, b.status_begin) > 0) best.set(r.fixmedins_code, r);
  }
  names = new Map([...best].map(([code, r]) => [code, String(r.fixmedins_name)]));
  instNameCache.set(info, names);
  return names;
}
