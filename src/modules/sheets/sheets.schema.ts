import { z } from 'zod';
import { itemListQuery } from '../items/items.schema.js';

const unitRef = z.object({ id: z.number().int(), name: z.string() });

const importRow = z.object({
  /** The row's number in the sheet. */
  row: z.number().int(),
  code: z.string(),
  title: z.string(),
  category: z.string().nullable(),
  leadUnit: unitRef.nullable(),
  coUnits: z.array(unitRef),
  leader: unitRef.nullable(),
  deadline: z.string().nullable(),
  ongoing: z.boolean(),
  milestones: z.array(z.object({ title: z.string(), dueDate: z.string() })),
  /** create · update (a draft the sheet changed) · unchanged · skip (already assigned: left as is) */
  action: z.enum(['create', 'update', 'unchanged', 'skip']),
  itemId: z.number().int().nullable(),
  /** Problems that stop the import. */
  errors: z.array(z.string()),
  /** What was assumed or left out (a leader who is not a user, a deadline taken from the last milestone). */
  notes: z.array(z.string()),
});

export const importResult = z.object({
  sheet: z.string(),
  /** Which header each field was read from. */
  columns: z.record(z.string(), z.string()),
  /** What the sheet held that was not imported (hidden rows, totals, unknown columns). */
  notes: z.array(z.string()),
  rows: z.array(importRow),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
  /** false for a dry run */
  stored: z.boolean(),
});

export const importQuery = z.object({
  /** true: only say what the import would do. */
  dryRun: z.enum(['true', 'false']).optional(),
});

export const exportQuery = itemListQuery.omit({ current: true, pageSize: true });
