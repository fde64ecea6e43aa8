import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { generateDemoRegion } from '../../src/demo/index.js';
import { KNOWLEDGE_FILES } from '../../src/demo/knowledge-xlsx.js';
import { freshDir, removeDirs } from './region-files.js';

after(removeDirs);

// The published batches, read in place to learn the layout (never copied).
const OFFICIAL = fileURLToPath(new URL('../../../shared/data/nhsa-two-libs/', import.meta.url));

let dir: string;
before(async () => {
  dir = freshDir();
  await generateDemoRegion(dir, { persons: 200, months: 1 });
});

async function book(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function text(v: ExcelJS.CellValue): string {
  return v === null || v === undefined ? '' : String(v);
}

function headerOf(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (c, col) => { out[col - 1] = text(c.value); });
  return out;
}

function codesOf(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) => {
    const header = headerOf(ws);
    const cols = header.map((h, i) => (/代码|编码/.test(h) ? i + 1 : 0)).filter(Boolean);
    ws.eachRow((row, n) => {
      if (n === 1) return;
      for (const c of cols) {
        const v = text(row.getCell(c).value);
        // Total and remark rows after the data carry text, not codes.
        if (/^[A-Z0-9]/.test(v)) out.push(v);
      }
    });
  });
  return out;
}

test('the knowledge batches have the official sheets and header rows', { skip: !existsSync(OFFICIAL) }, async () => {
  for (const f of KNOWLEDGE_FILES) {
    const mine = await book(join(dir, 'knowledge', f));
    const real = await book(join(OFFICIAL, f));
    assert.equal(mine.worksheets.length, real.worksheets.length, `${f}: sheet count`);
    mine.worksheets.forEach((ws, i) => {
      const rs = real.worksheets[i];
      assert.equal(ws.name, rs.name, `${f}: sheet ${i + 1} name`);
      assert.deepEqual(headerOf(ws), headerOf(rs), `${f}: header of ${ws.name}`);
      assert.ok(ws.actualRowCount > 1, `${f}: ${ws.name} has rows`);
    });
  }
});

test('knowledge codes have the national shapes and are not the published rows', { skip: !existsSync(OFFICIAL) }, async () => {
  const published = new Set<string>();
  for (const f of KNOWLEDGE_FILES) for (const c of codesOf(await book(join(OFFICIAL, f)))) published.add(c);
  for (const f of KNOWLEDGE_FILES) {
    const codes = codesOf(await book(join(dir, 'knowledge', f)));
    assert.ok(codes.length > 0, f);
    for (const c of codes) {
      assert.ok(/^[XZ]/.test(c) ? c.length === (c[0] === 'X' ? 23 : 20) : /^\d{15}$/.test(c), `${f}: ${c}`);
      assert.ok(!published.has(c), `${f}: ${c} is a published code`);
    }
  }
});

test('drug batches pair names with codes; the remark rows follow the data where the official file has them', async () => {
  const gender = await book(join(dir, 'knowledge', 'b1-drug-gender.xlsx'));
  const names = new Set<string>();
  gender.worksheets[0].eachRow((r, n) => { if (n > 1) names.add(text(r.getCell(1).value)); });
  const coded = new Set<string>();
  gender.worksheets[1].eachRow((r, n) => { if (n > 1) coded.add(text(r.getCell(1).value)); });
  assert.deepEqual([...coded].sort(), [...names].sort());
  const freq = await book(join(dir, 'knowledge', 'b8-1-item-frequency.xlsx'));
  const ws = freq.worksheets[0];
  assert.equal(text(ws.getRow(ws.rowCount - 1).getCell(1).value), '合计');
  assert.match(text(ws.getRow(ws.rowCount).getCell(1).value), /^备注/);
});
