import { z } from 'zod';
import { errorEnvelope } from './errors.js';

/** Largest value an integer column holds on PostgreSQL; larger ids are invalid input, not a server error. */
export const MAX_ID = 2_147_483_647;

/** A record id in a body. */
export const id = z.number().int().positive().max(MAX_ID);

/** `/things/:id` */
export const idParams = z.object({ id: z.coerce.number().int().positive().max(MAX_ID) });

export const ok = z.object({ ok: z.literal(true) });

/** Documents the error replies a route can give, with the one envelope. */
export function withErrors<T extends Record<number, z.ZodType>>(responses: T) {
  return { ...responses, 400: errorEnvelope, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope };
}

/** The path of the first string holding a NUL character (which PostgreSQL cannot store), if any. */
export function findNul(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? path : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...path, String(i)]);
      if (found) {
        return found;
      }
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(k, [...path, k]) ?? findNul(v, [...path, k]);
      if (found) {
        return found;
      }
    }
  }
  return null;
}
