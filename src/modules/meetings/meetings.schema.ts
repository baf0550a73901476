import { z } from 'zod';
import { pageQuery } from '../../http/paging.js';
import { id, MAX_ID } from '../../http/schemas.js';
import { priorities } from '../items/items.schema.js';
import { dateText } from '../plans/plans.schema.js';

/** The longest report text kept (characters); a long news report is about 20,000. */
export const MAX_TEXT_CHARS = 300_000;

/** 动员部署会 · 推进会 · 月调度会 · 季度讲评会 · 专题会 · 常务会议 · 其他 */
export const meetingKinds = [
  'mobilization',
  'progress',
  'monthly',
  'quarterly_review',
  'special',
  'executive',
  'other',
] as const;
/** 现场 · 视频 · 电视电话 */
export const meetingFormats = ['onsite', 'video', 'teleconference'] as const;
export const meetingStates = ['draft', 'published'] as const;
export const decisionStates = ['draft', 'published'] as const;

const text = (max: number) => z.string().trim().max(max).nullable().optional();

export const participant = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** 职务, e.g. 省委常委、常务副省长 */
  titles: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  /** What they did: 主持, 讲话, 传达, 通报, 说明, 发言, 出席… */
  role: z.string().trim().max(16).nullable().optional(),
});

export const meetingOut = z.object({
  id: z.number().int(),
  kind: z.enum(meetingKinds),
  title: z.string(),
  date: z.string().nullable(),
  /** The date was worked out (year or day) rather than written in the report. */
  dateInferred: z.boolean(),
  place: z.string().nullable(),
  format: z.enum(meetingFormats).nullable(),
  chair: z.string().nullable(),
  participants: z.array(
    z.object({ name: z.string(), titles: z.array(z.string()), role: z.string().nullable() }),
  ),
  agenda: z.string().nullable(),
  ownerOrgId: z.number().int(),
  ownerOrgName: z.string(),
  planId: z.number().int().nullable(),
  planTitle: z.string().nullable(),
  state: z.enum(meetingStates),
  decisionCount: z.number().int(),
  publishedCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MeetingOut = z.infer<typeof meetingOut>;

export const decisionOut = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  seq: z.number().int(),
  text: z.string(),
  speaker: z.string().nullable(),
  deadline: z.string().nullable(),
  /** The unit the report names, as written. */
  suggestedUnit: z.string().nullable(),
  /** The lead unit chosen for it. */
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  /** The sentence of the report it came from, and where that lies in the meeting's `sourceText`. */
  sentence: z.string().nullable(),
  sourceStart: z.number().int().nullable(),
  sourceEnd: z.number().int().nullable(),
  state: z.enum(decisionStates),
  /** The item it became once published. */
  itemId: z.number().int().nullable(),
  itemCode: z.string().nullable(),
  itemState: z.string().nullable(),
  itemHealth: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DecisionOut = z.infer<typeof decisionOut>;

export const meetingDetail = meetingOut.extend({
  /** The report's text after normalisation; decisions point into it. */
  sourceText: z.string().nullable(),
  /** The report's text as it was read. */
  originalText: z.string().nullable(),
  decisions: z.array(decisionOut),
});
export type MeetingDetail = z.infer<typeof meetingDetail>;

const decisionFields = {
  text: z.string().trim().min(1).max(2000),
  /** Who gave it (讲话人); empty when the meeting as a whole decided it. */
  speaker: text(100),
  /** 完成时限 */
  deadline: dateText.nullable().optional(),
  /** The unit named in the report (text). */
  suggestedUnit: text(200),
  /** The lead unit (牵头单位) the item will get, an organisation within your scope. */
  unitId: id.nullable().optional(),
};

export const decisionCreate = z.strictObject({
  ...decisionFields,
  /** The report sentence it came from (an intake directive's `sentence`). */
  sentence: z.string().max(5000).nullable().optional(),
  /** Offset of `text` in the meeting's source text (an intake directive's `sourceOffset`). */
  sourceOffset: z.number().int().min(0).max(MAX_TEXT_CHARS).nullable().optional(),
});
export type DecisionCreate = z.infer<typeof decisionCreate>;

export const decisionUpdate = z.strictObject({
  text: decisionFields.text.optional(),
  speaker: decisionFields.speaker,
  deadline: decisionFields.deadline,
  suggestedUnit: decisionFields.suggestedUnit,
  unitId: decisionFields.unitId,
});

const reportText = z.string().max(MAX_TEXT_CHARS, `文本不能超过 ${MAX_TEXT_CHARS} 字`).nullable().optional();

const meetingFields = {
  kind: z.enum(meetingKinds),
  title: z.string().trim().min(1).max(300),
  date: dateText.nullable().optional(),
  dateInferred: z.boolean().optional(),
  place: text(200),
  format: z.enum(meetingFormats).nullable().optional(),
  chair: text(100),
  participants: z.array(participant).max(300).optional(),
  /** 议程 */
  agenda: text(20_000),
  /** The plan the meeting deploys or reviews (its decisions usually go into that plan's lists). */
  planId: id.nullable().optional(),
};

export const meetingCreate = z.strictObject({
  ...meetingFields,
  kind: meetingFields.kind.default('other'),
  /** The organisation that holds the meeting and tracks its decisions (default: your scope). */
  ownerOrgId: id.optional(),
  /** The normalised report text (intake's `normalizedText`); decisions' offsets point into it. */
  sourceText: reportText,
  /** The report text as read (intake's `originalText`). */
  originalText: reportText,
  /** Draft decisions, e.g. intake's `directives`. */
  decisions: z.array(decisionCreate).max(500).optional(),
});
export type MeetingCreate = z.infer<typeof meetingCreate>;

export const meetingUpdate = z.strictObject({
  kind: meetingFields.kind.optional(),
  title: meetingFields.title.optional(),
  date: meetingFields.date,
  dateInferred: meetingFields.dateInferred,
  place: meetingFields.place,
  format: meetingFields.format,
  chair: meetingFields.chair,
  participants: meetingFields.participants,
  agenda: meetingFields.agenda,
  planId: meetingFields.planId,
});
export type MeetingUpdate = z.infer<typeof meetingUpdate>;

export const meetingListQuery = pageQuery.extend({
  /** Text in the title. */
  q: z.string().trim().max(100).optional(),
  kind: z.enum(meetingKinds).optional(),
  state: z.enum(meetingStates).optional(),
  planId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  /** Held on or after this date. */
  from: dateText.optional(),
  /** Held on or before this date. */
  to: dateText.optional(),
});
export type MeetingListQuery = z.infer<typeof meetingListQuery>;

export const decisionParams = z.object({
  id: z.coerce.number().int().positive().max(MAX_ID),
  decisionId: z.coerce.number().int().positive().max(MAX_ID),
});

export const publishBody = z.strictObject({
  /** The list (usually a 会议议定事项 directive list) the items go into. */
  listId: id,
  /** The decisions to publish; default: every draft decision of the meeting. */
  decisionIds: z.array(id).min(1).max(500).optional(),
  /** Used where a decision has none of its own. */
  defaults: z
    .strictObject({
      deadline: dateText.nullable().optional(),
      /** Publish as ongoing work (长期坚持) where no deadline is given. */
      ongoing: z.boolean().optional(),
      leadUnitId: id.nullable().optional(),
      leadLeaderId: id.nullable().optional(),
      category: text(64),
      priority: z.enum(priorities).optional(),
    })
    .default({}),
});
export type PublishBody = z.infer<typeof publishBody>;

export const publishOut = z.object({
  meeting: meetingDetail,
  published: z.array(
    z.object({ decisionId: z.number().int(), itemId: z.number().int(), itemCode: z.string() }),
  ),
});
