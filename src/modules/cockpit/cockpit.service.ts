import { sql } from 'kysely';
import { inScope, requirePermission } from '../../access.js';
import { today, type Actor, type Ctx } from '../../context.js';
import { countAll } from '../../db/adapter.js';
import type { Org } from '../../db/schema.js';
import { addMonths } from '../../domain/dates.js';
import type { Health } from '../../domain/health.js';
import { subtreeRange } from '../../domain/org-path.js';
import { openStates } from '../../domain/workflow.js';
import { notFound } from '../../errors.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { inScopeOf } from '../items/items.service.js';
import { planVisible } from '../plans/plans.service.js';
import {
  childUnder,
  compareUnits,
  emptyHealth,
  emptyStates,
  emptyTally,
  isHealth,
  isState,
  lastMonths,
  ratio,
  unitScore,
  type HealthCounts,
  type UnitTally,
} from './cockpit.rollup.js';
import type { CockpitOut, CockpitQuery } from './cockpit.schema.js';

/** How many items the Gantt chart shows; more rows than this cannot be read on one screen. */
const GANTT_ROWS = 40;

/*
 * Conditional counts as portable SQL (CASE inside SUM, cast so PostgreSQL's bigint arrives as a number).
 * Column names only, no user input; literals are inlined so the same text can appear in GROUP BY.
 */
const onTimeCase = sql`case when state = 'completed' and (deadline is null or completed_on is null or completed_on <= deadline) then 1 else 0 end`;
const sumOf = (expr: ReturnType<typeof sql>) => sql<number>`cast(coalesce(sum(${expr}), 0) as integer)`;
const sumOnTime = () => sumOf(onTimeCase);
const sumState = (state: 'completed' | 'cancelled') =>
  sumOf(sql`case when state = ${sql.lit(state)} then 1 else 0 end`);
/** "2026-03-15" → "2026-03": substr is the same function on both databases. */
const monthOf = (column: 'deadline' | 'completed_on') => sql<string>`substr(${sql.ref(column)}, 1, 7)`;

/**
 * The organisation the figures are grouped under: the one asked for (which must lie in the actor's scope:
 * a unit outside it is reported missing), else the root of the actor's scope; null for installation-wide
 * actors, whose figures are grouped by tree.
 */
async function resolveRoot(actor: Actor, ctx: Ctx, unitId: number | undefined): Promise<Org | null> {
  if (unitId !== undefined) {
    const org = await findOrg(ctx.db, unitId);
    if (!org || !inScope(actor, org.path)) {
      throw notFound('org', unitId);
    }
    return org;
  }
  if (actor.scope.global) {
    return null;
  }
  const org = await findOrg(ctx.db, actor.scope.orgId);
  if (!org) {
    throw notFound('org', actor.scope.orgId);
  }
  return org;
}

/**
 * The items the actor may see, as the ledger decides it: with a unit, the unit's subtree (which lies in
 * the actor's scope, checked by resolveRoot); without one, the ledger's own scope predicate.
 */
function visibleItems(actor: Actor, ctx: Ctx, unitPath: string | undefined, planId: number | undefined) {
  let q = ctx.db.selectFrom('items');
  if (unitPath !== undefined) {
    const { lo, hi } = subtreeRange(unitPath);
    q = q.where('unit_path', '>=', lo).where('unit_path', '<', hi);
  } else if (!actor.scope.global) {
    q = q.where(inScopeOf(actor.scope.path));
  }
  if (planId !== undefined) {
    q = q.where('plan_id', '=', planId);
  }
  return q;
}

const orgRef = (o: Org) => ({ orgId: o.id, code: o.code, name: o.name, kind: o.kind });

/**
 * The cockpit (驾驶舱): totals by health and state, the monthly trend, unit ranking, categories, regions
 * and the Gantt rows, for the items the actor may see. Every figure comes from a GROUP BY in the
 * database (a handful of queries whatever the number of items); only grouped rows reach JavaScript.
 */
export async function cockpit(actor: Actor, ctx: Ctx, f: CockpitQuery): Promise<CockpitOut> {
  requirePermission(actor, 'item.read');
  const root = await resolveRoot(actor, ctx, f.unitId);
  if (f.planId !== undefined) {
    const plan = await ctx.db.selectFrom('plans').selectAll().where('id', '=', f.planId).executeTakeFirst();
    if (!plan || !(await planVisible(actor, ctx, plan))) {
      throw notFound('plan', f.planId);
    }
  }
  const rootPath = root?.path ?? '/';
  const items = visibleItems(actor, ctx, f.unitId !== undefined ? rootPath : undefined, f.planId);
  const on = today(ctx);
  const months = lastMonths(on, 12);
  const from = months[0]!;
  const to = addMonths(months[months.length - 1]!, 1);

  // Grouping by columns no index starts with lets both databases answer with one sequential scan and a
  // hash or sort of a few rows, instead of walking an index and fetching every row from it.
  const [tallies, units, due, completed, ganttRows, subtree] = await Promise.all([
    items
      .select(['category', 'state', 'health', countAll().as('n'), sumOnTime().as('on_time')])
      .groupBy(['category', 'state', 'health'])
      .execute(),
    items
      .where('lead_unit_id', 'is not', null)
      .select([
        'lead_unit_id',
        'health',
        countAll().as('n'),
        sumState('completed').as('completed'),
        sumState('cancelled').as('cancelled'),
        sumOnTime().as('on_time'),
      ])
      .groupBy(['lead_unit_id', 'health'])
      .execute(),
    items
      .where('state', '!=', 'cancelled')
      .where('deadline', '>=', from)
      .where('deadline', '<', to)
      .select([monthOf('deadline').as('month'), countAll().as('n')])
      .groupBy(monthOf('deadline'))
      .execute(),
    items
      .where('state', '=', 'completed')
      .where('completed_on', '>=', from)
      .where('completed_on', '<', to)
      .select([monthOf('completed_on').as('month'), countAll().as('n'), sumOnTime().as('on_time')])
      .groupBy(monthOf('completed_on'))
      .execute(),
    items
      .where('state', 'in', openStates)
      .where('deadline', 'is not', null)
      .select(['id', 'code', 'title', 'lead_unit_id', 'start_date', 'deadline', 'health', 'progress'])
      .orderBy(sql`case health when 'red' then 0 when 'yellow' then 1 else 2 end`)
      .orderBy('due_sort')
      .orderBy('id')
      .limit(GANTT_ROWS)
      .execute(),
    // The root's subtree: its direct children are the regions, and lead units are rolled up to them.
    (root
      ? ctx.db
          .selectFrom('orgs')
          .selectAll()
          .where('path', '>=', subtreeRange(root.path).lo)
          .where('path', '<', subtreeRange(root.path).hi)
      : ctx.db.selectFrom('orgs').selectAll()
    )
      .orderBy('sort_order')
      .orderBy('id')
      .execute(),
  ]);

  // totals and categories
  const byHealth = emptyHealth();
  const byState = emptyStates();
  const byCategory = new Map<string | null, { total: number; byHealth: HealthCounts }>();
  let onTime = 0;
  let total = 0;
  for (const r of tallies) {
    total += r.n;
    onTime += r.on_time;
    if (isState(r.state)) {
      byState[r.state] += r.n;
    }
    const c = r.category === '' ? null : r.category;
    let b = byCategory.get(c);
    if (!b) {
      b = { total: 0, byHealth: emptyHealth() };
      byCategory.set(c, b);
    }
    b.total += r.n;
    if (isHealth(r.health)) {
      byHealth[r.health] += r.n;
      b.byHealth[r.health] += r.n;
    }
  }

  // ranking and regions: lead units rolled up to the root's direct children; work led outside the
  // root's subtree (co-handled by the actor's units) is counted in the totals but ranks nobody here
  const pathOf = new Map(subtree.map((o) => [o.id, o.path]));
  const children = subtree.filter((o) => (root ? o.parent_id === root.id : o.parent_id === null));
  const buckets = new Map<string, { tally: UnitTally; byHealth: HealthCounts }>();
  for (const r of units) {
    const path = r.lead_unit_id === null ? undefined : pathOf.get(r.lead_unit_id);
    const key = path === undefined ? null : childUnder(path, rootPath);
    if (key === null) {
      continue;
    }
    let b = buckets.get(key);
    if (!b) {
      b = { tally: emptyTally(), byHealth: emptyHealth() };
      buckets.set(key, b);
    }
    b.tally.total += r.n;
    b.tally.completed += r.completed;
    b.tally.cancelled += r.cancelled;
    b.tally.completedOnTime += r.on_time;
    if (r.health === 'red') {
      b.tally.red += r.n;
    } else if (r.health === 'yellow') {
      b.tally.yellow += r.n;
    }
    if (isHealth(r.health)) {
      b.byHealth[r.health] += r.n;
    }
  }
  const rankable = root ? [root, ...children] : children;
  const ranking = rankable
    .map((o) => ({ org: o, b: buckets.get(o.path) }))
    .filter((x): x is { org: Org; b: NonNullable<typeof x.b> } => !!x.b && x.b.tally.total > 0)
    .map(({ org, b }) => ({
      ...orgRef(org),
      total: b.tally.total,
      completed: b.tally.completed,
      red: b.tally.red,
      yellow: b.tally.yellow,
      onTimeRate: ratio(b.tally.completedOnTime, b.tally.completed),
      completionRate: ratio(b.tally.completed, b.tally.total - b.tally.cancelled),
      score: unitScore(b.tally),
    }))
    .sort(compareUnits);
  const regions = children.map((o) => {
    const b = buckets.get(o.path);
    return { ...orgRef(o), total: b?.tally.total ?? 0, byHealth: b?.byHealth ?? emptyHealth() };
  });

  // trend
  const dueBy = new Map(due.map((r) => [r.month, r.n]));
  const doneBy = new Map(completed.map((r) => [r.month, r]));
  const trend = months.map((m) => {
    const month = m.slice(0, 7);
    const d = doneBy.get(month);
    return { month, due: dueBy.get(month) ?? 0, completed: d?.n ?? 0, completedOnTime: d?.on_time ?? 0 };
  });

  // Gantt rows with their milestones and lead units' names
  const ids = ganttRows.map((r) => r.id);
  const unitIds = [...new Set(ganttRows.map((r) => r.lead_unit_id).filter((x): x is number => x !== null))];
  const [milestones, unitNames] = await Promise.all([
    ids.length
      ? ctx.db
          .selectFrom('milestones')
          .select(['item_id', 'seq', 'title', 'due_date', 'done_on'])
          .where('item_id', 'in', ids)
          .orderBy('item_id')
          .orderBy('seq')
          .execute()
      : Promise.resolve([]),
    unitIds.length
      ? ctx.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', unitIds).execute()
      : Promise.resolve([]),
  ]);
  const names = new Map(unitNames.map((o) => [o.id, o.name]));
  const milestonesOf = new Map<number, typeof milestones>();
  for (const m of milestones) {
    milestonesOf.set(m.item_id, [...(milestonesOf.get(m.item_id) ?? []), m]);
  }
  const gantt = ganttRows.map((r) => ({
    itemId: r.id,
    code: r.code,
    title: r.title,
    unitName: r.lead_unit_id === null ? null : (names.get(r.lead_unit_id) ?? null),
    startDate: r.start_date,
    deadline: r.deadline!,
    health: (isHealth(r.health) ? r.health : 'none') satisfies Health,
    progress: r.progress,
    milestones: (milestonesOf.get(r.id) ?? []).map((m) => ({
      seq: m.seq,
      title: m.title,
      dueDate: m.due_date,
      doneOn: m.done_on,
    })),
  }));

  return {
    root: root ? orgRef(root) : null,
    asOf: on,
    total,
    byHealth,
    byState,
    completionRate: ratio(byState.completed, total - byState.cancelled),
    onTimeRate: ratio(onTime, byState.completed),
    trend,
    ranking,
    categories: [...byCategory.entries()]
      .map(([category, b]) => ({ category, ...b }))
      .sort((a, b) => b.total - a.total || (a.category ?? '\uffff').localeCompare(b.category ?? '\uffff')),
    regions,
    gantt,
  };
}
