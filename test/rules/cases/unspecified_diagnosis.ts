import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// Drug codes carry the ATC group after X: XB01… antithrombotic (aspirin, shaped code), XA10… antidiabetic
// (度拉糖肽注射液 XA10BJD332B002010178403, a real national code from batch 5), XJ01… antibacterial.
const ASPIRIN = 'XB01ACA056A001010101234';
const DULAGLUTIDE = 'XA10BJD332B002010178403';
const CEFTRIAXONE = 'XJ01DDA123B001010101234';
const BED = '001109000010000';

function stay(r: RegionBuilder, psn: string, diag: string[], extra?: Record<string, string>): Visit {
  const v = r.visit({ psn, inst: 'H1', med_type: '21', begin: '2023-05-01', end: '2023-05-08', diag, extra });
  v.line({ code: BED, name: '普通病房床位费', cnt: 7, pric: '40', time: '2023-05-01', med_chrgitm_type: '01' });
  return v;
}

export const table: CaseTable = {
  rule_id: 'unspecified_diagnosis',
  cases: [
    {
      name: 'main diagnosis 脑卒中 (I64, not stated as ischaemic or haemorrhagic) with an antithrombotic flags the drug lines',
      build: (r) => {
        const v = stay(r, 'P1', ['I64.x00']);
        const a = v.line({ code: ASPIRIN, name: '阿司匹林肠溶片', cnt: 10, pric: '1.5', time: '2023-05-02' });
        const b = v.line({ code: ASPIRIN, name: '阿司匹林肠溶片', cnt: 5, pric: '1.5', time: '2023-05-03', ownpay: '0.50' });
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, bkkp_sn: [a, b], amount: '22.00', occurred_at: '2023-05-08',
          message: '主诊断【脑卒中】（I64.x00）为未特指诊断（脑血管病未明确缺血性或出血性），但收取了须明确诊断的【阿司匹林肠溶片】' }];
      },
    },
    {
      name: 'a specific main diagnosis (脑梗死 I63), an unspecified one without such items, or I64 only as a secondary diagnosis do not fire',
      build: (r) => {
        stay(r, 'P2', ['I63.900']).line({ code: ASPIRIN, cnt: 10, pric: '1.5', time: '2023-05-02' });
        stay(r, 'P3', ['I64.x00']).line({ code: CEFTRIAXONE, cnt: 2, pric: '15', time: '2023-05-02' });
        stay(r, 'P4', ['I10.x00x002', 'I64.x00']).line({ code: ASPIRIN, cnt: 10, pric: '1.5', time: '2023-05-02' });
        return [];
      },
    },
    {
      name: 'diabetes of unspecified type (E14) with an antidiabetic; the discharge main diagnosis is used without a settlement list',
      build: (r) => {
        const v = stay(r, 'P5', [], { dscg_maindiag_code: 'E14.900', dscg_maindiag_name: '糖尿病' });
        const a = v.line({ code: DULAGLUTIDE, name: '度拉糖肽注射液', cnt: 1, pric: '161.87', ownpay: '16.19', time: '2023-05-02' });
        return [{ mdtrt_id: v.mdtrt_id, bkkp_sn: [a], amount: '145.68', message: '主诊断【糖尿病不伴有并发症】（E14.900）' }];
      },
    },
    {
      name: 'returned and void lines are not flagged; a partial return is netted',
      build: (r) => {
        const v = stay(r, 'P6', ['I67.900']);
        const a = v.line({ code: ASPIRIN, cnt: 10, pric: '1.5', time: '2023-05-02' });
        v.line({ code: ASPIRIN, cnt: 10, pric: '1.5', time: '2023-05-02', returnOf: a });
        const b = v.line({ code: ASPIRIN, cnt: 10, pric: '1.5', time: '2023-05-03' });
        v.line({ code: ASPIRIN, cnt: 4, pric: '1.5', time: '2023-05-03', returnOf: b });
        v.line({ code: ASPIRIN, cnt: 10, pric: '1.5', time: '2023-05-04', vali_flag: '0' });
        const w = stay(r, 'P7', ['I64.x00']);
        w.line({ code: ASPIRIN, cnt: 10, pric: '1.5', time: '2023-05-02' });
        r.refund(w);
        return [{ mdtrt_id: v.mdtrt_id, bkkp_sn: [b], amount: '9.00', message: '【脑血管病】（I67.900）' }];
      },
    },
    {
      name: 'configured requirements replace the defaults',
      params: { requirements: [{ name: '肺炎未明确病原体', diag_prefixes: ['J18.9'], item_prefixes: ['XJ01'],
        expected: '明确病原体（J12–J16）' }] },
      build: (r) => {
        const v = stay(r, 'P8', ['J18.900']);
        const a = v.line({ code: CEFTRIAXONE, name: '注射用头孢曲松钠', cnt: 2, pric: '15', time: '2023-05-02' });
        stay(r, 'P9', ['I64.x00']).line({ code: ASPIRIN, cnt: 10, pric: '1.5', time: '2023-05-02' });
        return [{ mdtrt_id: v.mdtrt_id, bkkp_sn: [a], amount: '30.00', message: '应明确为明确病原体（J12–J16）' }];
      },
    },
    {
      name: 'no requirement configured: nothing fires',
      params: { requirements: [] },
      build: (r) => {
        stay(r, 'P10', ['I64.x00']).line({ code: ASPIRIN, cnt: 10, pric: '1.5', time: '2023-05-02' });
        return [];
      },
    },
  ],
};
