import { z } from 'zod';
import { isDateText } from '../../domain/dates.js';
import { reportCycles } from '../../domain/periods.js';
import { pageQuery } from '../../http/paging.js';
import { id } from '../../http/schemas.js';

export const dateText = z.string().refine(isDateText, '日期格式为 YYYY-MM-DD');

export const listKinds = ['task', 'challenge', 'rectification', 'directive'] as const;

export const planOut = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  ownerOrgId: z.number().int(),
  ownerOrgName: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  reportCycle: z.enum(reportCycles),
  reportDueDay: z.number().int(),
  warningDays: z.number().int(),
  tolerancePct: z.number().int(),
  categories: z.array(z.string()),
  state: z.enum(['active', 'closed']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanOut = z.infer<typeof planOut>;

const planFields = {
  title: z.string().trim().min(1).max(300),
  description: z.string().trim().max(20_000).nullable().optional(),
  periodStart: dateText,
  periodEnd: dateText,
  /** monthly (月报) by default; weekly, biweekly or quarterly. */
  reportCycle: z.enum(reportCycles).optional(),
  /** The report of a period is due on this day of it (default: the 25th of a month). */
  reportDueDay: z.number().int().min(1).max(92).optional(),
  /** Days before a deadline or milestone at which an item turns yellow (default 7). */
  warningDays: z.number().int().min(0).max(90).optional(),
  /** Percentage points progress may lag its trajectory before it turns yellow (default 15). */
  tolerancePct: z.number().int().min(0).max(100).optional(),
  /** Categories items of this plan are filed under, e.g. 经济发展, 公共服务. */
  categories: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
};

export const planCreate = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, '编码只能由字母、数字和 . _ - 组成'),
  /** The organisation that owns and supervises the plan (default: your scope). */
  ownerOrgId: id.optional(),
  ...planFields,
});

export const planUpdate = z.strictObject({
  title: planFields.title.optional(),
  description: planFields.description,
  periodStart: dateText.optional(),
  periodEnd: dateText.optional(),
  reportCycle: planFields.reportCycle,
  reportDueDay: planFields.reportDueDay,
  warningDays: planFields.warningDays,
  tolerancePct: planFields.tolerancePct,
  categories: planFields.categories,
  state: z.enum(['active', 'closed']).optional(),
});

export const planListQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  state: z.enum(['active', 'closed']).optional(),
});

export const listOut = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  kind: z.enum(listKinds),
  title: z.string(),
  description: z.string().nullable(),
  /** Units may claim (认领) its unassigned items. */
  claimable: z.boolean(),
  sortOrder: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const listCreate = z.strictObject({
  planId: id,
  /** task 任务清单 · challenge 揭榜挂帅 · rectification 整改台账 · directive 会议议定/批示事项 */
  kind: z.enum(listKinds),
  title: z.string().trim().min(1).max(300),
  description: z.string().trim().max(20_000).nullable().optional(),
  claimable: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});

export const listUpdate = z.strictObject({
  title: z.string().trim().min(1).max(300).optional(),
  description: z.string().trim().max(20_000).nullable().optional(),
  claimable: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});

export const listListQuery = z.object({
  planId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});
