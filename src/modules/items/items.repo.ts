import type { Kysely } from 'kysely';
import { iso } from '../../clock.js';
import type { Actor, Ctx } from '../../context.js';
import type { DB, Item } from '../../db/schema.js';
import { describeReason, type Health, type HealthReason } from '../../domain/health.js';
import type { ReportCycle } from '../../domain/periods.js';
import type { ItemState } from '../../domain/workflow.js';
import type { Locale } from '../../i18n/locale.js';
import type { ItemOut } from './items.schema.js';

export function findItem(db: Kysely<DB>, id: number): Promise<Item | undefined> {
  return db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Writes one entry of an item's timeline. */
export async function addEvent(
  ctx: Ctx,
  actor: Actor | null,
  itemId: number,
  kind: string,
  opts: { from?: string | null; to?: string | null; note?: string | null; data?: unknown } = {},
): Promise<void> {
  await ctx.db
    .insertInto('item_events')
    .values({
      item_id: itemId,
      at: iso(ctx.clock.now()),
      actor_id: actor && actor.via !== 'cli' ? actor.id : null,
      actor_name: actor ? actor.displayName : 'system',
      kind,
      from_state: opts.from ?? null,
      to_state: opts.to ?? null,
      note: opts.note ?? null,
      data: opts.data === undefined ? null : JSON.stringify(opts.data),
    })
    .execute();
}

export function reasonsOut(raw: string, locale: Locale) {
  return (JSON.parse(raw) as HealthReason[]).map((r) => ({
    code: r.code,
    level: r.level,
    text: describeReason(r, locale),
  }));
}

/** Shapes items for the API with the names of their units and leaders, in a fixed number of queries. */
export async function presentItems(db: Kysely<DB>, items: Item[], locale: Locale): Promise<ItemOut[]> {
  if (items.length === 0) {
    return [];
  }
  const ids = items.map((i) => i.id);
  const [co, children] = await Promise.all([
    db
      .selectFrom('item_co_units')
      .innerJoin('orgs', 'orgs.id', 'item_co_units.org_id')
      .select(['item_co_units.item_id', 'orgs.id', 'orgs.name'])
      .where('item_co_units.item_id', 'in', ids)
      .orderBy('orgs.path')
      .execute(),
    db
      .selectFrom('items')
      .select((eb) => ['parent_id', eb.fn.countAll<number>().as('n')])
      .where('parent_id', 'in', ids)
      .groupBy('parent_id')
      .execute(),
  ]);
  const orgIds = [...new Set(items.map((i) => i.lead_unit_id).filter((x): x is number => x !== null))];
  const userIds = [...new Set(items.map((i) => i.lead_leader_id).filter((x): x is number => x !== null))];
  const [orgs, users] = await Promise.all([
    orgIds.length ? db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute() : [],
    userIds.length
      ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute()
      : [],
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const userName = new Map(users.map((u) => [u.id, u.display_name]));
  const childCount = new Map(children.map((c) => [c.parent_id, Number(c.n)]));
  return items.map((i) => ({
    id: i.id,
    planId: i.plan_id,
    listId: i.list_id,
    parentId: i.parent_id,
    code: i.code,
    title: i.title,
    description: i.description,
    category: i.category,
    source: i.source as ItemOut['source'],
    leadLeaderId: i.lead_leader_id,
    leadLeaderName: i.lead_leader_id === null ? null : (userName.get(i.lead_leader_id) ?? null),
    leadUnitId: i.lead_unit_id,
    leadUnitName: i.lead_unit_id === null ? null : (orgName.get(i.lead_unit_id) ?? null),
    coUnits: co.filter((c) => c.item_id === i.id).map((c) => ({ id: c.id, name: c.name })),
    responsiblePerson: i.responsible_person,
    target: i.target_indicator
      ? {
          indicator: i.target_indicator,
          unit: i.target_unit,
          baseline: i.target_baseline,
          value: i.target_value,
          current: i.indicator_value,
        }
      : null,
    startDate: i.start_date,
    deadline: i.deadline,
    ongoing: i.ongoing === 1,
    reviewCadence: (i.review_cadence as ReportCycle | null) ?? null,
    priority: i.priority as ItemOut['priority'],
    tags: JSON.parse(i.tags) as string[],
    state: i.state as ItemState,
    health: i.health as Health,
    healthReasons: reasonsOut(i.health_reasons, locale),
    progress: i.progress,
    results: i.results,
    completedOn: i.completed_on,
    childCount: childCount.get(i.id) ?? 0,
    createdAt: i.created_at,
    updatedAt: i.updated_at,
  }));
}
