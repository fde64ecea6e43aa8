/** One demo region per test process: generated, knowledge and claims imported (shared by the audit tests). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoRegion, type Manifest } from '../../src/demo/index.js';
import { Warehouse } from '../../src/store/warehouse.js';
import { openOpStore, type OpStore } from '../../src/store/opstore.js';
import { importPath } from '../../src/ingest/importer.js';
import { importKnowledge } from '../../src/knowledge/index.js';
import { tempDir } from '../ingest/helpers.js';
import { dropTestSchema } from '../store/pg-schema.js';
import { readFileSync } from 'node:fs';
import { applyDemoRules } from '../../src/cli/run.js';

export interface DemoRegion { dir: string; dataDir: string; wh: Warehouse; ops: OpStore; manifest: Manifest }

export async function demoRegion(persons = 2500): Promise<DemoRegion> {
  const dir = tempDir('fg-audit-');
  const demo = join(dir, 'demo');
  await generateDemoRegion(demo, { persons, months: 12, seed: 20230101 });
  const dataDir = join(dir, 'data');
  const wh = await Warehouse.open(dataDir);
  const kdir = join(demo, 'knowledge');
  await importKnowledge(wh, readdirSync(kdir).map((f) => join(kdir, f)));
  await importPath(wh, dataDir, demo);
  const url = process.env.TEST_DATABASE_URL || undefined;
  const schema = url ? `fg_audit_${process.pid}` : undefined;
  const ops = await openOpStore({ dataDir, url, schema });
  const close = ops.close.bind(ops);
  ops.close = async () => { await close(); await dropTestSchema(url, schema); };
  await applyDemoRules(ops, demo);
  const manifest = JSON.parse(readFileSync(join(demo, 'manifest.json'), 'utf8')) as Manifest;
  return { dir, dataDir, wh, ops, manifest };
}
