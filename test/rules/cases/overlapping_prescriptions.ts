import type { CaseTable } from '../harness.js';
import type { RegionBuilder } from '../builders.js';

// Real national codes: 爱普列特片 (two manufacturers/specs, generic prefix XG04CBA088, 10 chars) and
// 艾附暖宫丸 (generic prefix ZD03AAA0043, 11 chars).
const EPR_A = 'XG04CBA088A001010101467';
const EPR_B = 'XG04CBA088A001010201467';
const AFU_A = 'ZD03AAA0043010100166';
const AFU_B = 'ZD03AAA0043010100220';
/** Same first 10 characters as 艾附暖宫丸 but another generic number (11th character differs). */
const AFU_OTHER = 'ZD03AAA0044010100166';
const OTHER_X = 'XJ02ACA397E001010184811';

/** One dispensing visit with one drug line; returns its bkkp_sn. */
function rx(r: RegionBuilder, psn: string, inst: string, day: string, code: string, prd_days?: number,
  o: { med_type?: string; cnt?: number; pric?: string; name?: string } = {}): string {
  const v = r.visit({ psn, inst, begin: day, med_type: o.med_type ?? (inst.startsWith('P') ? '41' : '14') });
  return v.line({ code, name: o.name ?? '爱普列特片', cnt: o.cnt ?? 1, pric: o.pric ?? '24.00', time: day, prd_days });
}

export const table: CaseTable = {
  rule_id: 'overlapping_prescriptions',
  cases: [
    {
      name: 'a 28-day supply refilled on day 6 at a pharmacy under another code of the same generic is flagged',
      build: (r) => {
        r.person('P1', { gend: '1' });
        rx(r, 'P1', 'H1', '2023-03-01', EPR_A, 28);
        const b = rx(r, 'P1', 'P1', '2023-03-07', EPR_B, 28, { pric: '25.50' });
        return [{ psn_no: 'P1', bkkp_sn: [b], amount: '25.50', occurred_at: '2023-03-07',
          message: '【爱普列特片】2023-03-01已在机构H1开具28天用量，6天后（2023-03-07）在机构P1再次开具，上次用量尚余22天（79%' }];
      },
    },
    {
      name: 'boundary: refilled on day 14 of 28 (exactly 50% left) is flagged',
      build: (r) => {
        rx(r, 'P2', 'H1', '2023-03-01', EPR_A, 28);
        const b = rx(r, 'P2', 'H2', '2023-03-15', EPR_A, 28);
        return [{ bkkp_sn: [b], amount: '24.00', message: '尚余14天（50%' }];
      },
    },
    {
      name: 'boundary: refilled on day 15 of 28 (46% left) is not flagged',
      build: (r) => {
        rx(r, 'P3', 'H1', '2023-03-01', EPR_A, 28);
        rx(r, 'P3', 'H2', '2023-03-16', EPR_A, 28);
        return [];
      },
    },
    {
      name: 'a stricter remaining_share=0.8 leaves a day-6 refill (79% left) alone',
      params: { remaining_share: 0.8 },
      build: (r) => {
        rx(r, 'P4', 'H1', '2023-03-01', EPR_A, 28);
        rx(r, 'P4', 'P1', '2023-03-07', EPR_B, 28);
        return [];
      },
    },
    {
      name: 'another generic is not a repeat; Chinese patent drugs compare 11 characters',
      build: (r) => {
        r.person('P5', { gend: '2' });
        rx(r, 'P5', 'H1', '2023-03-01', EPR_A, 28);
        rx(r, 'P5', 'H1', '2023-03-02', OTHER_X, 28);
        rx(r, 'P5', 'H1', '2023-04-01', AFU_A, 14, { name: '艾附暖宫丸' });
        rx(r, 'P5', 'P1', '2023-04-03', AFU_OTHER, 14, { name: '艾附暖宫丸' });
        return [];
      },
    },
    {
      name: 'a Chinese patent drug under another manufacturer code of the same generic is flagged',
      build: (r) => {
        r.person('P6', { gend: '2' });
        rx(r, 'P6', 'H1', '2023-04-01', AFU_A, 14, { name: '艾附暖宫丸' });
        const b = rx(r, 'P6', 'P1', '2023-04-03', AFU_B, 14, { name: '艾附暖宫丸', cnt: 2, pric: '18.30' });
        return [{ bkkp_sn: [b], amount: '36.60', message: '【艾附暖宫丸】' }];
      },
    },
    {
      name: 'same-day dispensing at two institutions is flagged (nothing of the first supply used yet)',
      build: (r) => {
        rx(r, 'P7', 'H1', '2023-05-01', EPR_A, 7);
        const b = rx(r, 'P7', 'P1', '2023-05-01', EPR_A, 7);
        return [{ mdtrt_id: 'M0002', bkkp_sn: [b], amount: '24.00', message: '开具7天用量，同日（2023-05-01）在机构P1再次开具' }];
      },
    },
    {
      name: 'an earlier long supply still running counts even when the latest dispensing ran out',
      build: (r) => {
        rx(r, 'P8', 'H1', '2023-05-01', EPR_A, 84);
        const b5 = rx(r, 'P8', 'H2', '2023-05-06', EPR_A, 7);
        const b30 = rx(r, 'P8', 'H3', '2023-05-31', EPR_A, 7);
        return [
          { mdtrt_id: 'M0002', bkkp_sn: [b5], amount: '24.00', message: '上次用量尚余79天' },
          { mdtrt_id: 'M0003', bkkp_sn: [b30], amount: '24.00', message: '2023-05-01已在机构H1开具84天用量，30天后' },
        ];
      },
    },
    {
      name: 'inpatient drugs, unknown supply and a later partial return do not make a previous supply',
      build: (r) => {
        const stay = r.visit({ psn: 'P9', inst: 'H1', med_type: '21', begin: '2023-06-01', end: '2023-06-05' });
        stay.line({ code: EPR_A, time: '2023-06-04', prd_days: 28 });
        rx(r, 'P9', 'P1', '2023-06-06', EPR_A, 28);
        rx(r, 'P9', 'P2', '2023-07-01', EPR_A);
        rx(r, 'P9', 'P3', '2023-07-02', EPR_A, 28);
        // 2 packs = 56 days, one pack returned: 28 days, of which 8 remain on day 20 (29%).
        const v = r.visit({ psn: 'P9', inst: 'H2', med_type: '14', begin: '2023-09-01' });
        const l = v.line({ code: EPR_A, cnt: 2, pric: '24.00', time: '2023-09-01', prd_days: 56 });
        v.line({ code: EPR_A, cnt: 1, pric: '24.00', time: '2023-09-02', prd_days: 28, returnOf: l });
        rx(r, 'P9', 'P1', '2023-09-21', EPR_A, 28);
        return [];
      },
    },
    {
      name: 'refunded settlements and void lines are neither previous supplies nor repeats',
      build: (r) => {
        rx(r, 'P10', 'H1', '2023-07-01', EPR_A, 28);
        const w = r.visit({ psn: 'P10', inst: 'P1', med_type: '41', begin: '2023-07-03' });
        w.line({ code: EPR_A, time: '2023-07-03', prd_days: 28 });
        r.refund(w);
        const x = r.visit({ psn: 'P10', inst: 'P2', med_type: '41', begin: '2023-07-04' });
        x.line({ code: EPR_A, time: '2023-07-04', prd_days: 28, vali_flag: '0' });
        x.line({ code: OTHER_X, time: '2023-07-04', prd_days: 28 });
        return [];
      },
    },
    {
      name: 'a supply dispensed before the audit period is history: the January refill is flagged, the December one is cut',
      from: '2023-01-01',
      build: (r) => {
        rx(r, 'P11', 'H1', '2022-12-10', EPR_A, 28);
        rx(r, 'P11', 'H1', '2022-12-20', EPR_A, 28);
        const b = rx(r, 'P11', 'P1', '2023-01-03', EPR_A, 28);
        return [{ occurred_at: '2023-01-03', bkkp_sn: [b], amount: '24.00', message: '2022-12-20已在机构H1开具28天用量，14天后' }];
      },
    },
  ],
};
