import type { CaseTable } from '../harness.js';
import type { RegionBuilder } from '../builders.js';

// National codes: 002103000010000 X线计算机体层(CT)平扫 (chapter 002103 CT), 002102000010000 磁共振平扫 (002102 MRI),
// 002101010010000 普通透视 (00210101 fluoroscopy, not an examination by default), 002501… lab tests (not by default).
const CT = '002103000010000';
const MRI = '002102000010000';
const FLUORO = '002101010010000';
const LAB = '002503020010000';

/** One outpatient visit with one examination line; returns the line's bkkp_sn. */
function exam(r: RegionBuilder, psn: string, inst: string, day: string, o: { code?: string; diag?: string; cnt?: number;
  pric?: string; ownpay?: string } = {}): string {
  const v = r.visit({ psn, inst, begin: day, diag: [o.diag ?? 'R51.x00'] });
  return v.line({ code: o.code ?? CT, name: o.code === MRI ? '磁共振平扫' : 'CT平扫', cnt: o.cnt ?? 1, pric: o.pric ?? '180',
    ownpay: o.ownpay, time: day });
}

export const table: CaseTable = {
  rule_id: 'repeated_examination',
  cases: [
    {
      name: 'the same CT at another hospital 3 days later with the same diagnosis flags the later line',
      build: (r) => {
        exam(r, 'P1', 'H1', '2023-03-01');
        const b = exam(r, 'P1', 'H2', '2023-03-04', { pric: '162', ownpay: '12.00' });
        return [{ psn_no: 'P1', bkkp_sn: [b], amount: '150.00', occurred_at: '2023-03-04',
          message: '2023-03-01已在机构H1行【CT平扫】，3天后（间隔少于30天）又在机构H2重复检查' }];
      },
    },
    {
      name: 'boundary: 29 days later fires, 30 days later does not (min_interval_days=30)',
      build: (r) => {
        exam(r, 'P2', 'H1', '2023-03-01');
        const b = exam(r, 'P2', 'H1', '2023-03-30');
        exam(r, 'P3', 'H1', '2023-03-01');
        exam(r, 'P3', 'H1', '2023-03-31');
        return [{ psn_no: 'P2', bkkp_sn: [b], amount: '180.00', message: '29天后' }];
      },
    },
    {
      name: 'a configured interval of 7 days: day 6 fires, day 7 does not',
      params: { min_interval_days: 7 },
      build: (r) => {
        exam(r, 'P4', 'H1', '2023-03-01');
        const b = exam(r, 'P4', 'H2', '2023-03-07');
        exam(r, 'P5', 'H1', '2023-03-01');
        exam(r, 'P5', 'H2', '2023-03-08');
        return [{ psn_no: 'P4', bkkp_sn: [b], amount: '180.00', message: '间隔少于7天' }];
      },
    },
    {
      name: 'a changed main diagnosis category justifies the repeat; another code of the same category does not',
      build: (r) => {
        exam(r, 'P6', 'H1', '2023-03-01', { diag: 'R51.x00' });
        exam(r, 'P6', 'H1', '2023-03-05', { diag: 'S06.000' });
        exam(r, 'P7', 'H1', '2023-03-01', { diag: 'I63.900' });
        const b = exam(r, 'P7', 'H2', '2023-03-05', { diag: 'I63.901' });
        return [{ psn_no: 'P7', bkkp_sn: [b], amount: '180.00', message: '（I63.901）' }];
      },
    },
    {
      name: 'two CTs in one stay are a repeat whatever the stay\'s diagnosis; a line with cnt 2 is one order',
      build: (r) => {
        const v = r.visit({ psn: 'P8', inst: 'H1', med_type: '21', begin: '2023-03-01', end: '2023-03-10', diag: ['I63.900'] });
        v.line({ code: CT, name: 'CT平扫', pric: '180', time: '2023-03-01' });
        const b = v.line({ code: CT, name: 'CT平扫', pric: '180', time: '2023-03-06' });
        exam(r, 'P9', 'H1', '2023-03-01', { cnt: 2 });
        return [{ psn_no: 'P8', bkkp_sn: [b], amount: '180.00' }];
      },
    },
    {
      name: 'only the same item counts; fluoroscopy and lab tests are not examinations by default',
      build: (r) => {
        exam(r, 'P10', 'H1', '2023-03-01', { code: CT });
        exam(r, 'P10', 'H1', '2023-03-02', { code: MRI });
        exam(r, 'P10', 'H1', '2023-03-01', { code: FLUORO });
        exam(r, 'P10', 'H1', '2023-03-02', { code: FLUORO });
        exam(r, 'P10', 'H1', '2023-03-01', { code: LAB });
        exam(r, 'P10', 'H1', '2023-03-02', { code: LAB });
        return [];
      },
    },
    {
      name: 'three CTs on days 0, 10 and 45: only the second is within 30 days of the one before it',
      build: (r) => {
        exam(r, 'P11', 'H1', '2023-03-01');
        const b = exam(r, 'P11', 'H1', '2023-03-11');
        exam(r, 'P11', 'H1', '2023-04-25');
        return [{ psn_no: 'P11', bkkp_sn: [b], amount: '180.00', occurred_at: '2023-03-11' }];
      },
    },
    {
      name: 'an earlier exam that was refunded, fully returned or void does not make a repeat; a returned repeat is not flagged',
      build: (r) => {
        const v1 = r.visit({ psn: 'P12', inst: 'H1', begin: '2023-03-01', diag: ['R51.x00'] });
        v1.line({ code: CT, pric: '180', time: '2023-03-01' });
        r.refund(v1);
        exam(r, 'P12', 'H2', '2023-03-03');
        const v2 = r.visit({ psn: 'P13', inst: 'H1', begin: '2023-03-01', diag: ['R51.x00'] });
        const l = v2.line({ code: CT, pric: '180', time: '2023-03-01' });
        v2.line({ code: CT, pric: '180', time: '2023-03-01', returnOf: l });
        v2.line({ code: CT, pric: '180', time: '2023-03-01', vali_flag: '0' });
        exam(r, 'P13', 'H2', '2023-03-03');
        exam(r, 'P14', 'H1', '2023-03-01');
        const v3 = r.visit({ psn: 'P14', inst: 'H2', begin: '2023-03-03', diag: ['R51.x00'] });
        const m = v3.line({ code: CT, pric: '180', time: '2023-03-03' });
        v3.line({ code: CT, pric: '180', time: '2023-03-03', returnOf: m });
        return [];
      },
    },
    {
      name: 'an exam before the audit period counts as the earlier one; a repeat before the period is cut',
      from: '2023-06-01',
      build: (r) => {
        exam(r, 'P15', 'H1', '2023-05-20');
        const b = exam(r, 'P15', 'H2', '2023-06-02');
        exam(r, 'P16', 'H1', '2023-05-01');
        exam(r, 'P16', 'H1', '2023-05-10');
        return [{ psn_no: 'P15', bkkp_sn: [b], amount: '180.00', occurred_at: '2023-06-02', message: '2023-05-20已在机构H1' }];
      },
    },
  ],
};
