/**
 * Settlement arithmetic of the demo region, in fen: deductible by institution class and
 * insurance, the fund's share, the personal account and cash. Regional parameters of a
 * plausible city, not national rules.
 */

const INPATIENT = new Set(['21', '22', '23', '24', '28', '52']);
export function isInpatient(medType: string): boolean {
  return INPATIENT.has(medType);
}

export function ratePct(medType: string, insutype: string, cls: number, retired: boolean): number {
  if (insutype === '510') return 100;
  if (isInpatient(medType)) {
    const base = insutype === '310' ? ({ 3: 85, 2: 88, 1: 90 } as Record<number, number>)[cls]
      : ({ 3: 60, 2: 70, 1: 80 } as Record<number, number>)[cls];
    return Math.min(95, base + (retired ? 5 : 0));
  }
  if (medType === '14') return insutype === '310' ? 75 : 65;
  if (medType === '41') return insutype === '310' ? 50 : 40;
  return insutype === '310' ? (cls === 1 ? 70 : 60) : (cls === 1 ? 60 : 50);
}

export function deductible(medType: string, insutype: string, cls: number): number {
  if (!isInpatient(medType) || insutype === '510') return 0;
  const yuan = insutype === '310' ? ({ 3: 1000, 2: 700, 1: 400 } as Record<number, number>)[cls]
    : ({ 3: 800, 2: 500, 1: 300 } as Record<number, number>)[cls];
  return yuan * 100;
}

export interface Money {
  medfee: number;
  fulamt: number;
  preself: number;
  inscp: number;
  dedc: number;
  fund: number;
  psn: number;
  acct: number;
  cash: number;
}

export function negate(m: Money): Money {
  return { medfee: -m.medfee, fulamt: -m.fulamt, preself: -m.preself, inscp: -m.inscp, dedc: -m.dedc, fund: -m.fund,
    psn: -m.psn, acct: -m.acct, cash: -m.cash };
}

