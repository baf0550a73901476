/**
 * The whole supervision loop in a real Chromium: a supervisor creates a plan, a list and an item with
 * milestones and assigns it; the county handler signs, reports with a file and asks for completion; the
 * supervisor returns it, the handler asks again, the supervisor approves; the cockpit's counts follow.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pdfBytes } from '../helpers/supervision.js';
import {
  PASSWORD,
  apiGet,
  browserUnavailable,
  open,
  pickDate,
  pickOrg,
  shot,
  shotsOnFailure,
  signIn,
  startStage,
  type Stage,
} from './browser.js';

const skip = browserUnavailable();
/** The machine may be busy: wait up to 20 s for the page to catch up. */
const wait = { timeout: 20_000 };

describe.skipIf(skip !== null)('the supervision loop in the browser', () => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await startStage();
  }, 180_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shotsOnFailure(stage, 'flow');
    }
  });
  afterAll(async () => {
    await stage?.close();
  });

  interface Counts {
    total: number;
    done: number;
  }
  async function cockpitCounts(page: Page): Promise<Counts> {
    await open(page, stage, '/cockpit');
    const total = page.locator('[data-testid=cockpit-total]');
    await expect.poll(async () => (await total.textContent()) ?? '', wait).toMatch(/\d/);
    const number = async (selector: string) =>
      Number(((await page.locator(selector).first().textContent()) ?? '').replace(/[^\d]/g, ''));
    return {
      total: await number('[data-testid=cockpit-total]'),
      done: await number('[data-testid=cockpit-health-done_on_time]'),
    };
  }

  async function act(page: Page, action: string, fill?: (page: Page) => Promise<void>) {
    await page.locator(`[data-action=${action}]`).click();
    await fill?.(page);
    await page.locator('#action-ok').click();
    await expect.poll(() => page.locator('.ant-modal:visible').count(), wait).toBe(0);
    await page.waitForLoadState('networkidle');
  }

  it('walks an item from a new plan to approval, as each role, and the cockpit counts it', async () => {
    const sup = await signIn(stage, 'supervisor');
    const p = sup.page;
    await shot(p, '01-workbench-supervisor');
    const before = await cockpitCounts(p);
    await shot(p, '02-cockpit');

    // A plan and a list.
    await open(p, stage, '/plans');
    await p.locator('[data-testid=plan-create]').click();
    await p.locator('#code').fill('BT2026');
    await p.locator('#title').fill('浏览器测试行动方案');
    await p.locator('.ant-modal-footer .ant-btn-primary').click();
    await p.waitForURL(/\/plans\/\d+$/);
    await p.locator('[data-testid=list-create]').click();
    await p.locator('.ant-modal #title').fill('重点任务清单');
    await p.locator('.ant-modal-footer .ant-btn-primary').click();
    await p.locator('a', { hasText: '重点任务清单' }).click();
    await p.waitForURL(/\/lists\/\d+$/);
    await shot(p, '03-ledger-empty');

    // An item with two milestones.
    await p.locator('[data-testid=item-create]').click();
    await p.locator('.ant-drawer #code').fill('BT-01');
    await p.locator('.ant-drawer #title').fill('建设县域数字化督办平台');
    await pickDate(p, '.ant-drawer #deadline', '2027-06-30');
    await p.locator('[data-testid=milestone-add]').click();
    await p.locator('#milestones_0_title').fill('完成方案设计');
    await pickDate(p, '#milestones_0_dueDate', '2027-01-29');
    await p.locator('[data-testid=milestone-add]').click();
    await p.locator('#milestones_1_title').fill('上线试运行');
    await pickDate(p, '#milestones_1_dueDate', '2027-05-28');
    await p.locator('[data-testid=item-save]').click();
    await p.waitForURL(/\/items\/\d+$/);
    const itemId = Number(new URL(p.url()).pathname.split('/').pop());
    await expect.poll(() => p.locator('[data-testid=milestone]').count(), wait).toBe(2);
    await expect(p.locator('[data-state=draft]').count()).resolves.toBe(1);

    // Assign to 大通县.
    await act(p, 'assign', (page) => pickOrg(page, '.ant-modal #unitId', '大通', '大通回族土族自治县'));
    await expect
      .poll(() => p.locator('[data-testid=item-status] [data-state=assigned]').count(), wait)
      .toBe(1);
    await shot(p, '04-item-assigned');

    // The county handler signs, reports with evidence and asks for completion.
    const han = await signIn(stage, 'datong.handler', { width: 375, height: 812 });
    const h = han.page;
    await expect.poll(() => h.locator(`[data-testid=todo-item-${itemId}]`).count(), wait).toBe(1);
    await shot(h, '05-workbench-handler-375');
    await open(h, stage, `/items/${itemId}`);
    await act(h, 'sign');
    await expect
      .poll(() => h.locator('[data-testid=item-status] [data-state=accepted]').count(), wait)
      .toBe(1);
    const reports = await apiGet<{ data: { id: number; isLead: boolean; state: string }[] }>(
      h,
      stage,
      `/api/v1/items/${itemId}/reports`,
    );
    const slot = reports.data.find((r) => r.isLead && r.state === 'pending');
    expect(slot, 'a report slot for this period once the item is signed for').toBeDefined();
    await open(h, stage, `/reports/${slot!.id}`);
    await h.locator('[data-testid=report-progress]').fill('已完成需求调研和方案初稿。');
    await h.locator('#percent').fill('30');
    await h.locator('.ant-upload input[type=file]').setInputFiles({
      name: '调研报告.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes,
    });
    await expect
      .poll(() => h.locator('.ant-select-selection-item', { hasText: '调研报告.pdf' }).count(), wait)
      .toBe(1);
    await shot(h, '06-report-form-375');
    await h.locator('[data-testid=report-submit]').click();
    await expect.poll(() => h.locator('[data-state=submitted]').count(), wait).toBeGreaterThan(0);
    await open(h, stage, `/items/${itemId}`);
    await act(h, 'request_completion', async (page) => {
      await page.locator('.ant-modal #results').fill('平台已上线，覆盖全县各乡镇。');
    });
    await expect
      .poll(() => h.locator('[data-testid=item-status] [data-state=completion_requested]').count(), wait)
      .toBe(1);

    // The supervisor returns it from the review queue.
    await open(p, stage, '/review');
    await p.locator('.ant-tabs-tab', { hasText: '办结申请' }).click();
    await p.locator(`[data-testid=review-return-${itemId}]`).click();
    await p.locator('.ant-modal textarea').fill('请补充乡镇覆盖情况的佐证材料。');
    await p.locator('#return-ok').click();
    await expect.poll(() => p.locator(`[data-testid=review-return-${itemId}]`).count(), wait).toBe(0);
    await shot(p, '07-review-queue');

    // The handler asks again; the supervisor approves.
    await open(h, stage, `/items/${itemId}`);
    await expect
      .poll(() => h.locator('[data-testid=item-status] [data-state=returned]').count(), wait)
      .toBe(1);
    await act(h, 'request_completion', async (page) => {
      await page.locator('.ant-modal #results').fill('已补充各乡镇上线截图和验收记录。');
    });
    await open(p, stage, '/review');
    await p.locator('.ant-tabs-tab', { hasText: '办结申请' }).click();
    await p.locator(`[data-testid=review-approve-${itemId}]`).click();
    await p.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => p.locator(`[data-testid=review-approve-${itemId}]`).count(), wait).toBe(0);
    await open(p, stage, `/items/${itemId}`);
    await expect
      .poll(() => p.locator('[data-testid=item-status] [data-state=completed]').count(), wait)
      .toBe(1);
    await p.locator('.ant-tabs-tab', { hasText: '全过程记录' }).click();
    await shot(p, '08-item-completed');

    const after = await cockpitCounts(p);
    expect(after.total).toBe(before.total + 1);
    expect(after.done).toBe(before.done + 1);
    await shot(p, '09-cockpit-after');

    await han.context.close();
    await sup.context.close();
    expect(stage.problems).toEqual([]);
  }, 240_000);

  it('loads under 350 KB of compressed JavaScript for the login page and the workbench; charts only on the cockpit', async () => {
    const context = await stage.browser.newContext({
      viewport: { width: 1400, height: 900 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    let js = 0;
    const scripts: string[] = [];
    page.on('response', async (res) => {
      if (res.url().endsWith('.js')) {
        scripts.push(res.url());
        js += (await res.request().sizes()).responseBodySize;
      }
    });
    await page.goto(`${stage.url}/login`);
    await page.waitForLoadState('networkidle');
    const login = js;
    await page.locator('#username').fill('supervisor');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('[data-testid=todo-reportReviews]').count(), wait).toBe(1);
    await page.waitForLoadState('networkidle');
    const workbench = js;
    expect(
      scripts.some((u) => /Cockpit/i.test(u)),
      'no cockpit code before the cockpit',
    ).toBe(false);
    // From the menu, as a leader opens it: the app is loaded, the cockpit's code and data are not.
    const started = Date.now();
    await page.locator('.ant-layout-sider a[href="/cockpit"]').click();
    await expect
      .poll(() => page.locator('[data-testid=cockpit-map] canvas').count(), wait)
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-testid=cockpit-gantt] canvas').count(), wait)
      .toBeGreaterThan(0);
    const cockpitMs = Date.now() - started;
    console.log(
      `web: login page ${(login / 1024).toFixed(1)} KB of JavaScript (gzip), workbench ${(workbench / 1024).toFixed(1)} KB, ` +
        `cockpit opened from the menu and drawn (map and Gantt) in ${cockpitMs} ms`,
    );
    expect(login).toBeLessThan(350 * 1024);
    expect(workbench).toBeLessThan(350 * 1024);
    await context.close();
    expect(stage.problems).toEqual([]);
  }, 120_000);

  it('turns a traditional, pinyin-annotated meeting report into published items', async () => {
    const { context, page } = await signIn(stage, 'supervisor');
    await open(page, stage, '/intake');
    const report = readFileSync(
      path.resolve(import.meta.dirname, '../fixtures/intake/seeds/003_3e38ce8b6cebfbe1.txt'),
      'utf8',
    );
    await page.locator('[data-testid=intake-text]').fill(report);
    await page.locator('[data-testid=intake-run]').click();
    await expect
      .poll(() => page.locator('[data-testid=directives] .ant-table-row').count(), wait)
      .toBeGreaterThan(3);
    expect(await page.getByText('刘成鸣').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=meeting-title]').inputValue()).toMatch(/推进会/);
    await shot(page, '10-intake');
    await page.locator('[data-testid=meeting-save]').click();
    await expect.poll(() => page.locator('[data-testid=meeting-publish]').count(), wait).toBe(1);
    await page.locator('[data-testid=meeting-publish]').click();
    await page.locator('.ant-modal #planId').click();
    await page.locator('.ant-select-item-option', { hasText: 'QH2026' }).first().click();
    await expect.poll(() => page.locator('.ant-modal #listId').count(), wait).toBe(1);
    if (
      (await page
        .locator('.ant-modal .ant-form-item', { hasText: '清单' })
        .locator('.ant-select-selection-item')
        .count()) === 0
    ) {
      await page.locator('.ant-modal #listId').click();
      await page.locator('.ant-select-item-option').last().click();
    }
    await pickDate(page, '.ant-modal #deadline', '2027-06-30');
    await page.locator('[data-testid=publish-ok]').click();
    await page.waitForURL(/\/meetings\/\d+$/, wait);
    const meetingId = Number(new URL(page.url()).pathname.split('/').pop());
    const meeting = await apiGet<{ decisions: { itemId: number | null }[] }>(
      page,
      stage,
      `/api/v1/meetings/${meetingId}`,
    );
    const published = meeting.decisions.filter((d) => d.itemId !== null);
    expect(published.length).toBeGreaterThan(3);
    const item = await apiGet<{ source: string; deadline: string | null }>(
      page,
      stage,
      `/api/v1/items/${published[0]!.itemId}`,
    );
    expect(item.source).toBe('meeting');
    await shot(page, '11-meeting-published');
    await context.close();
    expect(stage.problems).toEqual([]);
  }, 180_000);

  it('imports a task list from Excel after showing every row, and exports the ledger', async () => {
    const { context, page } = await signIn(stage, 'supervisor');
    const plans = await apiGet<{ data: { id: number; code: string }[] }>(
      page,
      stage,
      '/api/v1/plans?pageSize=100',
    );
    const plan = plans.data.find((p) => p.code.startsWith('QH'))!;
    const lists = await apiGet<{ data: { id: number }[] }>(page, stage, `/api/v1/lists?planId=${plan.id}`);
    const listId = lists.data[0]!.id;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(['序号', '重点任务', '牵头单位', '配合单位', '完成时限']);
    ws.addRow([1, '浏览器导入的任务：建设智慧政务平台', '省发展改革委', '西宁市', '2026年12月底前']);
    ws.addRow([2, '浏览器导入的任务：推进河湖长制', '省水利厅', '', '长期坚持']);
    const sheet = Buffer.from(await wb.xlsx.writeBuffer());

    await open(page, stage, `/lists/${listId}`);
    await page.locator('[data-testid=sheet-import]').click();
    await page.locator('.ant-modal input[type=file]').setInputFiles({
      name: '任务清单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: sheet,
    });
    await expect.poll(() => page.locator('.ant-modal .ant-table-row').count(), wait).toBe(2);
    await expect.poll(() => page.locator('.ant-modal').getByText('西宁市').count(), wait).toBeGreaterThan(0);
    await shot(page, '12-sheet-import-preview');
    await page.locator('[data-testid=sheet-import-confirm]').click();
    await expect.poll(() => page.locator('.ant-modal:visible').count(), wait).toBe(0);
    const imported = await apiGet<{ total: number }>(
      page,
      stage,
      `/api/v1/items?listId=${listId}&q=${encodeURIComponent('浏览器导入的任务')}`,
    );
    expect(imported.total).toBe(2);

    const [download] = await Promise.all([
      page.waitForEvent('download', wait),
      page.locator('[data-testid=sheet-export]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/督办台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const exported = new ExcelJS.Workbook();
    await exported.xlsx.readFile(await download.path());
    expect(exported.worksheets[0]!.getCell('A3').value).toBe('序号');
    await context.close();
    expect(stage.problems).toEqual([]);
  }, 180_000);

  it('shows the remaining pages, the wall chart and the other languages without an error', async () => {
    const { context, page } = await signIn(stage, 'supervisor');
    for (const [pathname, name] of [
      ['/meetings', '12-meetings'],
      ['/admin/orgs', '13-orgs'],
      ['/admin/users', '14-users'],
      ['/account', '15-account'],
      ['/wall', '16-wall'],
    ] as const) {
      await open(page, stage, pathname);
      await shot(page, name);
    }
    for (const [label, lang, word] of [
      ['繁體中文', 'zh-TW', '工作臺'],
      ['English', 'en', 'Workbench'],
    ] as const) {
      await open(page, stage, '/');
      await page
        .locator('button[aria-label]')
        .filter({ has: page.locator('.anticon-global') })
        .click();
      await page.locator('.ant-dropdown-menu-item', { hasText: label }).click();
      await expect
        .poll(() => page.locator('.ant-layout-sider').getByText(word).count(), wait)
        .toBeGreaterThan(0);
      await shot(page, `17-workbench-${lang}`);
    }
    await context.close();
    expect(stage.problems).toEqual([]);
  }, 180_000);
});
