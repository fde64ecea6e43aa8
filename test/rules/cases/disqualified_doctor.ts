import type { CaseTable } from '../harness.js';
import type { RegionBuilder } from '../builders.js';

const AMOX = 'XJ01CAA040E001010102433';
const AMBROXOL = 'XR05CBA018A001010102470';

/** D9: suspended (暂停) 2023-05-01 … 2023-05-31, active otherwise. D8: removed (注销) from 2023-08-01. */
function doctors(r: RegionBuilder): void {
  r.doctor('D9', 'H1', [
    { status: '1', begin: '2020-01-01', end: '2023-04-30' },
    { status: '0', begin: '2023-05-01', end: '2023-05-31' },
    { status: '1', begin: '2023-06-01' },
  ]);
  r.doctor('D8', 'H1', [{ status: '1', begin: '2021-03-01', end: '2023-07-31' }, { status: '2', begin: '2023-08-01' }]);
  r.doctor('D1', 'H1', [{ status: '1', begin: '2020-01-01' }]);
}

export const table: CaseTable = {
  rule_id: 'disqualified_doctor',
  cases: [
    {
      name: 'each line ordered by a suspended doctor is flagged with its fund amount; another doctor\'s line is not',
      build: (r) => {
        doctors(r);
        const v = r.visit({ psn: 'P1', inst: 'H1', begin: '2023-05-02' });
        const a = v.line({ code: AMOX, name: '阿莫西林胶囊', pric: '18.5', dr: 'D9', time: '2023-05-02' });
        const b = v.line({ code: AMBROXOL, name: '盐酸氨溴索片', cnt: 2, pric: '9', ownpay: '3', dr: 'D9', time: '2023-05-02' });
        v.line({ code: AMOX, pric: '18.5', dr: 'D1', time: '2023-05-02' });
        return [
          { bkkp_sn: [a], mdtrt_id: v.mdtrt_id, amount: '18.50', occurred_at: '2023-05-02',
            message: '医保医师医师D9（D9）自2023-05-01起暂停（至2023-05-31），2023-05-02仍开具【阿莫西林胶囊】纳入医保结算' },
          { bkkp_sn: [b], amount: '15.00' },
        ];
      },
    },
    {
      name: 'the first and last day of the suspension fire; the day before and the day after do not',
      build: (r) => {
        doctors(r);
        const v = r.visit({ psn: 'P2', inst: 'H1', med_type: '21', begin: '2023-04-30', end: '2023-06-01' });
        v.line({ code: AMOX, dr: 'D9', time: '2023-04-30 23:59:00' });
        const a = v.line({ code: AMOX, dr: 'D9', time: '2023-05-01 00:00:00' });
        const b = v.line({ code: AMOX, dr: 'D9', time: '2023-05-31 23:59:00' });
        v.line({ code: AMOX, dr: 'D9', time: '2023-06-01 00:00:00' });
        return [{ bkkp_sn: [a], amount: '10.00', occurred_at: '2023-05-01' }, { bkkp_sn: [b], amount: '10.00', occurred_at: '2023-05-31' }];
      },
    },
    {
      name: 'a removed doctor (注销, open period) fires from that day on, at any institution',
      build: (r) => {
        doctors(r);
        r.visit({ psn: 'P3', inst: 'H1', begin: '2023-07-31' }).line({ code: AMOX, dr: 'D8', time: '2023-07-31' });
        const a = r.visit({ psn: 'P3', inst: 'H1', begin: '2023-08-01' }).line({ code: AMOX, dr: 'D8', time: '2023-08-01' });
        const b = r.visit({ psn: 'P3', inst: 'H2', begin: '2023-11-11' }).line({ code: AMOX, dr: 'D8', time: '2023-11-11' });
        return [{ bkkp_sn: [a], amount: '10.00', message: '医保医师医师D8（D8）已于2023-08-01注销' }, { bkkp_sn: [b], amount: '10.00' }];
      },
    },
    {
      name: 'doctors absent from dr_info, or dates before their first status period, are not judged',
      build: (r) => {
        doctors(r);
        r.visit({ psn: 'P4', inst: 'H1', begin: '2023-05-10' }).line({ code: AMOX, dr: 'D7', time: '2023-05-10' });
        r.doctor('D6', 'H1', [{ status: '0', begin: '2023-09-01' }]);
        r.visit({ psn: 'P4', inst: 'H1', begin: '2023-08-31' }).line({ code: AMOX, dr: 'D6', time: '2023-08-31' });
        return [];
      },
    },
    {
      name: 'returned, void and refunded lines never fire',
      build: (r) => {
        doctors(r);
        const v = r.visit({ psn: 'P5', inst: 'H1', begin: '2023-05-10' });
        const a = v.line({ code: AMOX, dr: 'D9', time: '2023-05-10' });
        v.line({ code: AMOX, dr: 'D9', time: '2023-05-10', returnOf: a });
        v.line({ code: AMOX, dr: 'D9', time: '2023-05-10', vali_flag: '0' });
        const w = r.visit({ psn: 'P5', inst: 'H1', begin: '2023-05-11' });
        w.line({ code: AMOX, dr: 'D9', time: '2023-05-11' });
        r.refund(w);
        return [];
      },
    },
  ],
};
