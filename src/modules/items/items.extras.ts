import type { z } from 'zod';
import { inScope, requirePermission } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { today } from '../../context.js';
import type { Milestone } from '../../db/schema.js';
import { addDays, daysBetween } from '../../domain/dates.js';
import { workingStates, type ItemState } from '../../domain/workflow.js';
import { AppError, forbidden, invalid, notFound } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { lastWorkdayOnOrBefore } from '../../domain/workdays.js';
import { refreshItemHealth } from './health.service.js';
import { leads, mayComment, requireItem, supervises } from './items.access.js';
import { addEvent, countChildren } from './items.repo.js';
import type {
  childCreate,
  commentCreate,
  milestoneCreate,
  milestoneDone,
  milestoneGenerate,
  milestoneUpdate,
} from './items.schema.js';
import { getItem, loadItem } from './items.service.js';

export function presentMilestone(m: Milestone) {
  return {
    id: m.id,
    itemId: m.item_id,
    seq: m.seq,
    title: m.title,
    dueDate: m.due_date,
    deliverable: m.deliverable,
    doneOn: m.done_on,
    doneNote: m.done_note,
  };
}

export async function listMilestones(actor: Actor, ctx: Ctx, itemId: number) {
  await loadItem(actor, ctx, itemId);
  const rows = await ctx.db
    .selectFrom('milestones')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('seq')
    .execute();
  return rows.map(presentMilestone);
}

/** Milestones are planned by the supervising office, or by the lead unit once it has taken the item on. */
async function planningItem(actor: Actor, ctx: Ctx, itemId: number) {
  const facts = await loadItem(actor, ctx, itemId);
  const state = facts.item.state as ItemState;
  const bySupervisor = supervises(actor, facts) && actor.permissions.has('item.manage');
  const byUnit = leads(actor, facts) && actor.permissions.has('item.handle') && workingStates.includes(state);
  if (!bySupervisor && !byUnit) {
    throw forbidden('item.manage');
  }
  if (state === 'completed' || state === 'cancelled') {
    throw new AppError('invalid_transition', { params: { state, action: 'milestone' } });
  }
  return facts.item;
}

async function renumber(tx: TxCtx, itemId: number) {
  const rows = await tx.db
    .selectFrom('milestones')
    .select(['id', 'seq'])
    .where('item_id', '=', itemId)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
  for (const [i, r] of rows.entries()) {
    if (r.seq !== i + 1) {
      await tx.db
        .updateTable('milestones')
        .set({ seq: i + 1 })
        .where('id', '=', r.id)
        .execute();
    }
  }
}

function checkDue(item: { deadline: string | null; start_date: string | null }, due: string, field: string) {
  if (item.deadline && due > item.deadline) {
    throw invalid([{ field, message: `节点日期不能晚于完成时限 ${item.deadline}` }]);
  }
}

export async function addMilestone(
  actor: Actor,
  tx: TxCtx,
  itemId: number,
  input: z.infer<typeof milestoneCreate>,
) {
  const item = await planningItem(actor, tx, itemId);
  checkDue(item, input.dueDate, 'body.dueDate');
  const { id } = await tx.db
    .insertInto('milestones')
    .values({
      item_id: itemId,
      seq: 0,
      title: input.title,
      due_date: input.dueDate,
      deliverable: input.deliverable ?? null,
      done_on: null,
      done_note: null,
      created_at: iso(tx.clock.now()),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await renumber(tx, itemId);
  await refreshItemHealth(tx, itemId);
  await addEvent(tx, actor, itemId, 'milestone_add', {
    note: input.title,
    data: { milestoneId: id, dueDate: input.dueDate },
  });
  await appendAudit(tx, who(actor), {
    action: 'milestone.create',
    entityType: 'milestone',
    entityId: id,
    after: { itemId, ...input },
  });
  return listMilestones(actor, tx, itemId);
}

/**
 * Schedules milestones backwards from the deadline (倒排工期): the last title falls on the deadline,
 * each earlier one an interval before, optionally moved to the last working day.
 */
export async function generateMilestones(
  actor: Actor,
  tx: TxCtx,
  itemId: number,
  input: z.infer<typeof milestoneGenerate>,
) {
  const item = await planningItem(actor, tx, itemId);
  if (!item.deadline) {
    throw invalid([{ field: 'deadline', message: '长期坚持的事项没有完成时限，不能倒排节点' }]);
  }
  const start = item.start_date ?? today(tx);
  const n = input.titles.length;
  const interval = input.intervalDays ?? Math.max(1, Math.floor(daysBetween(start, item.deadline) / n));
  const dates = input.titles.map((_, i) => {
    const d = addDays(item.deadline!, -interval * (n - 1 - i));
    return input.workingDays ? lastWorkdayOnOrBefore(d) : d;
  });
  if (dates[0]! < start) {
    throw invalid([{ field: 'body.intervalDays', message: `按此间隔第一个节点将早于开始日期 ${start}` }]);
  }
  for (const [i, title] of input.titles.entries()) {
    await tx.db
      .insertInto('milestones')
      .values({
        item_id: itemId,
        seq: 0,
        title,
        due_date: dates[i]!,
        deliverable: null,
        done_on: null,
        done_note: null,
        created_at: iso(tx.clock.now()),
      })
      .execute();
  }
  await renumber(tx, itemId);
  await refreshItemHealth(tx, itemId);
  await addEvent(tx, actor, itemId, 'milestones_generated', { data: { dates } });
  await appendAudit(tx, who(actor), {
    action: 'milestone.generate',
    entityType: 'item',
    entityId: itemId,
    after: { titles: input.titles, dates },
  });
  return listMilestones(actor, tx, itemId);
}

async function loadMilestone(tx: TxCtx, itemId: number, milestoneId: number) {
  const m = await tx.db
    .selectFrom('milestones')
    .selectAll()
    .where('id', '=', milestoneId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (!m) {
    throw notFound('milestone', milestoneId);
  }
  return m;
}

export async function updateMilestone(
  actor: Actor,
  tx: TxCtx,
  itemId: number,
  milestoneId: number,
  input: z.infer<typeof milestoneUpdate>,
) {
  const item = await planningItem(actor, tx, itemId);
  const m = await loadMilestone(tx, itemId, milestoneId);
  if (input.dueDate) {
    checkDue(item, input.dueDate, 'body.dueDate');
  }
  await tx.db
    .updateTable('milestones')
    .set({
      title: input.title ?? m.title,
      due_date: input.dueDate ?? m.due_date,
      deliverable: input.deliverable === undefined ? m.deliverable : input.deliverable,
    })
    .where('id', '=', milestoneId)
    .execute();
  await renumber(tx, itemId);
  await refreshItemHealth(tx, itemId);
  await addEvent(tx, actor, itemId, 'milestone_update', {
    data: { milestoneId, before: presentMilestone(m), after: input },
  });
  await appendAudit(tx, who(actor), {
    action: 'milestone.update',
    entityType: 'milestone',
    entityId: milestoneId,
    before: presentMilestone(m),
    after: input,
  });
  return listMilestones(actor, tx, itemId);
}

export async function deleteMilestone(actor: Actor, tx: TxCtx, itemId: number, milestoneId: number) {
  await planningItem(actor, tx, itemId);
  const m = await loadMilestone(tx, itemId, milestoneId);
  await tx.db.deleteFrom('milestones').where('id', '=', milestoneId).execute();
  await renumber(tx, itemId);
  await refreshItemHealth(tx, itemId);
  await addEvent(tx, actor, itemId, 'milestone_delete', { note: m.title });
  await appendAudit(tx, who(actor), {
    action: 'milestone.delete',
    entityType: 'milestone',
    entityId: milestoneId,
    before: presentMilestone(m),
  });
  return listMilestones(actor, tx, itemId);
}

/** The lead unit reports a milestone reached. */
export async function completeMilestone(
  actor: Actor,
  tx: TxCtx,
  itemId: number,
  milestoneId: number,
  input: z.infer<typeof milestoneDone>,
) {
  const facts = await loadItem(actor, tx, itemId);
  requireItem(actor, facts, 'item.handle', 'lead');
  if (!workingStates.includes(facts.item.state as ItemState)) {
    throw new AppError('invalid_transition', {
      params: { state: facts.item.state, action: 'milestone_done' },
    });
  }
  const m = await loadMilestone(tx, itemId, milestoneId);
  const on = input.doneOn ?? today(tx);
  if (on > today(tx)) {
    throw invalid([{ field: 'body.doneOn', message: '完成日期不能晚于今天' }]);
  }
  await tx.db
    .updateTable('milestones')
    .set({ done_on: on, done_note: input.note ?? null })
    .where('id', '=', milestoneId)
    .execute();
  await refreshItemHealth(tx, itemId);
  await addEvent(tx, actor, itemId, 'milestone_done', {
    note: input.note ?? null,
    data: { milestoneId, seq: m.seq, title: m.title, doneOn: on },
  });
  await appendAudit(tx, who(actor), {
    action: 'milestone.done',
    entityType: 'milestone',
    entityId: milestoneId,
    after: { doneOn: on },
  });
  return listMilestones(actor, tx, itemId);
}

/**
 * The lead unit splits its item for subordinate units (分解): each child is assigned to a unit in the
 * handler's scope and rolls its progress up to the parent.
 */
export async function splitItem(actor: Actor, tx: TxCtx, itemId: number, input: z.infer<typeof childCreate>) {
  const facts = await loadItem(actor, tx, itemId);
  requireItem(actor, facts, 'item.handle', 'lead');
  const parent = facts.item;
  if (!workingStates.includes(parent.state as ItemState)) {
    throw new AppError('invalid_transition', { params: { state: parent.state, action: 'split' } });
  }
  const existing = await tx.db
    .selectFrom('items')
    .select('code')
    .where('plan_id', '=', parent.plan_id)
    .execute();
  const codes = new Set(existing.map((e) => e.code));
  const at = iso(tx.clock.now());
  const created: number[] = [];
  let n = (await tx.db.selectFrom('items').select('id').where('parent_id', '=', parent.id).execute()).length;
  for (const [i, c] of input.children.entries()) {
    const unit = await findOrg(tx.db, c.unitId);
    if (!unit || !inScope(actor, unit.path)) {
      throw invalid([
        { field: `body.children.${i}.unitId`, message: `单位 ${c.unitId} 不存在或不在管理范围内` },
      ]);
    }
    const deadline = c.deadline === undefined ? parent.deadline : c.deadline;
    if (parent.deadline && deadline && deadline > parent.deadline) {
      throw invalid([
        { field: `body.children.${i}.deadline`, message: `不能晚于上级事项时限 ${parent.deadline}` },
      ]);
    }
    n += 1;
    const code = c.code ?? `${parent.code}-${n}`;
    if (codes.has(code)) {
      throw invalid([{ field: `body.children.${i}.code`, message: `本方案已有编号 ${code} 的事项` }]);
    }
    codes.add(code);
    const { id } = await tx.db
      .insertInto('items')
      .values({
        ...parent,
        id: undefined,
        parent_id: parent.id,
        code,
        title: c.title,
        description: null,
        lead_unit_id: unit.id,
        unit_path: unit.path,
        responsible_person: c.responsiblePerson ?? null,
        indicator_value: null,
        deadline: parent.ongoing ? null : deadline,
        state: 'assigned',
        resume_state: null,
        health: 'none',
        health_reasons: '[]',
        health_on: null,
        progress: 0,
        child_count: 0,
        results: null,
        reporting_from: null,
        completion_requested_on: null,
        completed_on: null,
        created_by: actor.id,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await refreshItemHealth(tx, id);
    await addEvent(tx, actor, id, 'assign', {
      from: 'draft',
      to: 'assigned',
      data: { parentId: parent.id, unitId: unit.id, unitName: unit.name },
    });
    created.push(id);
  }
  await countChildren(tx.db, parent.id);
  await addEvent(tx, actor, parent.id, 'split', { data: { children: created } });
  await appendAudit(tx, who(actor), {
    action: 'item.split',
    entityType: 'item',
    entityId: parent.id,
    after: { children: created },
  });
  return Promise.all(created.map((id) => getItem(actor, tx, id)));
}

export async function listComments(actor: Actor, ctx: Ctx, itemId: number) {
  await loadItem(actor, ctx, itemId);
  const rows = await ctx.db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.author_id')
    .select([
      'comments.id',
      'comments.item_id',
      'comments.author_id',
      'users.display_name',
      'comments.kind',
      'comments.body',
      'comments.created_at',
    ])
    .where('comments.item_id', '=', itemId)
    .orderBy('comments.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    authorId: r.author_id,
    authorName: r.display_name,
    kind: r.kind === 'instruction' ? ('instruction' as const) : ('comment' as const),
    body: r.body,
    createdAt: r.created_at,
  }));
}

/** A comment by anyone who sees the item, or a leader's instruction (批示). */
export async function addComment(
  actor: Actor,
  tx: TxCtx,
  itemId: number,
  input: z.infer<typeof commentCreate>,
) {
  await loadItem(actor, tx, itemId);
  const kind = input.kind ?? 'comment';
  if (kind === 'instruction') {
    requirePermission(actor, 'item.instruct');
  } else if (!mayComment(actor)) {
    throw forbidden('item.handle');
  }
  const { id } = await tx.db
    .insertInto('comments')
    .values({ item_id: itemId, author_id: actor.id, kind, body: input.body, created_at: iso(tx.clock.now()) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addEvent(tx, actor, itemId, kind, { note: input.body, data: { commentId: id } });
  await appendAudit(tx, who(actor), {
    action: `item.${kind}`,
    entityType: 'item',
    entityId: itemId,
    after: { commentId: id, body: input.body },
  });
  return (await listComments(actor, tx, itemId)).find((c) => c.id === id)!;
}

export async function listEvents(actor: Actor, ctx: Ctx, itemId: number) {
  await loadItem(actor, ctx, itemId);
  const rows = await ctx.db
    .selectFrom('item_events')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
  return rows.map((e) => ({
    id: e.id,
    at: e.at,
    actorId: e.actor_id,
    actorName: e.actor_name,
    kind: e.kind,
    fromState: e.from_state,
    toState: e.to_state,
    note: e.note,
    data: e.data === null ? null : (JSON.parse(e.data) as unknown),
  }));
}
