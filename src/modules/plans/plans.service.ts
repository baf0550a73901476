import type { z } from 'zod';
import { inScope, requirePermission } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { containsText, countAll } from '../../db/adapter.js';
import type { List, Plan } from '../../db/schema.js';
import { defaultDueDay, type ReportCycle } from '../../domain/periods.js';
import { subtreeRange } from '../../domain/org-path.js';
import { conflict, invalid, notFound } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { ancestorPaths } from '../items/items.access.js';
import { refreshPlanHealth } from '../items/health.service.js';
import type {
  listCreate,
  listOut,
  listUpdate,
  planCreate,
  planListQuery,
  PlanOut,
  planUpdate,
} from './plans.schema.js';

export function presentPlan(p: Plan, ownerName: string): PlanOut {
  return {
    id: p.id,
    code: p.code,
    title: p.title,
    description: p.description,
    ownerOrgId: p.owner_org_id,
    ownerOrgName: ownerName,
    periodStart: p.period_start,
    periodEnd: p.period_end,
    reportCycle: p.report_cycle as ReportCycle,
    reportDueDay: p.report_due_day,
    warningDays: p.warning_days,
    tolerancePct: p.tolerance_pct,
    categories: JSON.parse(p.categories) as string[],
    state: p.state === 'closed' ? 'closed' : 'active',
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

export function presentList(l: List): z.infer<typeof listOut> {
  return {
    id: l.id,
    planId: l.plan_id,
    kind: l.kind as z.infer<typeof listOut>['kind'],
    title: l.title,
    description: l.description,
    claimable: l.claimable === 1,
    sortOrder: l.sort_order,
    createdAt: l.created_at,
    updatedAt: l.updated_at,
  };
}

/**
 * Whether the actor may see a plan: it owns or oversees it, or some item of the plan is assigned to
 * (or co-handled by) its organisations, or the plan publishes claimable work to them.
 */
export async function planVisible(actor: Actor, ctx: Ctx, plan: Plan): Promise<boolean> {
  if (inScope(actor, plan.owner_path)) {
    return true;
  }
  if (actor.scope.global) {
    return true;
  }
  const { lo, hi } = subtreeRange(actor.scope.path);
  const lead = await ctx.db
    .selectFrom('items')
    .select('id')
    .where('plan_id', '=', plan.id)
    .where('unit_path', '>=', lo)
    .where('unit_path', '<', hi)
    .limit(1)
    .executeTakeFirst();
  if (lead) {
    return true;
  }
  const co = await ctx.db
    .selectFrom('item_co_units')
    .innerJoin('items', 'items.id', 'item_co_units.item_id')
    .select('items.id')
    .where('items.plan_id', '=', plan.id)
    .where('item_co_units.org_path', '>=', lo)
    .where('item_co_units.org_path', '<', hi)
    .limit(1)
    .executeTakeFirst();
  if (co) {
    return true;
  }
  const claimable = await ctx.db
    .selectFrom('lists')
    .select('id')
    .where('plan_id', '=', plan.id)
    .where('claimable', '=', 1)
    .limit(1)
    .executeTakeFirst();
  return claimable !== undefined && ancestorPaths(actor.scope.path).includes(plan.owner_path);
}

export async function loadPlan(actor: Actor, ctx: Ctx, id: number): Promise<Plan> {
  requirePermission(actor, 'plan.read');
  const plan = await ctx.db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!plan || !(await planVisible(actor, ctx, plan))) {
    throw notFound('plan', id);
  }
  return plan;
}

/** A plan the actor supervises (owns or oversees); anything else is reported missing or forbidden. */
export async function loadManagedPlan(actor: Actor, ctx: Ctx, id: number): Promise<Plan> {
  const plan = await loadPlan(actor, ctx, id);
  requirePermission(actor, 'plan.manage');
  if (!inScope(actor, plan.owner_path)) {
    throw notFound('plan', id);
  }
  return plan;
}

async function ownerNames(ctx: Ctx, plans: Plan[]): Promise<Map<number, string>> {
  const ids = [...new Set(plans.map((p) => p.owner_org_id))];
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await ctx.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function getPlan(actor: Actor, ctx: Ctx, id: number): Promise<PlanOut> {
  const plan = await loadPlan(actor, ctx, id);
  return presentPlan(plan, (await ownerNames(ctx, [plan])).get(plan.owner_org_id) ?? '');
}

export async function listPlans(actor: Actor, ctx: Ctx, f: z.infer<typeof planListQuery>) {
  requirePermission(actor, 'plan.read');
  let q = ctx.db.selectFrom('plans');
  if (!actor.scope.global) {
    const { lo, hi } = subtreeRange(actor.scope.path);
    const ancestors = ancestorPaths(actor.scope.path);
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('owner_path', '>=', lo), eb('owner_path', '<', hi)]),
        eb(
          'id',
          'in',
          eb.selectFrom('items').select('plan_id').where('unit_path', '>=', lo).where('unit_path', '<', hi),
        ),
        eb(
          'id',
          'in',
          eb
            .selectFrom('item_co_units')
            .innerJoin('items', 'items.id', 'item_co_units.item_id')
            .select('items.plan_id')
            .where('item_co_units.org_path', '>=', lo)
            .where('item_co_units.org_path', '<', hi),
        ),
        eb.and([
          eb('owner_path', 'in', ancestors),
          eb('id', 'in', eb.selectFrom('lists').select('plan_id').where('claimable', '=', 1)),
        ]),
      ]),
    );
  }
  if (f.state) {
    q = q.where('state', '=', f.state);
  }
  if (f.q) {
    q = q.where(containsText(['title', 'code'], f.q));
  }
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy('period_start', 'desc')
      .orderBy('id', 'desc')
      .limit(f.pageSize)
      .offset((f.current - 1) * f.pageSize)
      .execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  const names = await ownerNames(ctx, rows);
  return { data: rows.map((p) => presentPlan(p, names.get(p.owner_org_id) ?? '')), total: total.n };
}

export async function createPlan(
  actor: Actor,
  tx: TxCtx,
  input: z.infer<typeof planCreate>,
): Promise<PlanOut> {
  requirePermission(actor, 'plan.manage');
  const ownerId = input.ownerOrgId ?? (actor.scope.global ? actor.orgId : actor.scope.orgId);
  const owner = await findOrg(tx.db, ownerId);
  if (!owner || !inScope(actor, owner.path)) {
    throw invalid([{ field: 'body.ownerOrgId', message: `组织 ${ownerId} 不存在或不在管理范围内` }]);
  }
  if (input.periodEnd < input.periodStart) {
    throw invalid([{ field: 'body.periodEnd', message: '结束日期不能早于开始日期' }]);
  }
  if (await tx.db.selectFrom('plans').select('id').where('code', '=', input.code).executeTakeFirst()) {
    throw conflict('body.code', `方案编码 ${input.code} 已存在`);
  }
  const cycle = input.reportCycle ?? 'monthly';
  const at = iso(tx.clock.now());
  const { id } = await tx.db
    .insertInto('plans')
    .values({
      code: input.code,
      title: input.title,
      description: input.description ?? null,
      owner_org_id: owner.id,
      owner_path: owner.path,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      report_cycle: cycle,
      report_due_day: input.reportDueDay ?? defaultDueDay[cycle],
      warning_days: input.warningDays ?? 7,
      tolerance_pct: input.tolerancePct ?? 15,
      categories: JSON.stringify(input.categories ?? []),
      state: 'active',
      created_by: actor.via === 'cli' ? null : actor.id,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const out = await getPlan(actor, tx, id);
  await appendAudit(tx, who(actor), { action: 'plan.create', entityType: 'plan', entityId: id, after: out });
  return out;
}

export async function updatePlan(
  actor: Actor,
  tx: TxCtx,
  id: number,
  input: z.infer<typeof planUpdate>,
): Promise<PlanOut> {
  const plan = await loadManagedPlan(actor, tx, id);
  const before = await getPlan(actor, tx, id);
  const start = input.periodStart ?? plan.period_start;
  const end = input.periodEnd ?? plan.period_end;
  if (end < start) {
    throw invalid([{ field: 'body.periodEnd', message: '结束日期不能早于开始日期' }]);
  }
  await tx.db
    .updateTable('plans')
    .set({
      title: input.title ?? plan.title,
      description: input.description === undefined ? plan.description : input.description,
      period_start: start,
      period_end: end,
      report_cycle: input.reportCycle ?? plan.report_cycle,
      report_due_day: input.reportDueDay ?? plan.report_due_day,
      warning_days: input.warningDays ?? plan.warning_days,
      tolerance_pct: input.tolerancePct ?? plan.tolerance_pct,
      categories: input.categories ? JSON.stringify(input.categories) : plan.categories,
      state: input.state ?? plan.state,
      updated_at: iso(tx.clock.now()),
    })
    .where('id', '=', id)
    .execute();
  if (input.warningDays !== undefined || input.tolerancePct !== undefined) {
    await refreshPlanHealth(tx, id);
  }
  const after = await getPlan(actor, tx, id);
  await appendAudit(tx, who(actor), {
    action: 'plan.update',
    entityType: 'plan',
    entityId: id,
    before,
    after,
  });
  return after;
}

export async function listLists(actor: Actor, ctx: Ctx, planId: number | undefined) {
  requirePermission(actor, 'plan.read');
  if (planId === undefined) {
    const plans = await listPlans(actor, ctx, { current: 1, pageSize: 200 });
    const ids = plans.data.map((p) => p.id);
    if (ids.length === 0) {
      return { data: [], total: 0 };
    }
    const rows = await ctx.db
      .selectFrom('lists')
      .selectAll()
      .where('plan_id', 'in', ids)
      .orderBy('plan_id')
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return { data: rows.map(presentList), total: rows.length };
  }
  await loadPlan(actor, ctx, planId);
  const rows = await ctx.db
    .selectFrom('lists')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return { data: rows.map(presentList), total: rows.length };
}

export async function loadList(actor: Actor, ctx: Ctx, id: number): Promise<{ list: List; plan: Plan }> {
  const list = await ctx.db.selectFrom('lists').selectAll().where('id', '=', id).executeTakeFirst();
  if (!list) {
    throw notFound('list', id);
  }
  try {
    return { list, plan: await loadPlan(actor, ctx, list.plan_id) };
  } catch {
    throw notFound('list', id);
  }
}

export async function createList(actor: Actor, tx: TxCtx, input: z.infer<typeof listCreate>) {
  await loadManagedPlan(actor, tx, input.planId);
  const at = iso(tx.clock.now());
  const { id } = await tx.db
    .insertInto('lists')
    .values({
      plan_id: input.planId,
      kind: input.kind,
      title: input.title,
      description: input.description ?? null,
      claimable: input.claimable ? 1 : 0,
      sort_order: input.sortOrder ?? 0,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const out = presentList(
    await tx.db.selectFrom('lists').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
  await appendAudit(tx, who(actor), { action: 'list.create', entityType: 'list', entityId: id, after: out });
  return out;
}

export async function updateList(actor: Actor, tx: TxCtx, id: number, input: z.infer<typeof listUpdate>) {
  const { list, plan } = await loadList(actor, tx, id);
  await loadManagedPlan(actor, tx, plan.id);
  await tx.db
    .updateTable('lists')
    .set({
      title: input.title ?? list.title,
      description: input.description === undefined ? list.description : input.description,
      claimable: input.claimable === undefined ? list.claimable : input.claimable ? 1 : 0,
      sort_order: input.sortOrder ?? list.sort_order,
      updated_at: iso(tx.clock.now()),
    })
    .where('id', '=', id)
    .execute();
  const out = presentList(
    await tx.db.selectFrom('lists').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
  await appendAudit(tx, who(actor), {
    action: 'list.update',
    entityType: 'list',
    entityId: id,
    before: presentList(list),
    after: out,
  });
  return out;
}
