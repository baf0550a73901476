import { iso } from '../../clock.js';
import type { Ctx } from '../../context.js';
import { today } from '../../context.js';
import type { Item, Plan } from '../../db/schema.js';
import { maxDate } from '../../domain/dates.js';
import { periodsBetween, type ReportCycle } from '../../domain/periods.js';
import { workingStates, type ItemState } from '../../domain/workflow.js';

/**
 * Makes sure a working item has a report slot for every period from the day its unit took it on to
 * today, for the lead unit and each co-unit. A period whose due day had already passed when the unit
 * took the item on gets no slot: nobody owes a report they could not have filed.
 */
export async function ensureSlots(ctx: Ctx, item: Item, plan: Plan): Promise<number> {
  if (
    !workingStates.includes(item.state as ItemState) ||
    !item.reporting_from ||
    item.lead_unit_id === null
  ) {
    return 0;
  }
  const now = today(ctx);
  const from = maxDate(item.reporting_from, item.start_date ?? item.reporting_from);
  if (from > now) {
    return 0;
  }
  const cycle = (
    item.ongoing && item.review_cadence ? item.review_cadence : plan.report_cycle
  ) as ReportCycle;
  const periods = periodsBetween(cycle, from, now, plan.report_due_day).filter(
    (p) => p.due >= item.reporting_from!,
  );
  if (periods.length === 0) {
    return 0;
  }
  const [units, existing] = await Promise.all([
    ctx.db
      .selectFrom('item_co_units')
      .select(['org_id', 'org_path'])
      .where('item_id', '=', item.id)
      .execute(),
    ctx.db.selectFrom('reports').select(['org_id', 'period']).where('item_id', '=', item.id).execute(),
  ]);
  const have = new Set(existing.map((e) => `${e.org_id}/${e.period}`));
  const all = [
    { org_id: item.lead_unit_id, org_path: item.unit_path, lead: 1 },
    ...units.map((u) => ({ ...u, lead: 0 })),
  ];
  const at = iso(ctx.clock.now());
  const rows = periods.flatMap((p) =>
    all
      .filter((u) => !have.has(`${u.org_id}/${p.key}`))
      .map((u) => ({
        item_id: item.id,
        org_id: u.org_id,
        org_path: u.org_path,
        is_lead: u.lead,
        period: p.key,
        period_start: p.start,
        period_end: p.end,
        due_date: p.due,
        state: 'pending',
        created_at: at,
        updated_at: at,
      })),
  );
  if (rows.length > 0) {
    await ctx.db.insertInto('reports').values(rows).execute();
  }
  return rows.length;
}

/** Marks slots whose due day has passed unfiled as missed (kept even if filed late: it counts in the assessment). */
export async function markMissed(ctx: Ctx): Promise<number> {
  const res = await ctx.db
    .updateTable('reports')
    .set({ missed: 1 })
    .where('due_date', '<', today(ctx))
    .where('state', 'in', ['pending', 'draft', 'returned'])
    .where('missed', '=', 0)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Creates the current period's slots for every working item (the daily job). */
export async function ensureAllSlots(ctx: Ctx): Promise<number> {
  let made = 0;
  let afterId = 0;
  const plans = new Map<number, Plan>();
  for (;;) {
    const items = await ctx.db
      .selectFrom('items')
      .selectAll()
      .where('state', 'in', [...workingStates])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(500)
      .execute();
    if (items.length === 0) {
      return made;
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (const item of items) {
        let plan = plans.get(item.plan_id);
        if (!plan) {
          plan = await trx
            .selectFrom('plans')
            .selectAll()
            .where('id', '=', item.plan_id)
            .executeTakeFirstOrThrow();
          plans.set(plan.id, plan);
        }
        made += await ensureSlots({ ...ctx, db: trx }, item, plan);
      }
    });
    afterId = items[items.length - 1]!.id;
  }
}
