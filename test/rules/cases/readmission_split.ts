import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// An inpatient stay with one bed line; diag main first (written to setl_list_diag_d and dscg_maindiag_code).
function stay(r: RegionBuilder, psn: string, inst: string, begin: string, end: string, diag: string[],
  o: { fund?: string; extra?: Record<string, string> } = {}): Visit {
  const v = r.visit({ psn, inst, med_type: '21', begin, end, diag, fund_pay: o.fund ?? '100.00', extra: o.extra });
  v.line({ code: '001109000010000', name: '普通病房床位费', cnt: 1, pric: '150', time: begin, med_chrgitm_type: '01' });
  return v;
}

export const table: CaseTable = {
  rule_id: 'readmission_split',
  cases: [
    {
      name: 'readmission to the same hospital 10 days after discharge with the same category is flagged',
      build: (r) => {
        stay(r, 'P1', 'H1', '2023-03-01', '2023-03-07', ['J18.900']);
        const m = stay(r, 'P1', 'H1', '2023-03-17', '2023-03-22', ['J18.000'], { fund: '2345.67' });
        return [{ psn_no: 'P1', mdtrt_id: m.mdtrt_id, amount: '2345.67', occurred_at: '2023-03-17',
          message: '2023-03-07自机构H1出院后第10天（2023-03-17）再次入住同一机构，主诊断类目同为J18（J18.900→J18.000）' }];
      },
    },
    {
      name: 'boundary: day 15 after discharge fires, day 16 does not; same-day readmission (day 0) fires',
      build: (r) => {
        stay(r, 'P2', 'H1', '2023-03-01', '2023-03-07', ['J18.900']);
        const a = stay(r, 'P2', 'H1', '2023-03-22', '2023-03-25', ['J18.900'], { fund: '15.00' });
        stay(r, 'P3', 'H1', '2023-03-01', '2023-03-07', ['J18.900']);
        stay(r, 'P3', 'H1', '2023-03-23', '2023-03-25', ['J18.900']);
        stay(r, 'P4', 'H1', '2023-03-01', '2023-03-07', ['I63.900']);
        const c = stay(r, 'P4', 'H1', '2023-03-07', '2023-03-12', ['I63.900'], { fund: '0.50' });
        return [
          { psn_no: 'P2', mdtrt_id: a.mdtrt_id, amount: '15.00', message: '出院后第15天' },
          { psn_no: 'P4', mdtrt_id: c.mdtrt_id, amount: '0.50', message: '出院后第0天' },
        ];
      },
    },
    {
      name: 'a planned chemotherapy readmission (Z51), another category, or another hospital does not fire',
      build: (r) => {
        stay(r, 'P5', 'H1', '2023-03-01', '2023-03-03', ['Z51.100', 'C34.900']);
        stay(r, 'P5', 'H1', '2023-03-11', '2023-03-13', ['Z51.100', 'C34.900']);
        stay(r, 'P6', 'H1', '2023-03-01', '2023-03-07', ['J18.900']);
        stay(r, 'P6', 'H1', '2023-03-15', '2023-03-20', ['K80.100']);
        stay(r, 'P7', 'H1', '2023-03-01', '2023-03-07', ['J18.900']);
        stay(r, 'P7', 'H2', '2023-03-10', '2023-03-15', ['J18.900']);
        return [];
      },
    },
    {
      name: 'the settlement list main diagnosis wins over dscg_maindiag_code, which is the fallback without a list',
      build: (r) => {
        stay(r, 'P8', 'H1', '2023-03-01', '2023-03-07', ['J18.900'], { extra: { dscg_maindiag_code: 'K80.100' } });
        const a = stay(r, 'P8', 'H1', '2023-03-10', '2023-03-12', [], { extra: { dscg_maindiag_code: 'J18.900' }, fund: '1.00' });
        return [{ mdtrt_id: a.mdtrt_id, amount: '1.00', message: '（J18.900→J18.900）' }];
      },
    },
    {
      name: 'with icd_prefix_len=1 and no planned prefixes, J18 → J44 and Z51 → Z51 readmissions fire',
      params: { icd_prefix_len: 1, planned_prefixes: [] },
      build: (r) => {
        stay(r, 'P9', 'H1', '2023-03-01', '2023-03-07', ['J18.900']);
        const a = stay(r, 'P9', 'H1', '2023-03-12', '2023-03-14', ['J44.100'], { fund: '9.00' });
        stay(r, 'PA', 'H1', '2023-03-01', '2023-03-03', ['Z51.100']);
        const b = stay(r, 'PA', 'H1', '2023-03-11', '2023-03-13', ['Z51.100'], { fund: '8.00' });
        return [{ psn_no: 'P9', mdtrt_id: a.mdtrt_id, amount: '9.00', message: '类目同为J' },
          { psn_no: 'PA', mdtrt_id: b.mdtrt_id, amount: '8.00' }];
      },
    },
    {
      name: 'an earlier stay at the same hospital counts even with a stay elsewhere in between',
      build: (r) => {
        stay(r, 'PB', 'H1', '2023-03-01', '2023-03-05', ['J44.100']);
        stay(r, 'PB', 'H2', '2023-03-06', '2023-03-09', ['I10.x00x002']);
        const m = stay(r, 'PB', 'H1', '2023-03-12', '2023-03-20', ['J44.100'], { fund: '77.00' });
        return [{ mdtrt_id: m.mdtrt_id, amount: '77.00', occurred_at: '2023-03-12' }];
      },
    },
    {
      name: 'once grouped, the message names the DRG of each stay (0000 as 未入组; a stay without a result names none)',
      build: (r) => {
        r.drg(stay(r, 'PE', 'H1', '2023-03-01', '2023-03-07', ['J18.900']), { drg: 'ES35' });
        const a = r.drg(stay(r, 'PE', 'H1', '2023-03-17', '2023-03-22', ['J18.000', 'J96.000'], { fund: '2345.67' }),
          { drg: 'ES31', mcc: ['J96.000'] });
        stay(r, 'PF', 'H1', '2023-03-01', '2023-03-07', ['J18.900']);
        const b = r.drg(stay(r, 'PF', 'H1', '2023-03-10', '2023-03-12', ['J18.900'], { fund: '3.00' }), { drg: '0000' });
        return [
          { psn_no: 'PE', mdtrt_id: a.mdtrt_id, amount: '2345.67', message: '2023-03-07自机构H1出院（DRG：ES35）后第10天（2023-03-17）'
            + '再次入住同一机构（DRG：ES31），主诊断类目同为J18（J18.900→J18.000）' },
          { psn_no: 'PF', mdtrt_id: b.mdtrt_id, amount: '3.00', message: '2023-03-07自机构H1出院后第3天（2023-03-10）再次入住同一机构（DRG：未入组），' },
        ];
      },
    },
    {
      name: 'a refunded first stay or a refunded readmission is not counted',
      build: (r) => {
        r.refund(stay(r, 'PC', 'H1', '2023-03-01', '2023-03-07', ['J18.900']));
        stay(r, 'PC', 'H1', '2023-03-10', '2023-03-12', ['J18.900']);
        stay(r, 'PD', 'H1', '2023-03-01', '2023-03-07', ['J18.900']);
        r.refund(stay(r, 'PD', 'H1', '2023-03-10', '2023-03-12', ['J18.900']));
        return [];
      },
    },
  ],
};
