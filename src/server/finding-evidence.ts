/**
 * A finding's evidence from the warehouse: its fee lines, its visit, the person's other visits and
 * the person's record. Loaded for a whole page of findings at once (three queries, whatever the page
 * size) when the page is listed, so that the reviewer who opens one of them finds it ready, and kept
 * per finding: a finding's evidence never changes while the server runs (claims are imported with
 * the server stopped). Every lookup names the persons: the warehouse tables are stored in psn_no
 * order, so DuckDB reads only the row groups that can hold them.
 */
import type { Warehouse, WarehouseReader } from '../store/warehouse.js';

export interface EvidenceFinding {
  run_id: number; seq: number; psn_no: string; fixmedins_code: string; mdtrt_id: string | null; bkkp_sn: string[];
}
export interface PersonRow { psn_name: string | null; certno: string | null; tel: string | null; gend: string | null; brdy: string | null }
type Visit = Record<string, unknown> & { mdtrt_id: string; fixmedins_code: string; begntime: string | null };
interface Evidence { lines: Record<string, unknown>[]; visits: Visit[]; person: PersonRow | undefined }

const LINE_COLS = `bkkp_sn, fee_ocur_time, hilist_code, hilist_name, list_type, med_chrgitm_type, cnt, pric, det_item_fee_sumamt,
  fulamt_ownpay_amt, bilg_dept_name, bilg_dr_code, bilg_dr_name, used_frqu_dscr, prd_days`;
const VISIT_COLS = `mdtrt_id, med_type, fixmedins_code, fixmedins_name, begntime, endtime, ipt_days, adm_dept_name, dscg_dept_name,
  dscg_maindiag_code, dscg_maindiag_name, dscg_way`;
const RELATED_COLS = ['mdtrt_id', 'med_type', 'fixmedins_code', 'fixmedins_name', 'begntime', 'endtime', 'dscg_maindiag_code'];
const MAX_KEPT = 5000;
const MAX_RELATED = 50;

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const key = (f: { run_id: number; seq: number }) => `${f.run_id}/${f.seq}`;

export class FindingEvidence {
  private readers: Promise<WarehouseReader> | undefined;
  // Promises, so that reviewers opening the same finding at once (or a page being prefetched) share one lookup.
  private readonly kept = new Map<string, Promise<Evidence>>();

  constructor(private readonly wh: Warehouse) {}

  /** Starts loading a page's evidence in the background; a later `get` of one of them waits for it. */
  prefetch(findings: EvidenceFinding[]): void {
    const missing = findings.filter((f) => !this.kept.has(key(f)));
    if (missing.length) this.load(missing);
  }

  /**
   * Loads the evidence of up to MAX_KEPT findings (those the review queue shows first) in batches, one
   * after another, so that reviewers do not wait for the warehouse when a server has just started.
   */
  async warm(findings: EvidenceFinding[], batch = 500): Promise<void> {
    for (let i = 0; i < Math.min(findings.length, MAX_KEPT); i += batch) {
      const part = findings.slice(i, Math.min(i + batch, MAX_KEPT)).filter((f) => !this.kept.has(key(f)));
      if (part.length) await Promise.all(this.load(part).values());
    }
  }

  /**
   * One finding's evidence. The person's other visits are limited to the caller's institution when
   * `ownInstitution` is set (an institution user never sees visits elsewhere).
   */
  async get(f: EvidenceFinding, ownInstitution: string | null) {
    const e = await (this.kept.get(key(f)) ?? this.load([f]).get(key(f))!);
    const visit = f.mdtrt_id ? e.visits.find((v) => v.mdtrt_id === f.mdtrt_id) ?? null : null;
    const related = e.visits.filter((v) => ownInstitution === null || v.fixmedins_code === ownInstitution).slice(0, MAX_RELATED)
      .map((v) => Object.fromEntries(RELATED_COLS.map((c) => [c, v[c]])));
    return { lines: e.lines, visit, related, person: e.person };
  }

  close(): void {
    void this.readers?.then((r) => r.close());
  }

  private load(findings: EvidenceFinding[]): Map<string, Promise<Evidence>> {
    const all = (async () => {
      const rd = await (this.readers ??= this.wh.readerPool(2));
      const persons = [...new Set(findings.map((f) => f.psn_no))].sort();
      const bkkp = [...new Set(findings.flatMap((f) => f.bkkp_sn))].sort();
      const [lines, visits, people] = await Promise.all([
        bkkp.length ? rd.all<Record<string, unknown> & { psn_no: string; fixmedins_code: string; bkkp_sn: string }>(
          `SELECT psn_no, fixmedins_code, ${LINE_COLS} FROM fee_list_d WHERE psn_no IN (${marks(persons.length)})
           AND bkkp_sn IN (${marks(bkkp.length)}) ORDER BY fee_ocur_time, bkkp_sn`, [...persons, ...bkkp]) : Promise.resolve([]),
        rd.all<Visit & { psn_no: string }>(`SELECT psn_no, ${VISIT_COLS} FROM mdtrt_d WHERE psn_no IN (${marks(persons.length)})
          ORDER BY begntime DESC, mdtrt_id`, persons),
        rd.all<PersonRow & { psn_no: string }>(`SELECT psn_no, psn_name, certno, tel, gend, brdy FROM psn_info
          WHERE psn_no IN (${marks(persons.length)})`, persons),
      ]);
      const visitsOf = new Map<string, Visit[]>();
      for (const { psn_no, ...v } of visits) {
        let l = visitsOf.get(psn_no);
        if (!l) visitsOf.set(psn_no, (l = []));
        l.push(v as Visit);
      }
      const personOf = new Map(people.map(({ psn_no, ...p }) => [psn_no, p as PersonRow]));
      const out = new Map<string, Evidence>();
      for (const f of findings) {
        const own = new Set(f.bkkp_sn);
        out.set(key(f), {
          lines: lines.filter((l) => l.psn_no === f.psn_no && l.fixmedins_code === f.fixmedins_code && own.has(l.bkkp_sn))
            .map(({ psn_no: _p, fixmedins_code: _c, ...l }) => l),
          visits: visitsOf.get(f.psn_no) ?? [], person: personOf.get(f.psn_no),
        });
      }
      return out;
    })();
    const each = new Map<string, Promise<Evidence>>();
    for (const f of findings) {
      const k = key(f);
      const p = all.then((m) => m.get(k)!);
      each.set(k, p);
      this.kept.set(k, p);
      // A failed lookup is not kept: the next request tries again.
      p.catch(() => this.kept.delete(k));
    }
    while (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return each;
  }
}
