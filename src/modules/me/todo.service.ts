import type { Actor, Ctx } from '../../context.js';
import { today } from '../../context.js';
import { subtreeRange } from '../../domain/org-path.js';
import { presentItemRows } from '../items/items.repo.js';
import { reportingStates } from '../../domain/workflow.js';

const LIMIT = 50;

/**
 * My work (待办): items to sign for, items sent back (退回) to be done again, reports due, for a leader the
 * items they lead that are red or yellow, and — for supervisors — reports, completion requests
 * and extension requests waiting for review. Each list is capped; the counts are exact.
 */
export async function myTodo(actor: Actor, ctx: Ctx) {
  const on = today(ctx);
  const locale = ctx.locale ?? 'zh-CN';
  const range = actor.scope.global ? null : subtreeRange(actor.scope.path);
  const handles = actor.permissions.has('item.handle');
  const reviews = actor.permissions.has('item.review') || actor.permissions.has('report.review');

  const unitQ = (state: 'assigned' | 'returned') => {
    let q = ctx.db.selectFrom('items').where('state', '=', state);
    if (range) {
      q = q.where('unit_path', '>=', range.lo).where('unit_path', '<', range.hi);
    }
    return q;
  };
  const reportsQ = () => {
    let q = ctx.db
      .selectFrom('reports')
      .innerJoin('items', 'items.id', 'reports.item_id')
      .where('reports.state', 'in', ['pending', 'draft', 'returned'])
      .where('reports.period_start', '<=', on)
      .where('items.state', 'in', reportingStates);
    if (range) {
      q = q.where('reports.org_path', '>=', range.lo).where('reports.org_path', '<', range.hi);
    }
    return q;
  };
  const reviewQ = (state: string) => {
    let q = ctx.db.selectFrom('items').where('state', '=', state);
    if (range) {
      q = q.where('plan_owner_path', '>=', range.lo).where('plan_owner_path', '<', range.hi);
    }
    return q;
  };
  const reportReviewQ = () => {
    let q = ctx.db
      .selectFrom('reports')
      .innerJoin('items', 'items.id', 'reports.item_id')
      .where('reports.state', '=', 'submitted');
    if (range) {
      q = q.where('items.plan_owner_path', '>=', range.lo).where('items.plan_owner_path', '<', range.hi);
    }
    return q;
  };

  const empty = { data: [], total: 0 };

  const unitItems = (state: 'assigned' | 'returned') =>
    handles
      ? Promise.all([
          unitQ(state).selectAll().orderBy('deadline').limit(LIMIT).execute(),
          unitQ(state)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow(),
        ])
      : null;

  // A leader's work is the items they lead (牵头领导) that are slipping: red first, then yellow.
  const attentionQ = () =>
    ctx.db
      .selectFrom('items')
      .where('lead_leader_id', '=', actor.id)
      .where('health', 'in', ['red', 'yellow']);
  const attention = actor.permissions.has('item.instruct')
    ? Promise.all([
        attentionQ().select('id').orderBy('health').orderBy('due_sort').orderBy('id').limit(LIMIT).execute(),
        attentionQ()
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ])
    : null;

  const [toSign, returned, reportsDue, completions, extensions, reportReviews, slipping] = await Promise.all([
    unitItems('assigned'),
    unitItems('returned'),
    handles && actor.permissions.has('report.submit')
      ? Promise.all([
          reportsQ()
            .select([
              'reports.id',
              'reports.item_id',
              'items.code',
              'items.title',
              'reports.period',
              'reports.due_date',
              'reports.state',
              'reports.is_lead',
            ])
            .orderBy('reports.due_date')
            .limit(LIMIT)
            .execute(),
          reportsQ()
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow(),
        ])
      : null,
    reviews
      ? Promise.all([
          reviewQ('completion_requested').selectAll().orderBy('updated_at').limit(LIMIT).execute(),
          reviewQ('completion_requested')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow(),
        ])
      : null,
    reviews
      ? Promise.all([
          reviewQ('extension_requested').selectAll().orderBy('updated_at').limit(LIMIT).execute(),
          reviewQ('extension_requested')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow(),
        ])
      : null,
    reviews
      ? Promise.all([
          reportReviewQ()
            .select([
              'reports.id',
              'reports.item_id',
              'items.code',
              'items.title',
              'reports.period',
              'reports.due_date',
              'reports.state',
              'reports.is_lead',
            ])
            .orderBy('reports.submitted_at')
            .limit(LIMIT)
            .execute(),
          reportReviewQ()
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow(),
        ])
      : null,
    attention,
  ]);

  const slot = (r: {
    id: number;
    item_id: number;
    code: string;
    title: string;
    period: string;
    due_date: string;
    state: string;
    is_lead: number;
  }) => ({
    id: r.id,
    itemId: r.item_id,
    itemCode: r.code,
    itemTitle: r.title,
    period: r.period,
    dueDate: r.due_date,
    state: r.state,
    isLead: r.is_lead === 1,
    overdue: r.due_date < on,
  });
  const items = async (pair: [{ id: number }[], { n: number | string }] | null) =>
    pair
      ? {
          data: await presentItemRows(
            ctx.db,
            pair[0].map((i) => i.id),
            locale,
          ),
          total: Number(pair[1].n),
        }
      : empty;
  const slots = (pair: [Parameters<typeof slot>[0][], { n: number | string }] | null) =>
    pair ? { data: pair[0].map(slot), total: Number(pair[1].n) } : empty;

  return {
    toSign: await items(toSign),
    returned: await items(returned),
    reportsDue: slots(reportsDue),
    reportReviews: slots(reportReviews),
    completionReviews: await items(completions),
    extensionReviews: await items(extensions),
    attention: await items(slipping),
  };
}

/** What I have done (已办): my recent item events. */
export async function myDone(actor: Actor, ctx: Ctx, limit = 50) {
  const rows = await ctx.db
    .selectFrom('item_events')
    .innerJoin('items', 'items.id', 'item_events.item_id')
    .select([
      'item_events.id',
      'item_events.at',
      'item_events.kind',
      'item_events.note',
      'items.id as item_id',
      'items.code',
      'items.title',
    ])
    .where('item_events.actor_id', '=', actor.id)
    .orderBy('item_events.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    note: r.note,
    itemId: r.item_id,
    itemCode: r.code,
    itemTitle: r.title,
  }));
}
