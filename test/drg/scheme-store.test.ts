// The DRG scheme as a versioned knowledge set: import of the real CHS-DRG 1.1 folder, idempotent
// re-import, reading back and compiling, `knowledge list`, and broken schemes refused with the
// file and JSON path named and nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Warehouse } from '../../src/store/warehouse.js';
import { listKnowledgeSets, KnowledgeImportError } from '../../src/knowledge/index.js';
import {
  importDrgScheme, isDrgSchemeDir, latestDrgSchemeSetId, listDrgSchemes, loadStoredDrgScheme, requireDrgGrouper,
} from '../../src/drg/scheme-store.js';
import { drgSchemeHash, loadDrgScheme } from '../../src/drg/scheme.js';
import { tempDir } from '../ingest/helpers.js';

const SCHEME_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'chs-drg-1.1');

async function counts(wh: Warehouse): Promise<{ sets: number; schemes: number }> {
  const n = async (t: string) => Number((await wh.one<{ n: string }>(`SELECT count(*) AS n FROM ${t}`))?.n ?? 0);
  return { sets: await n('kn_set'), schemes: await n('kn_drg_scheme') };
}

test('scheme set: import, idempotent re-import, read back, compile, list', async () => {
  const dir = tempDir('fg-drg-scheme-');
  const wh = await Warehouse.open(join(dir, 'data'));
  try {
    assert.equal(isDrgSchemeDir(SCHEME_DIR), true);
    assert.equal(isDrgSchemeDir(dir), false);
    const progress: string[] = [];
    const r = await importDrgScheme(wh, SCHEME_DIR, { onProgress: (m) => progress.push(m) });
    assert.equal(r.alreadyLoaded, false);
    assert.equal(r.version, 'CHS-DRG 1.1');
    assert.deepEqual({ mdcs: r.counts.mdcs, adrgs: r.counts.adrgs, drgs: r.counts.drgs }, { mdcs: 26, adrgs: 376, drgs: 628 });
    assert.equal(r.hash, drgSchemeHash(await loadDrgScheme(SCHEME_DIR)));
    // samples.csv is used as a self-check: the scheme reproduces its own test vectors.
    assert.deepEqual({ samples: r.selfCheck?.samples, matched: r.selfCheck?.matched }, { samples: 2000, matched: 2000 });
    assert.ok(progress.some((m) => /自检/.test(m)), progress.join('\n'));
    assert.deepEqual(await counts(wh), { sets: 1, schemes: 1 });

    // Same content again: the existing set is reported, nothing is written.
    const again = await importDrgScheme(wh, SCHEME_DIR, { label: 'another label' });
    assert.equal(again.alreadyLoaded, true);
    assert.equal(again.setId, r.setId);
    assert.deepEqual(await counts(wh), { sets: 1, schemes: 1 });

    // `knowledge list` shows it like any other set.
    const sets = await listKnowledgeSets(wh);
    assert.equal(sets.length, 1);
    assert.match(sets[0].label, /DRG 分组方案 CHS-DRG 1\.1/);
    assert.equal(sets[0].files.length, 6);
    assert.deepEqual((await listDrgSchemes(wh)).map((s) => s.setId), [r.setId]);
    assert.equal(await latestDrgSchemeSetId(wh), r.setId);

    // Read back, validated again, and compiled: every published test vector still gives its DRG.
    const stored = await loadStoredDrgScheme(wh);
    assert.equal(stored?.hash, r.hash);
    assert.equal(drgSchemeHash(stored!.data), r.hash);
    const { grouper } = await requireDrgGrouper(wh, r.setId);
    const rows = parse(readFileSync(join(SCHEME_DIR, 'samples.csv')), { columns: true }) as Record<string, string>[];
    const num = (s: string) => (s === '' ? null : Number(s));
    for (const s of rows) {
      const got = grouper.group({ sex: s.sex || null, age_years: num(s.age_years), age_days: num(s.age_days), birth_weight_g: num(s.birth_weight_g),
        diagnoses: s.diagnoses ? s.diagnoses.split('|') : [], procedures: s.procedures ? s.procedures.split('|') : [] });
      assert.equal(got.drg, s.expected_drg, s.record_id);
    }
    await assert.rejects(loadStoredDrgScheme(wh, 999), (e: unknown) => e instanceof KnowledgeImportError && /#999/.test(e.message));
  } finally {
    wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('broken schemes are refused naming the file and JSON path; nothing is stored', async () => {
  const dir = tempDir('fg-drg-broken-');
  const wh = await Warehouse.open(join(dir, 'data'));
  try {
    // An empty warehouse: a request for the newest scheme says there is none.
    assert.equal(await loadStoredDrgScheme(wh), null);
    await assert.rejects(requireDrgGrouper(wh), /尚未导入 DRG 分组方案/);

    const broken = join(dir, 'broken');
    cpSync(SCHEME_DIR, broken, { recursive: true });
    const path = join(broken, 'scheme.json');
    const scheme = JSON.parse(readFileSync(path, 'utf8')) as { mdcs: { adrgs: { when: Record<string, string>[] }[] }[] };
    // Break one list reference: the second MDC's first ADRG points at a list that does not exist.
    const when = scheme.mdcs[1].adrgs[0].when;
    const cond = when.find((c) => Object.values(c).some((v) => typeof v === 'string'))!;
    const kind = Object.keys(cond)[0];
    cond[kind] = 'NO_SUCH_LIST';
    writeFileSync(path, JSON.stringify(scheme));
    const at = `$.mdcs[1].adrgs[0].when[${when.indexOf(cond)}].${kind}`;
    await assert.rejects(importDrgScheme(wh, broken), (e: unknown) => {
      assert.ok(e instanceof KnowledgeImportError, String(e));
      assert.ok(e.message.includes('scheme.json'), e.message);
      assert.ok(e.message.includes(at), `${e.message} names ${at}`);
      assert.ok(e.message.includes('NO_SUCH_LIST'), e.message);
      assert.match(e.message, /code-lists\.json 中不存在/);
      return true;
    });
    // A missing file and a file that is not JSON.
    const missing = join(dir, 'missing');
    cpSync(SCHEME_DIR, missing, { recursive: true });
    rmSync(join(missing, 'cc.json'));
    await assert.rejects(importDrgScheme(wh, missing), (e: unknown) => e instanceof KnowledgeImportError && /cc\.json/.test(e.message));
    const bad = join(dir, 'bad');
    cpSync(SCHEME_DIR, bad, { recursive: true });
    writeFileSync(join(bad, 'mcc.json'), '{"A00.000": ');
    await assert.rejects(importDrgScheme(wh, bad), (e: unknown) => e instanceof KnowledgeImportError && /mcc\.json/.test(e.message));

    const n = async (t: string) => Number((await wh.one<{ n: string }>(`SELECT count(*) AS n FROM ${t}`))?.n ?? 0);
    assert.equal(await n('kn_set'), 0);
    assert.equal(await n('kn_drg_scheme'), 0);
  } finally {
    wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
