import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// National-shaped consumable codes: C02 血管介入治疗类 (stent, balloon), C03 骨科材料 (hip joint), C14 basic (infusion set).
const STENT = 'C0202010010100104744';
const BALLOON = 'C0205020020100204744';
const HIP = 'C0342010710100105555';
const INFUSION = 'C1423012020100101234';
const PCI = '36.0700';

/** A PCI stay with `stents` drug-eluting stents (6800 each) and one balloon (1800); its settlement pays `fund`. */
function pci(r: RegionBuilder, psn: string, stents: number, o: { fund?: string; begin?: string; oprn?: string[];
  extra?: (v: Visit) => void } = {}): Visit {
  const begin = o.begin ?? `2023-03-${String(1 + (r.visits.length % 20)).padStart(2, '0')}`;
  const end = begin.slice(0, 8) + String(Number(begin.slice(8)) + 5).padStart(2, '0');
  const v = r.visit({ psn, inst: 'H1', med_type: '21', begin, end, diag: ['I21.900'], fund_pay: o.fund ?? '5000.00',
    oprn: (o.oprn ?? [PCI, '88.5500']).map((code) => ({ code })) });
  if (stents) v.line({ code: STENT, name: '冠状动脉药物洗脱支架', cnt: stents, pric: '6800', time: begin, list_type: '301' });
  v.line({ code: BALLOON, name: '冠状动脉球囊扩张导管', cnt: 1, pric: '1800', time: begin, list_type: '301' });
  o.extra?.(v);
  return v;
}

export const table: CaseTable = {
  rule_id: 'high_value_consumables',
  cases: [
    {
      name: 'three stents against four one-stent PCI cases exceed the group\'s 95th percentile; the case\'s fund payment is at stake',
      build: (r) => {
        for (let k = 1; k <= 4; k++) pci(r, `P${k}`, 1);
        const v = pci(r, 'P5', 3, { fund: '18000.50', begin: '2023-03-25' });
        return [{ psn_no: 'P5', mdtrt_id: v.mdtrt_id, bkkp_sn: [], amount: '18000.50', occurred_at: '2023-03-30',
          message: '主手术【药物洗脱冠状动脉支架置入】（36.0700）病例高值耗材费用22200.00元（冠状动脉药物洗脱支架×3、冠状动脉球囊扩张导管×1）：高于同主手术5例病例的第95百分位数19480.00元（中位数8600.00元）' }];
      },
    },
    {
      name: 'boundary: a group of four cases is below min_peers=5; a value equal to the percentile does not fire',
      build: (r) => {
        for (let k = 1; k <= 3; k++) pci(r, `P${k}`, 1);
        pci(r, 'P4', 3);
        for (let k = 1; k <= 3; k++) pci(r, `Q${k}`, 1, { oprn: ['36.0600'] });
        pci(r, 'Q4', 3, { oprn: ['36.0600'] });
        pci(r, 'Q5', 3, { oprn: ['36.0600'] });
        return [];
      },
    },
    {
      name: 'groups are by main procedure; a secondary procedure does not make a peer; basic materials are not high-value',
      build: (r) => {
        for (let k = 1; k <= 4; k++) pci(r, `P${k}`, 1);
        pci(r, 'P5', 1, { extra: (v) => v.line({ code: INFUSION, name: '一次性使用输液器', cnt: 500, pric: '2.5', time: v.input.begin }) });
        // Main 全髋关节置换 with PCI as a secondary procedure: alone in its group, not a PCI peer (it would exceed P95 there).
        pci(r, 'P6', 3, { oprn: ['81.5100', PCI],
          extra: (v) => v.line({ code: HIP, name: '髋关节假体', cnt: 1, pric: '18000', time: v.input.begin }) });
        return [];
      },
    },
    {
      name: 'peers are the cases settled in the audit period; a refunded outlier is neither a peer nor flagged',
      realtime_exempt: 'peers are cut to the audit period, which a real-time check does not have',
      from: '2023-03-20',
      build: (r) => {
        for (let k = 1; k <= 4; k++) pci(r, `P${k}`, 1, { begin: `2023-03-0${k}` });
        pci(r, 'P5', 3, { begin: '2023-03-21' });
        for (let k = 1; k <= 4; k++) pci(r, `Q${k}`, 1, { begin: `2023-03-2${k}`, oprn: ['36.0600'] });
        r.refund(pci(r, 'Q5', 6, { begin: '2023-03-25', oprn: ['36.0600'] }));
        return [];
      },
    },
    {
      name: 'configured percentile 0.5 and min_peers 3: only the case above the median fires',
      params: { percentile: 0.5, min_peers: 3 },
      build: (r) => {
        pci(r, 'P1', 1);
        pci(r, 'P2', 2);
        const v = pci(r, 'P3', 3, { fund: '20000.00' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '20000.00', message: '高于同主手术3例病例的第50百分位数15400.00元' }];
      },
    },
    {
      name: 'quantity cap: four coronary stents fire without any peer, even without a settlement list; three do not',
      build: (r) => {
        const v = pci(r, 'P1', 4, { fund: '30000.00' });
        const w = pci(r, 'P2', 4, { fund: '31000.00', oprn: [] });
        pci(r, 'P3', 3);
        return [{ mdtrt_id: v.mdtrt_id, amount: '30000.00', message: '病例高值耗材费用29000.00元（冠状动脉药物洗脱支架×4、冠状动脉球囊扩张导管×1）：冠状动脉支架4个，超过每例3个' },
          { mdtrt_id: w.mdtrt_id, amount: '31000.00', message: '本次就诊高值耗材费用29000.00元' }];
      },
    },
    {
      name: 'with no quantity cap configured, a lone six-stent case (no peer group) does not fire',
      params: { quantity_caps: [] },
      build: (r) => {
        pci(r, 'P1', 6);
        return [];
      },
    },
    {
      name: 'six stents among one-stent peers fire on both criteria',
      build: (r) => {
        for (let k = 1; k <= 4; k++) pci(r, `P${k}`, 1);
        const v = pci(r, 'P5', 6, { fund: '35413.20' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '35413.20',
          message: '第95百分位数35800.00元（中位数8600.00元）；冠状动脉支架6个，超过每例3个' }];
      },
    },
  ],
};
