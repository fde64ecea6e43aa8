/**
 * How a background stay is coded on its settlement list (setl_list_diag_d): the person's chronic
 * conditions and the stay's complications as secondary diagnoses, now and then a symptom coded as
 * the main diagnosis (a coding error the DRG grouper cannot group: 0000), and, at the institution
 * planted for 高套分组, extra MCC/CC codes with no care behind them. Only secondary codes and the
 * main code's choice change here: the stay's lines are untouched, so the background stays clean
 * for the claim rules.
 */
import { dx, type Diagnosis } from './icd.js';
import type { Person } from './persons.js';
import type { Rng } from './rng.js';
import { demoComplicationLevel } from './drg-scheme.js';

const CHRONIC_CODES: [string, string][] = [
  ['htn', 'I10.x00x002'], ['dm', 'E11.900'], ['chd', 'I25.100'], ['copd', 'J44.900'], ['osteo', 'M81.000'], ['bph', 'N40.x00'],
];

/** Complications a stay of each profile may carry, with their chance (older patients somewhat more). */
const COMPLICATIONS: Record<string, [string, number][]> = {
  pneumonia: [['J96.000', 0.07], ['I50.900', 0.05], ['E87.600', 0.12]],
  // An exacerbation is often coded with the COPD code as well: the exclusion table makes it no CC.
  copd: [['J44.900', 0.4], ['J96.000', 0.15], ['J18.900', 0.16], ['I50.900', 0.06], ['E87.600', 0.07]],
  stroke: [['J18.900', 0.15], ['E87.600', 0.08], ['I50.900', 0.04], ['N39.000', 0.06]],
  pci: [['I50.900', 0.12], ['E87.600', 0.06], ['N17.900', 0.03]],
  gallstone: [['E87.600', 0.06], ['A41.900', 0.01]],
  appendix: [['E87.600', 0.05]],
  hernia: [['E87.600', 0.02]],
  hip: [['D62.x00', 0.2], ['J18.900', 0.08], ['I50.900', 0.06], ['E87.600', 0.06]],
  turp: [['D62.x00', 0.05], ['N39.000', 0.1]],
  fibroid: [['D62.x00', 0.12]],
  htn: [['I50.900', 0.06], ['E87.600', 0.08], ['N17.900', 0.03]],
  dm: [['E87.600', 0.1], ['N17.900', 0.04], ['N39.000', 0.06]],
  diarrhoea: [['E87.600', 0.15]],
  rehab: [['J18.900', 0.05], ['N39.000', 0.05]],
  chemo: [['E87.600', 0.08], ['D62.x00', 0.04], ['J18.900', 0.04]],
};

/** The symptom some coders put first instead of the diagnosis (症状代替诊断). */
const SYMPTOM: Record<string, string> = {
  pneumonia: 'R50.900', copd: 'R50.900', stroke: 'R51.x00', htn: 'R51.x00', gallstone: 'R10.400', appendix: 'R10.400',
  diarrhoea: 'R10.400',
};
const SYMPTOM_RATE = 0.065;

/** What the upcoding institution adds: codes that count as MCC/CC for most main diagnoses. */
const UPCODES: [string, number][] = [['E87.600', 4], ['J96.000', 2], ['I50.900', 2], ['D62.x00', 2]];
export const UPCODING_RATE = 0.7;

/**
 * The diagnoses of one stay, main first. `diags` is the clinical picture (main first);
 * `upcoding` marks the planted institution.
 */
export function codeStay(rng: Rng, p: Person, key: string, age: number, diags: Diagnosis[], upcoding: boolean): Diagnosis[] {
  const codes: string[] = diags.map((d) => d.code);
  const add = (c: string) => { if (!codes.includes(c)) codes.push(c); };
  for (const [cond, code] of CHRONIC_CODES) if (p.chronic.has(cond) && rng.chance(0.85)) add(code);
  const older = age >= 75 ? 1.4 : 1;
  for (const [code, pr] of COMPLICATIONS[key] ?? []) if (rng.chance(pr * older)) add(code);
  if (upcoding && rng.chance(UPCODING_RATE)) {
    const usable = UPCODES.filter(([c]) => !codes.includes(c) && demoComplicationLevel(codes[0], c) !== null);
    if (usable.length) add(rng.weighted(usable));
  }
  if (SYMPTOM[key] && rng.chance(SYMPTOM_RATE)) codes.unshift(SYMPTOM[key]);
  return codes.map(dx);
}
