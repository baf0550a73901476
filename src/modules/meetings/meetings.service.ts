import { sql } from 'kysely';
import { inScope, requirePermission } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { containsText, countAll } from '../../db/adapter.js';
import type { Meeting, MeetingDecision } from '../../db/schema.js';
import { subtreeRange } from '../../domain/org-path.js';
import { UnitMatcher } from '../../domain/unit-names.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { loadManagedPlan } from '../plans/plans.service.js';
import type {
  DecisionCreate,
  DecisionOut,
  decisionUpdate,
  MeetingCreate,
  MeetingDetail,
  MeetingListQuery,
  MeetingOut,
  MeetingUpdate,
} from './meetings.schema.js';
import type { z } from 'zod';

type Participant = MeetingOut['participants'][number];

/** Reading meetings needs plan.read or item.read: everyone who follows the work they produce. */
function requireRead(actor: Actor): void {
  if (!actor.permissions.has('plan.read') && !actor.permissions.has('item.read')) {
    throw forbidden('plan.read');
  }
}

/** A meeting the actor may see: its owner organisation lies in the actor's subtree. 404 otherwise. */
export async function loadMeeting(actor: Actor, ctx: Ctx, id: number): Promise<Meeting> {
  requireRead(actor);
  const m = await ctx.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m || !inScope(actor, m.owner_path)) {
    throw notFound('meeting', id);
  }
  return m;
}

/** A meeting the actor may change (meeting.manage and in scope). */
export async function loadManagedMeeting(actor: Actor, ctx: Ctx, id: number): Promise<Meeting> {
  const m = await loadMeeting(actor, ctx, id);
  requirePermission(actor, 'meeting.manage');
  return m;
}

async function names(ctx: Ctx, meetings: Meeting[]) {
  const orgIds = [...new Set(meetings.map((m) => m.owner_org_id))];
  const planIds = [...new Set(meetings.map((m) => m.plan_id).filter((p): p is number => p !== null))];
  const ids = meetings.map((m) => m.id);
  const [orgs, plans, counts] = await Promise.all([
    orgIds.length ? ctx.db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute() : [],
    planIds.length
      ? ctx.db.selectFrom('plans').select(['id', 'title']).where('id', 'in', planIds).execute()
      : [],
    ids.length
      ? ctx.db
          .selectFrom('meeting_decisions')
          .select(['meeting_id', 'state', countAll().as('n')])
          .where('meeting_id', 'in', ids)
          .groupBy(['meeting_id', 'state'])
          .execute()
      : [],
  ]);
  return {
    org: new Map(orgs.map((o) => [o.id, o.name])),
    plan: new Map(plans.map((p) => [p.id, p.title])),
    count: (id: number, state?: string) =>
      counts
        .filter((c) => c.meeting_id === id && (state === undefined || c.state === state))
        .reduce((n, c) => n + Number(c.n), 0),
  };
}

function present(m: Meeting, n: Awaited<ReturnType<typeof names>>): MeetingOut {
  return {
    id: m.id,
    kind: m.kind as MeetingOut['kind'],
    title: m.title,
    date: m.meeting_date,
    dateInferred: m.date_inferred === 1,
    place: m.place,
    format: m.format as MeetingOut['format'],
    chair: m.chair,
    participants: JSON.parse(m.participants) as Participant[],
    agenda: m.agenda,
    ownerOrgId: m.owner_org_id,
    ownerOrgName: n.org.get(m.owner_org_id) ?? '',
    planId: m.plan_id,
    planTitle: m.plan_id === null ? null : (n.plan.get(m.plan_id) ?? null),
    state: m.state === 'published' ? 'published' : 'draft',
    decisionCount: n.count(m.id),
    publishedCount: n.count(m.id, 'published'),
    createdAt: m.created_at,
    updatedAt: m.updated_at,
  };
}

export async function listDecisions(ctx: Ctx, meetingId: number): Promise<DecisionOut[]> {
  const rows = await ctx.db
    .selectFrom('meeting_decisions as d')
    .leftJoin('orgs as o', 'o.id', 'd.unit_id')
    .leftJoin('items as i', 'i.id', 'd.item_id')
    .selectAll('d')
    .select([
      'o.name as unit_name',
      'i.code as item_code',
      'i.state as item_state',
      'i.health as item_health',
    ])
    .where('d.meeting_id', '=', meetingId)
    .orderBy('d.seq')
    .execute();
  return rows.map((d) => ({
    id: d.id,
    meetingId: d.meeting_id,
    seq: d.seq,
    text: d.text,
    speaker: d.speaker,
    deadline: d.deadline,
    suggestedUnit: d.suggested_unit,
    unitId: d.unit_id,
    unitName: d.unit_name ?? null,
    sentence: d.sentence,
    sourceStart: d.source_start,
    sourceEnd: d.source_end,
    state: d.state === 'published' ? 'published' : 'draft',
    itemId: d.item_id,
    itemCode: d.item_code ?? null,
    itemState: d.item_state ?? null,
    itemHealth: d.item_health ?? null,
    publishedAt: d.published_at,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  }));
}

async function detail(ctx: Ctx, m: Meeting): Promise<MeetingDetail> {
  return {
    ...present(m, await names(ctx, [m])),
    sourceText: m.source_text,
    originalText: m.original_text,
    decisions: await listDecisions(ctx, m.id),
  };
}

export async function getMeeting(actor: Actor, ctx: Ctx, id: number): Promise<MeetingDetail> {
  return detail(ctx, await loadMeeting(actor, ctx, id));
}

export async function listMeetings(actor: Actor, ctx: Ctx, f: MeetingListQuery) {
  requireRead(actor);
  let q = ctx.db.selectFrom('meetings');
  if (!actor.scope.global) {
    const { lo, hi } = subtreeRange(actor.scope.path);
    q = q.where('owner_path', '>=', lo).where('owner_path', '<', hi);
  }
  if (f.q) {
    q = q.where(containsText(['title'], f.q));
  }
  if (f.kind) {
    q = q.where('kind', '=', f.kind);
  }
  if (f.state) {
    q = q.where('state', '=', f.state);
  }
  if (f.planId) {
    q = q.where('plan_id', '=', f.planId);
  }
  if (f.from) {
    q = q.where('meeting_date', '>=', f.from);
  }
  if (f.to) {
    q = q.where('meeting_date', '<=', f.to);
  }
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      // Undated meetings last on both databases (they order NULL differently).
      .orderBy(sql`coalesce(meeting_date, '')`, 'desc')
      .orderBy('id', 'desc')
      .limit(f.pageSize)
      .offset((f.current - 1) * f.pageSize)
      .execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  const n = await names(ctx, rows);
  return { data: rows.map((m) => present(m, n)), total: total.n };
}

/** An organisation in the actor's scope, or a validation error naming the field. */
async function scopedOrg(actor: Actor, ctx: Ctx, orgId: number, field: string) {
  const org = await findOrg(ctx.db, orgId);
  if (!org || !inScope(actor, org.path)) {
    throw invalid([{ field, message: `组织 ${orgId} 不存在或不在管理范围内` }]);
  }
  return org;
}

async function checkPlan(actor: Actor, ctx: Ctx, planId: number | null | undefined, field: string) {
  if (planId) {
    try {
      await loadManagedPlan(actor, ctx, planId);
    } catch (err) {
      if (err instanceof AppError && (err.code === 'not_found' || err.code === 'forbidden')) {
        throw invalid([{ field, message: `方案 ${planId} 不存在或不在管理范围内` }]);
      }
      throw err;
    }
  }
}

/**
 * Where a decision's sentence lies in the source text: the occurrence of `sentence` that covers
 * `sourceOffset` (or the first one), else the decision text at `sourceOffset`. Null when there is no source.
 */
export function locateSentence(
  source: string | null,
  d: Pick<DecisionCreate, 'sentence' | 'sourceOffset' | 'text'>,
  field: string,
): { start: number; end: number } | null {
  if (source === null || (!d.sentence && (d.sourceOffset ?? null) === null)) {
    return null;
  }
  const offset = d.sourceOffset ?? null;
  if (offset !== null && offset > source.length) {
    throw invalid([{ field: `${field}.sourceOffset`, message: '超出原文长度' }]);
  }
  if (d.sentence) {
    if (offset !== null) {
      const before = source.lastIndexOf(d.sentence, offset);
      if (before >= 0 && before + d.sentence.length >= offset) {
        return { start: before, end: before + d.sentence.length };
      }
    }
    const any = source.indexOf(d.sentence);
    if (any >= 0) {
      return { start: any, end: any + d.sentence.length };
    }
    throw invalid([{ field: `${field}.sentence`, message: '原文中找不到这句话' }]);
  }
  if (offset !== null && source.startsWith(d.text, offset)) {
    return { start: offset, end: offset + d.text.length };
  }
  return null;
}

/** The lead unit of a new decision: the one chosen, or the organisation the report names, when it is in scope. */
async function decisionUnit(actor: Actor, ctx: Ctx, m: Meeting, d: DecisionCreate, field: string) {
  if (d.unitId) {
    return (await scopedOrg(actor, ctx, d.unitId, `${field}.unitId`)).id;
  }
  if (d.suggestedUnit) {
    // The report names units as people write them (海西州, 西宁市人民政府): matched like an imported sheet's.
    const { lo, hi } = subtreeRange(m.owner_path);
    const units = await ctx.db
      .selectFrom('orgs')
      .select(['id', 'path', 'name', 'kind'])
      .where('path', '>=', lo)
      .where('path', '<', hi)
      .execute();
    // Only a name or one of its usual forms: an abbreviation would need someone to confirm it, and the
    // supervisor picks the unit on the decision instead.
    const found = new UnitMatcher(units.filter((u) => inScope(actor, u.path))).find(d.suggestedUnit);
    return 'unit' in found && found.by !== 'abbreviation' ? found.unit.id : null;
  }
  return null;
}

async function insertDecisions(
  actor: Actor,
  tx: TxCtx,
  m: Meeting,
  decisions: DecisionCreate[],
  field: (i: number) => string,
): Promise<number[]> {
  const last = await tx.db
    .selectFrom('meeting_decisions')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('meeting_id', '=', m.id)
    .executeTakeFirst();
  let seq = Number(last?.seq ?? 0);
  const at = iso(tx.clock.now());
  const ids: number[] = [];
  for (const [i, d] of decisions.entries()) {
    const span = locateSentence(m.source_text, d, field(i));
    const unitId = await decisionUnit(actor, tx, m, d, field(i));
    seq += 1;
    const { id } = await tx.db
      .insertInto('meeting_decisions')
      .values({
        meeting_id: m.id,
        seq,
        text: d.text,
        speaker: d.speaker ?? null,
        deadline: d.deadline ?? null,
        suggested_unit: d.suggestedUnit ?? null,
        unit_id: unitId,
        sentence: d.sentence ?? null,
        source_start: span?.start ?? null,
        source_end: span?.end ?? null,
        state: 'draft',
        item_id: null,
        published_at: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
  }
  return ids;
}

/** Creates a draft meeting, with draft decisions (e.g. an intake result's directives). */
export async function createMeeting(actor: Actor, tx: TxCtx, input: MeetingCreate): Promise<MeetingDetail> {
  requirePermission(actor, 'meeting.manage');
  const ownerId = input.ownerOrgId ?? (actor.scope.global ? actor.orgId : actor.scope.orgId);
  const owner = await scopedOrg(actor, tx, ownerId, 'body.ownerOrgId');
  await checkPlan(actor, tx, input.planId, 'body.planId');
  const located = (d: DecisionCreate) => !!d.sentence || (d.sourceOffset ?? null) !== null;
  if ((input.decisions ?? []).some(located) && !input.sourceText) {
    const i = (input.decisions ?? []).findIndex(located);
    throw invalid([
      { field: `body.decisions.${i}.sentence`, message: '没有会议原文（sourceText），无法定位出处' },
    ]);
  }
  const at = iso(tx.clock.now());
  const { id } = await tx.db
    .insertInto('meetings')
    .values({
      kind: input.kind,
      title: input.title,
      meeting_date: input.date ?? null,
      date_inferred: input.dateInferred ? 1 : 0,
      place: input.place ?? null,
      format: input.format ?? null,
      chair: input.chair ?? null,
      participants: JSON.stringify(
        (input.participants ?? []).map((p) => ({ name: p.name, titles: p.titles, role: p.role ?? null })),
      ),
      agenda: input.agenda ?? null,
      source_text: input.sourceText ?? null,
      original_text: input.originalText ?? null,
      owner_org_id: owner.id,
      owner_path: owner.path,
      plan_id: input.planId ?? null,
      state: 'draft',
      created_by: actor.via === 'cli' ? null : actor.id,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const m = await tx.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await insertDecisions(actor, tx, m, input.decisions ?? [], (i) => `body.decisions.${i}`);
  const out = await detail(tx, m);
  const { sourceText: _s, originalText: _o, ...logged } = out;
  await appendAudit(tx, who(actor), {
    action: 'meeting.create',
    entityType: 'meeting',
    entityId: id,
    after: logged,
  });
  return out;
}

export async function updateMeeting(
  actor: Actor,
  tx: TxCtx,
  id: number,
  input: MeetingUpdate,
): Promise<MeetingDetail> {
  const m = await loadManagedMeeting(actor, tx, id);
  if (input.planId !== undefined && input.planId !== m.plan_id) {
    await checkPlan(actor, tx, input.planId, 'body.planId');
  }
  const before = present(m, await names(tx, [m]));
  const keep = <T>(v: T | undefined, old: T): T => (v === undefined ? old : v);
  await tx.db
    .updateTable('meetings')
    .set({
      kind: input.kind ?? m.kind,
      title: input.title ?? m.title,
      meeting_date: keep(input.date, m.meeting_date),
      date_inferred:
        input.dateInferred !== undefined
          ? input.dateInferred
            ? 1
            : 0
          : input.date !== undefined
            ? 0
            : m.date_inferred,
      place: keep(input.place, m.place),
      format: keep(input.format, m.format),
      chair: keep(input.chair, m.chair),
      participants: input.participants
        ? JSON.stringify(input.participants.map((p) => ({ ...p, role: p.role ?? null })))
        : m.participants,
      agenda: keep(input.agenda, m.agenda),
      plan_id: keep(input.planId, m.plan_id),
      updated_at: iso(tx.clock.now()),
    })
    .where('id', '=', id)
    .execute();
  const after = await getMeeting(actor, tx, id);
  const { sourceText: _s, originalText: _o, decisions: _d, ...logged } = after;
  await appendAudit(tx, who(actor), {
    action: 'meeting.update',
    entityType: 'meeting',
    entityId: id,
    before,
    after: logged,
  });
  return after;
}

async function loadDecision(tx: TxCtx, m: Meeting, decisionId: number): Promise<MeetingDecision> {
  const d = await tx.db
    .selectFrom('meeting_decisions')
    .selectAll()
    .where('id', '=', decisionId)
    .where('meeting_id', '=', m.id)
    .executeTakeFirst();
  if (!d) {
    throw notFound('decision', decisionId);
  }
  return d;
}

function requireDraft(d: MeetingDecision): void {
  if (d.state !== 'draft') {
    throw conflict('params.decisionId', `议定事项 ${d.seq} 已发布为事项，请在事项中修改`);
  }
}

export async function addDecision(
  actor: Actor,
  tx: TxCtx,
  meetingId: number,
  input: DecisionCreate,
): Promise<DecisionOut> {
  const m = await loadManagedMeeting(actor, tx, meetingId);
  const [id] = await insertDecisions(actor, tx, m, [input], () => 'body');
  await tx.db
    .updateTable('meetings')
    .set({ updated_at: iso(tx.clock.now()) })
    .where('id', '=', m.id)
    .execute();
  const out = (await listDecisions(tx, m.id)).find((d) => d.id === id)!;
  await appendAudit(tx, who(actor), {
    action: 'meeting.decision_add',
    entityType: 'meeting',
    entityId: m.id,
    after: out,
  });
  return out;
}

export async function updateDecision(
  actor: Actor,
  tx: TxCtx,
  meetingId: number,
  decisionId: number,
  input: z.infer<typeof decisionUpdate>,
): Promise<DecisionOut> {
  const m = await loadManagedMeeting(actor, tx, meetingId);
  const d = await loadDecision(tx, m, decisionId);
  requireDraft(d);
  const unitId =
    input.unitId === undefined
      ? d.unit_id
      : input.unitId === null
        ? null
        : (await scopedOrg(actor, tx, input.unitId, 'body.unitId')).id;
  const before = (await listDecisions(tx, m.id)).find((x) => x.id === d.id);
  await tx.db
    .updateTable('meeting_decisions')
    .set({
      text: input.text ?? d.text,
      speaker: input.speaker === undefined ? d.speaker : input.speaker,
      deadline: input.deadline === undefined ? d.deadline : input.deadline,
      suggested_unit: input.suggestedUnit === undefined ? d.suggested_unit : input.suggestedUnit,
      unit_id: unitId,
      updated_at: iso(tx.clock.now()),
    })
    .where('id', '=', d.id)
    .execute();
  const after = (await listDecisions(tx, m.id)).find((x) => x.id === d.id)!;
  await appendAudit(tx, who(actor), {
    action: 'meeting.decision_update',
    entityType: 'meeting',
    entityId: m.id,
    before,
    after,
  });
  return after;
}

export async function deleteDecision(
  actor: Actor,
  tx: TxCtx,
  meetingId: number,
  decisionId: number,
): Promise<{ ok: true }> {
  const m = await loadManagedMeeting(actor, tx, meetingId);
  const d = await loadDecision(tx, m, decisionId);
  requireDraft(d);
  const before = (await listDecisions(tx, m.id)).find((x) => x.id === d.id);
  await tx.db.deleteFrom('meeting_decisions').where('id', '=', d.id).execute();
  await appendAudit(tx, who(actor), {
    action: 'meeting.decision_delete',
    entityType: 'meeting',
    entityId: m.id,
    before,
  });
  return { ok: true };
}
