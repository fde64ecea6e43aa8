/**
 * Drives the real-time executor over a whole region already in the warehouse, for the
 * differential tests: per person over the final data, and as a replay of every settlement in
 * time order (each one checked against the history before it, as a HIS would send it).
 */
import { Decimal } from 'decimal.js';
import type { Warehouse } from '../../src/store/warehouse.js';
import { deriveBase, emptyPersonData, type PeerSettlement, type RawPersonData, type Row } from '../../src/rules/realtime/data.js';
import { evaluateChange, evaluatePerson, findingKey, type RtFinding, type RtRuleSet } from '../../src/rules/realtime/evaluate.js';
import type { Finding } from '../../src/audit/findings.js';

const PERSON_TABLES = ['mdtrt_d', 'setl_d', 'fee_list_d', 'setl_list_diag_d', 'setl_list_oprn_d'] as const;

/** Every person's raw rows, as the warehouse holds them. */
export async function loadAllRaw(wh: Warehouse): Promise<Map<string, RawPersonData>> {
  const all = new Map<string, RawPersonData>();
  const get = (psn: string) => {
    let d = all.get(psn);
    if (!d) all.set(psn, (d = emptyPersonData()));
    return d;
  };
  for (const t of PERSON_TABLES) {
    for (const r of await wh.all<Row>(`SELECT * EXCLUDE (_import_id, _src_file_id) FROM ${t} ORDER BY ALL`)) {
      if (r.psn_no !== null) get(String(r.psn_no))[t].push(r);
    }
  }
  for (const r of await wh.all<Row>('SELECT * EXCLUDE (_import_id, _src_file_id) FROM psn_info')) {
    if (all.has(String(r.psn_no))) get(String(r.psn_no)).psn_info = r;
  }
  return all;
}

/** Other persons' valid settlements at an institution, from their derived base relations. */
export function peerIndex(all: Map<string, RawPersonData>): (psn: string) => (code: string) => PeerSettlement[] {
  const byInst = new Map<string, { psn: string; s: PeerSettlement }[]>();
  for (const [psn, raw] of all) {
    const base = deriveBase(raw);
    const visits = new Map(base.a_visit.map((v) => [String(v.mdtrt_id), v]));
    for (const setl of base.a_setl) {
      const visit = visits.get(String(setl.mdtrt_id));
      if (!visit) continue;
      const list = byInst.get(String(setl.fixmedins_code)) ?? [];
      list.push({ psn, s: { setl, visit } });
      byInst.set(String(setl.fixmedins_code), list);
    }
  }
  return (psn) => (code) => (byInst.get(code) ?? []).filter((x) => x.psn !== psn).map((x) => x.s);
}

/** The real-time findings of every person over the final data. */
export function realtimeAll(rs: RtRuleSet, all: Map<string, RawPersonData>): RtFinding[] {
  const peers = peerIndex(all);
  return [...all.entries()].flatMap(([psn, raw]) => evaluatePerson(rs, psn, raw, peers(psn)));
}

/**
 * Replays the region settlement by settlement in settlement time order: each settlement arrives
 * with its visit, lines, diagnoses and operations, is checked against the person's history, and
 * the findings it adds or withdraws update the running set. Rows tied to no settlement come last.
 */
export function replay(rs: RtRuleSet, all: Map<string, RawPersonData>, stepMismatches?: string[]): RtFinding[] {
  const steps: { psn: string; setl: Row }[] = [];
  for (const [psn, raw] of all) for (const s of raw.setl_d) steps.push({ psn, setl: s });
  steps.sort((a, b) => String(a.setl.setl_time ?? '').localeCompare(String(b.setl.setl_time ?? ''))
    || String(a.setl.setl_id).localeCompare(String(b.setl.setl_id)));
  const history = new Map<string, RawPersonData>();
  const current = new Map<string, RtFinding>();
  const seen = (psn: string) => history.get(psn) ?? { ...emptyPersonData(), psn_info: all.get(psn)?.psn_info ?? null };
  const apply = (psn: string, incoming: RawPersonData) => {
    const h = seen(psn);
    const peers = peerIndex(history)(psn);
    const ch = evaluateChange(rs, psn, h, incoming, peers);
    // The scoped evaluation (scope.ts) must give exactly the difference of two whole evaluations.
    if (stepMismatches) {
      const keys = (fs: RtFinding[]) => new Set(fs.map(findingKey));
      const before = keys(evaluatePerson(rs, psn, h, peers)); const after = keys(evaluatePerson(rs, psn, merge(h, incoming), peers));
      const added = [...after].filter((k) => !before.has(k)).sort(); const withdrawn = [...before].filter((k) => !after.has(k)).sort();
      const got = { added: ch.added.map(findingKey).sort(), withdrawn: ch.withdrawn.map(findingKey).sort() };
      if (JSON.stringify(got) !== JSON.stringify({ added, withdrawn })) {
        stepMismatches.push(`[step ${psn} ${incoming.setl_d[0]?.setl_id ?? '(rest)'}] scoped ${JSON.stringify(got)} whole ${JSON.stringify({ added, withdrawn })}`);
      }
    }
    for (const f of ch.withdrawn) current.delete(findingKey(f));
    for (const f of ch.added) current.set(findingKey(f), f);
    history.set(psn, merge(h, incoming));
  };
  const used = new Set<Row>();
  for (const { psn, setl } of steps) {
    const raw = all.get(psn)!;
    const take = (rows: Row[], pred: (r: Row) => boolean) => rows.filter((r) => !used.has(r) && pred(r)).map((r) => (used.add(r), r));
    const incoming: RawPersonData = {
      psn_info: null,
      setl_d: take(raw.setl_d, (r) => r === setl),
      mdtrt_d: take(raw.mdtrt_d, (r) => r.mdtrt_id === setl.mdtrt_id),
      fee_list_d: take(raw.fee_list_d, (r) => r.setl_id === setl.setl_id),
      setl_list_diag_d: take(raw.setl_list_diag_d, (r) => r.setl_id === setl.setl_id || r.mdtrt_id === setl.mdtrt_id),
      setl_list_oprn_d: take(raw.setl_list_oprn_d, (r) => r.setl_id === setl.setl_id || r.mdtrt_id === setl.mdtrt_id),
    };
    apply(psn, incoming);
  }
  for (const [psn, raw] of all) {
    const rest = (rows: Row[]) => rows.filter((r) => !used.has(r));
    const incoming: RawPersonData = { psn_info: null, setl_d: [], mdtrt_d: rest(raw.mdtrt_d), fee_list_d: rest(raw.fee_list_d),
      setl_list_diag_d: rest(raw.setl_list_diag_d), setl_list_oprn_d: rest(raw.setl_list_oprn_d) };
    if (incoming.mdtrt_d.length + incoming.fee_list_d.length + incoming.setl_list_diag_d.length + incoming.setl_list_oprn_d.length) {
      apply(psn, incoming);
    }
  }
  return [...current.values()];
}

function merge(a: RawPersonData, b: RawPersonData): RawPersonData {
  return { psn_info: b.psn_info ?? a.psn_info, mdtrt_d: [...a.mdtrt_d, ...b.mdtrt_d], setl_d: [...a.setl_d, ...b.setl_d],
    fee_list_d: [...a.fee_list_d, ...b.fee_list_d], setl_list_diag_d: [...a.setl_list_diag_d, ...b.setl_list_diag_d],
    setl_list_oprn_d: [...a.setl_list_oprn_d, ...b.setl_list_oprn_d] };
}

/** A comparable line per finding: rule, keys, amount (fen), date. */
export function keyLine(f: { rule_id: string; psn_no: string; mdtrt_id: string | null; setl_id: string | null; bkkp_sn: string[];
  amount: string; occurred_at: string }): string {
  return `${f.rule_id} psn=${f.psn_no} mdtrt=${f.mdtrt_id ?? ''} setl=${f.setl_id ?? ''} bkkp=[${f.bkkp_sn.join(',')}]`
    + ` amount=${new Decimal(f.amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)} at=${f.occurred_at}`;
}

/** Batch and real-time findings as sorted key lines, the real-time ones cut to the period. */
export function compareSets(batch: Finding[], rt: RtFinding[], from: string, to: string): { batch: string[]; realtime: string[] } {
  return {
    batch: batch.map(keyLine).sort(),
    realtime: rt.filter((f) => f.occurred_at >= from && f.occurred_at <= to).map(keyLine).sort(),
  };
}
