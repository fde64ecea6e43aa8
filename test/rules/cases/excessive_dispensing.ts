import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

// 苯磺酸氨氯地平片-like national drug code (a drug by its X prefix).
const DRUG = 'XC08CAA040A001010100001';

/**
 * The builder writes only the rule columns; this adds fee_list_d.spec (a national column, kept by the
 * importer) for the given lines after the region is written.
 */
function withSpec(r: RegionBuilder): Record<string, string> {
  const spec: Record<string, string> = {};
  const write = r.write.bind(r);
  r.write = (dir: string) => {
    write(dir);
    const path = join(dir, 'fee_list_d.csv');
    const rows = parse(readFileSync(path, 'utf8')) as string[][];
    const at = rows[0].indexOf('bkkp_sn');
    writeFileSync(path, stringify(rows.map((row, i) => [...row, i === 0 ? 'spec' : spec[row[at]] ?? ''])));
  };
  return spec;
}

// A one-day visit dispensing one drug line: 1 pack at 30.00 with prd_days.
function rx(r: RegionBuilder, psn: string, med_type: string, prd: number | string, o: { cnt?: number; sin?: string;
  frq?: string; ownpay?: string; inst?: string } = {}): { v: Visit; b: string } {
  const v = r.visit({ psn, inst: o.inst ?? (med_type === '41' ? 'P0001' : 'H1'), med_type, begin: '2023-03-01' });
  const b = v.line({ code: DRUG, name: '苯磺酸氨氯地平片', cnt: o.cnt ?? 1, pric: '30', time: '2023-03-01', prd_days: prd,
    used_frqu_dscr: o.frq, ownpay: o.ownpay, extra: o.sin ? { sin_dos_dscr: o.sin } : undefined });
  return { v, b };
}

export const table: CaseTable = {
  rule_id: 'excessive_dispensing',
  cases: [
    {
      name: 'ordinary outpatient: 8 days fire with the line\'s fund amount, 7 days do not',
      build: (r) => {
        const { b } = rx(r, 'P1', '11', 8, { ownpay: '3.00' });
        rx(r, 'P2', '11', 7);
        return [{ psn_no: 'P1', bkkp_sn: [b], amount: '27.00', occurred_at: '2023-03-01',
          message: '普通门诊一次开具【苯磺酸氨氯地平片】8天用量（按用药天数），超过7天' }];
      },
    },
    {
      name: 'emergency (13): 4 days fire, 3 do not',
      build: (r) => {
        const { b } = rx(r, 'P3', '13', 4);
        rx(r, 'P4', '13', 3);
        return [{ psn_no: 'P3', bkkp_sn: [b], amount: '30.00', message: '急诊一次开具【苯磺酸氨氯地平片】4天用量' }];
      },
    },
    {
      name: 'chronic (14 and regional 140104): 85 days fire, 84 do not',
      build: (r) => {
        const { b } = rx(r, 'P5', '140104', 85);
        rx(r, 'P6', '14', 84);
        return [{ psn_no: 'P5', bkkp_sn: [b], amount: '30.00', message: '门诊慢特病一次开具【苯磺酸氨氯地平片】85天用量（按用药天数），超过84天' }];
      },
    },
    {
      name: 'pharmacy purchase (41) has the general limit',
      build: (r) => {
        const { b } = rx(r, 'P7', '41', 10);
        return [{ psn_no: 'P7', bkkp_sn: [b], amount: '30.00', message: '定点药店购药一次开具' }];
      },
    },
    {
      name: 'supply from cnt × pack ÷ daily dose wins over an understated prd_days; prn falls back to prd_days',
      build: (r) => {
        const spec = withSpec(r);
        // 2 packs × 24 粒 ÷ (2 粒 × tid) = 8 days although prd_days says 7.
        const a = rx(r, 'P8', '11', 7, { cnt: 2, sin: '2粒', frq: 'tid' });
        spec[a.b] = '0.25g*24粒';
        // 1 pack × 7 片 every other day (qod) = 14 days.
        const c = rx(r, 'P9', '11', '', { sin: '1片', frq: 'QOD' });
        spec[c.b] = '5mg*7片';
        // 28 days for a chronic patient: allowed.
        const d = rx(r, 'PA', '14', 1, { sin: '1片', frq: 'qd' });
        spec[d.b] = '5mg*28片';
        // prn has no daily dose: prd_days (5) decides.
        const e = rx(r, 'PB', '11', 5, { sin: '1片', frq: 'prn' });
        spec[e.b] = '5mg*28片';
        return [
          { psn_no: 'P8', bkkp_sn: [a.b], amount: '60.00', message: '8天用量（数量×包装÷日剂量）' },
          { psn_no: 'P9', bkkp_sn: [c.b], amount: '30.00', message: '14天用量' },
        ];
      },
    },
    {
      name: 'inpatient, family-bed (71) and non-drug lines are not judged',
      build: (r) => {
        rx(r, 'PC', '21', 30);
        rx(r, 'PD', '71', 30);
        const v = r.visit({ psn: 'PE', inst: 'H1', begin: '2023-03-01' });
        v.line({ code: '001201000020000', name: '静脉输液', time: '2023-03-01', prd_days: 30 });
        return [];
      },
    },
    {
      name: 'a partial return scales prd_days (2 packs, 14 days, 1 returned → 7 days); refunded and void lines are not flagged',
      build: (r) => {
        const { v, b } = rx(r, 'PF', '11', 14, { cnt: 2 });
        v.line({ code: DRUG, cnt: 1, pric: '30', time: '2023-03-01 12:00:00', returnOf: b, prd_days: 14 });
        r.refund(rx(r, 'PG', '11', 30).v);
        rx(r, 'PH', '11', 7).v.line({ code: DRUG, time: '2023-03-01', prd_days: 30, vali_flag: '0' });
        return [];
      },
    },
    {
      name: 'max_days_general=10: 8 days no longer fire',
      params: { max_days_general: 10 },
      build: (r) => {
        rx(r, 'PI', '11', 8);
        return [];
      },
    },
  ],
};
