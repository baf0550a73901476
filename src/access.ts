import { sql, type SelectQueryBuilder } from 'kysely';
import type { Actor } from './context.js';
import type { DB } from './db/schema.js';
import type { Permission } from './domain/permissions.js';
import { isWithin, subtreeRange } from './domain/org-path.js';
import { AppError, forbidden, notFound } from './errors.js';

/**
 * The one place that decides what an actor may do and see. Permissions answer "may this role do it";
 * scope answers "over which organisations". Something outside the actor's scope is reported as not
 * found (404), so that its existence is not revealed; a missing permission is 403.
 */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!actor.permissions.has(permission)) {
    throw forbidden(permission);
  }
}

export function inScope(actor: Actor, orgPath: string): boolean {
  return actor.scope.global || isWithin(orgPath, actor.scope.path);
}

/**
 * Checks a permission and that every organisation path given lies in the actor's scope.
 * `entity` names what is reported missing when it does not.
 */
export function requireAccess(
  actor: Actor,
  permission: Permission,
  orgPaths: string[],
  entity: string,
): void {
  requirePermission(actor, permission);
  if (!orgPaths.every((p) => inScope(actor, p))) {
    throw notFound(entity);
  }
}

/** Restricts a query to rows whose organisation path (the column named, e.g. `orgs.path`) lies in the actor's scope. */
export function whereInScope<TB extends keyof DB, O>(
  actor: Actor,
  query: SelectQueryBuilder<DB, TB, O>,
  pathColumn: string,
): SelectQueryBuilder<DB, TB, O> {
  if (actor.scope.global) {
    return query;
  }
  const { lo, hi } = subtreeRange(actor.scope.path);
  // The column name is ours, never user input.
  return query.where(sql.ref(pathColumn), '>=', lo).where(sql.ref(pathColumn), '<', hi);
}

export function requireGlobal(actor: Actor, what: string): void {
  if (!actor.scope.global) {
    throw new AppError('forbidden', { details: { reason: `${what} needs installation-wide scope` } });
  }
}
