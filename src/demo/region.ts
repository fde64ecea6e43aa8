/**
 * generateDemoRegion: a synthetic but plausible region in the national extract format, with a
 * knowledge base in the official batch layouts, a demo DRG scheme in the national scheme's file
 * format (drg-scheme/) and a manifest of injected violations, compliant boundary cases and
 * planted DRG patterns. Deterministic by seed: the same options give byte-identical files.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backgroundPerson } from './background.js';
import { chargeCases, limitAndProviderCases } from './cases-charges.js';
import { drgCases, pickDrgUpcoder } from './cases-drg.js';
import { CaseKit } from './cases-kit.js';
import { managementCases } from './cases-management.js';
import { medicalCases } from './cases-medical.js';
import { policyCases } from './cases-policy.js';
import { CsvSink } from './csv-out.js';
import { dayFromYmd, dayOf, fmtDate, monthKey, ymd } from './dates.js';
import { DEMO_DRG_DIR, DEMO_DRG_VERSION, writeDemoDrgScheme } from './drg-scheme.js';
import { Emitter } from './emit.js';
import { ICD_FILES, INDICATION_FILE, KNOWLEDGE_FILES, indicationTable, writeKnowledge } from './knowledge-xlsx.js';
import { PersonFactory } from './persons.js';
import { AGREEMENT_STATUS, CITY, DOCTOR_STATUS, FIXMEDINS_TYPE, buildProviders } from './providers.js';
import { CATALOG_FILE, writeReference } from './reference.js';
import { PSN_COLUMNS, type Env } from './region-env.js';
import { Rng } from './rng.js';
import type { DemoOptions, DemoSummary, Manifest } from './types.js';
import { DemoOptionError, demoText } from './text.js';

export const DEMO_DEFAULTS = { persons: 20_000, months: 12, seed: 20230101, start: '2023-01-01' } as const;

/** Persons the injected cases use, about; the background is topped up to the requested total after them. */
const CASE_PERSONS = 120;

const NOT_INJECTED: { rule_id: string; reason: string }[] = [
  { rule_id: 'unreferred_out_of_area', reason: '需要转诊备案记录，国家抽取表中没有' },
  { rule_id: 'unspecified_diagnosis', reason: '需要“项目要求明确诊断”的配置表，未定义缺省内容' },
  { rule_id: 'auxiliary_drug_share', reason: '需要辅助用药目录（配置表），未定义缺省内容' },
  { rule_id: 'provider_outlier', reason: '统计类指标，依赖同级机构分布，不作为注入案例' },
  { rule_id: 'drg_upcoding', reason: '需要DRG分组结果：高套分组机构已埋设，见 manifest.drg（导入演示DRG方案并分组后可见）' },
  { rule_id: 'drg_ungroupable', reason: '需要DRG分组结果：不予分组/未入组病例已埋设，见 manifest.drg（导入演示DRG方案并分组后可见）' },
];

const GENERATED = new RegExp('^(mdtrt_d|setl_d|setl_list_diag_d|setl_list_oprn_d|psn_info|fixmedins_info|dr_info|' +
  'price_catalog)\\.csv$|^fee_list_d_\\d{4}_\\d{2}\\.csv$|^manifest\\.json$');

/** Removes what an earlier run wrote here (and nothing else), so stale months do not linger. */
function clearPrevious(outDir: string): void {
  for (const n of readdirSync(outDir)) {
    if (GENERATED.test(n)) rmSync(join(outDir, n));
  }
  for (const [sub, names] of [['knowledge', [...KNOWLEDGE_FILES, ICD_FILES.diagnoses, ICD_FILES.procedures]],
    ['config', [INDICATION_FILE, 'hilist_catalog.csv']]] as const) {
    const d = join(outDir, sub);
    if (!existsSync(d)) continue;
    for (const n of names) if (existsSync(join(d, n))) rmSync(join(d, n));
  }
}

function endOf(start: number, months: number): number {
  const { y, m, d } = ymd(start);
  return dayFromYmd(y, m + months, d);
}

function monthKeys(start: number, end: number): string[] {
  const out: string[] = [];
  for (let d = start; d < end; d++) {
    const k = monthKey(d);
    if (out[out.length - 1] !== k) out.push(k);
  }
  return out;
}

export async function generateDemoRegion(outDir: string, opts: DemoOptions = {}): Promise<DemoSummary> {
  const t0 = process.hrtime.bigint();
  const persons = opts.persons ?? DEMO_DEFAULTS.persons;
  const months = opts.months ?? DEMO_DEFAULTS.months;
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  const startText = opts.start ?? DEMO_DEFAULTS.start;
  if (!Number.isInteger(persons) || persons < 1) throw new DemoOptionError('demo.error.persons', { value: persons });
  if (!Number.isInteger(months) || months < 1 || months > 60) throw new DemoOptionError('demo.error.months', { value: months });
  if (!Number.isInteger(seed)) throw new DemoOptionError('demo.error.seed', { value: seed });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startText) || Number.isNaN(Date.parse(`${startText}T00:00:00Z`))) {
    throw new DemoOptionError('demo.error.start', { value: startText });
  }
  const start = dayOf(startText);
  const end = endOf(start, months);
  const say = opts.onProgress ?? (() => {});

  mkdirSync(outDir, { recursive: true });
  if (!statSync(outDir).isDirectory()) throw new DemoOptionError('demo.error.notDir', { path: outDir });
  clearPrevious(outDir);

  const providers = buildProviders(Rng.derive(seed, 'providers'), start, end);
  const ref = await writeReference(outDir, providers);
  const emitter = new Emitter(outDir, monthKeys(start, end));
  const psnSink = new CsvSink(join(outDir, 'psn_info.csv'), PSN_COLUMNS);
  const upcoder = pickDrgUpcoder(providers, seed);
  const env: Env = { seed, start, end, providers, emitter, persons: new PersonFactory(seed, start, end), psnSink,
    pharmacySlots: new Map(), drgUpcoder: upcoder.code };

  // Background persons first, then the cases' own persons, then the rest of the background up to
  // the requested count (indices continue, so identifiers stay unique).
  const firstPart = persons > 2 * CASE_PERSONS ? persons - CASE_PERSONS : Math.ceil(persons / 2);
  const step = Math.max(1, Math.floor(persons / 10));
  let done = 0;
  const backgroundRange = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      backgroundPerson(env, i);
      done++;
      if (done % 50 === 0) {
        await emitter.pressure();
        await psnSink.pressure();
      }
      if (done % step === 0) say(demoText('demo.progress.persons', { done, total: persons, lines: emitter.counts.feeLines }));
    }
  };
  await backgroundRange(0, firstPart);
  const kit = new CaseKit(env, firstPart);
  policyCases(kit);
  chargeCases(kit);
  limitAndProviderCases(kit);
  managementCases(kit);
  medicalCases(kit);
  const drg = drgCases(kit, upcoder);
  const violations = kit.cases.filter((c) => c.kind === 'violation').length;
  say(demoText('demo.progress.cases', { n: kit.cases.length, violation: violations, boundary: kit.cases.length - violations }));
  const rest = Math.max(0, persons - firstPart - kit.personsMade);
  const restFrom = firstPart + kit.personsMade;
  await backgroundRange(restFrom, restFrom + rest);
  const background = firstPart + rest;
  await psnSink.close();
  const extract = await emitter.close();

  const knowledgeFiles = await writeKnowledge(join(outDir, 'knowledge'));
  say(demoText('demo.progress.knowledge', { n: knowledgeFiles.length }));
  mkdirSync(join(outDir, 'config'), { recursive: true });
  writeFileSync(join(outDir, 'config', INDICATION_FILE), JSON.stringify(indicationTable(), null, 1) + '\n');
  const drgFiles = writeDemoDrgScheme(outDir);

  const notInjected = [...NOT_INJECTED, ...kit.skipped];
  const manifest: Manifest = {
    format: 'fundguard-demo-manifest/1',
    region: { name: CITY.name, admdvs: CITY.admdvs },
    seed, start: fmtDate(start), end: fmtDate(end - 1), months, persons: background + kit.personsMade,
    conventions: {
      agreement_status: { [AGREEMENT_STATUS.active]: '正常', [AGREEMENT_STATUS.suspended]: '中止（暂停结算）',
        [AGREEMENT_STATUS.terminated]: '解除' },
      dr_status: { [DOCTOR_STATUS.active]: '正常', [DOCTOR_STATUS.suspended]: '暂停', [DOCTOR_STATUS.revoked]: '注销' },
      fixmedins_type: { [FIXMEDINS_TYPE.medical]: '定点医疗机构', [FIXMEDINS_TYPE.pharmacy]: '定点零售药店' },
      status_period: 'status_begin and status_end are inclusive dates; status_end is empty while the period is open',
      hosp_lv_class: 'price_catalog.hosp_lv_class: 3 = hosp_lv 01–04, 12; 2 = 05–07, 13; 1 = all others',
      amount_rule: {
        lines: 'sum over bkkp_sn of det_item_fee_sumamt − fulamt_ownpay_amt',
        visit: 'sum of fund_pay_sumamt of the valid settlements of mdtrt_id',
        excess_qty: 'excess quantity (params.excess_qty) × unit price',
        excess_price: '(pric − highest price for the institution class) × cnt of the bkkp_sn line',
        secondary_discount: 'det_item_fee_sumamt − cnt × catalogue price × secondary_rate (the discount not given)',
        annual_excess: 'fund_pay_sumamt of the year’s ordinary outpatient settlements of the person − 4000.00 (tier A)',
        members: 'sum of fund_pay_sumamt of the members’ settlements',
        none: 'boundary case: amount 0.00; the rule must not fire on these keys',
      },
      boundary: 'a boundary case is compliant: its rule_id must produce no finding on its mdtrt_id or bkkp_sn',
      drg: 'drg lists planted DRG patterns (upcoding institution, rejected and ungrouped stays); they show only once the '
        + 'demo DRG scheme (drg.scheme) is imported and the stays are grouped, so they are not among the rule cases',
    },
    knowledge: {
      batches: KNOWLEDGE_FILES.map((f) => `knowledge/${f}`),
      icd: { diagnoses: `knowledge/${ICD_FILES.diagnoses}`, procedures: `knowledge/${ICD_FILES.procedures}` },
      indications: `config/${INDICATION_FILE}`,
      catalogue: CATALOG_FILE,
    },
    cases: kit.cases,
    not_injected: notInjected,
    drg: { scheme: DEMO_DRG_DIR, version: DEMO_DRG_VERSION, ...drg },
  };
  const manifestText = JSON.stringify(manifest, null, 1) + '\n';
  writeFileSync(join(outDir, 'manifest.json'), manifestText);

  const byRule: Record<string, { violation: number; boundary: number }> = {};
  for (const c of kit.cases) {
    byRule[c.rule_id] ??= { violation: 0, boundary: 0 };
    byRule[c.rule_id][c.kind]++;
  }
  const files = [...ref.files, 'psn_info.csv', ...extract.files, ...knowledgeFiles.map((f) => `knowledge/${f}`),
    `config/${INDICATION_FILE}`, ...drgFiles, 'manifest.json'];
  const bytes = files.reduce((a, f) => a + statSync(join(outDir, f)).size, 0);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  say(demoText('demo.progress.done', { persons: background + kit.personsMade, visits: emitter.counts.visits,
    lines: emitter.counts.feeLines, mb: (bytes / 1048576).toFixed(0) }));
  return {
    outDir, seed, start: fmtDate(start), end: fmtDate(end - 1), months,
    persons: background + kit.personsMade, backgroundPersons: background, casePersons: kit.personsMade,
    institutions: providers.institutions.filter((i) => i.kind !== 'pharmacy').length,
    pharmacies: providers.institutions.filter((i) => i.kind === 'pharmacy').length,
    doctors: providers.doctors.length, ...emitter.counts,
    cases: { violation: kit.cases.filter((c) => c.kind === 'violation').length,
      boundary: kit.cases.filter((c) => c.kind === 'boundary').length, byRule },
    notInjected, files, bytes, seconds,
  };
}
