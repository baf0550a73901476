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

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Deeper than any request of ours is nested: refused before anything walks it recursively. */
const MAX_DEPTH = 32;

/**
 * The first part of a request no field may hold, with the reason: a string with a NUL character (which
 * PostgreSQL cannot store) or half of a UTF-16 surrogate pair (which no encoding can store), or nesting
 * deeper than any request needs. Walked with a stack of its own, so any depth is answered.
 */
export function findBadInput(value: unknown): { path: string[]; message: string } | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) {
        return { path, message: '不能包含 NUL 字符 (U+0000)' };
      }
      if (LONE_SURROGATE.test(v)) {
        return { path, message: '含有无效的 Unicode 字符（不成对的代理项）' };
      }
      continue;
    }
    if (!v || typeof v !== 'object') {
      continue;
    }
    if (path.length >= MAX_DEPTH) {
      return { path, message: `嵌套超过 ${MAX_DEPTH} 层` };
    }
    const entries: [string, unknown][] = Array.isArray(v)
      ? (v as unknown[]).map((x, i) => [String(i), x])
      : Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i]!;
      stack.push({ value: x, path: [...path, k] }, { value: k, path: [...path, k] });
    }
  }
  return null;
}
