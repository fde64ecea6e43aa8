import { z } from 'zod';
import { defineRule } from '../types.js';
import { knowledgeRefSql, lineEvidenceSql, lineFindingSql } from '../knowledge-ref.js';
import { cmp, indexBy, knowledgeRef, lineEvidence, lineFinding, secondsBetween } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{scope}收取【{main}】及其已包含的【{sub}】，从项重复收费（{memo}）',
    en: '{scope_en}: [{sub}] billed together with [{main}], which already includes it',
  },
};

/**
 * 重复收费 (batch 7): a main item and an item it already includes (从项) billed for the same person
 * within the batch's 频度: 单日 = the same calendar day at the same institution (across that
 * institution's visits), 单次就诊 = the same visit, N小时 = fee times at most N hours apart at the same
 * institution. The included (sub) line is flagged, once, whatever number of main lines cover it.
 */
export const rule = defineRule({
  meta: {
    id: 'duplicate_charge', name_zh: '重复收费', name_en: 'Duplicate charge (included item billed again)',
    category: 'policy', scope: 'visit', perPerson: true, severity: 'violation', params: z.object({}).strict(),
    knowledge: '第七批 医疗服务项目重复收费', amount_zh: '从项明细的 det_item_fee_sumamt − fulamt_ownpay_amt',
    basis: '《医疗保障基金使用监督管理条例》第十五条（重复收费）',
  },
  batch: () => ({
    sql: `WITH k AS (
        SELECT * FROM kn_effective_duplicate_charge
        WHERE freq_scope IN ('day', 'visit') OR (freq_scope = 'hours' AND freq_hours > 0)),
      pairs AS (
        SELECT f.*, m.bkkp_sn AS main_bkkp_sn, m.mdtrt_id AS main_mdtrt_id, m.fee_ocur_time AS main_time,
          coalesce(m.hilist_name, k.main_hilist_name) AS main_name, k.freq_scope, k.freq_hours, k.frequency, k.memo AS dup_memo,
          k.main_hilist_code, ${knowledgeRefSql()} AS knowledge_ref, k.src_file AS kn_file, k.src_row AS kn_row
        FROM a_fee f
        JOIN k ON k.sub_hilist_code = f.hilist_code
        JOIN a_fee m ON m.hilist_code = k.main_hilist_code AND m.psn_no = f.psn_no AND m.fixmedins_code = f.fixmedins_code
          AND m.bkkp_sn <> f.bkkp_sn
        WHERE CASE k.freq_scope
          WHEN 'day' THEN m.fee_date = f.fee_date
          WHEN 'visit' THEN m.mdtrt_id = f.mdtrt_id
          ELSE abs(date_diff('second', m.fee_ocur_time, f.fee_ocur_time)) <= k.freq_hours * 3600 END)
      SELECT DISTINCT ON (f.fixmedins_code, f.bkkp_sn) ${lineFindingSql()},
        json_object(
          'scope', CASE f.freq_scope WHEN 'day' THEN '同日（' || CAST(f.fee_date AS VARCHAR) || '）'
            WHEN 'visit' THEN '同次就诊' ELSE f.freq_hours || '小时内' END,
          'scope_en', CASE f.freq_scope WHEN 'day' THEN 'on ' || CAST(f.fee_date AS VARCHAR)
            WHEN 'visit' THEN 'in the same visit' ELSE 'within ' || f.freq_hours || ' hours' END,
          'main', f.main_name, 'sub', f.hilist_name, 'memo', coalesce(f.dup_memo, f.frequency)) AS facts,
        json_object('main_bkkp_sn', f.main_bkkp_sn, 'main_mdtrt_id', f.main_mdtrt_id, 'main_time', f.main_time,
          'main_hilist_code', f.main_hilist_code, 'frequency', f.frequency, 'freq_scope', f.freq_scope,
          'freq_hours', f.freq_hours, ${lineEvidenceSql()}) AS evidence,
        f.knowledge_ref
      FROM pairs f
      ORDER BY f.fixmedins_code, f.bkkp_sn, f.kn_file, f.kn_row, f.main_bkkp_sn`,
  }),
  realtime: (_p, d) => {
    const bySub = indexBy(d.kn.duplicate_charge, 'sub_hilist_code');
    const feesByCode = new Map<string, Row[]>();
    for (const m of d.a_fee) {
      if (m.hilist_code === null || m.hilist_code === undefined) continue;
      (feesByCode.get(m.hilist_code) ?? feesByCode.set(m.hilist_code, []).get(m.hilist_code)!).push(m);
    }
    const out: RtFindingRow[] = [];
    for (const f of d.a_fee) {
      // Every (knowledge row, main line) pair covering the sub line; the first by (src_file, src_row, main bkkp_sn) is cited.
      const pairs: { k: Row; m: Row }[] = [];
      for (const k of bySub.get(f.hilist_code) ?? []) {
        if (!(k.freq_scope === 'day' || k.freq_scope === 'visit' || (k.freq_scope === 'hours' && k.freq_hours > 0))) continue;
        for (const m of feesByCode.get(k.main_hilist_code) ?? []) {
          if (m.psn_no !== f.psn_no || m.fixmedins_code !== f.fixmedins_code || m.bkkp_sn === f.bkkp_sn) continue;
          if (k.freq_scope === 'day' ? m.fee_date === f.fee_date : k.freq_scope === 'visit' ? m.mdtrt_id === f.mdtrt_id
            : Math.abs(secondsBetween(m.fee_ocur_time, f.fee_ocur_time)) <= k.freq_hours * 3600) pairs.push({ k, m });
        }
      }
      const first = pairs.sort((a, b) => cmp(a.k.src_file, b.k.src_file) || cmp(a.k.src_row, b.k.src_row)
        || cmp(a.m.bkkp_sn, b.m.bkkp_sn))[0];
      if (!first) continue;
      const { k, m } = first;
      out.push({
        ...lineFinding(f),
        facts: {
          scope: k.freq_scope === 'day' ? `同日（${f.fee_date}）` : k.freq_scope === 'visit' ? '同次就诊' : `${k.freq_hours}小时内`,
          scope_en: k.freq_scope === 'day' ? `on ${f.fee_date}` : k.freq_scope === 'visit' ? 'in the same visit'
            : `within ${k.freq_hours} hours`,
          main: m.hilist_name ?? k.main_hilist_name, sub: f.hilist_name, memo: k.memo ?? k.frequency },
        evidence: { main_bkkp_sn: m.bkkp_sn, main_mdtrt_id: m.mdtrt_id, main_time: m.fee_ocur_time,
          main_hilist_code: k.main_hilist_code, frequency: k.frequency, freq_scope: k.freq_scope, freq_hours: k.freq_hours,
          ...lineEvidence(f) },
        knowledge_ref: knowledgeRef(k),
      });
    }
    return out;
  },
});
