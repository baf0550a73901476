import { z } from 'zod';
import { pageQuery } from '../../http/paging.js';
import { id, MAX_ID } from '../../http/schemas.js';

export const reportStates = ['pending', 'draft', 'submitted', 'approved', 'returned'] as const;

export const reportOut = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  itemCode: z.string(),
  itemTitle: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  /** The lead unit's report (which consolidates the co-units'), or a co-unit's part. */
  isLead: z.boolean(),
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueDate: z.string(),
  state: z.enum(reportStates),
  progressText: z.string().nullable(),
  percent: z.number().int().nullable(),
  indicatorValue: z.number().nullable(),
  problems: z.string().nullable(),
  nextSteps: z.string().nullable(),
  noChange: z.boolean(),
  late: z.boolean(),
  missed: z.boolean(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  files: z.array(
    z.object({ id: z.number().int(), name: z.string(), size: z.number().int(), mime: z.string() }),
  ),
});
export type ReportOut = z.infer<typeof reportOut>;

export const reportDetail = reportOut.extend({
  /** The unit's last filed report for this item: what the form starts from. */
  previous: reportOut.nullable(),
  /** For the lead unit: the co-units' reports of the same period, to consolidate. */
  coUnitReports: z.array(reportOut),
  /** What you may do with it now: write (save, file, no change) or review. */
  can: z.object({ write: z.boolean(), review: z.boolean() }),
});

export const reportListQuery = pageQuery.extend({
  itemId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  state: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(reportStates)).max(5))
    .optional(),
  period: z.string().trim().max(16).optional(),
  /** Reports of this organisation and those below it. */
  unitId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  /** Only reports this user must review. */
  toReview: z.enum(['true', 'false']).optional(),
});

export const reportFields = z.strictObject({
  /** What was done this period (本期进展). */
  progressText: z.string().trim().max(20_000).optional(),
  /** Share of the whole task done, 0–100. */
  percent: z.number().int().min(0).max(100).optional(),
  /** Current value of the item's quantified target. */
  indicatorValue: z.number().finite().nullable().optional(),
  problems: z.string().trim().max(20_000).nullable().optional(),
  nextSteps: z.string().trim().max(20_000).nullable().optional(),
  /** Evidence files already uploaded to the item. */
  fileIds: z.array(id).max(50).optional(),
});

export const reportReview = z.strictObject({
  decision: z.enum(['approve', 'return']),
  /** Why it is returned (required), or a remark on approval. */
  note: z.string().trim().max(5000).optional(),
});
