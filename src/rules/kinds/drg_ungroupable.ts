import { z } from 'zod';
import type { SqlParam } from '../../store/warehouse.js';
import { defineRule } from '../types.js';

export const messages = {
  message: {
    zh: '住院结算{setl_id}（{begin}至{end}）{reason}；主诊断：{dx}；分组方案{scheme}',
    en: 'inpatient settlement {setl_id} ({begin} to {end}): {reason_en}; main diagnosis: {dx_en}; scheme {scheme}',
  },
};

const STATUSES = ['rejected', 'ungrouped'] as const;

const params = z.object({
  /** rejected: refused by the grouper's input check; ungrouped: checked but grouped to 0000. */
  statuses: z.array(z.enum(STATUSES)).min(1).default(['rejected', 'ungrouped']),
}).strict();

/** The grouper's reject reasons (src/drg/input.ts) in words; an unknown one is shown as recorded. */
const REASON_ZH = `CASE r.reject_reason WHEN 'missing_sex' THEN '缺少性别' WHEN 'missing_diagnoses' THEN '缺少诊断'
  WHEN 'newborn_without_weight' THEN '新生儿缺少出生体重' ELSE '病案校验未通过（' || coalesce(r.reject_reason, '原因未记录') || '）' END`;
const REASON_EN = `CASE r.reject_reason WHEN 'missing_sex' THEN 'no sex' WHEN 'missing_diagnoses' THEN 'no diagnoses'
  WHEN 'newborn_without_weight' THEN 'newborn without a birth weight' ELSE 'input check failed (' || coalesce(r.reject_reason, 'no reason recorded') || ')' END`;

/**
 * 未入组/入组失败 (data quality, batch only: it reads the results of a DRG grouping run, drg_result): every valid
 * inpatient settlement whose grouping was rejected by the input check (missing sex, missing diagnoses, a newborn
 * without a birth weight) or that was grouped to 0000 (its main diagnosis and procedures meet no DRG's conditions),
 * with the reason. Such a case cannot be paid by its DRG and goes to manual review (or by item), so the amount at
 * stake is the settlement's fund payment. One finding per settlement; refunded and void settlements are skipped.
 */
export const rule = defineRule({
  meta: {
    id: 'drg_ungroupable', name_zh: '未入组/入组失败', name_en: 'DRG grouping failed', category: 'management', scope: 'visit', perPerson: true,
    severity: 'suspect', params, knowledge: 'DRG分组结果（drg_result）',
    amount_zh: '该结算的 fund_pay_sumamt',
    basis: '《医疗保障基金结算清单填写规范》；《国家医疗保障疾病诊断相关分组（CHS-DRG）分组与付费技术规范》',
  },
  batch: (p) => {
    const P: SqlParam[] = [];
    const q = (v: SqlParam) => (P.push(v), '?');
    const sql = `WITH x AS (
        SELECT r.*, r.status = 'rejected' AS rejected, nullif(trim(r.main_diag), '') AS dx
        FROM drg_result r
        WHERE r.status = 'rejected' OR r.status = 'ungrouped' OR r.drg = '0000')
      SELECT v.fixmedins_code, v.psn_no, v.mdtrt_id, s.setl_id, CAST([] AS VARCHAR[]) AS bkkp_sn,
        CAST(coalesce(s.fund_pay_sumamt, 0) AS DECIMAL(18,4)) AS amount, v.end_date AS occurred_at,
        json_object('setl_id', s.setl_id, 'begin', strftime(v.begn_date, '%Y-%m-%d'), 'end', strftime(v.end_date, '%Y-%m-%d'),
          'reason', CASE WHEN r.rejected THEN 'DRG入组失败：' || ${REASON_ZH}
            ELSE 'DRG未能入组（主诊断及手术操作不符合任何DRG的入组条件，分组结果' || r.drg || '）' END,
          'reason_en', CASE WHEN r.rejected THEN 'rejected by the DRG grouper: ' || ${REASON_EN}
            ELSE 'not grouped (the main diagnosis and procedures meet the conditions of no DRG; result ' || r.drg || ')' END,
          'dx', coalesce(r.dx, '缺失'), 'dx_en', coalesce(r.dx, 'missing'), 'scheme', r.scheme_version) AS facts,
        json_object('status', r.status, 'drg', r.drg, 'reject_reason', r.reject_reason, 'main_diag', r.main_diag, 'mdc', r.mdc,
          'adrg', r.adrg, 'scheme_version', r.scheme_version, 'run_id', r.run_id, 'dscg_date', r.dscg_date) AS evidence,
        'drg_result run ' || r.run_id || ', ' || r.scheme_version AS knowledge_ref
      FROM x r JOIN a_setl s ON s.setl_id = r.setl_id JOIN a_visit v ON v.mdtrt_id = s.mdtrt_id
      WHERE CASE WHEN r.rejected THEN ${q(p.statuses.includes('rejected'))} ELSE ${q(p.statuses.includes('ungrouped'))} END`;
    return { sql, params: P };
  },
});
