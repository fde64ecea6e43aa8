import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// Real national codes (batch 8-3): 减重支持系统训练, 轮椅功能训练, 电动起立床训练, 平衡功能训练, 手功能训练,
// 关节松动训练(大关节); 贴敷疗法 / 中药涂擦治疗 (batch 7, chapter 0041 中医外治). Shaped: 灸法 (0044),
// 骨折手法整复术 004200000010000 (batch 7, chapter 0042 中医骨伤: not a daily therapy, not counted).
const R = ['003402000210000', '003402000220000', '003402000230000', '003402000240000', '003402000250000', '003402000260200'];
const NAMES = ['减重支持系统训练', '轮椅功能训练', '电动起立床训练', '平衡功能训练', '手功能训练', '关节松动训练(大关节)'];
const PLASTER = '004100000010000';
const MOXA = '004400000010000';
const REDUCTION = '004200000010000';

function stay(r: RegionBuilder, psn: string, o: { inst?: string; med_type?: string } = {}): Visit {
  return r.visit({ psn, inst: o.inst ?? 'H1', med_type: o.med_type ?? '21', begin: '2023-06-01', end: '2023-06-10', diag: ['I69.300'] });
}

/** n rehabilitation lines (items 0..n-1) on one day, 30.00 each; returns their bkkp_sn. */
function rehab(v: Visit, day: string, n: number, first = 0): string[] {
  return Array.from({ length: n }, (_, k) => v.line({ code: R[first + k], name: NAMES[first + k], pric: '30', time: `${day} 1${k}:00:00` }));
}

export const table: CaseTable = {
  rule_id: 'rehab_daily_excess',
  cases: [
    {
      name: 'five distinct rehabilitation items on one day flag all of that day\'s therapy lines',
      build: (r) => {
        const v = stay(r, 'P1');
        rehab(v, '2023-06-02', 3);
        const day = rehab(v, '2023-06-03', 4);
        day.push(v.line({ code: R[5], name: NAMES[5], pric: '45', ownpay: '5.00', time: '2023-06-03 16:00:00' }));
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, bkkp_sn: day, amount: '160.00', occurred_at: '2023-06-03',
          message: '2023-06-03一日内收取康复理疗项目5项（关节松动训练(大关节)、减重支持系统训练、平衡功能训练、电动起立床训练、轮椅功能训练），金额165.00元，超过每日4项' }];
      },
    },
    {
      name: 'boundary: exactly four distinct items fire nothing, even billed on six lines; days and visits are not added up',
      build: (r) => {
        const v = stay(r, 'P2');
        rehab(v, '2023-06-03', 4);
        rehab(v, '2023-06-03', 2);
        rehab(v, '2023-06-04', 4);
        const o1 = r.visit({ psn: 'P3', inst: 'H1', begin: '2023-06-05' });
        rehab(o1, '2023-06-05', 3);
        const o2 = r.visit({ psn: 'P3', inst: 'H2', begin: '2023-06-05' });
        rehab(o2, '2023-06-05', 3, 3);
        return [];
      },
    },
    {
      name: 'TCM therapy items count (0041 贴敷, 0044 灸法); fracture reduction (0042) does not',
      build: (r) => {
        const v = stay(r, 'P4');
        const day = [...rehab(v, '2023-06-03', 3),
          v.line({ code: PLASTER, name: '贴敷疗法', pric: '20', time: '2023-06-03 17:00:00' }),
          v.line({ code: MOXA, name: '灸法', pric: '20', time: '2023-06-03 18:00:00' })];
        const w = stay(r, 'P5');
        rehab(w, '2023-06-03', 4);
        w.line({ code: REDUCTION, name: '骨折手法整复术', pric: '200', time: '2023-06-03 18:00:00' });
        return [{ psn_no: 'P4', bkkp_sn: day, amount: '130.00', message: '康复理疗项目5项' }];
      },
    },
    {
      name: 'a configured daily amount: 100.01 yuan fires, exactly 100.00 does not',
      params: { max_amount_per_day: 100 },
      build: (r) => {
        const v = stay(r, 'P6');
        const a = v.line({ code: R[0], pric: '50', time: '2023-06-03' });
        const b = v.line({ code: R[1], pric: '50.01', time: '2023-06-03' });
        v.line({ code: R[0], pric: '50', time: '2023-06-04' });
        v.line({ code: R[1], pric: '50', time: '2023-06-04' });
        return [{ bkkp_sn: [a, b], amount: '100.01', message: '金额100.01元，超过每日限额100.00元' }];
      },
    },
    {
      name: 'a configured item limit of 2: three items fire',
      params: { max_items_per_day: 2 },
      build: (r) => {
        const v = stay(r, 'P7');
        const day = rehab(v, '2023-06-03', 3);
        rehab(v, '2023-06-04', 2);
        return [{ bkkp_sn: day, amount: '90.00', message: '超过每日2项' }];
      },
    },
    {
      name: 'a fully returned or void line does not count; a refunded visit is never flagged',
      build: (r) => {
        const v = stay(r, 'P8');
        const day = rehab(v, '2023-06-03', 5);
        v.line({ code: R[4], pric: '30', time: '2023-06-03 19:00:00', returnOf: day[4] });
        v.line({ code: R[5], pric: '30', time: '2023-06-03 19:00:00', vali_flag: '0' });
        const w = stay(r, 'P9');
        rehab(w, '2023-06-03', 6);
        r.refund(w);
        return [];
      },
    },
  ],
};
