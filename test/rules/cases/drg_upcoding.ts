import type { CaseTable, Expected } from '../harness.js';
import type { RegionBuilder } from '../builders.js';

// ES3 呼吸系统感染/炎症: ES31 with an MCC (J96.000 respiratory failure), ES33 with a CC (E87.100 hyponatraemia), ES35 without.
const MCC = 'J96.000';
const CC = 'E87.100';
const COST: Record<string, string> = { ES31: '9000', ES33: '6000', ES35: '3000', FB21: '60000', FB25: '40000' };

/** One grouped inpatient case at `inst` discharged in May 2023, costing its DRG's price. */
function grouped(r: RegionBuilder, inst: string, drg: string, o: { month?: string; vali_flag?: string; refund?: boolean } = {}) {
  const n = r.visits.length + 1;
  const day = `2023-${o.month ?? '05'}-${String(1 + (n % 20)).padStart(2, '0')}`;
  const mcc = drg.endsWith('1') ? [MCC] : [];
  const cc = drg.endsWith('3') ? [CC] : [];
  const v = r.visit({ psn: `Q${n}`, inst, med_type: '21', begin: day, end: day, diag: ['J18.900', ...mcc, ...cc], vali_flag: o.vali_flag });
  v.line({ code: '001201000020000', name: '静脉输液', cnt: 1, pric: COST[drg], time: day, med_chrgitm_type: '05' });
  r.drg(v, { drg, mcc, cc });
  if (o.refund) r.refund(v);
  return v;
}

/** `n` ES3 cases at `inst`: `mcc` ES31, `cc` ES33, the rest ES35. */
function es3(r: RegionBuilder, inst: string, n: number, mcc: number, cc = 0): void {
  for (let i = 0; i < n; i++) grouped(r, inst, i < mcc ? 'ES31' : i < mcc + cc ? 'ES33' : 'ES35');
}

/** H1–H4 with 1, 2, 2 and 3 of 10 ES3 cases with MCC/CC (median 20%, MAD 10 points). */
function peers(r: RegionBuilder): void {
  es3(r, 'H1', 10, 1);
  es3(r, 'H2', 10, 1, 1);
  es3(r, 'H3', 10, 2);
  es3(r, 'H4', 10, 2, 1);
}

/**
 * Four cases per institution, each costing its DRG's price: 10 ES35, 5 ES33 and 5 ES31 in the region, mean 5250.00, so
 * ES35 weighs 3000 / 5250, ES33 6000 / 5250 and ES31 9000 / 5250. CMI: H1, H3 0.714286, H2 0.857143, H4 1.000000, H5 1.714286.
 */
function cmiRegion(r: RegionBuilder): void {
  const cases: Record<string, string[]> = {
    H1: ['ES35', 'ES35', 'ES35', 'ES33'], H2: ['ES35', 'ES35', 'ES33', 'ES33'], H3: ['ES35', 'ES35', 'ES35', 'ES33'],
    H4: ['ES35', 'ES35', 'ES33', 'ES31'], H5: ['ES31', 'ES31', 'ES31', 'ES31'],
  };
  for (const [inst, drgs] of Object.entries(cases)) for (const d of drgs) grouped(r, inst, d);
}

const H5_MAY: Expected = { psn_no: '', bkkp_sn: [], amount: '0.00', occurred_at: '2023-05-31' };

export const table: CaseTable = {
  rule_id: 'drg_upcoding',
  cases: [
    {
      name: 'an institution with 8 of 10 ES3 cases with MCC/CC against peers at 10–30% (median 20%, MAD 10%): z = 0.6745 × 60 / 10 = 4.05',
      build: (r) => {
        peers(r);
        es3(r, 'H5', 10, 5, 3);
        return [{ ...H5_MAY, message: '机构H5 2023-05【ADRG ES3 伴MCC/CC病例占比】为80.00%（10例中8例），同组5家（3307地区二级医疗机构）'
          + '中位数20.00%，稳健Z值4.05，超过阈值3.5；伴MCC/CC病例8例（证据列出全部8例）' }];
      },
    },
    {
      name: 'a share of 40% (z 1.35) does not fire',
      build: (r) => { peers(r); es3(r, 'H5', 10, 2, 2); return []; },
    },
    {
      name: 'the threshold is strict and configurable: z = 4.047 fires at z=4.04 (evidence capped at 3 cases), not at z=4.05',
      params: { z: 4.04, max_cases_listed: 3 },
      build: (r) => {
        peers(r);
        es3(r, 'H5', 10, 5, 3);
        return [{ ...H5_MAY, message: '稳健Z值4.05，超过阈值4.04；伴MCC/CC病例8例（证据列出前3例）' }];
      },
    },
    {
      name: 'z=4.05 is above z = 4.047: nothing fires',
      params: { z: 4.05 },
      build: (r) => { peers(r); es3(r, 'H5', 10, 5, 3); return []; },
    },
    {
      name: 'below min_cases (9 ES3 cases; a refunded and a void one do not count) the institution is no peer, and four are too few',
      build: (r) => {
        peers(r);
        es3(r, 'H5', 9, 5, 3);
        grouped(r, 'H5', 'ES31', { refund: true });
        grouped(r, 'H5', 'ES31', { vali_flag: '0' });
        return [];
      },
    },
    {
      name: 'ADRGs are compared separately: an institution whose FB2 cases all have an MCC has no FB2 peers',
      build: (r) => {
        peers(r);
        es3(r, 'H5', 10, 2);
        for (let i = 0; i < 10; i++) grouped(r, 'H5', 'FB21');
        return [];
      },
    },
    {
      name: 'period=year: the same outlier found for the year 2023',
      params: { period: 'year' },
      build: (r) => {
        peers(r);
        es3(r, 'H5', 10, 5, 3);
        return [{ ...H5_MAY, occurred_at: '2023-12-31', message: '机构H5 2023【ADRG ES3 伴MCC/CC病例占比】为80.00%（10例中8例）' }];
      },
    },
    {
      name: 'CMI from the region\'s own mean cost per DRG (ES31 1.714286, ES33 1.142857, ES35 0.571429): 1.7143 against a median of 0.8571',
      params: { min_cases_cmi: 4 },
      build: (r) => {
        cmiRegion(r);
        return [{ ...H5_MAY, message: '机构H5 2023-05【病例组合指数（CMI）】为1.7143（4例），同组5家（3307地区二级医疗机构）中位数0.8571，'
          + '稳健Z值4.05，超过阈值3.5；其中伴MCC/CC病例4例（证据按相对权重从高到低列出全部4例）' }];
      },
    },
    {
      name: 'CMI is not compared below min_cases_cmi (default 30)',
      build: (r) => { cmiRegion(r); return []; },
    },
    {
      name: 'CMI is not compared with checks=[share]',
      params: { min_cases_cmi: 4, checks: ['share'] },
      build: (r) => { cmiRegion(r); return []; },
    },
    {
      name: 'findings are cut to the audit period (May is before from)',
      from: '2023-06-01',
      build: (r) => { peers(r); es3(r, 'H5', 10, 5, 3); return []; },
    },
  ],
};
