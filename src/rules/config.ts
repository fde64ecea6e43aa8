/** A configured rule: an instance of a kind with parameters, severity and version. */
import type { Severity } from './types.js';
import type { AnyRuleKind } from './registry.js';

export interface RuleConfig {
  rule_id: string;
  kind: string;
  version: number;
  enabled: boolean;
  severity: Severity;
  params: Record<string, unknown>;
  region?: string | null;
  effective_from?: string | null;
  effective_to?: string | null;
}

/** The catalogue's defaults for a kind: version 1, enabled, default severity and parameters. */
export function defaultConfig(kind: AnyRuleKind): RuleConfig {
  return { rule_id: kind.meta.id, kind: kind.meta.id, version: 1, enabled: true, severity: kind.meta.severity,
    params: kind.meta.params.parse({}) as Record<string, unknown> };
}
