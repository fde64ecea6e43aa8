/** A small audited region served over HTTP with accounts for each role, for the workbench API tests. */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Warehouse } from '../../src/store/warehouse.js';
import { openOpStore, type OpStore } from '../../src/store/opstore.js';
import { importPath } from '../../src/ingest/importer.js';
import { importKnowledge } from '../../src/knowledge/index.js';
import { loadRuleKinds } from '../../src/rules/registry.js';
import { runAudit } from '../../src/audit/audit.js';
import { buildApp } from '../../src/server/app.js';
import { createUser, ensureAuthSchema, type Role } from '../../src/server/auth/store.js';
import { RegionBuilder } from '../rules/builders.js';
import { SHARED_DATA } from '../rules/harness.js';
import { tempDir } from '../ingest/helpers.js';

export interface Session { cookie: string; csrf: string }
export interface Fixture {
  base: string;
  app: FastifyInstance;
  ops: OpStore;
  wh: Warehouse;
  /** The region's data dir (attachments, temp uploads). */
  dataDir: string;
  login(username: string): Promise<Session>;
  call(s: Session | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export const PASSWORD = 'Test-pass-2024';

/** Optional additions to the fixture's region (the three findings below stay as they are). */
export interface FixtureOptions {
  /** Adds persons, institutions and visits to the region before it is written and imported. */
  region?: (r: RegionBuilder) => void;
  /** Rules of the audit run; default ['gender_restriction']. */
  rules?: string[];
}

/** Three gender-restriction findings (150.00 each): M1 at H1, M2 at H2, M1 at H2. */
export async function workbenchFixture(users: [string, Role, string | null][], opts: FixtureOptions = {}): Promise<Fixture> {
  const dir = tempDir('fg-wb-');
  const dataDir = join(dir, 'data');
  const wh = await Warehouse.open(dataDir);
  await importKnowledge(wh, [join(SHARED_DATA, 'nhsa-two-libs', 'b1-item-gender.xlsx')]);
  const r = new RegionBuilder();
  r.person('M1', { gend: '1' }).person('M2', { gend: '1' });
  r.institution('H1', { hosp_lv: '01' }).institution('H2', { hosp_lv: '05' });
  for (const [psn, inst] of [['M1', 'H1'], ['M2', 'H2'], ['M1', 'H2']] as const) {
    r.visit({ psn, inst, begin: '2023-03-01' }).line({ code: '002101030300000', name: '子宫造影', pric: '150', time: '2023-03-01' });
  }
  opts.region?.(r);
  r.write(join(dir, 'in'));
  await importPath(wh, dataDir, join(dir, 'in'));
  const ops = await openOpStore({ dataDir });
  await runAudit(wh, ops, await loadRuleKinds(), { rules: opts.rules ?? ['gender_restriction'], by: 'test' });
  await ensureAuthSchema(ops);
  for (const [username, role, inst] of users) {
    await createUser(ops, { username, display_name: username, role, fixmedins_code: inst, password: PASSWORD });
  }
  const app = await buildApp({ wh, ops, dataDir, version: 't', maxEventLoopDelay: 0 });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const call: Fixture['call'] = async (s, method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: await res.json().catch(() => null) };
  };
  return {
    base, app, ops, wh, dataDir, call,
    login: async (username) => {
      const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }) });
      const b = await res.json() as { csrf_token: string };
      return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: b.csrf_token };
    },
    close: async () => { await app.close(); await ops.close(); wh.close(); },
  };
}

/** A treatment item no rule of the fixture flags (fee category 05, like the fixture's own line). */
const PLAIN_ITEM = '003101000010000';
/** The audit rules that go with supervisionRegion. */
export const SUPERVISION_RULES = ['gender_restriction', 'provider_outlier'];

/**
 * Adds money flows and provider outliers to the fixture's region, for the dashboard, portal and
 * deduction tests. Valid fund payments: March 450.00 (the fixture's three visits), April 1234.56
 * (H1; a void H1 visit of 999.99 and an H2 visit reversed by a refund do not count), May 0.01 (H2),
 * June 930.00 (O1–O5) — 2614.57 in 10 settlements. provider_outlier then finds O5 in 2023-06
 * (次均门诊费用 500 vs peer median 110, MAD 10: z = 26.3055) and H1 in 2023-04 (up from 150.00 to 1234.56).
 */
export function supervisionRegion(r: RegionBuilder): void {
  r.visit({ psn: 'M1', inst: 'H1', begin: '2023-04-12' }).line({ code: PLAIN_ITEM, name: '普通治疗', pric: '1234.56', time: '2023-04-12' });
  r.visit({ psn: 'M1', inst: 'H1', begin: '2023-04-13', vali_flag: '0' }).line({ code: PLAIN_ITEM, name: '普通治疗', pric: '999.99', time: '2023-04-13' });
  const refunded = r.visit({ psn: 'M2', inst: 'H2', begin: '2023-04-20' });
  refunded.line({ code: PLAIN_ITEM, name: '普通治疗', pric: '500', time: '2023-04-20' });
  r.refund(refunded);
  r.visit({ psn: 'M2', inst: 'H2', begin: '2023-05-05' }).line({ code: PLAIN_ITEM, name: '普通治疗', pric: '0.01', time: '2023-05-05' });
  ['100', '100', '110', '120', '500'].forEach((cost, i) => {
    const inst = `O${i + 1}`;
    const day = i === 4 ? '2023-06-30' : '2023-06-10';
    r.institution(inst, { hosp_lv: '05' });
    r.visit({ psn: `P${inst}`, inst, begin: day }).line({ code: PLAIN_ITEM, name: '普通治疗', pric: cost, time: day });
  });
}
