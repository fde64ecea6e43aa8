/**
 * Planted DRG-era patterns. They only show once the demo DRG scheme is imported and the stays are
 * grouped (drg_result), so they are listed in manifest.drg, not among the rule cases (a region
 * audited without a grouping run must still find exactly its cases):
 *  - 高套分组: one county hospital codes extra MCC/CC secondary diagnoses, with no care behind
 *    them, on most of its stays (its background stays through stay-coding.ts, and planted
 *    pneumonia stays here), so its share of "with MCC/CC" DRGs within an ADRG is far above its peers';
 *  - stays the grouper must reject (no diagnosis at all; a newborn without a birth weight) or
 *    cannot group (a symptom as the main diagnosis; the existing woman with a male-only diagnosis).
 */
import { fmtDate } from './dates.js';
import { CaseKit, hospital, type Made } from './cases-kit.js';
import type { ManifestDrg, ManifestDrgCase } from './types.js';
import { Rng } from './rng.js';
import type { Institution, Providers } from './providers.js';
import { UPCODING_RATE } from './stay-coding.js';

/** The planted upcoding institution: a general county hospital (class 2), chosen by seed. */
export function pickDrgUpcoder(providers: Providers, seed: number): Institution {
  const pool = providers.institutions
    .filter((i) => i.kind === 'secondary' && i.cls === 2 && i.beds && !i.role && !i.tcm && !i.rehab && i.depts.some((d) => d.code === 'A03'))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  return Rng.derive(seed, 'drg-upcoding').pick(pool);
}

/** Planted pneumonia stays at the upcoding institution, each with an extra MCC or CC code. */
const UPCODED_STAYS = 12;
const UPCODED_EXTRA: [string, string][] = [['J96.000', '急性呼吸衰竭'], ['E87.600', '低钾血症'], ['I50.900', '心力衰竭']];

const ids = (m: Made) => ({ psn_no: m.visit.person.psnNo, mdtrt_id: m.out.mdtrtId, setl_id: m.out.setls.find((s) => !s.refund)!.setlId });

function upcoding(kit: CaseKit, inst: Institution): ManifestDrg['upcoding'] {
  const cases: ManifestDrg['upcoding']['cases'] = [];
  for (let k = 0; k < UPCODED_STAYS; k++) {
    const los = kit.rng.int(5, 8);
    const d0 = kit.place('drg_upcoding', los);
    if (d0 === null) break;
    const p = kit.person({ gend: kit.rng.chance(0.5) ? '1' : '2', birth: kit.birthAged(kit.rng.int(66, 86), d0), insutype: '390' });
    const [code, name] = UPCODED_EXTRA[k % UPCODED_EXTRA.length];
    const m = kit.stay(p, inst, d0, d0 + los, ['J18.900', code], () => {}, { dept: 'A03' });
    cases.push({ ...ids(m), main_diag: 'J18.900', added: [code],
      description: `${fmtDate(d0)}入院的肺炎病例加编【${code} ${name}】，住院期间无相应诊疗（无吸氧、补钾或强心利尿等）` });
  }
  return {
    fixmedins_code: inst.code, fixmedins_name: inst.name, adrg: 'ES3', coding_rate: UPCODING_RATE,
    description: `${inst.name}在约${Math.round(UPCODING_RATE * 100)}%的住院病例上加编无诊疗支持的并发症/合并症（MCC/CC）诊断，`
      + '其各ADRG（以ES3呼吸系统感染/炎症为主）伴MCC/CC病例占比远高于同级机构',
    cases,
  };
}

function ungroupable(kit: CaseKit): ManifestDrgCase[] {
  const out: ManifestDrgCase[] = [];
  const n0 = kit.place('drg_ungroupable', 6);
  if (n0 === null) return out;
  // A settlement list without any diagnosis: the grouper's input check rejects it (and the list is
  // also incomplete for 结算清单质控).
  const a = kit.person({ gend: '1', birth: kit.birthAged(71, n0), insutype: '390' });
  const ma = kit.stay(a, kit.inst(n0, n0 + 5, hospital(2)), n0, n0 + 5, [], () => {});
  out.push({ ...ids(ma), status: 'rejected', reject_reason: 'missing_diagnoses',
    description: '住院结算清单未填写任何诊断（主诊断缺失），DRG不予分组' });
  // A newborn admitted at nine days old: without a birth weight it cannot be grouped.
  const b0 = n0 + 1;
  const baby = kit.person({ gend: '2', birth: b0 - 9, insutype: '390' });
  const mb = kit.stay(baby, kit.inst(b0, b0 + 5, (i) => hospital(2)(i) && i.depts.some((d) => d.code === 'A07')), b0, b0 + 5,
    ['P23.900'], () => {}, { dept: 'A07' });
  out.push({ ...ids(mb), status: 'rejected', reject_reason: 'newborn_without_weight',
    description: '出生9天的新生儿住院（新生儿肺炎），结算清单未填写出生体重，DRG不予分组' });
  // A symptom as the main diagnosis: it belongs to no MDC of the scheme (0000).
  const c = kit.person({ gend: '2', birth: kit.birthAged(47, n0), insutype: '390' });
  const mc = kit.stay(c, kit.inst(n0, n0 + 4, hospital(1)), n0, n0 + 4, ['R50.900'], () => {});
  out.push({ ...ids(mc), status: 'ungrouped', reject_reason: null,
    description: '以症状“发热（R50.900）”作为主诊断，不能进入任何MDC，未入组（0000）' });
  // The woman whose main diagnosis is male-only (planted for diagnosis_gender_conflict) cannot enter MDCM.
  const g = kit.cases.find((x) => x.rule_id === 'diagnosis_gender_conflict' && x.kind === 'violation');
  if (g) {
    out.push({ psn_no: g.psn_no, mdtrt_id: g.mdtrt_id, setl_id: g.setl_id, status: 'ungrouped', reject_reason: null,
      description: '女性患者主诊断为前列腺增生（N40，男性生殖系统MDCM限男性），未入组（0000）' });
  }
  return out;
}

export function drgCases(kit: CaseKit, upcoder: Institution): Omit<ManifestDrg, 'scheme' | 'version'> {
  return { upcoding: upcoding(kit, upcoder), ungroupable: ungroupable(kit) };
}
