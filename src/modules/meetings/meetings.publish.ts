import { requirePermission } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, TxCtx } from '../../context.js';
import type { List, MeetingDecision, Plan } from '../../db/schema.js';
import { AppError, invalid, type FieldIssue } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { addEvent } from '../items/items.repo.js';
import { createItem } from '../items/items.service.js';
import { loadList, loadManagedPlan } from '../plans/plans.service.js';
import type { PublishBody } from './meetings.schema.js';
import { getMeeting, loadManagedMeeting } from './meetings.service.js';

const MAX_CODE = 64;

/** `<plan code>-M<meeting>-<n>`, or `M<meeting>-<n>` when the plan's code would make it too long. */
export function decisionItemCode(planCode: string, meetingId: number, seq: number): string {
  const short = `M${meetingId}-${seq}`;
  const long = `${planCode}-${short}`;
  return long.length <= MAX_CODE ? long : short;
}

/** A list the actor supervises, or a validation error naming body.listId (the list is what the caller chose). */
async function targetList(actor: Actor, tx: TxCtx, listId: number): Promise<{ list: List; plan: Plan }> {
  try {
    const { list, plan } = await loadList(actor, tx, listId);
    await loadManagedPlan(actor, tx, plan.id);
    return { list, plan };
  } catch (err) {
    if (err instanceof AppError && (err.code === 'not_found' || err.code === 'forbidden')) {
      throw invalid([{ field: 'body.listId', message: `清单 ${listId} 不存在或不在管理范围内` }]);
    }
    throw err;
  }
}

function firstLine(text: string): string {
  return text.length <= 500 ? text : `${text.slice(0, 499)}…`;
}

/**
 * Publishes decisions as items of a list, in the caller's transaction: one draft item per decision
 * (made by the items module, so its rules hold), the decision linked to its item, and an item event
 * naming the meeting and decision. Any refusal stores nothing.
 */
export async function publishDecisions(actor: Actor, tx: TxCtx, meetingId: number, input: PublishBody) {
  const m = await loadManagedMeeting(actor, tx, meetingId);
  requirePermission(actor, 'item.manage');
  const { list, plan } = await targetList(actor, tx, input.listId);
  const all = await tx.db
    .selectFrom('meeting_decisions')
    .selectAll()
    .where('meeting_id', '=', m.id)
    .orderBy('seq')
    .execute();
  const issues: FieldIssue[] = [];
  let chosen: MeetingDecision[];
  if (input.decisionIds) {
    chosen = [];
    for (const [i, id] of input.decisionIds.entries()) {
      const d = all.find((x) => x.id === id);
      if (!d) {
        issues.push({ field: `body.decisionIds.${i}`, message: `议定事项 ${id} 不属于本会议` });
      } else if (d.state !== 'draft') {
        issues.push({ field: `body.decisionIds.${i}`, message: `议定事项 ${d.seq} 已发布` });
      } else if (!chosen.includes(d)) {
        chosen.push(d);
      }
    }
  } else {
    chosen = all.filter((d) => d.state === 'draft');
    if (chosen.length === 0 && all.length > 0) {
      // Everything was published already, perhaps by a request made at the same moment.
      throw new AppError('conflict', {
        params: { summary: '本会议的议定事项都已发布' },
        details: [{ field: 'body.decisionIds', message: '本会议没有待发布的议定事项' }],
      });
    }
    if (chosen.length === 0) {
      issues.push({ field: 'body.decisionIds', message: '本会议没有待发布的议定事项' });
    }
  }
  const d0 = input.defaults;
  for (const d of chosen) {
    if (!d.deadline && !d0.deadline && !d0.ongoing) {
      const i = input.decisionIds ? input.decisionIds.indexOf(d.id) : -1;
      issues.push({
        field: i >= 0 ? `body.decisionIds.${i}` : 'body.defaults.deadline',
        message: `议定事项 ${d.seq} 没有完成时限：请为它填写，或给出默认时限（defaults.deadline）或标为长期坚持`,
      });
    }
  }
  if (issues.length > 0) {
    throw invalid(issues);
  }
  const at = iso(tx.clock.now());
  const published: { decisionId: number; itemId: number; itemCode: string }[] = [];
  for (const d of chosen) {
    const deadline = d.deadline ?? d0.deadline ?? null;
    const start = m.meeting_date && deadline && m.meeting_date <= deadline ? m.meeting_date : undefined;
    const item = await createItem(actor, tx, {
      listId: list.id,
      code: decisionItemCode(plan.code, m.id, d.seq),
      title: firstLine(d.text),
      description: [
        `${m.title}${m.meeting_date ? `（${m.meeting_date}）` : ''}${d.speaker ? ` · ${d.speaker}` : ''}`,
        d.sentence ?? d.text,
      ].join('\n'),
      source: 'meeting',
      leadUnitId: d.unit_id ?? d0.leadUnitId ?? null,
      leadLeaderId: d0.leadLeaderId ?? null,
      category: d0.category ?? null,
      priority: d0.priority,
      startDate: start,
      deadline: deadline,
      ongoing: deadline ? false : (d0.ongoing ?? false),
    });
    await addEvent(tx, actor, item.id, 'from_meeting', {
      note: m.title,
      data: { meetingId: m.id, decisionId: d.id },
    });
    await tx.db
      .updateTable('meeting_decisions')
      .set({ state: 'published', item_id: item.id, published_at: at, updated_at: at })
      .where('id', '=', d.id)
      .execute();
    published.push({ decisionId: d.id, itemId: item.id, itemCode: item.code });
  }
  await tx.db
    .updateTable('meetings')
    .set({ state: 'published', updated_at: at })
    .where('id', '=', m.id)
    .execute();
  await appendAudit(tx, who(actor), {
    action: 'meeting.publish',
    entityType: 'meeting',
    entityId: m.id,
    after: { listId: list.id, planId: plan.id, published },
  });
  return { meeting: await getMeeting(actor, tx, m.id), published };
}
