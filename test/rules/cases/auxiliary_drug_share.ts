import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// Shaped national drug codes; the default list matches by generic name inside the catalogue name.
const EDARAVONE = 'XN07XXY089B002010101234';
const NGF = 'XN07XXS162B001010101234';
const CEFTRIAXONE = 'XJ01DDA123B001010101234';
const HERB = 'T001700001';

function stay(r: RegionBuilder, psn: string, med_type = '21'): Visit {
  return r.visit({ psn, inst: 'H1', med_type, begin: '2023-07-01', end: med_type === '21' ? '2023-07-10' : '2023-07-01',
    diag: ['I63.900'] });
}

export const table: CaseTable = {
  rule_id: 'auxiliary_drug_share',
  cases: [
    {
      name: 'auxiliary drugs at 300 of 700 yuan of drugs (42.86%) flag their lines with their fund amount',
      build: (r) => {
        const v = stay(r, 'P1');
        const a = v.line({ code: EDARAVONE, name: '依达拉奉注射液', cnt: 5, pric: '40', ownpay: '20.00', time: '2023-07-02' });
        const b = v.line({ code: NGF, name: '注射用鼠神经生长因子', cnt: 1, pric: '100', time: '2023-07-03' });
        v.line({ code: CEFTRIAXONE, name: '注射用头孢曲松钠', cnt: 20, pric: '15', time: '2023-07-02' });
        v.line({ code: HERB, name: '黄芪', cnt: 1000, pric: '0.1', list_type: '102', med_chrgitm_type: '10', time: '2023-07-02' });
        v.line({ code: '001109000010000', name: '普通病房床位费', cnt: 9, pric: '100', time: '2023-07-01' });
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, bkkp_sn: [a, b], amount: '280.00', occurred_at: '2023-07-10',
          message: '辅助用药【依达拉奉注射液】【注射用鼠神经生长因子】费用300.00元，占本次药品费用700.00元的42.86%，超过30%' }];
      },
    },
    {
      name: 'boundary: exactly 30% does not fire, 30.001% does',
      build: (r) => {
        const v = stay(r, 'P2');
        v.line({ code: EDARAVONE, name: '依达拉奉注射液', cnt: 1, pric: '300', time: '2023-07-02' });
        v.line({ code: CEFTRIAXONE, cnt: 1, pric: '700', time: '2023-07-02' });
        const w = stay(r, 'P3');
        const a = w.line({ code: EDARAVONE, name: '依达拉奉注射液', cnt: 1, pric: '300.01', time: '2023-07-02' });
        w.line({ code: CEFTRIAXONE, cnt: 1, pric: '699.99', time: '2023-07-02' });
        return [{ psn_no: 'P3', bkkp_sn: [a], amount: '300.01', message: '占本次药品费用1000.00元的30.001%，超过30%' }];
      },
    },
    {
      name: 'outpatient visits are left out by default (inpatient_only)',
      build: (r) => {
        stay(r, 'P4', '11').line({ code: EDARAVONE, name: '依达拉奉注射液', cnt: 1, pric: '60', time: '2023-07-01' });
        return [];
      },
    },
    {
      name: 'with inpatient_only=false and a lower max_share an outpatient visit fires',
      params: { inpatient_only: false, max_share: 0.5 },
      build: (r) => {
        const v = stay(r, 'P5', '11');
        const a = v.line({ code: EDARAVONE, name: '依达拉奉注射液', cnt: 1, pric: '60', time: '2023-07-01' });
        v.line({ code: CEFTRIAXONE, cnt: 1, pric: '40', time: '2023-07-01' });
        return [{ bkkp_sn: [a], amount: '60.00', message: '占本次药品费用100.00元的60%，超过50%' }];
      },
    },
    {
      name: 'returns are netted before the share: a half-returned auxiliary drug falls under 30%; refunds never fire',
      build: (r) => {
        const v = stay(r, 'P6');
        const a = v.line({ code: EDARAVONE, name: '依达拉奉注射液', cnt: 10, pric: '40', time: '2023-07-02' });
        v.line({ code: EDARAVONE, name: '依达拉奉注射液', cnt: 6, pric: '40', time: '2023-07-03', returnOf: a });
        v.line({ code: CEFTRIAXONE, cnt: 30, pric: '15', time: '2023-07-02' });
        const w = stay(r, 'P7');
        w.line({ code: EDARAVONE, name: '依达拉奉注射液', cnt: 10, pric: '40', time: '2023-07-02' });
        r.refund(w);
        return [];
      },
    },
    {
      name: 'a configured list by national code prefix replaces the names',
      params: { drug_names: [], drug_code_prefixes: ['XN07XXS'] },
      build: (r) => {
        const v = stay(r, 'P8');
        v.line({ code: EDARAVONE, name: '依达拉奉注射液', cnt: 5, pric: '40', time: '2023-07-02' });
        const b = v.line({ code: NGF, name: '注射用鼠神经生长因子', cnt: 2, pric: '100', time: '2023-07-03' });
        v.line({ code: CEFTRIAXONE, cnt: 10, pric: '15', time: '2023-07-02' });
        return [{ bkkp_sn: [b], amount: '200.00', message: '辅助用药【注射用鼠神经生长因子】费用200.00元，占本次药品费用550.00元的36.36%' }];
      },
    },
  ],
};
