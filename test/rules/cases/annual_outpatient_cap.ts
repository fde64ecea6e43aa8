import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// 居民普通门诊 A档 (the demo's reading: insutype 390, med_type 11, 4000 yuan) and 两病 (400 yuan).
const RESIDENT = { name: '城乡居民普通门诊', insutypes: ['390'], med_types: ['11'], cap: 4000 };
const TWO = { name: '“两病”门诊用药', med_types: ['14'], cap: '400.00' };
const params = { categories: [RESIDENT] };

/** An outpatient visit on `day` whose settlement pays `fund` yuan from the fund. */
function otp(r: RegionBuilder, psn: string, day: string, fund: string, o: { med_type?: string; insutype?: string } = {}): Visit {
  const v = r.visit({ psn, inst: 'H1', begin: day, med_type: o.med_type ?? '11', insutype: o.insutype ?? '390', fund_pay: fund });
  v.line({ code: '001101000010000', pric: '5000', time: day });
  return v;
}

export const table: CaseTable = {
  rule_id: 'annual_outpatient_cap',
  cases: [
    {
      name: 'the settlement that crosses the cap carries the excess; later settlements of the year carry all their fund payment',
      params,
      build: (r) => {
        otp(r, 'P1', '2023-01-10', '2000');
        otp(r, 'P1', '2023-02-10', '1999.99');
        const a = otp(r, 'P1', '2023-03-10', '100');
        const b = otp(r, 'P1', '2023-04-10', '50');
        return [
          { mdtrt_id: a.mdtrt_id, bkkp_sn: [], amount: '99.99', occurred_at: '2023-03-10',
            message: '2023年城乡居民普通门诊统筹基金支付累计4099.99元，超过年度支付限额4000.00元，本次结算超出99.99元' },
          { mdtrt_id: b.mdtrt_id, amount: '50.00', occurred_at: '2023-04-10' },
        ];
      },
    },
    {
      name: 'a year total exactly at the cap is compliant; the previous year does not count',
      params,
      build: (r) => {
        otp(r, 'P2', '2023-01-10', '3000');
        otp(r, 'P2', '2023-05-10', '1000');
        otp(r, 'P3', '2022-12-20', '3900');
        otp(r, 'P3', '2023-01-05', '200');
        return [];
      },
    },
    {
      name: 'other insurance types and visit types are outside the category; a second category covers regional sub-codes',
      params: { categories: [RESIDENT, TWO] },
      build: (r) => {
        otp(r, 'P4', '2023-02-01', '3000');
        otp(r, 'P4', '2023-02-02', '3000', { insutype: '310' });
        otp(r, 'P4', '2023-02-03', '3000', { med_type: '21' });
        otp(r, 'P4', '2023-03-01', '300', { med_type: '140104' });
        const v = otp(r, 'P4', '2023-04-01', '150', { med_type: '14' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '50.00', message: '2023年“两病”门诊用药统筹基金支付累计450.00元' }];
      },
    },
    {
      name: 'without configured categories (the default) nothing is judged',
      build: (r) => {
        otp(r, 'P5', '2023-02-01', '5000');
        return [];
      },
    },
    {
      name: 'refunded and void settlements do not count towards the total',
      params,
      build: (r) => {
        otp(r, 'P6', '2023-02-01', '3000');
        r.refund(otp(r, 'P6', '2023-03-01', '1500'));
        r.visit({ psn: 'P6', inst: 'H1', begin: '2023-03-02', insutype: '390', fund_pay: '1500', vali_flag: '0' })
          .line({ code: '001101000010000', pric: '5000', time: '2023-03-02' });
        otp(r, 'P6', '2023-04-01', '900');
        return [];
      },
    },
    {
      name: 'history before the audit period counts; findings before it are cut',
      params,
      from: '2023-06-01',
      build: (r) => {
        otp(r, 'P7', '2023-03-01', '4500');
        const v = otp(r, 'P7', '2023-07-01', '100');
        return [{ mdtrt_id: v.mdtrt_id, amount: '100.00', occurred_at: '2023-07-01' }];
      },
    },
  ],
};
