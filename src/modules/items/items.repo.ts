import type { Kysely } from 'kysely';
import { iso } from '../../clock.js';
import type { Actor, Ctx } from '../../context.js';
import { countAll } from '../../db/adapter.js';
import { shaped } from '../../db/shapes.js';
import type { DB, Item } from '../../db/schema.js';
import { describeReason, type Health, type HealthReason } from '../../domain/health.js';
import type { ReportCycle } from '../../domain/periods.js';
import type { ItemState } from '../../domain/workflow.js';
import type { Locale } from '../../i18n/locale.js';
import type { ItemOut, ItemRow } from './items.schema.js';

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

type ReasonsOut = readonly Readonly<{
  code: HealthReason['code'];
  level: HealthReason['level'];
  text: string;
}>[];

/** Described reasons by locale and stored JSON: a ledger page repeats the same few many times. */
const describedReasons = new Map<string, ReasonsOut>();

/** An item's stored health reasons, described in the locale (a fresh array; the entries are shared). */
export function reasonsOut(raw: string, locale: Locale) {
  const key = `${locale}\u0000${raw}`;
  let out = describedReasons.get(key);
  if (!out) {
    out = (JSON.parse(raw) as HealthReason[]).map((r) => ({
      code: r.code,
      level: r.level,
      text: describeReason(r, locale),
    }));
    if (describedReasons.size >= 10_000) {
      describedReasons.clear();
    }
    describedReasons.set(key, out);
  }
  return out.slice();
}

async function coUnitsOf(db: Kysely<DB>, ids: number[]) {
  const { rows } = await db.executeQuery(
    shaped(db, 'co-units of items', { ids }, (v) =>
      db
        .selectFrom('item_co_units')
        .innerJoin('orgs', 'orgs.id', 'item_co_units.org_id')
        .select(['item_co_units.item_id', 'orgs.id', 'orgs.name'])
        .where('item_co_units.item_id', 'in', v.ids)
        .orderBy('orgs.path'),
    ),
  );
  return rows;
}

function groupCoUnits(rows: { item_id: number; id: number; name: string }[]) {
  const byItem = new Map<number, { id: number; name: string }[]>();
  for (const c of rows) {
    const list = byItem.get(c.item_id);
    if (list) {
      list.push({ id: c.id, name: c.name });
    } else {
      byItem.set(c.item_id, [{ id: c.id, name: c.name }]);
    }
  }
  return byItem;
}

/** Sets the number of an item's child items, after a child was added to it. */
export async function countChildren(db: Kysely<DB>, parentId: number): Promise<void> {
  await db
    .updateTable('items')
    .set((eb) => ({
      child_count: eb
        .selectFrom('items as ch')
        .select(countAll().as('n'))
        .where('ch.parent_id', '=', parentId),
    }))
    .where('id', '=', parentId)
    .execute();
}

/** Items with the names of their lead unit and leader. */
function itemsWithNames(db: Kysely<DB>) {
  return db
    .selectFrom('items')
    .leftJoin('orgs as lu', 'lu.id', 'items.lead_unit_id')
    .leftJoin('users as ll', 'll.id', 'items.lead_leader_id')
    .select(['lu.name as lead_unit_name', 'll.display_name as lead_leader_name']);
}

/** One item with every field, the names of its units and leader, its co-units and its child count. */
export async function presentItem(db: Kysely<DB>, id: number, locale: Locale): Promise<ItemOut | undefined> {
  const [i, co] = await Promise.all([
    itemsWithNames(db).selectAll('items').where('items.id', '=', id).executeTakeFirst(),
    coUnitsOf(db, [id]),
  ]);
  if (!i) {
    return undefined;
  }
  return {
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
    leadLeaderName: i.lead_leader_name,
    leadUnitId: i.lead_unit_id,
    leadUnitName: i.lead_unit_name,
    coUnits: co.map((c) => ({ id: c.id, name: c.name })),
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
    childCount: i.child_count,
    createdAt: i.created_at,
    updatedAt: i.updated_at,
  };
}

/** The columns a ledger row shows. */
const rowColumns = [
  'items.id',
  'items.plan_id',
  'items.list_id',
  'items.parent_id',
  'items.code',
  'items.title',
  'items.category',
  'items.lead_leader_id',
  'items.lead_unit_id',
  'items.responsible_person',
  'items.deadline',
  'items.ongoing',
  'items.priority',
  'items.state',
  'items.health',
  'items.health_reasons',
  'items.progress',
  'items.child_count',
  'items.updated_at',
] as const;

/** Items as ledger rows, in the order of `ids`: two queries whatever the number of items. */
export async function presentItemRows(db: Kysely<DB>, ids: number[], locale: Locale): Promise<ItemRow[]> {
  if (ids.length === 0) {
    return [];
  }
  const [{ rows }, co] = await Promise.all([
    db.executeQuery(
      shaped(db, 'ledger rows', { ids }, (v) =>
        itemsWithNames(db).select(rowColumns).where('items.id', 'in', v.ids),
      ),
    ),
    coUnitsOf(db, ids),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const coByItem = groupCoUnits(co);
  const out: ItemRow[] = [];
  for (const id of ids) {
    const i = byId.get(id);
    if (!i) {
      continue;
    }
    out.push({
      id: i.id,
      planId: i.plan_id,
      listId: i.list_id,
      parentId: i.parent_id,
      code: i.code,
      title: i.title,
      category: i.category,
      leadLeaderId: i.lead_leader_id,
      leadLeaderName: i.lead_leader_name,
      leadUnitId: i.lead_unit_id,
      leadUnitName: i.lead_unit_name,
      coUnits: coByItem.get(i.id) ?? [],
      responsiblePerson: i.responsible_person,
      deadline: i.deadline,
      ongoing: i.ongoing === 1,
      priority: i.priority as ItemRow['priority'],
      state: i.state as ItemState,
      health: i.health as Health,
      healthReasons: reasonsOut(i.health_reasons, locale),
      progress: i.progress,
      childCount: i.child_count,
      updatedAt: i.updated_at,
    });
  }
  return out;
}
