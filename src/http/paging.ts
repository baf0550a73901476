import { z } from 'zod';

/** Ant Design Pro's table convention: `?current=1&pageSize=20` in, `{ data, total }` out. */
export const pageQuery = z.object({
  /** Page number, from 1. */
  current: z.coerce.number().int().min(1).max(1_000_000).default(1),
  /** Rows per page, at most 200. */
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), total: z.number().int() });
}
