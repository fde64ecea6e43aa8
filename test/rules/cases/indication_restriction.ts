import type { CaseTable } from '../harness.js';

// The demo's config/indications.json shape: code → { hilist_name, icd_prefixes, note }.
const CALCIUM = 'XA12AXC041A001010100170';
const CALCIUM_B = 'XA12AXC041A001020200288';
const AMLO = 'XC08CAA093A001010102038';
const indications = {
  [CALCIUM]: { hilist_name: '碳酸钙D3片', icd_prefixes: ['M80', 'M81', 'M82'], note: '限骨质疏松症患者' },
};
const params = { indications };

export const table: CaseTable = {
  rule_id: 'indication_restriction',
  cases: [
    {
      name: 'a restricted drug in a visit diagnosed only with hypertension is flagged with the line\'s fund amount',
      params,
      build: (r) => {
        const v = r.visit({ psn: 'P1', inst: 'H1', med_type: '14', begin: '2023-03-02', diag: ['I10.x00x002'] });
        v.line({ code: AMLO, name: '苯磺酸氨氯地平片', pric: '25', time: '2023-03-02' });
        const b = v.line({ code: CALCIUM, name: '碳酸钙D3片', pric: '22', ownpay: '2', time: '2023-03-02' });
        return [{ bkkp_sn: [b], mdtrt_id: v.mdtrt_id, amount: '20.00', occurred_at: '2023-03-02',
          message: '【碳酸钙D3片】限骨质疏松症患者（适应症诊断M80/M81/M82），本次就诊诊断为I10.x00x002，无相符诊断' }];
      },
    },
    {
      name: 'a secondary diagnosis M81.000 justifies it; M82 (last allowed prefix) too; M83 (next one) does not',
      params,
      build: (r) => {
        r.visit({ psn: 'P2', inst: 'H1', begin: '2023-03-02', diag: ['I10.x00x002', 'M81.000'] })
          .line({ code: CALCIUM, time: '2023-03-02' });
        r.visit({ psn: 'P3', inst: 'H1', begin: '2023-03-02', diag: ['M82.000x011'] }).line({ code: CALCIUM, time: '2023-03-02' });
        const v = r.visit({ psn: 'P4', inst: 'H1', begin: '2023-03-02', diag: ['M83.000'] });
        const b = v.line({ code: CALCIUM, pric: '22', time: '2023-03-02' });
        return [{ bkkp_sn: [b], amount: '22.00' }];
      },
    },
    {
      name: 'a diagnosis on the fee line (dise_codg) counts, written without dots or in lower case; no diagnosis at all fires',
      params,
      build: (r) => {
        r.visit({ psn: 'P5', inst: 'H1', begin: '2023-04-01' })
          .line({ code: CALCIUM, time: '2023-04-01', extra: { dise_codg: 'm81000' } });
        const v = r.visit({ psn: 'P6', inst: 'H1', begin: '2023-04-01' });
        const b = v.line({ code: CALCIUM, pric: '22', time: '2023-04-01' });
        return [{ bkkp_sn: [b], amount: '22.00', message: '本次就诊诊断为无' }];
      },
    },
    {
      name: 'without a configured table (the default) nothing is judged',
      build: (r) => {
        r.visit({ psn: 'P7', inst: 'H1', begin: '2023-04-02', diag: ['I10.x00x002'] }).line({ code: CALCIUM, time: '2023-04-02' });
        return [];
      },
    },
    {
      name: 'a key ending in * covers every manufacturer code of the drug; an exact entry wins over it',
      params: { indications: { 'XA12AXC041*': { icd_prefixes: ['E55'] }, [CALCIUM]: indications[CALCIUM] } },
      build: (r) => {
        const v = r.visit({ psn: 'P8', inst: 'H1', begin: '2023-05-01', diag: ['M81.000'] });
        v.line({ code: CALCIUM, time: '2023-05-01' });
        const b = v.line({ code: CALCIUM_B, name: '碳酸钙D3颗粒', pric: '30', time: '2023-05-01' });
        return [{ bkkp_sn: [b], amount: '30.00', message: '【碳酸钙D3颗粒】限特定适应症使用（适应症诊断E55）' }];
      },
    },
    {
      name: 'returned, void and refunded lines never fire',
      params,
      build: (r) => {
        const v = r.visit({ psn: 'P9', inst: 'H1', begin: '2023-06-01', diag: ['I10.x00x002'] });
        const b = v.line({ code: CALCIUM, time: '2023-06-01' });
        v.line({ code: CALCIUM, time: '2023-06-01', returnOf: b });
        v.line({ code: CALCIUM, time: '2023-06-01', vali_flag: '0' });
        const w = r.visit({ psn: 'P9', inst: 'H1', begin: '2023-06-02', diag: ['I10.x00x002'] });
        w.line({ code: CALCIUM, time: '2023-06-02' });
        r.refund(w);
        return [];
      },
    },
  ],
};
