import { z } from 'zod';
import { healthValues } from '../../domain/health.js';
import { reportCycles } from '../../domain/periods.js';
import { itemActions, itemStates } from '../../domain/workflow.js';
import { pageQuery } from '../../http/paging.js';
import { id, MAX_ID } from '../../http/schemas.js';
import { dateText } from '../plans/plans.schema.js';

export const itemSources = ['plan', 'meeting', 'instruction', 'inspection'] as const;
export const priorities = ['high', 'normal', 'low'] as const;

export const healthReasonOut = z.object({
  code: z.string(),
  level: z.string(),
  /** The reason in words, in the request's language. */
  text: z.string(),
});

export const itemOut = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  listId: z.number().int(),
  parentId: z.number().int().nullable(),
  code: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  source: z.enum(itemSources),
  leadLeaderId: z.number().int().nullable(),
  leadLeaderName: z.string().nullable(),
  leadUnitId: z.number().int().nullable(),
  leadUnitName: z.string().nullable(),
  coUnits: z.array(z.object({ id: z.number().int(), name: z.string() })),
  responsiblePerson: z.string().nullable(),
  target: z
    .object({
      indicator: z.string(),
      unit: z.string().nullable(),
      baseline: z.number().nullable(),
      value: z.number().nullable(),
      current: z.number().nullable(),
    })
    .nullable(),
  startDate: z.string().nullable(),
  deadline: z.string().nullable(),
  ongoing: z.boolean(),
  reviewCadence: z.enum(reportCycles).nullable(),
  priority: z.enum(priorities),
  tags: z.array(z.string()),
  state: z.enum(itemStates),
  health: z.enum(healthValues),
  healthReasons: z.array(healthReasonOut),
  progress: z.number().int(),
  results: z.string().nullable(),
  completedOn: z.string().nullable(),
  childCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ItemOut = z.infer<typeof itemOut>;

/**
 * Row of the ledger (台账): what a ledger shows and filters on. The item itself (`GET /items/{id}`)
 * has every field; a row leaves out the long texts, the target, dates other than the deadline and the
 * bookkeeping, so a page of 50 stays small and quick to read.
 */
export const itemRow = itemOut.pick({
  id: true,
  planId: true,
  listId: true,
  parentId: true,
  code: true,
  title: true,
  category: true,
  leadLeaderId: true,
  leadLeaderName: true,
  leadUnitId: true,
  leadUnitName: true,
  coUnits: true,
  responsiblePerson: true,
  deadline: true,
  ongoing: true,
  priority: true,
  state: true,
  health: true,
  healthReasons: true,
  progress: true,
  childCount: true,
  updatedAt: true,
});
export type ItemRow = z.infer<typeof itemRow>;

const text = (max: number) => z.string().trim().max(max).nullable().optional();

const itemFields = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff._〔〕()-]{0,63}$/, '编码最长 64 位'),
  title: z.string().trim().min(1).max(500),
  description: text(20_000),
  /** One of the plan's categories. */
  category: text(64),
  /** plan 方案 · meeting 会议议定 · instruction 领导批示 · inspection 督查/巡视发现 */
  source: z.enum(itemSources).optional(),
  /** The leader in charge (牵头领导), a user. */
  leadLeaderId: id.nullable().optional(),
  /** The lead unit (牵头单位); leave empty for work to be claimed. */
  leadUnitId: id.nullable().optional(),
  /** Co-units (配合单位). */
  coUnitIds: z.array(id).max(50).optional(),
  responsiblePerson: text(100),
  targetIndicator: text(200),
  targetUnit: text(32),
  targetBaseline: z.number().finite().nullable().optional(),
  targetValue: z.number().finite().nullable().optional(),
  startDate: dateText.nullable().optional(),
  /** Hard deadline (完成时限); omit for ongoing work. */
  deadline: dateText.nullable().optional(),
  /** Ongoing work (长期坚持), reviewed at `reviewCadence` instead of closed by a deadline. */
  ongoing: z.boolean().optional(),
  reviewCadence: z.enum(reportCycles).nullable().optional(),
  priority: z.enum(priorities).optional(),
  tags: z.array(z.string().trim().min(1).max(32)).max(20).optional(),
};

export const itemCreate = z.strictObject({
  listId: id,
  parentId: id.nullable().optional(),
  ...itemFields,
});

export const itemUpdate = z.strictObject({
  code: itemFields.code.optional(),
  title: itemFields.title.optional(),
  description: itemFields.description,
  category: itemFields.category,
  source: itemFields.source,
  leadLeaderId: itemFields.leadLeaderId,
  leadUnitId: itemFields.leadUnitId,
  coUnitIds: itemFields.coUnitIds,
  responsiblePerson: itemFields.responsiblePerson,
  targetIndicator: itemFields.targetIndicator,
  targetUnit: itemFields.targetUnit,
  targetBaseline: itemFields.targetBaseline,
  targetValue: itemFields.targetValue,
  startDate: itemFields.startDate,
  deadline: itemFields.deadline,
  ongoing: itemFields.ongoing,
  reviewCadence: itemFields.reviewCadence,
  priority: itemFields.priority,
  tags: itemFields.tags,
});

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).max(values.length));

export const itemSorts = ['deadline', '-deadline', 'code', '-updatedAt', 'progress', '-progress'] as const;

export const itemListQuery = pageQuery.extend({
  planId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  listId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  /** One or more of green, yellow, red, done_on_time, done_late, none (comma-separated). */
  health: csv(healthValues).optional(),
  state: csv(itemStates).optional(),
  /** Items led by this organisation or any below it. */
  unitId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  leaderId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  category: z.string().trim().max(64).optional(),
  /** Deadline on or before this date. */
  due_before: dateText.optional(),
  due_after: dateText.optional(),
  /** Text in the code or title. */
  q: z.string().trim().max(100).optional(),
  parentId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  /** Only unassigned items you may claim (认领). */
  claimable: z.enum(['true', 'false']).optional(),
  sort: z.enum(itemSorts).optional(),
});
export type ItemListQuery = z.infer<typeof itemListQuery>;

export const itemSummaryQuery = itemListQuery.pick({
  planId: true,
  listId: true,
  unitId: true,
  leaderId: true,
  category: true,
});

export const summaryOut = z.object({
  total: z.number().int(),
  byHealth: z.record(z.string(), z.number().int()),
  byState: z.record(z.string(), z.number().int()),
});

export const actionBody = z.strictObject({
  action: z.enum(itemActions),
  /** Why: required to refuse, re-route, return, request an extension, suspend or cancel. */
  reason: z.string().trim().max(5000).optional(),
  /** assign / reroute: the (new) lead unit. */
  unitId: id.optional(),
  /** request_extension: the deadline asked for. */
  newDeadline: dateText.optional(),
  /** request_completion: what was achieved (交账). */
  results: z.string().trim().max(20_000).optional(),
  /** request_completion: evidence files already uploaded to the item. */
  fileIds: z.array(id).max(50).optional(),
});
export type ActionBody = z.infer<typeof actionBody>;

export const milestoneOut = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  seq: z.number().int(),
  title: z.string(),
  dueDate: z.string(),
  deliverable: z.string().nullable(),
  doneOn: z.string().nullable(),
  doneNote: z.string().nullable(),
});

export const milestoneCreate = z.strictObject({
  title: z.string().trim().min(1).max(300),
  dueDate: dateText,
  deliverable: z.string().trim().max(500).nullable().optional(),
});

export const milestoneUpdate = z.strictObject({
  title: z.string().trim().min(1).max(300).optional(),
  dueDate: dateText.optional(),
  deliverable: z.string().trim().max(500).nullable().optional(),
});

export const milestoneGenerate = z.strictObject({
  /** Milestone titles, earliest first; the last falls on the deadline (倒排工期). */
  titles: z.array(z.string().trim().min(1).max(300)).min(1).max(24),
  /** Days between milestones; default: the time from start to deadline divided evenly. */
  intervalDays: z.number().int().min(1).max(366).optional(),
  /** Move each date back to the nearest working day on China's official calendar. */
  workingDays: z.boolean().optional(),
});

export const milestoneDone = z.strictObject({
  note: z.string().trim().max(5000).optional(),
  /** The day it was done; default today. */
  doneOn: dateText.optional(),
});

export const childCreate = z.strictObject({
  children: z
    .array(
      z.strictObject({
        unitId: id,
        title: z.string().trim().min(1).max(500),
        code: itemFields.code.optional(),
        deadline: dateText.nullable().optional(),
        responsiblePerson: text(100),
      }),
    )
    .min(1)
    .max(100),
});

export const commentOut = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  authorId: z.number().int(),
  authorName: z.string(),
  kind: z.enum(['comment', 'instruction']),
  body: z.string(),
  createdAt: z.string(),
});

export const commentCreate = z.strictObject({
  /** instruction (批示) needs the leader's permission. */
  kind: z.enum(['comment', 'instruction']).optional(),
  body: z.string().trim().min(1).max(10_000),
});

export const eventOut = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  kind: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  note: z.string().nullable(),
  data: z.unknown(),
});
