import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// Herb lines as the national extract carries them: list_type 102, quantity in grams, prd_days = doses.
const HERBS: Record<string, string> = { 当归: 'T001700001', 党参: 'T001700002', 白术: 'T001700003', 黄芪: 'T001700004',
  细辛: 'T001700005', 附子: 'T001700006' };

function rx(r: RegionBuilder, psn: string, o: { med_type?: string; day?: string; inst?: string } = {}): Visit {
  const day = o.day ?? '2023-02-16';
  const ipt = (o.med_type ?? '11').startsWith('2');
  return r.visit({ psn, inst: o.inst ?? 'H1', med_type: o.med_type ?? '11', begin: day, end: ipt ? '2023-03-20' : day, diag: ['K30.x00'] });
}

function herb(v: Visit, name: string, grams: number, doses: number | null, o: { pric?: string; sin?: string; ownpay?: string;
  returnOf?: string; vali_flag?: string; cnt?: number } = {}): string {
  return v.line({ code: HERBS[name], name, cnt: o.cnt ?? grams * (doses ?? 1), pric: o.pric ?? '0.10', time: v.input.begin,
    list_type: '102', med_chrgitm_type: '10', prd_days: doses ?? undefined, ownpay: o.ownpay, returnOf: o.returnOf,
    vali_flag: o.vali_flag, extra: { sin_dos_dscr: o.sin ?? `${grams}g` } });
}

export const table: CaseTable = {
  rule_id: 'tcm_overdose',
  cases: [
    {
      name: '当归 200 g per dose for 7 doses is flagged; the other herbs of the prescription are not',
      build: (r) => {
        const v = rx(r, 'P1');
        for (const h of ['党参', '白术']) herb(v, h, 10, 7);
        const b = herb(v, '当归', 200, 7, { pric: '0.18' });
        return [{ psn_no: 'P1', bkkp_sn: [b], amount: '252.00', occurred_at: '2023-02-16',
          message: '中药饮片【当归】每剂200克、共7剂（门诊），超过每日上限60克' }];
      },
    },
    {
      name: 'boundary grams: 60 g per dose passes, 61 g fires',
      build: (r) => {
        herb(rx(r, 'P2'), '黄芪', 60, 7);
        const b = herb(rx(r, 'P3'), '黄芪', 61, 7);
        return [{ psn_no: 'P3', bkkp_sn: [b], amount: '42.70', message: '每剂61克' }];
      },
    },
    {
      name: 'boundary doses: 7 outpatient doses pass, 8 fire on every herb of the prescription; a stay has no dose limit',
      build: (r) => {
        herb(rx(r, 'P4'), '党参', 10, 7);
        const v = rx(r, 'P5');
        const a = herb(v, '党参', 10, 8);
        const b = herb(v, '白术', 12, 8);
        herb(rx(r, 'P6', { med_type: '21' }), '党参', 10, 20);
        return [{ psn_no: 'P5', bkkp_sn: [a], amount: '8.00', message: '共8剂（门诊），超过门诊处方上限7剂' },
          { psn_no: 'P5', bkkp_sn: [b], amount: '9.60' }];
      },
    },
    {
      name: 'emergency allows 3 doses and 门诊慢特病 14: 3 and 14 pass, 4 and 15 fire',
      build: (r) => {
        herb(rx(r, 'P7', { med_type: '13' }), '党参', 10, 3);
        const a = herb(rx(r, 'P8', { med_type: '13' }), '党参', 10, 4);
        herb(rx(r, 'P9', { med_type: '140104' }), '党参', 10, 14);
        const b = herb(rx(r, 'P10', { med_type: '140104' }), '党参', 10, 15);
        return [{ psn_no: 'P10', bkkp_sn: [b], amount: '15.00', message: '超过门诊慢特病处方上限14剂' },
          { psn_no: 'P8', bkkp_sn: [a], amount: '4.00', message: '超过急诊处方上限3剂' }];
      },
    },
    {
      name: 'a toxic herb has its own cap: 细辛 3 g passes, 4 g fires; 附子 15 g passes',
      build: (r) => {
        const v = rx(r, 'P11');
        herb(v, '细辛', 3, 5);
        herb(v, '附子', 15, 5);
        const b = herb(rx(r, 'P12'), '细辛', 4, 5, { pric: '0.50', ownpay: '1.00' });
        return [{ psn_no: 'P12', bkkp_sn: [b], amount: '9.00', message: '【细辛】每剂4克、共5剂（门诊），超过每日上限3克' }];
      },
    },
    {
      name: 'without prd_days the grams per dose come from sin_dos_dscr and doses are not judged',
      build: (r) => {
        const v = rx(r, 'P13');
        const b = herb(v, '当归', 80, null, { cnt: 800, sin: '80g' });
        herb(v, '党参', 10, null, { cnt: 300, sin: '10克' });
        herb(v, '白术', 10, null, { cnt: 900, sin: '' });
        return [{ bkkp_sn: [b], amount: '80.00', message: '每剂80克、共?剂' }];
      },
    },
    {
      name: 'returned, void and refunded herb lines are never flagged',
      build: (r) => {
        const v = rx(r, 'P14');
        const a = herb(v, '当归', 200, 7);
        herb(v, '当归', 200, 7, { returnOf: a });
        herb(v, '当归', 200, 7, { vali_flag: '0' });
        const w = rx(r, 'P15');
        herb(w, '当归', 200, 7);
        r.refund(w);
        return [];
      },
    },
    {
      name: 'configured caps: max_grams_per_day 30 flags 黄芪 31 g; an empty herb list leaves 细辛 at the general cap',
      params: { max_grams_per_day: 30, herb_max_grams: {} },
      build: (r) => {
        const v = rx(r, 'P16');
        const b = herb(v, '黄芪', 31, 7);
        herb(v, '细辛', 6, 7);
        return [{ bkkp_sn: [b], amount: '21.70', message: '超过每日上限30克' }];
      },
    },
  ],
};
