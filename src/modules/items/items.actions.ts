import { inScope } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, TxCtx } from '../../context.js';
import { today } from '../../context.js';
import type { Item } from '../../db/schema.js';
import { addDays, daysBetween } from '../../domain/dates.js';
import type { Permission } from '../../domain/permissions.js';
import { rules, transition, type ItemAction, type ItemState } from '../../domain/workflow.js';
import { AppError, forbidden, invalid } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { ensureSlots } from '../reports/slots.js';
import { refreshItemHealth } from './health.service.js';
import { mayClaim, requireItem, type ItemAccessFacts } from './items.access.js';
import { addEvent, findItem } from './items.repo.js';
import type { ActionBody, ItemOut } from './items.schema.js';
import { getItem, loadItem } from './items.service.js';

/** The permission each action needs, besides being on the right side of the item. */
const actionPermission: Record<ItemAction, Permission> = {
  assign: 'item.assign',
  sign: 'item.handle',
  refuse: 'item.handle',
  reroute: 'item.handle',
  claim: 'item.handle',
  start: 'item.handle',
  request_completion: 'item.handle',
  approve: 'item.review',
  return: 'item.review',
  request_extension: 'item.handle',
  approve_extension: 'item.review',
  reject_extension: 'item.review',
  suspend: 'item.manage',
  resume: 'item.manage',
  cancel: 'item.manage',
};

/** Whether the actor may take an action on the item now: side, permission and state. Used to show only possible buttons. */
export function mayTake(actor: Actor, facts: ItemAccessFacts, action: ItemAction): boolean {
  const rule = rules[action];
  if (
    !rule.from.includes(facts.item.state as ItemState) ||
    !actor.permissions.has(actionPermission[action])
  ) {
    return false;
  }
  if (action === 'claim') {
    return mayClaim(actor, facts);
  }
  try {
    requireItem(actor, facts, actionPermission[action], rule.side === 'supervisor' ? 'supervisor' : 'lead');
    return true;
  } catch {
    return false;
  }
}

async function unitFor(actor: Actor, tx: TxCtx, unitId: number | undefined, field = 'body.unitId') {
  if (unitId === undefined) {
    throw invalid([{ field, message: '须指定牵头单位' }]);
  }
  const org = await findOrg(tx.db, unitId);
  if (!org || !inScope(actor, org.path)) {
    throw invalid([{ field, message: `单位 ${unitId} 不存在或不在管理范围内` }]);
  }
  return org;
}

/** Recomputes a parent's progress from its children (分解 rolls up), and so on up the tree. */
export async function rollUp(tx: TxCtx, parentId: number | null): Promise<void> {
  let id = parentId;
  while (id !== null) {
    const children = await tx.db
      .selectFrom('items')
      .select(['progress', 'state'])
      .where('parent_id', '=', id)
      .where('state', '!=', 'cancelled')
      .execute();
    if (children.length > 0) {
      const avg = Math.round(
        children.reduce((a, c) => a + (c.state === 'completed' ? 100 : c.progress), 0) / children.length,
      );
      await tx.db.updateTable('items').set({ progress: avg }).where('id', '=', id).execute();
      await refreshItemHealth(tx, id);
    }
    const parent = await findItem(tx.db, id);
    id = parent?.parent_id ?? null;
  }
}

/**
 * Takes one lifecycle action on an item: checks side, permission, state and the action's own
 * conditions; changes the item; records the event on its timeline and in the audit trail.
 */
export async function performAction(
  actor: Actor,
  tx: TxCtx,
  itemId: number,
  body: ActionBody,
): Promise<ItemOut> {
  const facts = await loadItem(actor, tx, itemId);
  const { item } = facts;
  const action = body.action;
  const rule = rules[action];
  if (action === 'claim') {
    if (!actor.permissions.has('item.handle')) {
      throw forbidden('item.handle');
    }
    if (!mayClaim(actor, facts)) {
      // Claimed a moment ago (by this unit or another): the state moved on, as with any action raced.
      if (facts.claimable && (item.state !== 'draft' || item.lead_unit_id !== null)) {
        throw new AppError('invalid_transition', { params: { state: item.state, action: 'claim' } });
      }
      throw new AppError('forbidden', {
        details: { reason: 'this item is not open for your unit to claim' },
      });
    }
  } else {
    requireItem(actor, facts, actionPermission[action], rule.side === 'supervisor' ? 'supervisor' : 'lead');
  }
  const t = transition(
    { state: item.state as ItemState, resumeState: item.resume_state as ItemState | null },
    action,
    {
      reason: body.reason,
    },
  );
  if (!t.ok) {
    if (t.reason === 'reason_required') {
      throw invalid([{ field: 'body.reason', message: '须说明理由' }]);
    }
    throw new AppError('invalid_transition', { params: { state: item.state, action } });
  }
  const on = today(tx);
  const at = iso(tx.clock.now());
  const changes: Partial<Item> = { state: t.state, resume_state: t.resumeState, updated_at: at };
  let data: Record<string, unknown> | undefined;

  switch (action) {
    case 'assign': {
      const unit =
        body.unitId === undefined && item.lead_unit_id !== null
          ? await findOrg(tx.db, item.lead_unit_id)
          : await unitFor(actor, tx, body.unitId);
      if (!unit) {
        throw invalid([{ field: 'body.unitId', message: '须指定牵头单位' }]);
      }
      Object.assign(changes, { lead_unit_id: unit.id, unit_path: unit.path });
      data = { unitId: unit.id, unitName: unit.name };
      break;
    }
    case 'reroute': {
      const unit = await unitFor(actor, tx, body.unitId);
      if (unit.id === item.lead_unit_id) {
        throw invalid([{ field: 'body.unitId', message: '转办对象须是另一个单位' }]);
      }
      Object.assign(changes, { lead_unit_id: unit.id, unit_path: unit.path });
      data = { fromUnitId: item.lead_unit_id, unitId: unit.id, unitName: unit.name };
      break;
    }
    case 'claim': {
      const unit = await findOrg(tx.db, actor.scope.global ? actor.orgId : actor.scope.orgId);
      Object.assign(changes, { lead_unit_id: unit!.id, unit_path: unit!.path, reporting_from: on });
      data = { unitId: unit!.id, unitName: unit!.name };
      break;
    }
    case 'sign':
      changes.reporting_from = on;
      break;
    case 'request_completion': {
      if (!body.results) {
        throw invalid([{ field: 'body.results', message: '须填写完成情况（交账内容）' }]);
      }
      const fileIds = body.fileIds ?? [];
      if (fileIds.length > 0) {
        const files = await tx.db
          .selectFrom('files')
          .select('id')
          .where('id', 'in', fileIds)
          .where('item_id', '=', item.id)
          .execute();
        if (files.length !== new Set(fileIds).size) {
          throw invalid([{ field: 'body.fileIds', message: '佐证材料须是本事项已上传的文件' }]);
        }
        await tx.db
          .updateTable('files')
          .set({ purpose: 'completion' })
          .where('id', 'in', fileIds)
          .where('report_id', 'is', null)
          .execute();
      }
      Object.assign(changes, { results: body.results, completion_requested_on: on });
      data = { fileIds };
      break;
    }
    case 'approve':
      Object.assign(changes, { completed_on: on, progress: 100 });
      break;
    case 'request_extension': {
      if (item.ongoing || !item.deadline) {
        throw invalid([{ field: 'body.action', message: '长期坚持的事项没有完成时限，无需延期' }]);
      }
      if (on > item.deadline) {
        throw invalid([{ field: 'body.newDeadline', message: `延期须在完成时限 ${item.deadline} 前申请` }]);
      }
      if (!body.newDeadline || body.newDeadline <= item.deadline) {
        throw invalid([{ field: 'body.newDeadline', message: `新的时限须晚于 ${item.deadline}` }]);
      }
      await tx.db
        .insertInto('extensions')
        .values({
          item_id: item.id,
          requested_by: actor.id,
          requested_at: at,
          reason: body.reason!,
          old_deadline: item.deadline,
          new_deadline: body.newDeadline,
          state: 'pending',
        })
        .execute();
      data = { oldDeadline: item.deadline, newDeadline: body.newDeadline };
      break;
    }
    case 'approve_extension':
    case 'reject_extension': {
      const ext = await tx.db
        .selectFrom('extensions')
        .selectAll()
        .where('item_id', '=', item.id)
        .where('state', '=', 'pending')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const approved = action === 'approve_extension';
      await tx.db
        .updateTable('extensions')
        .set({
          state: approved ? 'approved' : 'rejected',
          decided_by: actor.id,
          decided_at: at,
          decision_note: body.reason ?? null,
        })
        .where('id', '=', ext.id)
        .execute();
      let shifted = 0;
      if (approved) {
        changes.deadline = ext.new_deadline;
        // The remaining plan moves with the deadline (倒排工期): milestones not yet reached shift by the same days.
        const days = ext.old_deadline ? daysBetween(ext.old_deadline, ext.new_deadline) : 0;
        const undone = await tx.db
          .selectFrom('milestones')
          .select(['id', 'due_date'])
          .where('item_id', '=', item.id)
          .where('done_on', 'is', null)
          .execute();
        for (const m of undone) {
          await tx.db
            .updateTable('milestones')
            .set({ due_date: addDays(m.due_date, days) })
            .where('id', '=', m.id)
            .execute();
        }
        shifted = days > 0 ? undone.length : 0;
      }
      data = {
        oldDeadline: ext.old_deadline,
        newDeadline: ext.new_deadline,
        extensionId: ext.id,
        milestonesShifted: shifted,
      };
      break;
    }
    case 'refuse':
    case 'start':
    case 'return':
    case 'suspend':
    case 'resume':
    case 'cancel':
      // nothing beyond the state change and the reason on the timeline
      break;
  }

  // Only from the state this action was decided on: of two racing actions, the second finds it moved on.
  const moved = await tx.db
    .updateTable('items')
    .set(changes)
    .where('id', '=', item.id)
    .where('state', '=', item.state)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) {
    throw new AppError('invalid_transition', { params: { state: 'changed', action } });
  }
  const updated = (await findItem(tx.db, item.id))!;
  if (
    action === 'sign' ||
    action === 'claim' ||
    action === 'resume' ||
    action === 'approve_extension' ||
    action === 'reject_extension'
  ) {
    const plan = await tx.db
      .selectFrom('plans')
      .selectAll()
      .where('id', '=', item.plan_id)
      .executeTakeFirstOrThrow();
    await ensureSlots(tx, updated, plan);
  }
  await refreshItemHealth(tx, item.id);
  if (action === 'approve' || action === 'cancel') {
    await rollUp(tx, item.parent_id);
  }
  await addEvent(tx, actor, item.id, action, {
    from: item.state,
    to: t.state,
    note: body.reason ?? null,
    data,
  });
  await appendAudit(tx, who(actor), {
    action: `item.${action}`,
    entityType: 'item',
    entityId: item.id,
    before: { state: item.state, deadline: item.deadline, leadUnitId: item.lead_unit_id },
    after: {
      state: t.state,
      deadline: updated.deadline,
      leadUnitId: updated.lead_unit_id,
      reason: body.reason,
      ...data,
    },
  });
  return getItem(actor, tx, item.id);
}
