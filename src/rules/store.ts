/**
 * Rule configuration in the operational store. Every change creates a new version of that rule;
 * past findings keep the version that produced them. The catalogue's defaults are version 1.
 * A rule set's version is the newest change number, so any change gives a new rule set version.
 */
import { announceChange } from '../store/changes.js';
import type { OpMigration, OpQueryable, OpStore } from '../store/opstore.js';
import type { AnyRuleKind } from './registry.js';
import { defaultConfig, type RuleConfig } from './config.js';

export const RULE_MIGRATIONS: OpMigration[] = [
  {
    version: 1,
    sql: `CREATE TABLE IF NOT EXISTS rule_version (
      change_id SERIAL UNIQUE,
      rule_id TEXT NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL, enabled BOOLEAN NOT NULL,
      severity TEXT NOT NULL CHECK (severity IN ('violation', 'suspect_high', 'suspect')),
      params JSONB NOT NULL, region TEXT, effective_from DATE, effective_to DATE,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(), created_by TEXT NOT NULL, note TEXT,
      PRIMARY KEY (rule_id, version))`,
  },
];

interface Row {
  rule_id: string; version: number; kind: string; enabled: boolean; severity: RuleConfig['severity'];
  params: Record<string, unknown>; region: string | null; effective_from: string | null; effective_to: string | null;
  created_at: string; created_by: string; note: string | null; change_id: number;
}

export interface StoredRule extends RuleConfig {
  created_at: string;
  created_by: string;
  note: string | null;
}

const COLS = `rule_id, version, kind, enabled, severity, params, region, to_char(effective_from, 'YYYY-MM-DD') AS effective_from,
  to_char(effective_to, 'YYYY-MM-DD') AS effective_to, to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') AS created_at,
  created_by, note, change_id`;

function toStored(r: Row): StoredRule {
  return { rule_id: r.rule_id, kind: r.kind, version: Number(r.version), enabled: r.enabled, severity: r.severity,
    params: r.params, region: r.region, effective_from: r.effective_from, effective_to: r.effective_to,
    created_at: r.created_at, created_by: r.created_by, note: r.note };
}

async function insert(q: OpQueryable, c: RuleConfig, by: string, note: string | null): Promise<void> {
  await q.query(`INSERT INTO rule_version (rule_id, version, kind, enabled, severity, params, region, effective_from,
    effective_to, created_by, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
  [c.rule_id, c.version, c.kind, c.enabled, c.severity, JSON.stringify(c.params), c.region ?? null, c.effective_from ?? null,
    c.effective_to ?? null, by, note]);
}

/** Makes sure every known kind has a rule (version 1 from the catalogue's defaults). */
export async function ensureRules(ops: OpStore, kinds: Map<string, AnyRuleKind>): Promise<void> {
  await ops.ensureSchema('rules', RULE_MIGRATIONS);
  const have = new Set((await ops.query<{ rule_id: string }>('SELECT DISTINCT rule_id FROM rule_version')).map((r) => r.rule_id));
  const missing = [...kinds.values()].filter((k) => !have.has(k.meta.id));
  if (!missing.length) return;
  await ops.transaction(async (tx) => {
    for (const k of missing) await insert(tx, defaultConfig(k), 'system', '目录默认配置');
  });
}

/** The current configuration: each rule's newest version. */
export async function currentRules(ops: OpStore, kinds: Map<string, AnyRuleKind>): Promise<StoredRule[]> {
  await ensureRules(ops, kinds);
  const rows = await ops.query<Row>(`SELECT ${COLS} FROM rule_version v
    WHERE version = (SELECT max(version) FROM rule_version w WHERE w.rule_id = v.rule_id) ORDER BY rule_id`);
  return rows.map(toStored);
}

export async function ruleHistory(ops: OpStore, ruleId: string): Promise<StoredRule[]> {
  await ops.ensureSchema('rules', RULE_MIGRATIONS);
  return (await ops.query<Row>(`SELECT ${COLS} FROM rule_version WHERE rule_id = $1 ORDER BY version`, [ruleId])).map(toStored);
}

export async function rulesetVersion(ops: OpStore): Promise<number> {
  await ops.ensureSchema('rules', RULE_MIGRATIONS);
  return Number((await ops.query<{ v: number | null }>('SELECT max(change_id) AS v FROM rule_version'))[0]?.v ?? 0);
}

/** JSON with object keys sorted at every depth: PostgreSQL's jsonb does not keep key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

function sameConfig(a: RuleConfig, b: RuleConfig): boolean {
  const norm = (c: RuleConfig) => canonical([c.kind, c.enabled, c.severity, c.params, c.region ?? null,
    c.effective_from ?? null, c.effective_to ?? null]);
  return norm(a) === norm(b);
}

export class RuleConfigError extends Error {}

/**
 * Validates configurations against their kinds' schemas and stores the changed ones as new
 * versions, all or nothing. Returns the rule ids that changed.
 */
export async function saveRules(ops: OpStore, kinds: Map<string, AnyRuleKind>, configs: Omit<RuleConfig, 'version'>[],
  by: string, note: string | null = null): Promise<string[]> {
  const current = new Map((await currentRules(ops, kinds)).map((r) => [r.rule_id, r]));
  const changed: RuleConfig[] = [];
  for (const c of configs) {
    const kind = kinds.get(c.kind);
    if (!kind) throw new RuleConfigError(`规则 ${c.rule_id}：未知的规则类型 ${c.kind} / unknown rule kind`);
    const parsed = kind.meta.params.safeParse(c.params ?? {});
    if (!parsed.success) {
      throw new RuleConfigError(`规则 ${c.rule_id} 参数不合法 / invalid parameters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    if (!['violation', 'suspect_high', 'suspect'].includes(c.severity)) throw new RuleConfigError(`规则 ${c.rule_id}：判断等级不合法 ${c.severity}`);
    const prev = current.get(c.rule_id);
    const next: RuleConfig = { ...c, params: parsed.data as Record<string, unknown>, version: (prev?.version ?? 0) + 1 };
    if (!prev || !sameConfig(prev, next)) changed.push(next);
  }
  await ops.transaction(async (tx) => {
    for (const c of changed) await insert(tx, c, by, note);
  });
  if (changed.length) announceChange('rules');
  return changed.map((c) => c.rule_id);
}
