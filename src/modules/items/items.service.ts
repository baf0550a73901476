import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { z } from 'zod';
import { inScope, requirePermission } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { countAll, likeAny, likeContaining } from '../../db/adapter.js';
import { shaped, type ShapeValues } from '../../db/shapes.js';
import { healthValues } from '../../domain/health.js';
import { subtreeRange } from '../../domain/org-path.js';
import { itemStates } from '../../domain/workflow.js';
import { conflict, invalid, notFound } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { loadList, loadManagedPlan } from '../plans/plans.service.js';
import { refreshItemHealth } from './health.service.js';
import { rollUp } from './items.actions.js';
import { accessFacts, ancestorPaths, canSee, requireItem, type ItemAccessFacts } from './items.access.js';
import { addEvent, countChildren, findItem, presentItem, presentItemRows } from './items.repo.js';
import type { itemCreate, ItemListQuery, ItemOut, itemSummaryQuery, itemUpdate } from './items.schema.js';

/** Loads an item and the facts that decide who may see and act on it; 404 when the actor may not see it. */
export async function loadItem(actor: Actor, ctx: Ctx, id: number): Promise<ItemAccessFacts> {
  const item = await findItem(ctx.db, id);
  if (!item) {
    throw notFound('item', id);
  }
  const facts = await accessFacts(ctx, item);
  if (!canSee(actor, facts)) {
    throw notFound('item', id);
  }
  return facts;
}

export async function getItem(actor: Actor, ctx: Ctx, id: number): Promise<ItemOut> {
  const { item } = await loadItem(actor, ctx, id);
  const out = await presentItem(ctx.db, item.id, ctx.locale ?? 'zh-CN');
  if (!out) {
    throw notFound('item', id);
  }
  return out;
}

const sortColumns = {
  deadline: ['due_sort', 'asc'],
  '-deadline': ['due_sort', 'desc'],
  code: ['code', 'asc'],
  '-updatedAt': ['updated_at', 'desc'],
  progress: ['progress', 'asc'],
  '-progress': ['progress', 'desc'],
} as const;

/**
 * The items an organisation subtree [lo, hi) may see: those its units lead, those of plans it owns, and
 * those it co-handles. The ledger, the counts and the cockpit all scope by this one predicate.
 */
function scopeCondition(eb: ExpressionBuilder<DB, 'items'>, lo: string, hi: string) {
  return eb.or([
    eb.and([eb('unit_path', '>=', lo), eb('unit_path', '<', hi)]),
    eb.and([eb('plan_owner_path', '>=', lo), eb('plan_owner_path', '<', hi)]),
    eb(
      'id',
      'in',
      eb.selectFrom('item_co_units').select('item_id').where('org_path', '>=', lo).where('org_path', '<', hi),
    ),
  ]);
}

/** The scope predicate (see scopeCondition) of an organisation path. */
export function inScopeOf(path: string) {
  const { lo, hi } = subtreeRange(path);
  return (eb: ExpressionBuilder<DB, 'items'>) => scopeCondition(eb, lo, hi);
}

/**
 * A ledger filter reduced to the values its query needs (see db/shapes.ts): which of them are present
 * decides the SQL, the values only fill it in.
 */
interface LedgerFilter extends ShapeValues {
  unitLo?: string;
  unitHi?: string;
  scopeLo?: string;
  scopeHi?: string;
  /** Plan-owner paths above the actor, for claimable items. */
  claimableFrom?: string[];
  planId?: number;
  listId?: number;
  health?: string[];
  state?: string[];
  leaderId?: number;
  category?: string;
  dueBefore?: string;
  dueAfter?: string;
  parentId?: number;
  /** A LIKE pattern over title and code. */
  text?: string;
}

/**
 * The ledger filter with the actor's scope applied. When the requested unit's subtree lies inside the
 * actor's scope the unit filter already implies the scope, and the query is a single index range;
 * otherwise the scope is the union of what the actor supervises, leads, co-handles and may claim.
 */
async function ledgerFilter(actor: Actor, ctx: Ctx, f: Partial<ItemListQuery>): Promise<LedgerFilter> {
  requirePermission(actor, 'item.read');
  const out: LedgerFilter = {};
  let unitPath: string | undefined;
  if (f.unitId !== undefined) {
    const { rows } = await ctx.db.executeQuery(
      shaped(ctx.db, 'org path', { id: f.unitId }, (v) =>
        ctx.db.selectFrom('orgs').select('path').where('id', '=', v.id),
      ),
    );
    unitPath = rows[0]?.path ?? '/none/';
    const { lo, hi } = subtreeRange(unitPath);
    out.unitLo = lo;
    out.unitHi = hi;
  }
  const scopeImplied = actor.scope.global || (unitPath !== undefined && inScope(actor, unitPath));
  if (f.claimable === 'true') {
    const ancestors = actor.scope.global ? [] : ancestorPaths(actor.scope.path);
    out.claimableFrom = ancestors.length ? ancestors : ['/none/'];
  } else if (!scopeImplied && !actor.scope.global) {
    const { lo, hi } = subtreeRange(actor.scope.path);
    out.scopeLo = lo;
    out.scopeHi = hi;
  }
  out.planId = f.planId;
  out.listId = f.listId;
  out.health = f.health?.length ? f.health : undefined;
  out.state = f.state?.length ? f.state : undefined;
  out.leaderId = f.leaderId;
  out.category = f.category || undefined;
  out.dueBefore = f.due_before;
  out.dueAfter = f.due_after;
  out.parentId = f.parentId;
  out.text = f.q ? likeContaining(f.q) : undefined;
  return out;
}

/** The WHERE clause of a ledger filter; it branches only on which values are present. */
function ledgerWhere(v: LedgerFilter) {
  return (eb: ExpressionBuilder<DB, 'items'>) => {
    const c: Expression<SqlBool>[] = [];
    if (v.unitLo !== undefined && v.unitHi !== undefined) {
      c.push(eb('unit_path', '>=', v.unitLo), eb('unit_path', '<', v.unitHi));
    }
    if (v.claimableFrom) {
      c.push(
        eb('lead_unit_id', 'is', null),
        eb('state', '=', 'draft'),
        eb('plan_owner_path', 'in', v.claimableFrom),
        eb('list_id', 'in', eb.selectFrom('lists').select('id').where('claimable', '=', 1)),
      );
    }
    if (v.scopeLo !== undefined && v.scopeHi !== undefined) {
      c.push(scopeCondition(eb, v.scopeLo, v.scopeHi));
    }
    if (v.planId !== undefined) {
      c.push(eb('plan_id', '=', v.planId));
    }
    if (v.listId !== undefined) {
      c.push(eb('list_id', '=', v.listId));
    }
    if (v.health) {
      c.push(eb('health', 'in', v.health));
    }
    if (v.state) {
      c.push(eb('state', 'in', v.state));
    }
    if (v.leaderId !== undefined) {
      c.push(eb('lead_leader_id', '=', v.leaderId));
    }
    if (v.category !== undefined) {
      c.push(eb('category', '=', v.category));
    }
    if (v.dueBefore !== undefined) {
      c.push(eb('deadline', '<=', v.dueBefore));
    }
    if (v.dueAfter !== undefined) {
      c.push(eb('deadline', '>=', v.dueAfter));
    }
    if (v.parentId !== undefined) {
      c.push(eb('parent_id', '=', v.parentId));
    }
    if (v.text !== undefined) {
      c.push(likeAny(['title', 'code'], v.text));
    }
    return eb.and(c);
  };
}

/**
 * A page of the ledger. The page is found on the indexes alone (ids in order), then its rows are
 * read: sorting narrow index entries instead of whole rows is what keeps a province-wide list fast.
 * Each query is compiled once per shape of filter.
 */
export async function listItems(actor: Actor, ctx: Ctx, f: ItemListQuery) {
  const filter = await ledgerFilter(actor, ctx, f);
  const sort = f.sort ?? 'deadline';
  const [column, direction] = sortColumns[sort];
  const db = ctx.db;
  const [page, total] = await Promise.all([
    db.executeQuery(
      shaped(
        db,
        `ledger page by ${sort}`,
        { ...filter, limit: f.pageSize, offset: (f.current - 1) * f.pageSize },
        (v) =>
          db
            .selectFrom('items')
            .select('id')
            .where(ledgerWhere(v))
            .orderBy(column, direction)
            .orderBy('id')
            .limit(v.limit)
            .offset(v.offset),
      ),
    ),
    db.executeQuery(
      shaped(db, 'ledger count', filter, (v) =>
        db.selectFrom('items').select(countAll().as('n')).where(ledgerWhere(v)),
      ),
    ),
  ]);
  return {
    data: await presentItemRows(
      db,
      page.rows.map((r) => r.id),
      ctx.locale ?? 'zh-CN',
    ),
    total: total.rows[0]?.n ?? 0,
  };
}

/** Counts by health and by state for any plan, list, unit, leader or category. */
export async function summarise(actor: Actor, ctx: Ctx, f: z.infer<typeof itemSummaryQuery>) {
  const filter = await ledgerFilter(actor, ctx, f);
  const db = ctx.db;
  const [byHealth, byState] = await Promise.all([
    db.executeQuery(
      shaped(db, 'ledger by health', filter, (v) =>
        db
          .selectFrom('items')
          .select(['health', countAll().as('n')])
          .where(ledgerWhere(v))
          .groupBy('health'),
      ),
    ),
    db.executeQuery(
      shaped(db, 'ledger by state', filter, (v) =>
        db
          .selectFrom('items')
          .select(['state', countAll().as('n')])
          .where(ledgerWhere(v))
          .groupBy('state'),
      ),
    ),
  ]);
  const health = Object.fromEntries(healthValues.map((h) => [h, 0]));
  for (const r of byHealth.rows) {
    health[r.health] = r.n;
  }
  const state = Object.fromEntries(itemStates.map((s) => [s, 0]));
  for (const r of byState.rows) {
    state[r.state] = r.n;
  }
  return { total: byState.rows.reduce((a, r) => a + r.n, 0), byHealth: health, byState: state };
}

async function checkUnits(
  actor: Actor,
  ctx: Ctx,
  leadUnitId: number | null | undefined,
  coUnitIds: number[] | undefined,
) {
  const lead = leadUnitId ? await findOrg(ctx.db, leadUnitId) : undefined;
  if (leadUnitId && (!lead || !inScope(actor, lead.path))) {
    throw invalid([{ field: 'body.leadUnitId', message: `牵头单位 ${leadUnitId} 不存在或不在管理范围内` }]);
  }
  const co = [];
  for (const [i, id] of (coUnitIds ?? []).entries()) {
    const org = await findOrg(ctx.db, id);
    if (!org || !inScope(actor, org.path)) {
      throw invalid([{ field: `body.coUnitIds.${i}`, message: `配合单位 ${id} 不存在或不在管理范围内` }]);
    }
    if (id === leadUnitId) {
      throw invalid([{ field: `body.coUnitIds.${i}`, message: '配合单位不能同时是牵头单位' }]);
    }
    co.push(org);
  }
  return { lead, co };
}

/**
 * A lead leader (牵头领导) may sit above the supervisor (a provincial leader over a county's list), so
 * anyone in the supervisor's whole tree may be named; nobody outside it, and an id outside it reads as
 * one that does not exist.
 */
async function checkLeader(actor: Actor, ctx: Ctx, leaderId: number | null | undefined) {
  if (leaderId) {
    const u = await ctx.db
      .selectFrom('users')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .select('orgs.path')
      .where('users.id', '=', leaderId)
      .executeTakeFirst();
    const tree = actor.scope.global ? '/' : `/${actor.scope.path.split('/')[1]}/`;
    if (!u || !u.path.startsWith(tree)) {
      throw invalid([
        { field: 'body.leadLeaderId', message: `用户 ${leaderId} 不存在或不在本单位所属系统内` },
      ]);
    }
  }
}

function checkDates(start: string | null | undefined, deadline: string | null | undefined, ongoing: boolean) {
  if (!ongoing && !deadline) {
    throw invalid([{ field: 'body.deadline', message: '须填写完成时限，或标为长期坚持（ongoing）' }]);
  }
  if (start && deadline && deadline < start) {
    throw invalid([{ field: 'body.deadline', message: '完成时限不能早于开始日期' }]);
  }
}

async function setCoUnits(tx: TxCtx, itemId: number, co: { id: number; path: string }[]) {
  await tx.db.deleteFrom('item_co_units').where('item_id', '=', itemId).execute();
  if (co.length) {
    await tx.db
      .insertInto('item_co_units')
      .values(co.map((o) => ({ item_id: itemId, org_id: o.id, org_path: o.path })))
      .execute();
  }
}

/** Creates an item in draft in a list the actor supervises. */
export async function createItem(
  actor: Actor,
  tx: TxCtx,
  input: z.infer<typeof itemCreate>,
): Promise<ItemOut> {
  requirePermission(actor, 'item.manage');
  const { list, plan } = await loadList(actor, tx, input.listId);
  await loadManagedPlan(actor, tx, plan.id);
  checkDates(input.startDate, input.deadline, input.ongoing ?? false);
  const { lead, co } = await checkUnits(actor, tx, input.leadUnitId, input.coUnitIds);
  await checkLeader(actor, tx, input.leadLeaderId);
  if (input.category && !(JSON.parse(plan.categories) as string[]).includes(input.category)) {
    const allowed = JSON.parse(plan.categories) as string[];
    if (allowed.length > 0) {
      throw invalid([{ field: 'body.category', message: `类别须为：${allowed.join('、')}` }]);
    }
  }
  if (input.parentId) {
    const parent = await findItem(tx.db, input.parentId);
    if (!parent || parent.plan_id !== plan.id) {
      throw invalid([{ field: 'body.parentId', message: '上级事项不存在或不属于同一方案' }]);
    }
  }
  if (
    await tx.db
      .selectFrom('items')
      .select('id')
      .where('plan_id', '=', plan.id)
      .where('code', '=', input.code)
      .executeTakeFirst()
  ) {
    throw conflict('body.code', `本方案已有编号 ${input.code} 的事项`);
  }
  const at = iso(tx.clock.now());
  const { id } = await tx.db
    .insertInto('items')
    .values({
      plan_id: plan.id,
      list_id: list.id,
      parent_id: input.parentId ?? null,
      code: input.code,
      title: input.title,
      description: input.description ?? null,
      category: input.category ?? null,
      source:
        input.source ??
        (list.kind === 'rectification' ? 'inspection' : list.kind === 'directive' ? 'meeting' : 'plan'),
      lead_leader_id: input.leadLeaderId ?? null,
      lead_unit_id: lead?.id ?? null,
      unit_path: lead?.path ?? plan.owner_path,
      plan_owner_path: plan.owner_path,
      responsible_person: input.responsiblePerson ?? null,
      responsible_user_id: null,
      target_indicator: input.targetIndicator ?? null,
      target_unit: input.targetUnit ?? null,
      target_baseline: input.targetBaseline ?? null,
      target_value: input.targetValue ?? null,
      indicator_value: null,
      start_date: input.startDate ?? plan.period_start,
      reporting_from: null,
      deadline: input.ongoing ? null : (input.deadline ?? null),
      ongoing: input.ongoing ? 1 : 0,
      review_cadence: input.reviewCadence ?? null,
      priority: input.priority ?? 'normal',
      tags: JSON.stringify(input.tags ?? []),
      state: 'draft',
      resume_state: null,
      health: 'none',
      health_reasons: '[]',
      health_on: null,
      progress: 0,
      results: null,
      completion_requested_on: null,
      completed_on: null,
      created_by: actor.via === 'cli' ? null : actor.id,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setCoUnits(tx, id, co);
  await refreshItemHealth(tx, id);
  if (input.parentId) {
    await countChildren(tx.db, input.parentId);
  }
  await rollUp(tx, input.parentId ?? null);
  await addEvent(tx, actor, id, 'create', { to: 'draft' });
  const out = await getItem(actor, tx, id);
  await appendAudit(tx, who(actor), { action: 'item.create', entityType: 'item', entityId: id, after: out });
  return out;
}

/** Edits an item's particulars. Deadline changes after assignment go through extension requests. */
export async function updateItem(
  actor: Actor,
  tx: TxCtx,
  id: number,
  input: z.infer<typeof itemUpdate>,
): Promise<ItemOut> {
  const facts = await loadItem(actor, tx, id);
  requireItem(actor, facts, 'item.manage', 'supervisor');
  const item = facts.item;
  if (item.state === 'completed' || item.state === 'cancelled') {
    throw invalid([{ field: 'state', message: '已办结或已撤销的事项不能修改' }]);
  }
  if (input.deadline !== undefined && input.deadline !== item.deadline && item.state !== 'draft') {
    throw invalid([{ field: 'body.deadline', message: '交办后调整时限须通过延期申请' }]);
  }
  if (input.ongoing !== undefined && input.ongoing !== (item.ongoing === 1) && item.state !== 'draft') {
    throw invalid([{ field: 'body.ongoing', message: '交办后不能在限时办结与长期坚持之间切换' }]);
  }
  if (input.leadUnitId !== undefined && input.leadUnitId !== item.lead_unit_id && item.state !== 'draft') {
    throw invalid([{ field: 'body.leadUnitId', message: '交办后更换牵头单位须通过重新交办（assign）' }]);
  }
  const before = await getItem(actor, tx, id);
  const ongoing = input.ongoing ?? item.ongoing === 1;
  const deadline = ongoing ? null : input.deadline === undefined ? item.deadline : input.deadline;
  const start = input.startDate === undefined ? item.start_date : input.startDate;
  checkDates(start, deadline, ongoing);
  const { lead, co } = await checkUnits(
    actor,
    tx,
    input.leadUnitId === undefined ? item.lead_unit_id : input.leadUnitId,
    input.coUnitIds,
  );
  await checkLeader(actor, tx, input.leadLeaderId);
  if (input.code && input.code !== item.code) {
    if (
      await tx.db
        .selectFrom('items')
        .select('id')
        .where('plan_id', '=', item.plan_id)
        .where('code', '=', input.code)
        .executeTakeFirst()
    ) {
      throw conflict('body.code', `本方案已有编号 ${input.code} 的事项`);
    }
  }
  const pick = <K extends keyof typeof input, V>(k: K, current: V): V =>
    input[k] === undefined ? current : (input[k] as V);
  await tx.db
    .updateTable('items')
    .set({
      code: input.code ?? item.code,
      title: input.title ?? item.title,
      description: pick('description', item.description),
      category: pick('category', item.category),
      source: input.source ?? item.source,
      lead_leader_id: pick('leadLeaderId', item.lead_leader_id),
      lead_unit_id: lead?.id ?? null,
      unit_path: lead?.path ?? item.plan_owner_path,
      responsible_person: pick('responsiblePerson', item.responsible_person),
      target_indicator: pick('targetIndicator', item.target_indicator),
      target_unit: pick('targetUnit', item.target_unit),
      target_baseline: pick('targetBaseline', item.target_baseline),
      target_value: pick('targetValue', item.target_value),
      start_date: start,
      deadline,
      ongoing: ongoing ? 1 : 0,
      review_cadence: pick('reviewCadence', item.review_cadence),
      priority: input.priority ?? item.priority,
      tags: input.tags ? JSON.stringify(input.tags) : item.tags,
      updated_at: iso(tx.clock.now()),
    })
    .where('id', '=', id)
    .execute();
  if (input.coUnitIds) {
    await setCoUnits(tx, id, co);
  }
  await refreshItemHealth(tx, id);
  await addEvent(tx, actor, id, 'update');
  const after = await getItem(actor, tx, id);
  await appendAudit(tx, who(actor), {
    action: 'item.update',
    entityType: 'item',
    entityId: id,
    before,
    after,
  });
  return after;
}
