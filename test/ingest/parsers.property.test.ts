import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { importPath } from '../../src/ingest/importer.js';
import { detectDelimiter, normaliseHeaderName } from '../../src/ingest/sources.js';
import { isValidUtf8 } from '../../src/ingest/encoding.js';
import { tableForFileName } from '../../src/ingest/recognize.js';
import { feeRow, openTemp, rows, writeCsv } from './helpers.js';

// Text a real extract may carry in a free-text column: CJK, quotes, separators, line breaks.
const freeText = fc.string({ unit: fc.constantFrom('住', '院', '诊', '费', 'a', 'Z', '0', ',', '"', '\t', '\n', ' ', '（', '）', '·', '；'), maxLength: 12 });
const amount = fc.tuple(fc.integer({ min: -999999, max: 99999999 }), fc.integer({ min: 0, max: 9999 }))
  .map(([i, f]) => `${i < 0 && i > -1 ? '-' : ''}${i}.${String(f).padStart(4, '0')}`);
const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));
const dateFormat = fc.constantFrom('iso', 'compact', 'datetime');

function fmt(d: Date, f: string): string {
  const iso = d.toISOString();
  if (f === 'compact') return iso.slice(0, 10).replace(/-/g, '');
  if (f === 'iso') return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

test('property: any fee values written as CSV (any encoding, separator, BOM, padding) read back exactly', async () => {
  const { dir, wh } = await openTemp();
  let run = 0;
  await fc.assert(fc.asyncProperty(
    fc.array(fc.record({ name: freeText, amt: amount, when: day, f: dateFormat, pad: fc.constantFrom('', ' ', '\t', '  ') }),
      { minLength: 1, maxLength: 8 }),
    fc.constantFrom<'utf8' | 'gbk'>('utf8', 'gbk'), fc.constantFrom(',', '\t'), fc.boolean(),
    async (recs, encoding, delimiter, bom) => {
      run++;
      const src = join(dir, `in${run}`); mkdirSync(src);
      const input = recs.map((r, i) => feeRow(i, {
        bkkp_sn: `R${run}-${i}`, hilist_name: r.name, det_item_fee_sumamt: `${r.pad}${r.amt}${r.pad}`,
        fee_ocur_time: `${r.pad}${fmt(r.when, r.f)}`,
      }));
      writeCsv(join(src, 'fee_list_d.csv'), 'fee_list_d', input, { encoding, delimiter, bom: bom && encoding === 'utf8' });
      const s = await importPath(wh, join(dir, 'data'), src);
      assert.equal(s.rows_rejected, 0);
      const got = await rows(wh, `SELECT hilist_name, CAST(det_item_fee_sumamt AS VARCHAR) AS amt,
        strftime(fee_ocur_time, '%Y-%m-%d %H:%M:%S') AS t FROM fee_list_d WHERE bkkp_sn LIKE 'R${run}-%'
        ORDER BY CAST(split_part(bkkp_sn, '-', 2) AS INTEGER)`);
      assert.equal(got.length, recs.length);
      recs.forEach((r, i) => {
        const trimmed = r.name.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
        assert.equal(got[i].hilist_name, trimmed === '' ? null : trimmed);
        assert.equal(got[i].amt, r.amt.replace(/^-0\./, '0.').replace(/^(-?)0+(\d)/, '$1$2'));
        const d = r.f === 'datetime' ? fmt(r.when, 'datetime') : `${r.when.toISOString().slice(0, 10)} 00:00:00`;
        assert.equal(got[i].t, d);
      });
    }), { numRuns: 12 });
  wh.close();
});

test('property: header parsing and file recognition', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom('psn_no', 'cnt', 'pric', 'medins_list_name'), { minLength: 2, maxLength: 6 }),
    fc.constantFrom(',', '\t'), (cols, d) => {
      assert.equal(detectDelimiter(cols.join(d)), d);
      for (const c of cols) assert.equal(normaliseHeaderName(`\uFEFF ${c.toUpperCase()}\t`), c);
    }));
  fc.assert(fc.property(fc.constantFrom('fee_list_d', 'setl_d', 'setl_list_diag_d', 'setl_list_oprn_d', 'mdtrt_d', 'psn_info'),
    fc.constantFrom('', '_2023_01', '-part2', '.202301'), fc.constantFrom('.csv', '.CSV', '.xlsx', '.parquet', '.txt'),
    (t, suffix, ext) => { assert.equal(tableForFileName(`${t}${suffix}${ext}`)?.name, t); }));
  assert.equal(tableForFileName('setl_list_d.csv'), undefined);
  assert.equal(tableForFileName('fee_list_data.csv'), undefined);
});

test('property: UTF-8 validity check tolerates a sequence cut at the sample end, and rejects GBK', () => {
  fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), fc.nat(), (s, cut) => {
    const buf = Buffer.from(s, 'utf8');
    const n = cut % (buf.length + 1);
    assert.equal(isValidUtf8(buf.subarray(0, n), true), true);
  }));
  assert.equal(isValidUtf8(Buffer.from([0xd7, 0xa1, 0xd4, 0xba, 0xd5, 0xef, 0xb2, 0xe9]), false), false); // 住院诊查 in GBK
});
