import { z } from 'zod';
import { defineRule } from '../types.js';
import { placeholders as marks, inpatientMedTypesParam } from '../sql-helpers.js';
import { dateOf, sortBy, startsWithAny } from '../realtime/helpers.js';
import type { Row, RtFindingRow } from '../realtime/data.js';

export const messages = {
  message: {
    zh: '{stay_begin}至{stay_end}在{stay_inst}住院期间，于{date}在{inst}发生{kind}结算',
    en: 'while in hospital at {stay_inst} from {stay_begin} to {stay_end}, a {kind_en} settlement on {date} at {inst}',
  },
};


/**
 * 住院期间门诊/购药结算: a settlement of a non-inpatient visit (outpatient, emergency, chronic, pharmacy,
 * family bed …) of the person dated strictly between an inpatient stay's admission and discharge dates
 * (the admission and discharge days themselves are allowed). The outpatient visit is the offending one;
 * amount = its fund payment. Settlement date = setl_time, as the catalogue says "settlement dated".
 */
export const rule = defineRule({
  meta: {
    id: 'outpatient_during_inpatient', name_zh: '住院期间门诊/购药结算', name_en: 'Outpatient settlement during a stay',
    category: 'management', scope: 'person', perPerson: true, severity: 'suspect_high',
    params: z.object({
      inpatient_med_types: inpatientMedTypesParam,
    }).strict(),
    knowledge: null, amount_zh: '住院期间门诊/购药就诊各结算的 fund_pay_sumamt 之和',
    basis: '《医疗保障基金使用监督管理条例》第十五条、第十九条',
  },
  batch: (p) => ({
    sql: `WITH inpt AS (SELECT unnest([${marks(p.inpatient_med_types)}]) AS code),
      v AS (SELECT v.*, EXISTS (SELECT 1 FROM inpt WHERE starts_with(v.med_type, inpt.code)) AS is_ipt FROM a_visit v),
      o AS (SELECT v.*, CAST(s.setl_time AS DATE) AS setl_date, s.setl_id AS hit_setl_id
            FROM v JOIN a_setl s ON s.mdtrt_id = v.mdtrt_id WHERE NOT v.is_ipt),
      hits AS (
        SELECT o.*, st.mdtrt_id AS stay_id, st.fixmedins_code AS stay_code,
          coalesce(st.fixmedins_name, st.fixmedins_code) AS stay_name, st.begn_date AS stay_begin, st.end_date AS stay_end
        FROM o JOIN v st ON st.is_ipt AND st.psn_no = o.psn_no
          AND o.setl_date > st.begn_date AND o.setl_date < st.end_date)
      SELECT DISTINCT ON (h.mdtrt_id) h.fixmedins_code, h.psn_no, h.mdtrt_id, h.hit_setl_id AS setl_id,
        CAST([] AS VARCHAR[]) AS bkkp_sn, h.fund_pay AS amount, h.setl_date AS occurred_at,
        json_object('inst', coalesce(h.fixmedins_name, h.fixmedins_code), 'date', strftime(h.setl_date, '%Y-%m-%d'),
          'kind', CASE WHEN h.med_type = '41' THEN '定点药店购药' ELSE '门诊' END,
          'kind_en', CASE WHEN h.med_type = '41' THEN 'pharmacy' ELSE 'outpatient' END,
          'stay_inst', h.stay_name, 'stay_begin', strftime(h.stay_begin, '%Y-%m-%d'),
          'stay_end', strftime(h.stay_end, '%Y-%m-%d')) AS facts,
        json_object('med_type', h.med_type, 'setl_date', h.setl_date, 'stay_mdtrt_id', h.stay_id,
          'stay_fixmedins_code', h.stay_code, 'setl_ids', h.setl_ids) AS evidence,
        'params.inpatient_med_types=' || ? AS knowledge_ref
      FROM hits h
      ORDER BY h.mdtrt_id, h.setl_date, h.hit_setl_id, h.stay_begin, h.stay_id`,
    params: [...p.inpatient_med_types, p.inpatient_med_types.join(',')],
  }),
  realtime: (p, d) => {
    const isIpt = (v: Row) => startsWithAny(v.med_type, p.inpatient_med_types);
    const visits = new Map(d.a_visit.map((v) => [String(v.mdtrt_id), v]));
    const stays = d.a_visit.filter(isIpt);
    // hits: each settlement of a non-inpatient visit dated strictly inside a stay of the person.
    const hits: { o: Row; setl_date: string; hit_setl_id: string; st: Row }[] = [];
    for (const s of d.a_setl) {
      const o = s.mdtrt_id == null ? undefined : visits.get(String(s.mdtrt_id));
      if (!o || isIpt(o)) continue;
      const setl_date = dateOf(s.setl_time)!;
      for (const st of stays) {
        if (st.psn_no == null || st.psn_no !== o.psn_no || st.begn_date == null || st.end_date == null) continue;
        if (setl_date > st.begn_date && setl_date < st.end_date) hits.push({ o, setl_date, hit_setl_id: s.setl_id, st });
      }
    }
    // DISTINCT ON (mdtrt_id) ORDER BY setl_date, hit_setl_id, stay_begin, stay_id
    sortBy(hits, (h) => h.o.mdtrt_id, (h) => h.setl_date, (h) => h.hit_setl_id, (h) => h.st.begn_date, (h) => h.st.mdtrt_id);
    const out: RtFindingRow[] = [];
    let last: unknown;
    for (const { o: h, setl_date, hit_setl_id, st } of hits) {
      if (out.length && h.mdtrt_id === last) continue;
      last = h.mdtrt_id;
      const pharmacy = h.med_type === '41';
      out.push({
        fixmedins_code: h.fixmedins_code, psn_no: h.psn_no, mdtrt_id: h.mdtrt_id, setl_id: hit_setl_id, bkkp_sn: [],
        amount: String(h.fund_pay), occurred_at: setl_date,
        facts: { inst: h.fixmedins_name ?? h.fixmedins_code, date: setl_date, kind: pharmacy ? '定点药店购药' : '门诊',
          kind_en: pharmacy ? 'pharmacy' : 'outpatient', stay_inst: st.fixmedins_name ?? st.fixmedins_code,
          stay_begin: st.begn_date, stay_end: st.end_date },
        evidence: { med_type: h.med_type ?? null, setl_date, stay_mdtrt_id: st.mdtrt_id, stay_fixmedins_code: st.fixmedins_code,
          setl_ids: h.setl_ids },
        knowledge_ref: `params.inpatient_med_types=${p.inpatient_med_types.join(',')}`,
      });
    }
    return out;
  },
});
