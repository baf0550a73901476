import type { z } from 'zod';
import { inScope, requirePermission } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { today } from '../../context.js';
import { countAll } from '../../db/adapter.js';
import type { Item, Report } from '../../db/schema.js';
import { subtreeRange } from '../../domain/org-path.js';
import { reportingStates, type ItemState } from '../../domain/workflow.js';
import { AppError, forbidden, invalid, notFound } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { refreshItemHealth } from '../items/health.service.js';
import { rollUp } from '../items/items.actions.js';
import { addEvent, findItem } from '../items/items.repo.js';
import type { reportFields, reportListQuery, ReportOut, reportReview } from './reports.schema.js';

async function present(ctx: Ctx, rows: Report[]): Promise<ReportOut[]> {
  if (rows.length === 0) {
    return [];
  }
  const itemIds = [...new Set(rows.map((r) => r.item_id))];
  const orgIds = [...new Set(rows.map((r) => r.org_id))];
  const [items, orgs, files] = await Promise.all([
    ctx.db.selectFrom('items').select(['id', 'code', 'title']).where('id', 'in', itemIds).execute(),
    ctx.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute(),
    ctx.db
      .selectFrom('files')
      .select(['id', 'name', 'size', 'mime', 'report_id'])
      .where(
        'report_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute(),
  ]);
  const item = new Map(items.map((i) => [i.id, i]));
  const org = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    itemCode: item.get(r.item_id)?.code ?? '',
    itemTitle: item.get(r.item_id)?.title ?? '',
    orgId: r.org_id,
    orgName: org.get(r.org_id) ?? '',
    isLead: r.is_lead === 1,
    period: r.period,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    dueDate: r.due_date,
    state: r.state as ReportOut['state'],
    progressText: r.progress_text,
    percent: r.percent,
    indicatorValue: r.indicator_value,
    problems: r.problems,
    nextSteps: r.next_steps,
    noChange: r.no_change === 1,
    late: r.late === 1,
    missed: r.missed === 1,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note,
    files: files.filter((f) => f.report_id === r.id).map(({ report_id: _r, ...f }) => f),
  }));
}

/** Who may see a report: the reporting unit's side, or the office supervising the item's plan. */
function seesReport(actor: Actor, r: Report, item: Item): boolean {
  return actor.scope.global || inScope(actor, r.org_path) || inScope(actor, item.plan_owner_path);
}

async function loadReport(actor: Actor, ctx: Ctx, id: number): Promise<{ report: Report; item: Item }> {
  requirePermission(actor, 'item.read');
  const report = await ctx.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  const item = report && (await findItem(ctx.db, report.item_id));
  if (!report || !item || !seesReport(actor, report, item)) {
    throw notFound('report', id);
  }
  return { report, item };
}

export async function listReports(actor: Actor, ctx: Ctx, f: z.infer<typeof reportListQuery>) {
  requirePermission(actor, 'item.read');
  let q = ctx.db.selectFrom('reports').innerJoin('items', 'items.id', 'reports.item_id');
  if (!actor.scope.global) {
    const { lo, hi } = subtreeRange(actor.scope.path);
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('reports.org_path', '>=', lo), eb('reports.org_path', '<', hi)]),
        eb.and([eb('items.plan_owner_path', '>=', lo), eb('items.plan_owner_path', '<', hi)]),
      ]),
    );
  }
  if (f.toReview === 'true') {
    q = q.where('reports.state', '=', 'submitted');
    if (!actor.scope.global) {
      const { lo, hi } = subtreeRange(actor.scope.path);
      q = q.where('items.plan_owner_path', '>=', lo).where('items.plan_owner_path', '<', hi);
    }
  }
  if (f.itemId !== undefined) {
    q = q.where('reports.item_id', '=', f.itemId);
  }
  if (f.state?.length) {
    q = q.where('reports.state', 'in', f.state);
  }
  if (f.period) {
    q = q.where('reports.period', '=', f.period);
  }
  if (f.unitId !== undefined) {
    const unit = await findOrg(ctx.db, f.unitId);
    const { lo, hi } = subtreeRange(unit?.path ?? '/none/');
    q = q.where('reports.org_path', '>=', lo).where('reports.org_path', '<', hi);
  }
  const [rows, total] = await Promise.all([
    q
      .selectAll('reports')
      .orderBy('reports.period_start', 'desc')
      .orderBy('reports.is_lead', 'desc')
      .orderBy('reports.id')
      .limit(f.pageSize)
      .offset((f.current - 1) * f.pageSize)
      .execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: await present(ctx, rows), total: total.n };
}

/** What the actor may do with the report now, by the rules the services below enforce. */
function reportCapabilities(actor: Actor, report: Report, item: Item) {
  return {
    write:
      actor.permissions.has('report.submit') &&
      inScope(actor, report.org_path) &&
      reportingStates.includes(item.state as ItemState) &&
      ['pending', 'draft', 'returned'].includes(report.state),
    review:
      actor.permissions.has('report.review') &&
      inScope(actor, item.plan_owner_path) &&
      report.state === 'submitted',
  };
}

export async function getReport(actor: Actor, ctx: Ctx, id: number) {
  const { report, item } = await loadReport(actor, ctx, id);
  const [previous, co] = await Promise.all([
    ctx.db
      .selectFrom('reports')
      .selectAll()
      .where('item_id', '=', report.item_id)
      .where('org_id', '=', report.org_id)
      .where('period_start', '<', report.period_start)
      .where('state', 'in', ['submitted', 'approved'])
      .orderBy('period_start', 'desc')
      .limit(1)
      .execute(),
    report.is_lead === 1
      ? ctx.db
          .selectFrom('reports')
          .selectAll()
          .where('item_id', '=', report.item_id)
          .where('period', '=', report.period)
          .where('is_lead', '=', 0)
          .execute()
      : Promise.resolve([]),
  ]);
  const [out] = await present(ctx, [report]);
  const [prev] = await present(ctx, previous);
  return {
    ...out!,
    previous: prev ?? null,
    coUnitReports: await present(ctx, co),
    can: reportCapabilities(actor, report, item),
  };
}

/** The reporting unit's side may write the report while the item is being worked on. */
function requireReporter(actor: Actor, report: Report, item: Item) {
  if (!actor.permissions.has('report.submit')) {
    throw forbidden('report.submit');
  }
  if (!inScope(actor, report.org_path)) {
    throw forbidden('report.submit');
  }
  if (!reportingStates.includes(item.state as ItemState)) {
    throw new AppError('invalid_transition', { params: { state: item.state, action: 'report' } });
  }
  if (!['pending', 'draft', 'returned'].includes(report.state)) {
    throw new AppError('invalid_transition', { params: { state: report.state, action: 'report' } });
  }
}

async function attachFiles(tx: TxCtx, report: Report, fileIds: number[] | undefined) {
  if (!fileIds?.length) {
    return;
  }
  // Files still loose on the item, or already on this report: never taken from another unit's report.
  const files = await tx.db
    .selectFrom('files')
    .select('id')
    .where('id', 'in', fileIds)
    .where('item_id', '=', report.item_id)
    .where((eb) => eb.or([eb('report_id', 'is', null), eb('report_id', '=', report.id)]))
    .execute();
  if (files.length !== new Set(fileIds).size) {
    throw invalid([{ field: 'body.fileIds', message: '佐证材料须是本事项已上传、尚未附在其他报送上的文件' }]);
  }
  await tx.db
    .updateTable('files')
    .set({ report_id: report.id, purpose: 'evidence' })
    .where('id', 'in', fileIds)
    .execute();
}

type Fields = z.infer<typeof reportFields>;

function fieldValues(body: Fields, report: Report) {
  return {
    progress_text: body.progressText ?? report.progress_text,
    percent: body.percent ?? report.percent,
    indicator_value: body.indicatorValue === undefined ? report.indicator_value : body.indicatorValue,
    problems: body.problems === undefined ? report.problems : body.problems,
    next_steps: body.nextSteps === undefined ? report.next_steps : body.nextSteps,
  };
}

/** Saves the report as a draft; nothing is filed yet. */
export async function saveDraft(actor: Actor, tx: TxCtx, id: number, body: Fields) {
  const { report, item } = await loadReport(actor, tx, id);
  requireReporter(actor, report, item);
  await tx.db
    .updateTable('reports')
    .set({
      ...fieldValues(body, report),
      state: report.state === 'returned' ? 'returned' : 'draft',
      updated_at: iso(tx.clock.now()),
    })
    .where('id', '=', id)
    .execute();
  await attachFiles(tx, report, body.fileIds);
  return getReport(actor, tx, id);
}

/**
 * Files the report. A lead unit's report moves the item's progress (and its parent's), and starts an
 * item that was only signed for. Filing after the due day is recorded as late.
 */
export async function submitReport(
  actor: Actor,
  tx: TxCtx,
  id: number,
  body: Fields,
  opts: { noChange?: boolean } = {},
) {
  const { report, item } = await loadReport(actor, tx, id);
  requireReporter(actor, report, item);
  const values = fieldValues(body, report);
  const issues = [];
  if (!values.progress_text) {
    issues.push({ field: 'body.progressText', message: '须填写本期进展' });
  }
  if (values.percent === null) {
    issues.push({ field: 'body.percent', message: '须填写完成百分比（0–100）' });
  }
  if (issues.length > 0) {
    throw invalid(issues);
  }
  const at = iso(tx.clock.now());
  const on = today(tx) <= report.due_date ? 'on_time' : 'late';
  await tx.db
    .updateTable('reports')
    .set({
      ...values,
      state: 'submitted',
      no_change: opts.noChange ? 1 : 0,
      late: on === 'late' || report.missed === 1 ? 1 : 0,
      submitted_at: at,
      submitted_by: actor.id,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
  await attachFiles(tx, report, body.fileIds);
  if (report.is_lead === 1) {
    const hasChildren = await tx.db
      .selectFrom('items')
      .select('id')
      .where('parent_id', '=', item.id)
      .limit(1)
      .executeTakeFirst();
    await tx.db
      .updateTable('items')
      .set({
        progress: hasChildren ? item.progress : values.percent!,
        indicator_value: values.indicator_value ?? item.indicator_value,
        state: item.state === 'accepted' ? 'in_progress' : item.state,
        updated_at: at,
      })
      .where('id', '=', item.id)
      .execute();
    if (item.state === 'accepted') {
      await addEvent(tx, actor, item.id, 'start', { from: 'accepted', to: 'in_progress' });
    }
    await rollUp(tx, item.parent_id);
  }
  await refreshItemHealth(tx, item.id);
  await addEvent(tx, actor, item.id, opts.noChange ? 'report_no_change' : 'report', {
    note: values.progress_text,
    data: { reportId: id, period: report.period, percent: values.percent },
  });
  await appendAudit(tx, who(actor), {
    action: opts.noChange ? 'report.no_change' : 'report.submit',
    entityType: 'report',
    entityId: id,
    after: { itemId: item.id, period: report.period, percent: values.percent, late: on === 'late' },
  });
  return getReport(actor, tx, id);
}

/** "No change this period": files the unit's last report again, in one action. */
export async function reportNoChange(actor: Actor, tx: TxCtx, id: number) {
  const detail = await getReport(actor, tx, id);
  if (!detail.previous) {
    throw invalid([{ field: 'previous', message: '没有上期报送可沿用，请填写本期进展' }]);
  }
  const p = detail.previous;
  return submitReport(
    actor,
    tx,
    id,
    {
      progressText: p.progressText ?? undefined,
      percent: p.percent ?? undefined,
      indicatorValue: p.indicatorValue,
      problems: p.problems,
      nextSteps: p.nextSteps,
    },
    { noChange: true },
  );
}

/** The supervising office approves a filed report or returns it for rework. */
export async function reviewReport(actor: Actor, tx: TxCtx, id: number, body: z.infer<typeof reportReview>) {
  const { report, item } = await loadReport(actor, tx, id);
  if (!actor.permissions.has('report.review') || !inScope(actor, item.plan_owner_path)) {
    throw forbidden('report.review');
  }
  if (report.state !== 'submitted') {
    throw new AppError('invalid_transition', { params: { state: report.state, action: body.decision } });
  }
  if (body.decision === 'return' && !body.note) {
    throw invalid([{ field: 'body.note', message: '退回须说明理由' }]);
  }
  const at = iso(tx.clock.now());
  await tx.db
    .updateTable('reports')
    .set({
      state: body.decision === 'approve' ? 'approved' : 'returned',
      reviewed_at: at,
      reviewed_by: actor.id,
      review_note: body.note ?? null,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
  await refreshItemHealth(tx, item.id);
  await addEvent(tx, actor, item.id, body.decision === 'approve' ? 'report_approved' : 'report_returned', {
    note: body.note ?? null,
    data: { reportId: id, period: report.period },
  });
  await appendAudit(tx, who(actor), {
    action: `report.${body.decision}`,
    entityType: 'report',
    entityId: id,
    after: { itemId: item.id, period: report.period, note: body.note },
  });
  return getReport(actor, tx, id);
}
