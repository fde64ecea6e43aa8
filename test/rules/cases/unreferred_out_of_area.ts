import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// Persons insured in 兰溪市 330781; H2 (婺城区 330702) lies outside that county, H1 (330781) inside.
const county = { institution_county: { H1: '330781', H2: '330702' } };

function stay(r: RegionBuilder, psn: string, inst: string, begin: string, end: string,
  o: { med_type?: string; fund?: string; extra?: Record<string, string> } = {}): Visit {
  const v = r.visit({ psn, inst, med_type: o.med_type ?? '21', begin, end, fund_pay: o.fund ?? '8000',
    extra: { insu_admdvs: '330781', ...o.extra } });
  v.line({ code: '001102000050000', cnt: 5, pric: '2000', time: begin });
  return v;
}

export const table: CaseTable = {
  rule_id: 'unreferred_out_of_area',
  cases: [
    {
      name: 'an out-of-county stay without referral: amount = fund payment × (1 − 0.5)',
      params: county,
      build: (r) => {
        r.institution('H2', { name: '金华市中心医院' });
        const v = stay(r, 'P1', 'H2', '2023-03-01', '2023-03-08');
        return [{ mdtrt_id: v.mdtrt_id, bkkp_sn: [], amount: '4000.00', occurred_at: '2023-03-08',
          message: '参保地330781的参保人未经转诊在县外机构金华市中心医院（330702）住院（2023-03-01至2023-03-08），按正常比例报销；未经转诊应按50%报销，多支付4000.00元' }];
      },
    },
    {
      name: 'a stay inside the county, or at an institution of unknown county, is not judged',
      params: county,
      build: (r) => {
        stay(r, 'P2', 'H1', '2023-03-01', '2023-03-05');
        stay(r, 'P2', 'H9', '2023-04-01', '2023-04-05');
        return [];
      },
    },
    {
      name: 'the default parameters judge nothing',
      build: (r) => {
        stay(r, 'P3', 'H2', '2023-03-01', '2023-03-05');
        return [];
      },
    },
    {
      name: 'a referral covering the admission day (first or last day of its validity) clears the stay; one ending the day before does not',
      params: { ...county, referrals: [
        { psn_no: 'P4', begin: '2023-03-01', end: '2023-03-31' },
        { psn_no: 'P5', fixmedins_code: 'H2', begin: '2023-01-01', end: '2023-02-28' },
        { psn_no: 'P6', fixmedins_code: 'H3', begin: '2023-01-01' },
      ] },
      build: (r) => {
        stay(r, 'P4', 'H2', '2023-03-01', '2023-03-06');
        stay(r, 'P4', 'H2', '2023-03-31', '2023-04-06');
        const a = stay(r, 'P5', 'H2', '2023-03-01', '2023-03-06', { fund: '1000.01' });
        const b = stay(r, 'P6', 'H2', '2023-05-01', '2023-05-03', { fund: '300' });
        return [{ mdtrt_id: a.mdtrt_id, amount: '500.00' }, { mdtrt_id: b.mdtrt_id, amount: '150.00' }];
      },
    },
    {
      name: 'a referral link in the extract (refl_old_mdtrt_id), 转外诊治 (23), emergency admission (24) and outpatient visits are not judged',
      params: county,
      build: (r) => {
        stay(r, 'P7', 'H2', '2023-03-01', '2023-03-06', { extra: { refl_old_mdtrt_id: 'M-OLD-1' } });
        stay(r, 'P7', 'H2', '2023-04-01', '2023-04-06', { med_type: '23' });
        stay(r, 'P7', 'H2', '2023-05-01', '2023-05-06', { med_type: '24' });
        stay(r, 'P7', 'H2', '2023-06-01', '2023-06-01', { med_type: '11' });
        return [];
      },
    },
    {
      name: 'the registry county (fixmedins_info.admdvs) on request, a rate of 0.6, and 日间手术 (28)',
      params: { use_registry_county: true, unreferred_rate: 0.6 },
      build: (r) => {
        const v = stay(r, 'P8', 'H5', '2023-03-01', '2023-03-01', { med_type: '28', fund: '1234.56' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '493.82', message: '应按60%报销' }];
      },
    },
    {
      name: 'refunded and void stays and stays without fund payment never fire',
      params: county,
      build: (r) => {
        r.refund(stay(r, 'P9', 'H2', '2023-03-01', '2023-03-06'));
        stay(r, 'P9', 'H2', '2023-04-01', '2023-04-06', { fund: '0' });
        r.visit({ psn: 'P9', inst: 'H2', med_type: '21', begin: '2023-05-01', end: '2023-05-03', vali_flag: '0',
          extra: { insu_admdvs: '330781' } }).line({ code: '001102000050000', time: '2023-05-01' });
        return [];
      },
    },
  ],
};
