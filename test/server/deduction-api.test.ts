/**
 * Monthly deduction notices (扣款通知) over real HTTP: the findings concluded in a month with the
 * amount deducted (a conclusion counts once, in the month it happened, not again when marked
 * deducted), the notice workbook read back with exceljs (heading, institution, table, totals in
 * figures and in capital money words, issuing office), and institution isolation. Plus the capital
 * money words on known answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { workbenchFixture, type Session } from './workbench-fixture.js';
import { setSetting } from '../../src/store/app-settings.js';
import { moneyWords } from '../../src/domain/money-words.js';

test('capital money words (人民币大写): known answers', () => {
  const cases: [string, string][] = [
    ['0.05', '伍分'], ['10.00', '壹拾元整'], ['100010.10', '壹拾万零壹拾元壹角'], ['1234567.89', '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    ['123.45', '壹佰贰拾叁元肆角伍分'], ['0', '零元整'], ['0.50', '伍角'], ['1.05', '壹元零伍分'], ['1000.05', '壹仟元零伍分'],
    ['15', '壹拾伍元整'], ['1010', '壹仟零壹拾元整'], ['100500', '壹拾万零伍佰元整'], ['107000.53', '壹拾万柒仟元伍角叁分'],
    ['230.50', '贰佰叁拾元伍角'], ['100000000', '壹亿元整'], ['100000001', '壹亿零壹元整'], ['101000000', '壹亿零壹佰万元整'],
    ['110000000', '壹亿壹仟万元整'], ['1000000000.10', '壹拾亿元壹角'], ['20000.02', '贰万元零贰分'], ['1.005', '壹元零壹分'],
    ['99999999999999.99', '玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
  ];
  for (const [n, words] of cases) assert.equal(moneyWords(n), words, n);
  for (const bad of ['-1', '1e3', '', 'abc', '1,000']) assert.throws(() => moneyWords(bad), RangeError, bad);
});

/* eslint-disable @typescript-eslint/no-explicit-any */
test('deduction notices: month of conclusion, amounts, workbook, bureau name, isolation, validation, access log', async () => {
  const fx = await workbenchFixture([['aud', 'auditor', null], ['sup', 'supervisor', null], ['adm', 'admin', null],
    ['h1', 'institution', 'H1'], ['h2', 'institution', 'H2']]);
  try {
    const [aud, sup, adm, h1, h2] = await Promise.all(['aud', 'sup', 'adm', 'h1', 'h2'].map((u) => fx.login(u)));
    const get = (s: Session | null, path: string) => fx.call(s, 'GET', path);
    const xlsx = async (s: Session, path: string) => {
      const res = await fetch(`${fx.base}${path}`, { headers: { cookie: s.cookie } });
      assert.equal(res.status, 200, path);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
      return wb;
    };
    assert.equal((await get(null, '/api/v1/deductions?month=2024-01')).status, 401);
    assert.equal((await fetch(`${fx.base}/api/v1/deductions/export.xlsx?month=2024-01`)).status, 401);

    // H1's finding: no appeal, deducted in full. H2's first: appealed, partly deducted (80.50), then marked deducted. H2's second: dismissed.
    const list = (await get(aud, '/api/v1/findings')).json.findings as any[];
    const f1 = list.find((f) => f.fixmedins_code === 'H1');
    const [f2, f3] = list.filter((f) => f.fixmedins_code === 'H2');
    const step = async (s: Session, f: any, body: Record<string, unknown>) =>
      assert.equal((await fx.call(s, 'POST', `/api/v1/findings/${f.run_id}/${f.seq}/transition`, body)).status, 200, JSON.stringify(body));
    await step(aud, f1, { action: 'confirm', version: 0 });
    await step(sup, f1, { action: 'second_confirm', version: 1 });
    await step(sup, f1, { action: 'no_appeal', version: 2 });
    await step(aud, f2, { action: 'confirm', version: 0 });
    await step(sup, f2, { action: 'second_confirm', version: 1 });
    await step(h2, f2, { action: 'appeal', version: 2, reason: '已补充病历，项目系误录' });
    await step(aud, f2, { action: 'conclude_partial', version: 3, reason: '部分认可', amount: '80.50' });
    await step(sup, f2, { action: 'mark_deducted', version: 4 });
    await step(aud, f3, { action: 'dismiss', version: 0, reason: '经核实属正常诊疗' });

    // Without a month: the current month, where everything just happened.
    const [{ m: thisMonth }] = await fx.ops.query<{ m: string }>(`SELECT to_char(current_date, 'YYYY-MM') AS m`);
    const now = (await get(sup, '/api/v1/deductions')).json;
    assert.equal(now.month, thisMonth);
    assert.equal(now.total, '230.50');

    // Conclusions in January 2024, the mark_deducted in February: on January's notice only.
    const at = (f: any, action: string, ts: string) => fx.ops.query(`UPDATE review_transition SET at = $4::timestamptz
      WHERE run_id = $1 AND seq = $2 AND action = $3`, [f.run_id, f.seq, action, ts]);
    await fx.ops.query(`UPDATE review_transition SET at = '2024-01-05 10:00:00+00'`);
    await at(f1, 'no_appeal', '2024-01-15 10:00:00+00');
    await at(f2, 'conclude_partial', '2024-01-20 10:00:00+00');
    await at(f2, 'mark_deducted', '2024-02-03 10:00:00+00');
    const jan = (await get(sup, '/api/v1/deductions?month=2024-01')).json;
    assert.deepEqual({ month: jan.month, total: jan.total, findings: jan.findings, at_stake: jan.at_stake }, { month: '2024-01', total: '230.50', findings: 2, at_stake: '300.00' });
    assert.deepEqual(jan.institutions, [
      { fixmedins_code: 'H1', fixmedins_name: '机构H1', findings: 1, amount: '150.00', at_stake: '150.00' },
      { fixmedins_code: 'H2', fixmedins_name: '机构H2', findings: 1, amount: '80.50', at_stake: '150.00' }]);
    assert.deepEqual((await get(aud, '/api/v1/deductions?month=2024-02')).json, { month: '2024-02', institutions: [], total: '0.00', findings: 0, at_stake: '0.00', institution: null });
    assert.equal((await get(adm, '/api/v1/deductions?month=2024-01&institution=H2')).json.total, '80.50');

    // The institution user: its own notice only; naming another is refused.
    const own = (await get(h1, '/api/v1/deductions?month=2024-01')).json;
    assert.deepEqual(own.institutions.map((i: any) => i.fixmedins_code), ['H1']);
    assert.equal(own.total, '150.00');
    assert.deepEqual(own.items.map((i: any) => [i.seq, i.setl_id, i.psn_no, i.amount, i.deducted_amount, i.conclusion, i.concluded_at]),
      [[f1.seq, f1.setl_id, 'M1', '150.00', '150.00', '未申诉，全额扣款', '2024-01-15']]);
    assert.equal((await get(h1, '/api/v1/deductions?month=2024-01&institution=H2')).status, 403);
    assert.equal((await get(h1, '/api/v1/deductions/export.xlsx?month=2024-01&institution=H2')).status, 403);

    // Months are the bureau's calendar (China Standard Time by default): 31 January 17:00 UTC is 1 February in Beijing.
    await at(f2, 'conclude_partial', '2024-01-31 17:00:00+00');
    assert.equal((await get(sup, '/api/v1/deductions?month=2024-01')).json.total, '150.00');
    const feb = (await get(sup, '/api/v1/deductions?month=2024-02&institution=H2')).json;
    assert.deepEqual(feb.items.map((i: any) => [i.seq, i.concluded_at]), [[f2.seq, '2024-02-01']]);
    await at(f2, 'conclude_partial', '2024-01-20 10:00:00+00');

    // Bad queries name the field.
    for (const [q, field] of [['month=2024-13', 'month'], ['month=2024-1', 'month'], ['month=202401', 'month'], ['inst=H1', 'inst']]) {
      const r = await get(sup, `/api/v1/deductions?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.json.error.field, field, q);
    }

    // The workbook: summary first, then one notice per institution.
    const wb = await xlsx(sup, '/api/v1/deductions/export.xlsx?month=2024-01');
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['汇总', '机构H1', '机构H2']);
    const texts = (ws: ExcelJS.Worksheet) => { const out: string[] = []; ws.eachRow((r) => r.eachCell((c) => out.push(String(c.value)))); return out; };
    const summary = wb.getWorksheet('汇总')!;
    assert.equal(summary.getCell('A1').value, '2024年01月 医疗保障基金扣款汇总');
    const sumRows = (() => { const out: unknown[][] = []; summary.eachRow((r) => out.push((r.values as unknown[]).slice(1))); return out; })();
    assert.deepEqual(sumRows.slice(2, 6), [['序号', '机构编码', '机构名称', '扣款疑点数', '扣款金额'], [1, 'H1', '机构H1', 1, 150], [2, 'H2', '机构H2', 1, 80.5],
      ['合计', '', '', 2, 230.5]]);
    assert.ok(texts(summary).includes('扣款金额合计（大写）：人民币贰佰叁拾元伍角'));

    const n1 = wb.getWorksheet('机构H1')!;
    assert.equal(n1.getCell('A1').value, '医疗保障基金扣款通知单');
    assert.equal(n1.getCell('A2').value, '定点医药机构：机构H1（机构编码：H1）');
    assert.equal(n1.getCell('A3').value, '扣款月份：2024年01月');
    assert.deepEqual((n1.getRow(5).values as unknown[]).slice(1), ['序号', '规则', '结算ID', '人员编号', '发生日期', '疑点金额', '扣款金额', '结论', '结论日期']);
    assert.deepEqual((n1.getRow(6).values as unknown[]).slice(1), [1, '限定性别', f1.setl_id, 'M1', '2023-03-01', 150, 150, '未申诉，全额扣款', '2024-01-15']);
    assert.equal(n1.getCell('F6').numFmt, '#,##0.00');
    assert.equal(n1.getCell('G6').numFmt, '#,##0.00');
    assert.deepEqual((n1.getRow(7).values as unknown[]).slice(1, 7), ['合计', '', '', '', '', 150]);
    const t1 = texts(n1);
    assert.ok(t1.includes('扣款金额合计（大写）：人民币壹佰伍拾元整'), t1.join('\n'));
    assert.ok(t1.includes('扣款金额合计（小写）：¥150.00'));
    assert.ok(t1.includes('签发单位：××市医疗保障局（盖章）'));
    const n2 = wb.getWorksheet('机构H2')!;
    assert.deepEqual((n2.getRow(6).values as unknown[]).slice(1), [1, '限定性别', f2.setl_id, f2.psn_no, '2023-03-01', 150, 80.5, '申诉部分支持，部分扣款', '2024-01-20']);
    assert.ok(texts(n2).includes('扣款金额合计（大写）：人民币捌拾元伍角'));
    // Never a name or an ID number.
    const everything = wb.worksheets.flatMap(texts).join('\n');
    assert.ok(!everything.includes('参保人') && !everything.includes('110101198001010011'));

    // The issuing office comes from the region's setting; the institution's export holds only its own notice.
    await setSetting(fx.ops, 'region.bureau_name', '金华市医疗保障局');
    const mine = await xlsx(h1, '/api/v1/deductions/export.xlsx?month=2024-01');
    assert.deepEqual(mine.worksheets.map((w) => w.name), ['汇总', '机构H1']);
    const mineText = mine.worksheets.flatMap(texts).join('\n');
    assert.ok(mineText.includes('签发单位：金华市医疗保障局（盖章）'));
    assert.ok(!mineText.includes('H2') && !mineText.includes(f2.setl_id) && !mineText.includes('80.5'));

    const log = await fx.ops.query<{ username: string; action: string; object: string }>(`SELECT username, action, object FROM access_log
      WHERE object LIKE 'deductions%' ORDER BY id`);
    assert.ok(log.some((l) => l.username === 'sup' && l.action === 'export' && l.object === 'deductions.xlsx'));
    assert.ok(log.some((l) => l.username === 'h1' && l.action === 'export'));
    assert.ok(log.some((l) => l.username === 'h1' && l.action === 'view' && l.object === 'deductions'));
  } finally {
    await fx.close();
  }
});
