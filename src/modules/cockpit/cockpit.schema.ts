import { z } from 'zod';
import { orgKinds } from '../../db/schema.js';
import { healthValues } from '../../domain/health.js';
import { itemStates } from '../../domain/workflow.js';
import { MAX_ID } from '../../http/schemas.js';

export const cockpitQuery = z.object({
  /** Only the items of this plan (行动方案); all plans you may see when left out. */
  planId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  /**
   * The organisation to look at: only items led by it or a unit below it, grouped by its direct
   * children. Left out: every item you may see, grouped under the root of your scope.
   */
  unitId: z.coerce.number().int().positive().max(MAX_ID).optional(),
});
export type CockpitQuery = z.infer<typeof cockpitQuery>;

const count = z.number().int();
/** A share between 0 and 1; null when there is nothing to divide by. */
const rate = z.number().min(0).max(1).nullable();

/** One count for every health value, zeros included. */
export const byHealthOut = z.object(
  Object.fromEntries(healthValues.map((h) => [h, count])) as Record<
    (typeof healthValues)[number],
    typeof count
  >,
);
/** One count for every workflow state, zeros included. */
export const byStateOut = z.object(
  Object.fromEntries(itemStates.map((s) => [s, count])) as Record<(typeof itemStates)[number], typeof count>,
);

const orgRef = z.object({
  orgId: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(orgKinds),
});

export const cockpitOut = z.object({
  /** The organisation the figures are grouped under; null for installation-wide scope (every tree). */
  root: orgRef.nullable(),
  /** The day the figures were computed for, in the office's time zone. */
  asOf: z.string(),
  total: count,
  byHealth: byHealthOut,
  byState: byStateOut,
  /** Completed ÷ (total − cancelled). */
  completionRate: rate,
  /** Completed by the deadline ÷ completed. */
  onTimeRate: rate,
  /** The last 12 months, oldest first (Asia/Shanghai calendar months). */
  trend: z.array(
    z.object({
      /** YYYY-MM */
      month: z.string(),
      /** Items (not cancelled) whose deadline falls in the month. */
      due: count,
      /** Items completed (办结) in the month. */
      completed: count,
      /** Of those, completed on or before their deadline. */
      completedOnTime: count,
    }),
  ),
  /**
   * Lead units grouped at the direct children of the root (the root itself when it leads an item),
   * best first. Unassigned items are left out. `score` = 100 × (on-time completions + 0.8 × late
   * completions − 0.5 × red items) ÷ (items − cancelled): completion counts, lateness costs a little,
   * and every overdue or lagging item costs half a completion. Ties go to fewer red, then more items.
   */
  ranking: z.array(
    orgRef.extend({
      total: count,
      completed: count,
      red: count,
      yellow: count,
      onTimeRate: rate,
      completionRate: rate,
      score: z.number(),
    }),
  ),
  /** Counts by health per item category (null: no category), largest first. */
  categories: z.array(z.object({ category: z.string().nullable(), total: count, byHealth: byHealthOut })),
  /** Every direct child of the root, with the items led in its subtree; for the map. */
  regions: z.array(orgRef.extend({ total: count, byHealth: byHealthOut })),
  /** Up to 40 open items with a deadline, red first, then yellow, then by deadline; for the Gantt chart. */
  gantt: z.array(
    z.object({
      itemId: z.number().int(),
      code: z.string(),
      title: z.string(),
      unitName: z.string().nullable(),
      startDate: z.string().nullable(),
      deadline: z.string(),
      health: z.enum(healthValues),
      progress: z.number().int(),
      milestones: z.array(
        z.object({
          seq: z.number().int(),
          title: z.string(),
          dueDate: z.string(),
          doneOn: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type CockpitOut = z.infer<typeof cockpitOut>;
