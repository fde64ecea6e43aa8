import type { CaseTable } from '../harness.js';
import type { RegionBuilder, VisitInput } from '../builders.js';

// Codes of the real ICD-10 医保版 2.0 / ICD-9-CM-3 医保版 2.0 dictionaries.
const PNEUMONIA = 'J18.900';
const BPH = 'N40.x00'; // 前列腺增生
const DELIVERY = 'O80.000'; // 头位顺产
const TYPHOID_PNEUMONIA = 'A01.000x005'; // listed as "A01.000x005+J17.0*"
const APPENDECTOMY = '47.0900';

/** A stay at H1 with one line; its fund payment is 100.00. */
function stay(r: RegionBuilder, v: Partial<VisitInput> & { psn: string; begin: string }): string {
  const visit = r.visit({ inst: 'H1', med_type: '21', diag: [PNEUMONIA], ...v });
  visit.line({ code: '001102000050000', name: '住院诊查费', pric: '100', time: v.begin });
  return visit.mdtrt_id;
}

export const table: CaseTable = {
  rule_id: 'settlement_list_quality',
  cases: [
    {
      name: 'a complete, consistent settlement list with dictionary codes and an operation inside the stay is not flagged',
      build: (r) => {
        r.person('C1', { gend: '1' });
        stay(r, { psn: 'C1', begin: '2023-02-01', end: '2023-02-06', diag: [PNEUMONIA, TYPHOID_PNEUMONIA],
          oprn: [{ code: APPENDECTOMY, date: '2023-02-02' }] });
        return [];
      },
    },
    {
      name: 'a stay whose reported LOS (9) differs from its dates (6 days) is flagged with its fund payment',
      build: (r) => {
        const m = stay(r, { psn: 'P1', begin: '2023-03-01', end: '2023-03-07', extra: { ipt_days: '9' } });
        return [{ psn_no: 'P1', mdtrt_id: m, amount: '100.00', occurred_at: '2023-03-07',
          message: '结算清单质控问题：住院天数填报9天，与出入院日期（6天）不符' }];
      },
    },
    {
      name: 'LOS boundary: matching dates, a same-day stay reported as 0 or 1 pass; a same-day stay reported as 2 does not',
      build: (r) => {
        stay(r, { psn: 'P2', begin: '2023-03-01', end: '2023-03-07' });
        stay(r, { psn: 'P3', begin: '2023-03-02', end: '2023-03-02' });
        stay(r, { psn: 'P4', begin: '2023-03-03', end: '2023-03-03', extra: { ipt_days: '1' } });
        const m = stay(r, { psn: 'P5', begin: '2023-03-04', end: '2023-03-04', extra: { ipt_days: '2' } });
        return [{ mdtrt_id: m, amount: '100.00', message: '住院天数填报2天，与出入院日期（0天）不符' }];
      },
    },
    {
      name: 'sex-inconsistent diagnoses: a woman with 前列腺增生 and a man with a delivery are flagged; a man with 前列腺增生 is not',
      build: (r) => {
        r.person('W1', { gend: '2' });
        r.person('M1', { gend: '1' });
        r.person('M2', { gend: '1' });
        const a = stay(r, { psn: 'W1', begin: '2023-04-01', end: '2023-04-05', diag: [BPH] });
        const b = stay(r, { psn: 'M1', begin: '2023-04-01', end: '2023-04-05', diag: [PNEUMONIA, DELIVERY] });
        stay(r, { psn: 'M2', begin: '2023-04-01', end: '2023-04-05', diag: [BPH] });
        return [{ mdtrt_id: b, amount: '100.00', message: '男性患者诊断【O80.000 头位顺产】限女性' },
          { mdtrt_id: a, amount: '100.00', message: '女性患者诊断【N40.x00 前列腺增生】限男性' }];
      },
    },
    {
      name: 'age edges of a delivery: 12 and 55 pass, 11 and 56 are flagged',
      build: (r) => {
        const ages: [string, string][] = [['A12', '2011-04-01'], ['A55', '1968-04-01'], ['A11', '2011-04-02'], ['A56', '1967-04-01']];
        const ids = ages.map(([psn, brdy]) => {
          r.person(psn, { gend: '2', brdy });
          return stay(r, { psn, begin: '2023-04-01', end: '2023-04-04', med_type: '52', diag: [DELIVERY] });
        });
        return [{ mdtrt_id: ids[2], amount: '100.00', message: '11岁患者诊断【O80.000 头位顺产】（适用年龄12–55岁）' },
          { mdtrt_id: ids[3], amount: '100.00', message: '56岁患者' }];
      },
    },
    {
      name: 'codes outside the dictionaries are flagged; a dagger code matches its dictionary entry',
      build: (r) => {
        const a = stay(r, { psn: 'P6', begin: '2023-05-01', end: '2023-05-03', diag: ['J18.999', TYPHOID_PNEUMONIA, 'ZZZ.000'],
          oprn: [{ code: APPENDECTOMY, date: '2023-05-02' }, { code: '99.9999', date: '2023-05-02' }] });
        stay(r, { psn: 'P7', begin: '2023-05-01', end: '2023-05-03', diag: [TYPHOID_PNEUMONIA],
          oprn: [{ code: APPENDECTOMY, date: '2023-05-02' }] });
        return [{ mdtrt_id: a, amount: '100.00',
          message: '主诊断编码【J18.999】不在医保版ICD-10中；其他诊断编码【ZZZ.000】不在医保版ICD-10中；手术操作编码【99.9999】不在医保版ICD-9-CM-3中' }];
      },
    },
    {
      name: 'missing fields, dates out of order and an operation outside the stay are listed in one finding',
      build: (r) => {
        const a = stay(r, { psn: 'P8', begin: '2023-06-01', end: '2023-06-05', diag: [],
          extra: { dscg_way: '', dscg_dept_codg: '' }, oprn: [{ code: APPENDECTOMY, date: '2023-06-09' }] });
        const b = stay(r, { psn: 'P9', begin: '2023-06-10', end: '2023-06-12',
          extra: { begntime: '2023-06-13 08:00:00', ipt_days: '2' } });
        return [
          { mdtrt_id: a, amount: '100.00', message: '入院科别或出院科别缺失；离院方式缺失或无效（空）；缺少主诊断；手术操作日期2023-06-09不在住院期间（2023-06-01至2023-06-05）' },
          { mdtrt_id: b, amount: '100.00', occurred_at: '2023-06-12', message: '问题：入院时间2023-06-13 08:00晚于出院时间2023-06-12 15:00' },
        ];
      },
    },
    {
      name: 'outpatient visits: only their listed codes are checked; void and refunded stays are not flagged',
      build: (r) => {
        r.person('W2', { gend: '2' });
        r.visit({ psn: 'W2', inst: 'H1', begin: '2023-07-01' }).line({ code: '001101000010000', time: '2023-07-01' });
        r.visit({ psn: 'W2', inst: 'H1', begin: '2023-07-02', diag: [PNEUMONIA] }).line({ code: '001101000010000', time: '2023-07-02' });
        const o = r.visit({ psn: 'W2', inst: 'H1', begin: '2023-07-03', diag: ['J18.999'] });
        o.line({ code: '001101000010000', pric: '12', time: '2023-07-03' });
        stay(r, { psn: 'W2', begin: '2023-07-05', end: '2023-07-07', diag: [BPH], vali_flag: '0' });
        const v = r.visit({ psn: 'W2', inst: 'H1', med_type: '21', begin: '2023-07-08', end: '2023-07-09', diag: [BPH] });
        v.line({ code: '001102000050000', time: '2023-07-08' });
        r.refund(v);
        return [{ mdtrt_id: o.mdtrt_id, amount: '12.00', message: '主诊断编码【J18.999】' }];
      },
    },
    {
      name: 'parameters: a regional age rule replaces the default',
      params: { age_rules: [{ prefixes: ['J18'], min_age: 0, max_age: 40 }] },
      build: (r) => {
        r.person('P10', { brdy: '1950-01-01' });
        const a = stay(r, { psn: 'P10', begin: '2023-08-01', end: '2023-08-03' });
        r.person('P11', { gend: '2', brdy: '1960-01-01' });
        stay(r, { psn: 'P11', begin: '2023-08-01', end: '2023-08-03', med_type: '52', diag: [DELIVERY] });
        return [{ mdtrt_id: a, amount: '100.00', message: '73岁患者诊断【J18.900 肺炎】（适用年龄0–40岁）' }];
      },
    },
  ],
};
