/**
 * The workbench in Chromium on a freshly started demo region: each role logs in and does its main
 * path, clicking through the pages. Screenshots of every page go to test-artifacts/screenshots.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../ingest/helpers.js';
import { startDemo, type Started } from '../helpers/start-demo.js';
import { HAS_CHROMIUM, launch, newTab, shot, type Tab } from './browser.js';

const PASSWORDS: Record<string, string> = { admin: 'FundGuard-admin-2023', supervisor: 'FundGuard-super-2023',
  auditor: 'FundGuard-audit-2023', hospital: 'FundGuard-inst-2023' };
interface F { run_id: number; seq: number; fixmedins_code: string; status: string; amount: string; setl_id: string; psn_no: string; rule_id: string; bkkp_sn: string[] }

let server: Started;
let browser: Browser;
const tabs: Tab[] = [];

async function signIn(user: string): Promise<Page> {
  const tab = await newTab(browser, server.url);
  tabs.push(tab);
  const { page } = tab;
  await page.goto('/login');
  await page.getByTestId('login-username').locator('input').or(page.locator('input[data-testid="login-username"]')).first().fill(user);
  await page.getByTestId('login-password').locator('input').or(page.locator('input[data-testid="login-password"]')).first().fill(PASSWORDS[user]);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('header-user').waitFor();
  return page;
}

/** The JSON of a GET through the page's own session. */
async function api<T>(page: Page, path: string): Promise<T> {
  const r = await page.request.get(path);
  assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
  return r.json() as Promise<T>;
}

/**
 * Clicks an action's button and waits until its form's dialog has finished opening: a click on the
 * dialog's button while antd's zoom animation still moves it can land beside it (seen on a loaded machine).
 */
async function openAction(page: Page, action: string) {
  await page.getByTestId(`action-${action}`).click();
  await page.getByTestId('transition-form').waitFor();
  await page.waitForFunction(() => {
    const dialog = document.querySelector('[data-testid="transition-form"]')?.closest('.ant-modal');
    return dialog !== null && dialog !== undefined && !/ant-zoom/.test(dialog.className);
  });
}

/** Opens a finding, runs one action through its form, and waits for the new status. */
async function act(page: Page, f: F, action: string, o: { reason?: string; file?: string } = {}) {
  await page.goto(`/findings/${f.run_id}/${f.seq}`);
  await openAction(page, action);
  if (o.reason) await page.getByTestId('transition-reason').fill(o.reason);
  if (o.file) await page.getByTestId('transition-form').locator('input[type=file]').setInputFiles(o.file);
  // Wait for the server's answer itself, so that a failure says whether the click sent nothing or what
  // the server answered, and keep a screenshot of the page as it was.
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/findings/${f.run_id}/${f.seq}/transition`));
  answer.catch(() => undefined); // awaited below; a click that throws first must not leave it unhandled
  try {
    await page.getByTestId('transition-submit').click();
    const r = await answer;
    assert.equal(r.status(), 200, `${action}: ${await r.text()}`);
    await page.getByTestId('transition-form').waitFor({ state: 'detached' });
  } catch (e) {
    await shot(page, `failed-${action}`).catch(() => undefined);
    throw e;
  }
}

const statusOf = async (page: Page, f: F) => (await api<{ finding: { status: string } }>(page, `/api/v1/findings/${f.run_id}/${f.seq}`)).finding.status;

before(async () => {
  if (!HAS_CHROMIUM) return;
  server = await startDemo(join(tempDir('fg-e2e-'), 'data'), 2000);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const browserTest = HAS_CHROMIUM ? test : test.skip;
const name = (s: string) => (HAS_CHROMIUM ? s : `${s} (skipped: Chromium is not installed at /usr/bin/chromium; .ci/run installs it)`);

browserTest(name('the supervisor reads the dashboard and drills down from a figure to the findings behind it'), async () => {
  const page = await signIn('supervisor');
  await page.goto('/dashboard');
  await page.getByTestId('dashboard-page').waitFor();
  await page.locator('[data-testid="dashboard-page"] canvas').first().waitFor();
  await shot(page, '01-dashboard');
  const d = await api<{ top_institutions: { fixmedins_code: string; findings: number }[]; totals: { findings: number } }>(page, '/api/v1/dashboard');
  assert.ok(d.totals.findings > 0, 'the demo audit has findings');
  const top = d.top_institutions[0];
  await page.getByTestId(`top-institution-${top.fixmedins_code}`).click();
  await page.waitForURL(/\/findings\?.*institution=/);
  await page.getByTestId('findings-total').waitFor();
  assert.match(await page.getByTestId('findings-total').innerText(), new RegExp(String(top.findings)));
  await shot(page, '02-findings-drilldown');
});

browserTest(name('a finding goes 初审 → 复审 → 申诉 (with an attachment) → 结论 → 扣款 and appears in the deduction notice'), async () => {
  const auditor = await signIn('auditor');
  const hospital = await signIn('hospital');
  const supervisor = await signIn('supervisor');
  const me = await api<{ user: { fixmedins_code: string } }>(hospital, '/api/v1/auth/me');
  const list = await api<{ findings: F[] }>(auditor, `/api/v1/findings?institution=${me.user.fixmedins_code}&status=pending_first&min_amount=0.01`);
  // One with fee lines as its evidence (visit- and provider-level findings have none).
  const f = list.findings.find((x) => x.bkkp_sn.length > 0)!;
  assert.ok(f, 'the demo hospital has a pending finding with money at stake and fee lines');

  await auditor.goto(`/findings?institution=${f.fixmedins_code}&status=pending_first&min_amount=0.01`);
  await auditor.getByTestId('findings-table').waitFor();
  await shot(auditor, '03-findings');
  await auditor.getByTestId(`finding-link-${f.run_id}-${f.seq}`).click();
  await auditor.getByTestId('finding-detail').waitFor();
  await auditor.getByTestId('evidence-lines').waitFor();
  assert.match(await auditor.getByTestId('finding-message').innerText(), /\S/);
  await shot(auditor, '04-finding-detail');

  await act(auditor, f, 'confirm');
  assert.equal(await statusOf(auditor, f), 'pending_second');
  await act(auditor, f, 'second_confirm');
  assert.equal(await statusOf(auditor, f), 'awaiting_appeal');

  const attachment = join(tempDir('fg-e2e-att-'), '病历说明.pdf');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(attachment, '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  await act(hospital, f, 'appeal', { reason: '该项目有医嘱及病历记录，申请复核', file: attachment });
  assert.equal(await statusOf(hospital, f), 'appealed');
  await hospital.goto(`/findings/${f.run_id}/${f.seq}`);
  await hospital.getByTestId('attachment-link').first().waitFor();
  await shot(hospital, '05-appeal');

  await act(auditor, f, 'conclude_deduct', { reason: '申诉理由不成立，全额扣款' });
  await act(supervisor, f, 'mark_deducted');
  assert.equal(await statusOf(supervisor, f), 'deducted');

  const month = new Date().toISOString().slice(0, 7);
  await supervisor.goto(`/deductions?month=${month}`);
  await supervisor.getByTestId('deductions-page').waitFor();
  await shot(supervisor, '06-deductions');
  const r = await supervisor.request.get(`/api/v1/deductions/export.xlsx?month=${month}`);
  assert.equal(r.status(), 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await r.body()) as never);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => { cells.push(String(c.value)); })));
  assert.ok(cells.includes(f.setl_id), 'the deducted finding is in the month\'s notice');
});

browserTest(name('an institution user sees only its own institution, in lists and by guessed ids'), async () => {
  const hospital = await signIn('hospital');
  const auditor = await signIn('auditor');
  const me = await api<{ user: { fixmedins_code: string } }>(hospital, '/api/v1/auth/me');
  const other = (await api<{ findings: F[] }>(auditor, '/api/v1/findings?page_size=500')).findings.find((x) => x.fixmedins_code !== me.user.fixmedins_code)!;
  await hospital.goto('/findings');
  await hospital.getByTestId('findings-table').waitFor();
  const own = await api<{ findings: F[] }>(hospital, '/api/v1/findings?page_size=500');
  assert.ok(own.findings.length > 0);
  assert.ok(own.findings.every((x) => x.fixmedins_code === me.user.fixmedins_code));
  assert.equal(await hospital.locator(`[data-testid="finding-link-${other.run_id}-${other.seq}"]`).count(), 0);
  await hospital.goto(`/findings/${other.run_id}/${other.seq}`);
  await hospital.getByText(/未找到|不存在/).first().waitFor();
  assert.equal(await hospital.getByTestId('evidence-lines').count(), 0);
  await shot(hospital, '07-other-institution');
  await hospital.goto('/portal');
  await hospital.getByTestId('portal-page').waitFor();
  await shot(hospital, '08-portal');
});

browserTest(name('personal data is masked; an auditor reveals it with a reason and the access log shows it'), async () => {
  const auditor = await signIn('auditor');
  const f = (await api<{ findings: F[] }>(auditor, '/api/v1/findings?page_size=50')).findings.find((x) => x.psn_no)!;
  await auditor.goto(`/findings/${f.run_id}/${f.seq}`);
  await auditor.getByTestId('person-card').waitFor();
  const masked = await auditor.getByTestId('person-name').innerText();
  assert.match(masked, /\*/);
  await auditor.getByTestId('reveal-button').click();
  await auditor.getByTestId('reveal-reason').fill('核对患者身份，审核需要');
  await auditor.getByTestId('reveal-submit').click();
  await auditor.getByTestId('person-revealed').waitFor();
  const clear = await auditor.getByTestId('person-name').innerText();
  assert.doesNotMatch(clear, /\*/);
  assert.notEqual(clear, masked);
  await shot(auditor, '09-revealed');

  const admin = await signIn('admin');
  await admin.goto('/access-log');
  await admin.getByText('核对患者身份，审核需要').first().waitFor();
  await shot(admin, '10-access-log');
});

browserTest(name('two auditors confirm the same finding: the second is told it changed, nothing is overwritten'), async () => {
  const a = await signIn('auditor');
  const b = await signIn('auditor');
  const f = (await api<{ findings: F[] }>(a, '/api/v1/findings?status=pending_first&page_size=50')).findings.filter((x) => x.psn_no)[1];
  await a.goto(`/findings/${f.run_id}/${f.seq}`);
  await b.goto(`/findings/${f.run_id}/${f.seq}`);
  // Both must have read the finding before either acts: b's detail request may still be in flight
  // after goto, and read after a's confirmation it would offer no confirm action at all.
  await b.getByTestId('action-confirm').waitFor();
  await openAction(a, 'confirm');
  await a.getByTestId('transition-submit').click();
  await a.getByTestId('transition-form').waitFor({ state: 'detached' });
  await openAction(b, 'confirm');
  await b.getByTestId('transition-submit').click();
  await b.getByTestId('conflict-message').waitFor();
  assert.match(await b.getByTestId('conflict-message').innerText(), /已被他人处理/);
  await shot(b, '11-conflict');
  const detail = await api<{ history: unknown[]; finding: { status: string; version: number } }>(a, `/api/v1/findings/${f.run_id}/${f.seq}`);
  assert.equal(detail.finding.status, 'pending_second');
  assert.equal(detail.history.length, 1);
});

browserTest(name('DRG: the supervisor reads the overview, opens a DRG\'s cases and a case\'s grouping explanation, runs a settlement; a hospital sees only itself'), async () => {
  const page = await signIn('supervisor');
  await page.goto('/drg');
  await page.getByTestId('drg-institutions').waitFor();
  assert.match(await page.getByTestId('drg-kpi-cmi').innerText(), /\d\.\d{4}/);
  await shot(page, '13-drg-overview');
  await page.locator('tr[data-testid^="drg-group-"]').first().click();
  const link = page.locator('a[data-testid^="drg-case-link-"]').first();
  await link.waitFor();
  await shot(page, '14-drg-cases');
  await link.click();
  await page.getByTestId('drg-case-trace').waitFor();
  assert.match(await page.getByTestId('drg-case-drg').innerText(), /^[A-Z0-9]{4}/);
  await shot(page, '15-drg-case');

  await page.goto('/drg/settlements');
  const inputs = page.getByTestId('drg-settle-period').locator('input');
  await inputs.nth(0).fill('2023-01-01');
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).fill('2023-12-31');
  await inputs.nth(1).press('Enter');
  await page.getByTestId('drg-settle-submit').click();
  await page.getByTestId('drg-settle-point-value').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('drg-settle-point-value').innerText(), /^\d+\.\d{2}$/);
  await page.getByTestId('drg-settle-institutions').locator('tbody tr').first().waitFor();
  await shot(page, '16-drg-settlement');

  const hospital = await signIn('hospital');
  await hospital.goto('/drg');
  await hospital.getByTestId('drg-institutions').waitFor();
  const rows = hospital.locator('tr[data-testid^="drg-inst-"]');
  assert.equal(await rows.count(), 1);
  const own = (await api<{ user: { fixmedins_code: string } }>(hospital, '/api/v1/auth/me')).user.fixmedins_code;
  assert.equal(await rows.first().getAttribute('data-testid'), `drg-inst-${own}`);
});

browserTest(name('every page of the bureau opens without script errors'), async () => {
  const page = await signIn('admin');
  for (const [path, id] of [['/audit-runs', 'audit-runs-page'], ['/rules', 'rules-page'], ['/knowledge', 'knowledge-page'], ['/tokens', 'tokens-page']] as const) {
    await page.goto(path);
    await page.getByTestId(id).waitFor();
    await shot(page, `12-${id}`);
  }
  const errors = tabs.flatMap((t) => t.errors);
  assert.deepEqual(errors, []);
});
