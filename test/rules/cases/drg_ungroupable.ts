import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

/** An inpatient stay with one treatment line costing `cost` (its settlement's fund payment unless `fund` is given). */
function stay(r: RegionBuilder, psn: string, begin: string, end: string, diag: string[], o: { fund?: string; vali_flag?: string } = {}): Visit {
  const v = r.visit({ psn, inst: 'H1', med_type: '21', begin, end, diag, fund_pay: o.fund, vali_flag: o.vali_flag });
  v.line({ code: '001201000020000', name: '静脉输液', cnt: 1, pric: '800', time: begin, med_chrgitm_type: '05' });
  return v;
}

const SCHEME = '分组方案CHS-DRG 1.1';

export const table: CaseTable = {
  rule_id: 'drg_ungroupable',
  cases: [
    {
      name: 'each reject reason of the input check is named, with the main diagnosis (missing when there is none)',
      build: (r) => {
        const a = r.drg(stay(r, 'P1', '2023-03-01', '2023-03-05', ['J18.900'], { fund: '640.00' }),
          { drg: '0000', status: 'rejected', reject_reason: 'missing_sex' });
        const b = r.drg(stay(r, 'P2', '2023-03-02', '2023-03-06', []), { drg: '0000', status: 'rejected', reject_reason: 'missing_diagnoses' });
        const c = r.drg(stay(r, 'P3', '2023-03-03', '2023-03-07', ['P07.300']),
          { drg: '0000', status: 'rejected', reject_reason: 'newborn_without_weight' });
        return [
          { psn_no: 'P1', mdtrt_id: a.mdtrt_id, bkkp_sn: [], amount: '640.00', occurred_at: '2023-03-05',
            message: `住院结算${a.setl_id}（2023-03-01至2023-03-05）DRG入组失败：缺少性别；主诊断：J18.900；${SCHEME}` },
          { psn_no: 'P2', mdtrt_id: b.mdtrt_id, amount: '800.00', message: 'DRG入组失败：缺少诊断；主诊断：缺失；' },
          { psn_no: 'P3', mdtrt_id: c.mdtrt_id, amount: '800.00', message: 'DRG入组失败：新生儿缺少出生体重；主诊断：P07.300；' },
        ];
      },
    },
    {
      name: 'a case grouped to 0000 is flagged as not grouped',
      build: (r) => {
        const v = r.drg(stay(r, 'P1', '2023-04-10', '2023-04-12', ['R69.x00'], { fund: '500.00' }), { drg: '0000' });
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, amount: '500.00', occurred_at: '2023-04-12',
          message: `住院结算${v.setl_id}（2023-04-10至2023-04-12）DRG未能入组（主诊断及手术操作不符合任何DRG的入组条件，分组结果0000）；`
            + `主诊断：R69.x00；${SCHEME}` }];
      },
    },
    {
      name: 'grouped cases, stays without a grouping result, refunded or void settlements and stays before the period do not fire',
      build: (r) => {
        r.drg(stay(r, 'P1', '2023-03-01', '2023-03-05', ['J18.900', 'J96.000']), { drg: 'ES31', mcc: ['J96.000'] });
        stay(r, 'P2', '2023-03-01', '2023-03-05', ['J18.900']);
        r.refund(r.drg(stay(r, 'P3', '2023-03-01', '2023-03-05', ['J18.900']), { drg: '0000', status: 'rejected', reject_reason: 'missing_sex' }));
        r.drg(stay(r, 'P4', '2023-03-01', '2023-03-05', ['J18.900'], { vali_flag: '0' }), { drg: '0000' });
        r.drg(stay(r, 'P5', '2022-12-20', '2022-12-28', ['J18.900']), { drg: '0000' });
        return [];
      },
    },
    {
      name: 'with statuses=[rejected] a case grouped to 0000 is not flagged, a rejected one is',
      params: { statuses: ['rejected'] },
      build: (r) => {
        r.drg(stay(r, 'P1', '2023-03-01', '2023-03-05', ['R69.x00']), { drg: '0000' });
        const v = r.drg(stay(r, 'P2', '2023-03-01', '2023-03-05', ['J18.900']), { drg: '0000', status: 'rejected', reject_reason: 'missing_sex' });
        return [{ psn_no: 'P2', mdtrt_id: v.mdtrt_id, amount: '800.00', message: '缺少性别' }];
      },
    },
  ],
};
