import type { CaseTable } from '../harness.js';
import type { RegionBuilder, Visit } from '../builders.js';

/** A stay with one drug line (200.00) and the given diagnoses (main first); the settlement pays `fund`. */
function stay(r: RegionBuilder, psn: string, diag: string[], o: { fund?: string; begin?: string; extra?: Record<string, string>;
  vali_flag?: string } = {}): Visit {
  const begin = o.begin ?? '2023-04-01';
  const v = r.visit({ psn, inst: 'H1', med_type: '21', begin, end: '2023-04-05', diag, fund_pay: o.fund ?? '150.00',
    extra: o.extra, vali_flag: o.vali_flag });
  v.line({ code: 'XJ01DDA123B001010101234', name: '注射用头孢曲松钠', cnt: 10, pric: '20', time: begin });
  return v;
}

export const table: CaseTable = {
  rule_id: 'diagnosis_gender_conflict',
  cases: [
    {
      name: 'a woman whose main diagnosis is 前列腺增生 (N40) is flagged with the visit\'s fund payment',
      build: (r) => {
        r.person('P1', { gend: '2' });
        const v = stay(r, 'P1', ['N40.x00'], { fund: '598.92' });
        return [{ psn_no: 'P1', mdtrt_id: v.mdtrt_id, bkkp_sn: [], amount: '598.92', occurred_at: '2023-04-05',
          message: '患者性别为女，诊断【前列腺增生】（N40.x00）限男性' }];
      },
    },
    {
      name: 'a man with 前列腺增生 and a woman with a sex-neutral urinary infection are not flagged',
      build: (r) => {
        r.person('P2', { gend: '1' });
        stay(r, 'P2', ['N40.x00']);
        r.person('P3', { gend: '2' });
        stay(r, 'P3', ['N39.000']);
        return [];
      },
    },
    {
      name: 'any diagnosis counts: a man with a secondary 急性阴道炎 (N76) is flagged; all conflicting codes are named',
      build: (r) => {
        r.person('P4', { gend: '1' });
        const v = stay(r, 'P4', ['J18.900', 'N76.000', 'D25.900'], { fund: '88.00' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '88.00',
          message: '患者性别为男，诊断【子宫平滑肌瘤】（D25.900）、【急性阴道炎】（N76.000）限女性' }];
      },
    },
    {
      name: 'range ends: O00 and O99 and N70 fire for a man; N99 (after N98) and P00 (newborn) do not',
      build: (r) => {
        r.person('P5', { gend: '1' });
        const a = stay(r, 'P5', ['O00.000'], { fund: '10.00', begin: '2023-04-01' });
        const b = stay(r, 'P5', ['O99.000'], { fund: '20.00', begin: '2023-04-02' });
        const c = stay(r, 'P5', ['N70.000'], { fund: '30.00', begin: '2023-04-03' });
        stay(r, 'P5', ['N99.000'], { begin: '2023-04-04' });
        stay(r, 'P5', ['P00.000'], { begin: '2023-04-04' });
        return [{ mdtrt_id: a.mdtrt_id, amount: '10.00' }, { mdtrt_id: b.mdtrt_id, amount: '20.00' },
          { mdtrt_id: c.mdtrt_id, amount: '30.00' }];
      },
    },
    {
      name: 'the asterisk part of a dagger code is checked: mumps orchitis (B26.000+N51.1*) in a woman fires',
      build: (r) => {
        r.person('P6', { gend: '2' });
        const v = stay(r, 'P6', ['B26.000+N51.1*'], { fund: '66.60' });
        return [{ mdtrt_id: v.mdtrt_id, amount: '66.60', message: '【流行性腮腺炎性睾丸炎】（B26.000+N51.1*）限男性' }];
      },
    },
    {
      name: 'sex from psn_info wins over the visit; unknown sex (9) is not judged',
      build: (r) => {
        r.person('P7', { gend: '1' });
        stay(r, 'P7', ['C61.x00'], { extra: { gend: '2' } });
        r.person('P8', { gend: '9' });
        stay(r, 'P8', ['C61.x00']);
        r.person('P9', { gend: '2' });
        const v = stay(r, 'P9', ['C61.x00'], { fund: '40.00', extra: { gend: '1' } });
        return [{ psn_no: 'P9', mdtrt_id: v.mdtrt_id, amount: '40.00', message: '患者性别为女，诊断【前列腺恶性肿瘤】' }];
      },
    },
    {
      name: 'refunded and void visits are never flagged',
      build: (r) => {
        r.person('P10', { gend: '1' });
        r.refund(stay(r, 'P10', ['O80.000']));
        stay(r, 'P10', ['D25.900'], { vali_flag: '0' });
        return [];
      },
    },
    {
      name: 'configured ranges replace the defaults: only N80 for women, nothing for men',
      params: { female_only: ['N80'], male_only: [] },
      build: (r) => {
        r.person('P11', { gend: '1' });
        stay(r, 'P11', ['O00.000'], { begin: '2023-04-01' });
        const v = stay(r, 'P11', ['N80.000'], { fund: '12.00', begin: '2023-04-02' });
        r.person('P12', { gend: '2' });
        stay(r, 'P12', ['N40.x00']);
        return [{ mdtrt_id: v.mdtrt_id, amount: '12.00' }];
      },
    },
  ],
};
