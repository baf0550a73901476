import type { Ctx } from '../../context.js';
import { today } from '../../context.js';
import type { Item } from '../../db/schema.js';
import { computeHealth, type HealthResult } from '../../domain/health.js';
import type { ItemState } from '../../domain/workflow.js';

const openStatesForRefresh: ItemState[] = [
  'assigned',
  'accepted',
  'in_progress',
  'returned',
  'extension_requested',
  'completion_requested',
];

/** Computes the health of the given items as of `on` and stores it; facts are loaded in three queries. */
async function refreshItems(ctx: Ctx, items: Item[], on: string): Promise<void> {
  if (items.length === 0) {
    return;
  }
  const ids = items.map((i) => i.id);
  const planIds = [...new Set(items.map((i) => i.plan_id))];
  const [plans, milestones, slots] = await Promise.all([
    ctx.db
      .selectFrom('plans')
      .select(['id', 'warning_days', 'tolerance_pct'])
      .where('id', 'in', planIds)
      .execute(),
    ctx.db
      .selectFrom('milestones')
      .select(['item_id', 'seq', 'title', 'due_date', 'done_on'])
      .where('item_id', 'in', ids)
      .execute(),
    ctx.db
      .selectFrom('reports')
      .select(['item_id', 'period', 'due_date', 'state'])
      .where('item_id', 'in', ids)
      .where('state', 'in', ['pending', 'draft', 'returned'])
      .execute(),
  ]);
  const policy = new Map(
    plans.map((p) => [p.id, { warningDays: p.warning_days, tolerancePct: p.tolerance_pct }]),
  );
  for (const item of items) {
    const result: HealthResult = computeHealth(
      {
        state: item.state as ItemState,
        startDate: item.start_date,
        deadline: item.ongoing ? null : item.deadline,
        progress: item.progress,
        completedOn: item.completed_on,
        completionRequestedOn: item.completion_requested_on,
      },
      milestones
        .filter((m) => m.item_id === item.id)
        .map((m) => ({ seq: m.seq, title: m.title, due: m.due_date, doneOn: m.done_on })),
      slots
        .filter((s) => s.item_id === item.id)
        .map((s) => ({ period: s.period, due: s.due_date, state: s.state })),
      policy.get(item.plan_id) ?? { warningDays: 7, tolerancePct: 15 },
      on,
    );
    const reasons = JSON.stringify(result.reasons);
    const dueSort = (item.ongoing ? null : item.deadline) ?? '9999-12-31';
    if (
      result.health !== item.health ||
      reasons !== item.health_reasons ||
      item.health_on !== on ||
      item.due_sort !== dueSort
    ) {
      await ctx.db
        .updateTable('items')
        .set({ health: result.health, health_reasons: reasons, health_on: on, due_sort: dueSort })
        .where('id', '=', item.id)
        .execute();
    }
  }
}

/** Re-computes one item's health after a change to it, its milestones or its reports. */
export async function refreshItemHealth(ctx: Ctx, itemId: number): Promise<void> {
  const item = await ctx.db.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (item) {
    await refreshItems(ctx, [item], today(ctx));
  }
}

export async function refreshPlanHealth(ctx: Ctx, planId: number): Promise<void> {
  const items = await ctx.db.selectFrom('items').selectAll().where('plan_id', '=', planId).execute();
  for (let i = 0; i < items.length; i += 500) {
    await refreshItems(ctx, items.slice(i, i + 500), today(ctx));
  }
}

/**
 * Brings every open item's stored health up to today's date (the date moves on even when nothing
 * else does). Works in batches; returns how many items were looked at.
 */
export async function refreshStaleHealth(ctx: Ctx, batch = 500): Promise<number> {
  const on = today(ctx);
  let seen = 0;
  let afterId = 0;
  for (;;) {
    const items = await ctx.db
      .selectFrom('items')
      .selectAll()
      .where('state', 'in', openStatesForRefresh)
      .where((eb) => eb.or([eb('health_on', 'is', null), eb('health_on', '<', on)]))
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (items.length === 0) {
      return seen;
    }
    await ctx.db.transaction().execute((trx) => refreshItems({ ...ctx, db: trx }, items, on));
    seen += items.length;
    afterId = items[items.length - 1]!.id;
  }
}
