/**
 * The demo region's regional rule configuration: what a bureau would set for its region, for the
 * rules whose knowledge is regional rather than national (indications, outpatient caps).
 * Returned as parameter overrides per rule id, applied on top of the catalogue's defaults.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function demoRuleParams(demoDir: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {
    // 居民普通门诊 A档: 4000 yuan a year of fund payments.
    annual_outpatient_cap: { categories: [{ name: '城乡居民普通门诊', insutypes: ['390'], med_types: ['11'], cap: 4000 }] },
    // A region of this size has too few stays per institution, ADRG and month to compare: by year.
    drg_upcoding: { period: 'year' },
  };
  const indications = join(demoDir, 'config', 'indications.json');
  if (existsSync(indications)) out.indication_restriction = { indications: JSON.parse(readFileSync(indications, 'utf8')) };
  return out;
}
