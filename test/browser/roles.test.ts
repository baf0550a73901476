/**
 * For each demo role: the menus, create buttons and item actions on screen are exactly those the server
 * allows (the item's `actions` and `can`, the user's permissions), and nothing outside the user's tree shows.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  browserUnavailable,
  open,
  shot,
  shotsOnFailure,
  signIn,
  startStage,
  type Stage,
} from './browser.js';

const skip = browserUnavailable();
const wait = { timeout: 20_000 };

interface Me {
  user: { permissions: string[] };
}
interface ItemDetail {
  id: number;
  actions: string[];
  can: { uploadFiles: boolean; planMilestones: boolean; instruct: boolean };
}

const users = [
  'supervisor',
  'leader',
  'fgw.handler',
  'xining.handler',
  'datong.handler',
  'ganzi.supervisor',
  'viewer',
  'admin',
  'secadmin',
  'auditor',
];

async function visible(page: Page, selector: string): Promise<boolean> {
  return (await page.locator(selector).count()) > 0;
}

describe.skipIf(skip !== null)('what each role sees', () => {
  let stage: Stage;
  beforeAll(async () => {
    stage = await startStage();
  }, 180_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      await shotsOnFailure(stage, ctx.task.name.replace(/\W+/g, '-'));
    }
  });
  afterAll(async () => {
    await stage?.close();
  });

  it.each(users)(
    'shows %s only what the server would let them do',
    async (username) => {
      const { context, page } = await signIn(stage, username);
      const me = await apiGet<Me>(page, stage, '/api/v1/auth/me');
      const has = (p: string) => me.user.permissions.includes(p);
      await shot(page, `role-${username}-workbench`);

      const menu = page.locator('.ant-layout-sider .ant-menu');
      expect(await menu.getByText('方案与清单').count()).toBe(has('plan.read') ? 1 : 0);
      expect(await menu.getByText('审核').count()).toBe(has('item.review') ? 1 : 0);
      expect(await menu.getByText('审计日志').count()).toBe(has('audit.read') ? 1 : 0);
      expect(await menu.getByText('用户与角色').count()).toBe(has('user.read') ? 1 : 0);

      if (has('plan.read')) {
        await open(page, stage, '/plans');
        await expect.poll(() => page.locator('.ant-table-row').count(), wait).toBeGreaterThan(0);
        expect(await visible(page, '[data-testid=plan-create]')).toBe(has('plan.manage'));
        // The plan and list of an item the user may see: its ledger has at least that row.
        const first = await apiGet<{ data: { planId: number; listId: number }[] }>(
          page,
          stage,
          '/api/v1/items?pageSize=1',
        );
        const { planId, listId } = first.data[0]!;
        await open(page, stage, `/plans/${planId}`);
        await expect.poll(() => page.locator('.ant-table-row').count(), wait).toBeGreaterThan(0);
        expect(await visible(page, '[data-testid=list-create]')).toBe(has('plan.manage'));
        await open(page, stage, `/lists/${listId}`);
        await expect.poll(() => page.locator('.ant-table-row').count(), wait).toBeGreaterThan(0);
        expect(await visible(page, '[data-testid=item-create]')).toBe(has('item.manage'));
        expect(await visible(page, '[data-testid=bulk-assign]')).toBe(has('item.assign'));
        await shot(page, `role-${username}-ledger`);
      }

      if (has('user.read')) {
        await open(page, stage, '/admin/users');
        await expect
          .poll(() => page.locator('[data-testid=user-table] .ant-table-row').count(), wait)
          .toBeGreaterThan(0);
        expect(await visible(page, '[data-testid=user-create]')).toBe(has('user.manage'));
        expect(await visible(page, '[data-testid^=user-roles-]')).toBe(has('user.assign_roles'));
        expect(await visible(page, '[data-testid^=user-edit-]')).toBe(has('user.manage'));
      }
      if (has('org.read')) {
        await open(page, stage, '/admin/orgs');
        await expect.poll(() => page.locator('[data-testid=org-tree]').count(), wait).toBe(1);
        expect(await visible(page, '[data-testid=org-create]')).toBe(has('org.manage'));
        expect(await visible(page, '[data-testid=org-import]')).toBe(has('org.manage'));
      }
      if (has('audit.read')) {
        await open(page, stage, '/admin/audit');
        await expect.poll(() => page.locator('[data-testid=audit-verify]').count(), wait).toBe(1);
        await shot(page, `role-${username}-audit`);
      }

      if (has('item.read')) {
        // Items in several states: the newest, the ones waiting to be signed and those under review.
        const seen = new Set<number>();
        for (const q of [
          'sort=-updatedAt&pageSize=3',
          'state=assigned&pageSize=2',
          'state=completion_requested&pageSize=1',
          'state=in_progress&pageSize=2',
        ]) {
          const rows = await apiGet<{ data: { id: number }[] }>(page, stage, `/api/v1/items?${q}`);
          rows.data.forEach((r) => seen.add(r.id));
        }
        for (const id of [...seen].slice(0, 6)) {
          const detail = await apiGet<ItemDetail>(page, stage, `/api/v1/items/${id}`);
          await open(page, stage, `/items/${id}`);
          await expect.poll(() => page.locator('[data-testid=item-actions]').count(), wait).toBe(1);
          const shown = await page
            .locator('[data-testid=item-actions] [data-action]')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
          expect(shown.sort(), `actions on item ${id} for ${username}`).toEqual([...detail.actions].sort());
          await page.locator('.ant-tabs-tab', { hasText: '佐证材料' }).click();
          expect(await visible(page, '[data-testid=file-upload]'), `upload on item ${id}`).toBe(
            detail.can.uploadFiles,
          );
          await page.locator('.ant-tabs-tab', { hasText: '节点' }).first().click();
          expect(
            await page.getByRole('button', { name: '添加节点' }).count(),
            `milestones on item ${id}`,
          ).toBe(detail.can.planMilestones ? 1 : 0);
        }
      }
      await context.close();
      expect(stage.problems).toEqual([]);
    },
    180_000,
  );

  it('shows a county handler nothing of Ganzi, even by the address bar', async () => {
    const ganzi = await signIn(stage, 'ganzi.supervisor');
    const theirs = await apiGet<{ data: { id: number; title: string }[] }>(
      ganzi.page,
      stage,
      '/api/v1/items?pageSize=1',
    );
    const item = theirs.data[0]!;
    await ganzi.context.close();
    const { context, page } = await signIn(stage, 'datong.handler');
    await open(page, stage, `/items/${item.id}`);
    await expect.poll(() => page.locator('.ant-alert-error').count(), wait).toBe(1);
    expect(await page.getByText(item.title).count()).toBe(0);
    await shot(page, 'role-datong-ganzi-item');
    await context.close();
    // The page asked, the server said 404; the browser logs that as a failed resource, which is the point here.
    stage.problems.splice(0, stage.problems.length, ...stage.problems.filter((p) => !p.includes('404')));
    expect(stage.problems).toEqual([]);
  }, 120_000);
});
