import { z } from 'zod';
import { defineRule } from '../types.js';
import { lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { cmp, indexBy, lineEvidence, lineFinding } from '../realtime/helpers.js';
import type { RtFindingRow } from '../realtime/data.js';

/** SQL trim(): spaces only. */
const trim = (v: unknown): string | null => (v === null || v === undefined ? null : String(v).replace(/^ +| +$/g, ''));

export const messages = {
  message: {
    zh: '医保医师{dr_name}（{dr_code}）{status_text}，{date}仍开具【{item}】纳入医保结算',
    en: 'insurance doctor {dr_name} ({dr_code}) was {status_en} on {date} but ordered [{item}] billed to insurance',
  },
};

/**
 * 医保医师暂停期间处方: a fee line whose ordering doctor (bilg_dr_code) had, on the fee date, the
 * 医保医师 status 0 暂停 or 2 注销 in dr_info (inclusive dates, empty end = open). The doctor's
 * status is personal, so any institution's line counts; where periods overlap the one that began
 * last applies. Doctors absent from dr_info, or dates before their first period, are not judged.
 */
export const rule = defineRule({
  meta: {
    id: 'disqualified_doctor', name_zh: '医保医师暂停期间处方', name_en: 'Order by a suspended insurance doctor',
    category: 'policy', scope: 'line', perPerson: true, severity: 'violation', params: z.object({}).strict(),
    knowledge: '医保医师状态（dr_info）', amount_zh: '违规明细的 det_item_fee_sumamt − fulamt_ownpay_amt',
    basis: '《医疗保障基金使用监督管理条例》第十五条；医保医师管理办法（暂停/注销期间费用不予支付）',
  },
  batch: () => ({
    // Only a line whose doctor has a 暂停/注销 period, dated between the first such period's start and the last
    // one's end, can fire: the lines are narrowed to those (an equality join on a per-doctor summary) and the
    // covering period chosen on their keys, instead of sorting every fee line; the wide row is joined back (on
    // a_fee's key) for the lines that fire.
    sql: `WITH bad AS (
        SELECT dr_code, min(status_begin) AS first_begin, max(status_end) AS last_end, bool_or(status_end IS NULL) AS open_end
        FROM dr_info WHERE trim(dr_status) IN ('0', '2') GROUP BY dr_code),
      pick AS (
        SELECT DISTINCT ON (f.fixmedins_code, f.bkkp_sn) f.fixmedins_code, f.bkkp_sn, d.dr_status, d.status_begin, d.status_end, d.dr_name
        FROM a_fee f
        JOIN bad b ON b.dr_code = f.bilg_dr_code AND b.first_begin <= f.fee_date AND (b.open_end OR f.fee_date <= b.last_end)
        JOIN dr_info d ON d.dr_code = f.bilg_dr_code AND d.status_begin <= f.fee_date
          AND (d.status_end IS NULL OR f.fee_date <= d.status_end)
        ORDER BY f.fixmedins_code, f.bkkp_sn, d.status_begin DESC, d.dr_status),
      st AS (
        SELECT f.*, p.dr_status, p.status_begin, p.status_end, coalesce(p.dr_name, f.bilg_dr_name, f.bilg_dr_code) AS dr_label
        FROM pick p JOIN a_fee f ON f.fixmedins_code = p.fixmedins_code AND f.bkkp_sn = p.bkkp_sn
        WHERE trim(p.dr_status) IN ('0', '2'))
      SELECT ${lineFindingSql()},
        json_object('dr_name', f.dr_label, 'dr_code', f.bilg_dr_code, 'date', CAST(f.fee_date AS VARCHAR),
          'item', coalesce(f.hilist_name, f.hilist_code),
          'status_text', CASE trim(f.dr_status) WHEN '0' THEN '自' || CAST(f.status_begin AS VARCHAR) || '起暂停'
              || coalesce('（至' || CAST(f.status_end AS VARCHAR) || '）', '（未恢复）')
            ELSE '已于' || CAST(f.status_begin AS VARCHAR) || '注销' END,
          'status_en', CASE trim(f.dr_status) WHEN '0' THEN 'suspended' ELSE 'removed from the roll' END) AS facts,
        json_object('bilg_dr_code', f.bilg_dr_code, 'dr_status', f.dr_status, 'status_begin', f.status_begin,
          'status_end', f.status_end, ${lineEvidenceSql()}) AS evidence,
        'dr_info ' || f.bilg_dr_code || ' ' || CAST(f.status_begin AS VARCHAR) AS knowledge_ref
      FROM st f`,
  }),
  realtime: (_p, d) => {
    const byDoctor = indexBy(d.kn.dr_info, 'dr_code');
    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      // The status period covering the fee date; the latest-begun one wins, then the lowest status.
      const periods = (byDoctor.get(f.bilg_dr_code) ?? []).filter((s) => s.status_begin !== null && s.status_begin !== undefined
        && s.status_begin <= f.fee_date && (s.status_end === null || s.status_end === undefined || f.fee_date <= s.status_end));
      const s = periods.sort((a, b) => cmp(b.status_begin, a.status_begin) || cmp(a.dr_status, b.dr_status))[0];
      const status = trim(s?.dr_status);
      if (!s || (status !== '0' && status !== '2')) continue;
      const end = s.status_end ?? null;
      out.push({
        ...lineFinding(f),
        facts: { dr_name: s.dr_name ?? f.bilg_dr_name ?? f.bilg_dr_code, dr_code: f.bilg_dr_code, date: f.fee_date,
          item: f.hilist_name ?? f.hilist_code,
          status_text: status === '0' ? `自${s.status_begin}起暂停${end !== null ? `（至${end}）` : '（未恢复）'}`
            : `已于${s.status_begin}注销`,
          status_en: status === '0' ? 'suspended' : 'removed from the roll' },
        evidence: { bilg_dr_code: f.bilg_dr_code, dr_status: s.dr_status, status_begin: s.status_begin, status_end: end,
          ...lineEvidence(f) },
        knowledge_ref: `dr_info ${f.bilg_dr_code} ${s.status_begin}`,
      });
    }
    return out;
  },
});
