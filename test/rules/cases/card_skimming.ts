import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// 对乙酰氨基酚片-like over-the-counter drug code (national X shape).
const DRUG = 'XN02BEA056A001010100377';

/** A settlement at an institution at an exact time (pharmacies: med_type 41). */
function buy(r: RegionBuilder, psn: string, inst: string, time: string, pric = '12.00', med_type?: string): Visit {
  const day = time.slice(0, 10);
  const v = r.visit({ psn, inst, begin: day, med_type: med_type ?? (inst.startsWith('P') ? '41' : '11'),
    extra: { begntime: time, endtime: time }, setl_extra: { setl_time: time } });
  v.line({ code: DRUG, name: '对乙酰氨基酚片', pric, time });
  return v;
}

export const table: CaseTable = {
  rule_id: 'card_skimming',
  cases: [
    {
      name: 'a pharmacy settlement at 02:13 is flagged with the visit\'s fund payment',
      build: (r) => {
        const v = buy(r, 'P1', 'P1', '2023-03-01 02:13:00', '16.20');
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, amount: '16.20', occurred_at: '2023-03-01',
          message: '夜间02:13:00刷卡结算（夜间时段23:00–06:00）' }];
      },
    },
    {
      name: 'night window edges: 23:00:00 and 05:59:59 are flagged, 22:59:59 and 06:00:00 are not',
      build: (r) => {
        buy(r, 'P2', 'P1', '2023-03-02 22:59:59');
        const a = buy(r, 'P3', 'P1', '2023-03-02 23:00:00');
        const b = buy(r, 'P4', 'P1', '2023-03-03 05:59:59');
        buy(r, 'P5', 'P1', '2023-03-03 06:00:00');
        return [{ mdtrt_id: a.mdtrt_id, amount: '12.00' }, { mdtrt_id: b.mdtrt_id, amount: '12.00' }];
      },
    },
    {
      name: 'emergency and inpatient settlements at night are not flagged; an ordinary outpatient one is',
      build: (r) => {
        buy(r, 'P6', 'H1', '2023-03-04 02:00:00', '30.00', '13');
        buy(r, 'P6', 'H1', '2023-03-05 01:00:00', '30.00', '21');
        const c = buy(r, 'P7', 'H2', '2023-03-04 01:30:00', '30.00', '11');
        return [{ mdtrt_id: c.mdtrt_id, amount: '30.00' }];
      },
    },
    {
      name: 'one card at three pharmacies in a day: the third is flagged',
      build: (r) => {
        buy(r, 'P8', 'P1', '2023-04-01 09:10:00');
        buy(r, 'P8', 'P2', '2023-04-01 12:10:00');
        const third = buy(r, 'P8', 'P3', '2023-04-01 15:10:00', '8.80');
        return [{ mdtrt_id: third.mdtrt_id, amount: '8.80', message: '同一社保卡2023-04-01一日内在3家定点药店刷卡结算（本次为第3家）' }];
      },
    },
    {
      name: 'boundary: two pharmacies a day (one of them twice) and a refunded third are not flagged',
      build: (r) => {
        buy(r, 'P9', 'P1', '2023-04-02 09:10:00');
        buy(r, 'P9', 'P2', '2023-04-02 12:10:00');
        buy(r, 'P9', 'P1', '2023-04-02 15:10:00');
        r.refund(buy(r, 'P9', 'P3', '2023-04-02 16:10:00'));
        buy(r, 'P9', 'H1', '2023-04-02 17:10:00');
        return [];
      },
    },
    {
      name: 'five cards settled at one pharmacy within two minutes are all flagged',
      build: (r) => {
        const times = ['10:00:00', '10:00:30', '10:01:00', '10:01:30', '10:02:00'];
        const vs = times.map((t, k) => buy(r, `B${k + 1}`, 'P1', `2023-05-01 ${t}`));
        return vs.map((v) => ({ mdtrt_id: v.mdtrt_id, amount: '12.00', message: '同一药店10:00:00起2分钟内5张社保卡集中结算' }));
      },
    },
    {
      name: 'boundary: four cards within two minutes, or five spread over 2 min 1 s, or five at two pharmacies are not flagged',
      build: (r) => {
        ['10:00:00', '10:00:30', '10:01:00', '10:02:00'].forEach((t, k) => buy(r, `C${k + 1}`, 'P1', `2023-05-02 ${t}`));
        buy(r, 'C1', 'P1', '2023-05-02 10:01:10');
        ['10:00:00', '10:00:30', '10:01:00', '10:01:30', '10:02:01'].forEach((t, k) => buy(r, `D${k + 1}`, 'P1', `2023-05-03 ${t}`));
        ['10:00:00', '10:00:30', '10:01:00', '10:01:30', '10:02:00'].forEach((t, k) =>
          buy(r, `E${k + 1}`, k % 2 ? 'P2' : 'P3', `2023-05-04 ${t}`));
        return [];
      },
    },
    {
      name: 'a visit that is both the third pharmacy and at night is one finding naming both',
      build: (r) => {
        buy(r, 'P10', 'P1', '2023-06-01 09:00:00');
        buy(r, 'P10', 'P2', '2023-06-01 10:00:00');
        const v = buy(r, 'P10', 'P3', '2023-06-01 23:30:00');
        return [{ mdtrt_id: v.mdtrt_id, amount: '12.00', message: '（本次为第3家）；夜间23:30:00刷卡结算' }];
      },
    },
    {
      name: 'parameters: a night from 22:00, two pharmacies a day, three cards in a burst',
      params: { night_start: '22:00', max_pharmacies_per_day: 2, burst_cards: 3, burst_minutes: 1 },
      build: (r) => {
        const a = buy(r, 'P11', 'P1', '2023-07-01 22:30:00');
        buy(r, 'P12', 'P1', '2023-07-02 09:00:00');
        const b = buy(r, 'P12', 'P2', '2023-07-02 11:00:00');
        const c = ['14:00:00', '14:00:20', '14:01:00'].map((t, k) => buy(r, `F${k + 1}`, 'P3', `2023-07-03 ${t}`));
        return [{ mdtrt_id: a.mdtrt_id, amount: '12.00' }, { mdtrt_id: b.mdtrt_id, amount: '12.00' },
          ...c.map((v) => ({ mdtrt_id: v.mdtrt_id, amount: '12.00' }))];
      },
    },
  ],
};
