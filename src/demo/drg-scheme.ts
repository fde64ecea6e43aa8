/**
 * The demo region's DRG grouping scheme: a small CHS-DRG style scheme in the national scheme's
 * file format (scheme.json, code-lists.json, mcc.json, cc.json, exclusion-groups.json,
 * drg-names.json, plus samples.csv for the importer's self-check), built only from the codes of
 * the demo dictionaries (icd.ts). It is labelled as a demo in its version and is not the national
 * scheme: MDCs by body system, surgical ADRGs by main (or any) procedure before the medical ADRGs
 * of their MDC, DRGs split by MCC/CC. Symptom codes (R chapter) belong to no MDC on purpose, so a
 * stay coded with a symptom as its main diagnosis is not grouped (0000), as a coding reviewer
 * would expect.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DRG_SCHEME_FILES, parseDrgScheme, type Condition, type DrgSchemeJson } from '../drg/scheme.js';
import { DIAGNOSES, PROCEDURES } from './icd.js';

export const DEMO_DRG_VERSION = 'DEMO-DRG 1.0（演示方案，非国家分组方案）';
/** Folder of the scheme inside the region folder. */
export const DEMO_DRG_DIR = 'drg-scheme';
export const DEMO_DRG_SAMPLES = 'samples.csv';

/** How an ADRG's DRGs are split: 1/3/5, 3/5, 1/5, or one DRG ending in 9. */
type Split = 'mcc-cc' | 'cc' | 'mcc' | 'none';

interface AdrgSpec {
  code: string;
  name: string;
  /** Medical ADRG: main diagnosis in this list. */
  dx?: string[];
  /** Surgical ADRG: the main procedure (or, with `any`, any procedure) in this list. */
  proc?: string[];
  any?: boolean;
  split: Split;
}

interface MdcSpec {
  code: string;
  /** Entry conditions besides the main diagnosis. */
  sex?: '1' | '2';
  infant?: boolean;
  adrgs: AdrgSpec[];
}

// Evaluation order: sex- and age-specific MDCs first (as in CHS-DRG), then by body system. Within an
// MDC the surgical ADRGs come first; its medical ADRGs split the MDC's diagnoses between them.
const MDCS: MdcSpec[] = [
  { code: 'MDCP', infant: true, adrgs: [
    { code: 'PU1', name: '新生儿感染性疾患', dx: ['P23.900'], split: 'cc' },
  ] },
  { code: 'MDCM', sex: '1', adrgs: [
    { code: 'MD1', name: '经尿道前列腺手术', proc: ['60.2900'], split: 'cc' },
    { code: 'MZ1', name: '男性生殖系统其他疾患', dx: ['N40.x00'], split: 'none' },
  ] },
  { code: 'MDCN', sex: '2', adrgs: [
    { code: 'ND1', name: '子宫病损切除手术', proc: ['68.2900'], split: 'cc' },
    { code: 'NZ1', name: '女性生殖系统其他疾患', dx: ['D25.900', 'N76.000'], split: 'none' },
  ] },
  { code: 'MDCB', adrgs: [
    { code: 'BR2', name: '脑缺血性疾患', dx: ['I63.900'], split: 'mcc-cc' },
    { code: 'BV1', name: '脑血管病后遗症', dx: ['I69.300'], split: 'cc' },
  ] },
  { code: 'MDCC', adrgs: [
    { code: 'CB3', name: '晶状体手术', proc: ['13.4100', '13.7000x001'], split: 'none' },
    { code: 'CZ1', name: '其他眼部疾患', dx: ['H25.900', 'H10.900'], split: 'none' },
  ] },
  { code: 'MDCE', adrgs: [
    { code: 'ER1', name: '呼吸系统肿瘤', dx: ['C34.900'], split: 'mcc-cc' },
    { code: 'ES3', name: '呼吸系统感染/炎症', dx: ['J18.900', 'J15.900', 'J20.900'], split: 'mcc-cc' },
    { code: 'ET2', name: '慢性气道阻塞病', dx: ['J44.100', 'J44.900'], split: 'mcc-cc' },
    { code: 'EW1', name: '呼吸衰竭', dx: ['J96.000'], split: 'none' },
    { code: 'EX2', name: '上呼吸道感染', dx: ['J06.900', 'J02.900', 'J03.900'], split: 'none' },
  ] },
  { code: 'MDCF', adrgs: [
    // A stent anywhere in the list makes the stay a stenting, whatever was coded first.
    { code: 'FM1', name: '经皮冠状动脉药物洗脱支架置入', proc: ['36.0700'], any: true, split: 'mcc-cc' },
    { code: 'FM2', name: '经皮冠状动脉成形及造影', proc: ['00.6600', '88.5500'], split: 'cc' },
    { code: 'FR1', name: '急性心肌梗死', dx: ['I21.900'], split: 'mcc-cc' },
    { code: 'FR3', name: '心绞痛及冠状动脉粥样硬化', dx: ['I20.000', 'I25.100'], split: 'cc' },
    { code: 'FT1', name: '心力衰竭', dx: ['I50.900'], split: 'mcc-cc' },
    { code: 'FV2', name: '高血压', dx: ['I10.x00x002'], split: 'mcc-cc' },
  ] },
  { code: 'MDCG', adrgs: [
    { code: 'GB2', name: '胃部分切除手术', proc: ['43.7x00'], split: 'mcc-cc' },
    { code: 'GD2', name: '阑尾切除术', proc: ['47.0100', '47.0900'], split: 'cc' },
    { code: 'GE1', name: '腹股沟疝修补手术', proc: ['53.0000'], split: 'none' },
    { code: 'GF1', name: '腹腔粘连松解手术', proc: ['54.5900'], split: 'none' },
    { code: 'GU1', name: '胃炎及胃肠炎', dx: ['K29.700', 'K30.x00', 'A09.900'], split: 'cc' },
    { code: 'GZ1', name: '其他消化系统疾患', dx: ['K35.800', 'K40.900', 'K56.500'], split: 'cc' },
  ] },
  { code: 'MDCH', adrgs: [
    { code: 'HC2', name: '腹腔镜胆囊切除术', proc: ['51.2300'], split: 'mcc-cc' },
    { code: 'HC3', name: '胆道及肝脏其他手术', proc: ['51.5100', '50.2200'], split: 'none' },
    { code: 'HS2', name: '胆囊及胆道疾患', dx: ['K80.100', 'K80.200'], split: 'cc' },
  ] },
  { code: 'MDCI', adrgs: [
    { code: 'IC2', name: '髋关节置换术', proc: ['81.5100'], split: 'mcc-cc' },
    { code: 'IF3', name: '股骨骨折切开复位内固定术', proc: ['79.3500'], split: 'cc' },
    { code: 'IR2', name: '股骨及前臂骨折', dx: ['S72.000', 'S52.500'], split: 'none' },
    { code: 'IU1', name: '骨关节病及骨质疏松', dx: ['M17.900', 'M54.500', 'M81.000'], split: 'none' },
  ] },
  { code: 'MDCJ', adrgs: [
    { code: 'JZ1', name: '皮肤及皮下组织其他疾患', dx: ['L30.900', 'L50.900', 'S61.900', 'T30.000'], split: 'none' },
  ] },
  { code: 'MDCK', adrgs: [
    { code: 'KS1', name: '糖尿病', dx: ['E11.900'], split: 'mcc' },
    { code: 'KV1', name: '代谢紊乱', dx: ['E78.500', 'E87.600'], split: 'none' },
  ] },
  { code: 'MDCL', adrgs: [
    { code: 'LR1', name: '急性肾衰竭', dx: ['N17.900'], split: 'mcc-cc' },
    { code: 'LU1', name: '肾及尿路感染', dx: ['N39.000'], split: 'cc' },
  ] },
  { code: 'MDCO', adrgs: [
    { code: 'OB1', name: '剖宫产术', proc: ['74.1x00'], split: 'cc' },
    { code: 'OZ1', name: '与妊娠相关的其他情况', dx: ['O82.000'], split: 'none' },
  ] },
  { code: 'MDCQ', adrgs: [
    { code: 'QS4', name: '贫血', dx: ['D62.x00'], split: 'none' },
  ] },
  { code: 'MDCR', adrgs: [
    { code: 'RE1', name: '恶性增生性疾患的化学治疗', dx: ['Z51.100'], split: 'mcc-cc' },
  ] },
  { code: 'MDCS', adrgs: [
    { code: 'SR1', name: '败血症', dx: ['A41.900'], split: 'mcc' },
  ] },
];

/**
 * Exclusion groups: a secondary MCC/CC of the main diagnosis's own group does not count (a stay's
 * COPD code does not complicate its COPD exacerbation; the tumour does not complicate its chemotherapy).
 */
const GROUP = {
  respFailure: '01', lowerResp: '02', copd: '03', heartFailure: '04', coronary: '05', electrolytes: '06', anaemia: '07',
  kidney: '08', sepsis: '09', tumour: '10', cerebrovascular: '11', urinary: '12',
} as const;

/** Secondary diagnoses that make a stay "with MCC" (伴严重并发症或合并症), with their group. */
const MCC: Record<string, string> = {
  'J96.000': GROUP.respFailure, 'I50.900': GROUP.heartFailure, 'N17.900': GROUP.kidney, 'A41.900': GROUP.sepsis,
  'I21.900': GROUP.coronary, 'J44.100': GROUP.copd,
};

/** Secondary diagnoses that make a stay "with CC" (伴一般并发症或合并症), with their group. */
const CC: Record<string, string> = {
  'J18.900': GROUP.lowerResp, 'J15.900': GROUP.lowerResp, 'J44.900': GROUP.copd, 'E87.600': GROUP.electrolytes,
  'D62.x00': GROUP.anaemia, 'C34.900': GROUP.tumour, 'N39.000': GROUP.urinary, 'I63.900': GROUP.cerebrovascular,
};

/** Main diagnoses and the group whose MCC/CC they exclude (the CC exclusion table). */
const EXCLUSION: Record<string, string> = {
  'J96.000': GROUP.respFailure,
  'J18.900': GROUP.lowerResp, 'J15.900': GROUP.lowerResp, 'J20.900': GROUP.lowerResp,
  'J44.100': GROUP.copd, 'J44.900': GROUP.copd,
  'I50.900': GROUP.heartFailure,
  'I21.900': GROUP.coronary, 'I20.000': GROUP.coronary, 'I25.100': GROUP.coronary,
  'E87.600': GROUP.electrolytes, 'D62.x00': GROUP.anaemia, 'N17.900': GROUP.kidney, 'A41.900': GROUP.sepsis,
  'Z51.100': GROUP.tumour, 'C34.900': GROUP.tumour,
  'I63.900': GROUP.cerebrovascular, 'I69.300': GROUP.cerebrovascular,
  'N39.000': GROUP.urinary,
};

/** Whether a secondary diagnosis counts as MCC or CC beside a main diagnosis (null: neither, or excluded). */
export function demoComplicationLevel(main: string, secondary: string): 'MCC' | 'CC' | null {
  const g = EXCLUSION[main];
  if (MCC[secondary] !== undefined && MCC[secondary] !== g) return 'MCC';
  if (CC[secondary] !== undefined && CC[secondary] !== g) return 'CC';
  return null;
}

const SPLIT_DRGS: Record<Split, { suffix: string; when: Condition; name: string }[]> = {
  'mcc-cc': [
    { suffix: '1', when: { hasMcc: true }, name: '伴严重并发症或合并症' },
    { suffix: '3', when: { hasMccOrCc: true }, name: '伴一般并发症或合并症' },
    { suffix: '5', when: { always: true }, name: '不伴并发症或合并症' },
  ],
  cc: [
    { suffix: '3', when: { hasMccOrCc: true }, name: '伴并发症或合并症' },
    { suffix: '5', when: { always: true }, name: '不伴并发症或合并症' },
  ],
  mcc: [
    { suffix: '1', when: { hasMcc: true }, name: '伴严重并发症或合并症' },
    { suffix: '5', when: { always: true }, name: '不伴严重并发症或合并症' },
  ],
  none: [{ suffix: '9', when: { always: true }, name: '' }],
};

function checkCodes(): void {
  const seen = new Set<string>();
  for (const m of MDCS) {
    for (const a of m.adrgs) {
      for (const c of a.dx ?? []) {
        if (!DIAGNOSES.has(c)) throw new Error(`demo DRG scheme: ${a.code} lists unknown diagnosis ${c}`);
        // Each diagnosis belongs to one medical ADRG: the MDCs partition the dictionary.
        if (seen.has(c)) throw new Error(`demo DRG scheme: diagnosis ${c} is listed twice`);
        seen.add(c);
      }
      for (const c of a.proc ?? []) if (!PROCEDURES.has(c)) throw new Error(`demo DRG scheme: ${a.code} lists unknown procedure ${c}`);
    }
  }
  for (const c of [...Object.keys(MCC), ...Object.keys(CC), ...Object.keys(EXCLUSION)]) {
    if (!DIAGNOSES.has(c)) throw new Error(`demo DRG scheme: unknown diagnosis ${c} in the MCC/CC tables`);
  }
}

/** The scheme's six files as JSON values (the importer's DrgSchemeJson). */
export function demoDrgScheme(): DrgSchemeJson {
  checkCodes();
  const codeLists: Record<string, string[]> = {};
  const drgNames: Record<string, string> = {};
  const mdcs = MDCS.map((m) => {
    const zd = `${m.code}.zd`;
    codeLists[zd] = m.adrgs.flatMap((a) => a.dx ?? []);
    const when: Condition[] = [{ mainDiagIn: zd }];
    if (m.sex) when.push({ sexEq: m.sex });
    if (m.infant) when.push({ ageYearsEq: 0 });
    const adrgs = m.adrgs.map((a) => {
      let aw: Condition[];
      if (a.proc) {
        const ss = `${a.code}.ss`;
        codeLists[ss] = a.proc;
        aw = [a.any ? { anyProcIn: ss } : { mainProcIn: ss }];
      } else {
        const ad = `${a.code}.zd`;
        codeLists[ad] = a.dx!;
        aw = [{ mainDiagIn: ad }];
      }
      const drgs = SPLIT_DRGS[a.split].map((s) => {
        const code = `${a.code}${s.suffix}`;
        drgNames[code] = s.name ? `${a.name}，${s.name}` : a.name;
        return { code, name: drgNames[code], when: s.when };
      });
      return { code: a.code, when: aw, drgs };
    });
    return { code: m.code, when, adrgs };
  });
  return {
    scheme: { version: DEMO_DRG_VERSION, mdcs },
    codeLists,
    mcc: { ...MCC },
    cc: { ...CC },
    exclusionGroups: { ...EXCLUSION },
    drgNames,
  };
}

export interface DemoDrgSample {
  record_id: string;
  sex: '1' | '2';
  age_years: number;
  age_days: number;
  birth_weight_g: number;
  diagnoses: string[];
  procedures: string[];
  expected_drg: string;
}

/** An MCC (or CC) code that a main diagnosis does not exclude. */
function complicationFor(main: string, table: Record<string, string>): string {
  const g = EXCLUSION[main];
  const c = Object.keys(table).find((k) => table[k] !== g && k !== main);
  if (!c) throw new Error(`demo DRG scheme: no complication for ${main}`);
  return c;
}

/**
 * Test vectors built from the tables, one per DRG (and a few edge cases): the DRG each record is
 * constructed to reach. The importer groups them as its self-check.
 */
export function demoDrgSamples(): DemoDrgSample[] {
  const out: DemoDrgSample[] = [];
  const add = (s: Omit<DemoDrgSample, 'record_id'>) => out.push({ record_id: `DEMO${String(out.length + 1).padStart(4, '0')}`, ...s });
  for (const m of MDCS) {
    const age = m.infant ? { age_years: 0, age_days: 12, birth_weight_g: 3200 } : { age_years: 60, age_days: 0, birth_weight_g: 0 };
    // A surgical ADRG's record takes the MDC's first diagnosis as its main diagnosis.
    const firstDx = m.adrgs.find((a) => a.dx)!.dx![0];
    for (const a of m.adrgs) {
      const main = a.dx ? a.dx[0] : firstDx;
      const procedures = a.proc ? [a.proc[0]] : [];
      const sex = m.sex ?? DIAGNOSES.get(main)?.sex ?? '1';
      for (const s of SPLIT_DRGS[a.split]) {
        const extra = s.suffix === '1' ? [complicationFor(main, MCC)] : s.suffix === '3' ? [complicationFor(main, CC)] : [];
        add({ sex, ...age, diagnoses: [main, ...extra], procedures, expected_drg: `${a.code}${s.suffix}` });
      }
    }
  }
  // The exclusion table at work: a COPD exacerbation's own COPD code is no CC.
  add({ sex: '1', age_years: 70, age_days: 0, birth_weight_g: 0, diagnoses: ['J44.100', 'J44.900'], procedures: [], expected_drg: 'ET25' });
  add({ sex: '2', age_years: 58, age_days: 0, birth_weight_g: 0, diagnoses: ['Z51.100', 'C34.900'], procedures: ['99.2500'],
    expected_drg: 'RE15' });
  // A stent coded after the angiography still makes FM1.
  add({ sex: '1', age_years: 66, age_days: 0, birth_weight_g: 0, diagnoses: ['I21.900', 'I50.900'], procedures: ['88.5500', '36.0700'],
    expected_drg: 'FM11' });
  // Symptoms as the main diagnosis, and a woman with a male-only diagnosis: not grouped.
  add({ sex: '1', age_years: 45, age_days: 0, birth_weight_g: 0, diagnoses: ['R50.900', 'J18.900'], procedures: [], expected_drg: '0000' });
  add({ sex: '2', age_years: 68, age_days: 0, birth_weight_g: 0, diagnoses: ['N40.x00'], procedures: [], expected_drg: '0000' });
  return out;
}

function samplesCsv(samples: DemoDrgSample[]): string {
  const head = 'record_id,sex,age_years,age_days,birth_weight_g,diagnoses,procedures,expected_drg';
  const rows = samples.map((s) => [s.record_id, s.sex, s.age_years, s.age_days, s.birth_weight_g, s.diagnoses.join('|'),
    s.procedures.join('|'), s.expected_drg].join(','));
  return `${[head, ...rows].join('\n')}\n`;
}

/**
 * Writes the scheme folder `<outDir>/drg-scheme/` (validated first with the product's own
 * parser, so a broken table fails the generator, not the import). Returns the paths written,
 * relative to outDir.
 */
export function writeDemoDrgScheme(outDir: string): string[] {
  const json = demoDrgScheme();
  parseDrgScheme(json);
  const dir = join(outDir, DEMO_DRG_DIR);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [part, name] of Object.entries(DRG_SCHEME_FILES) as [keyof DrgSchemeJson, string][]) {
    writeFileSync(join(dir, name), `${JSON.stringify(json[part], null, 1)}\n`);
    files.push(`${DEMO_DRG_DIR}/${name}`);
  }
  writeFileSync(join(dir, DEMO_DRG_SAMPLES), samplesCsv(demoDrgSamples()));
  files.push(`${DEMO_DRG_DIR}/${DEMO_DRG_SAMPLES}`);
  return files;
}
