/** The rule catalogue (names for rule ids), fetched once per session and shared by the pages. */
import { useEffect, useState } from 'react';
import { api } from './api';
import type { Lang } from './i18n';

export interface JsonSchema {
  type?: string | string[];
  enum?: (string | number)[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  description?: string;
  title?: string;
  anyOf?: JsonSchema[];
}

export interface Rule {
  rule_id: string;
  kind?: string;
  name_zh: string;
  name_en: string;
  category?: string;
  scope?: string;
  severity: string;
  enabled: boolean;
  version: number;
  params?: Record<string, unknown>;
  param_schema?: JsonSchema;
  basis?: string;
  amount_zh?: string;
  updated_at?: string | null;
  updated_by?: string | null;
}

let cache: Promise<Rule[]> | null = null;

export function loadRules(force = false): Promise<Rule[]> {
  if (force) names = null;
  if (!cache || force) {
    cache = api.get<{ rules: Rule[] }>('/rules').then((r) => r.rules ?? []).catch(() => { cache = null; return []; });
  }
  return cache;
}

let names: Promise<Rule[]> | null = null;

/** Names of the rules (every role may read them; parameters stay with the bureau's /rules). */
function loadRuleNames(): Promise<Rule[]> {
  if (!names) names = api.get<{ rules: Rule[] }>('/rule-names').then((r) => r.rules ?? []).catch(() => { names = null; return []; });
  return names;
}

/** Rule id → rule name and severity (empty while loading). */
export function useRuleMap(enabled = true): Map<string, Rule> {
  const [map, setMap] = useState<Map<string, Rule>>(new Map());
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void loadRuleNames().then((rs) => { if (live) setMap(new Map(rs.map((r) => [r.rule_id, r]))); });
    return () => { live = false; };
  }, [enabled]);
  return map;
}

export const ruleName = (map: Map<string, Rule>, id: string, lang: Lang, fallback?: { name_zh?: string; name_en?: string }) => {
  const r = map.get(id) ?? fallback;
  const name = r ? (lang === 'zh' ? r.name_zh : r.name_en) : undefined;
  return name || id;
};
