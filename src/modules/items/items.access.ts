import { inScope } from '../../access.js';
import type { Actor, Ctx } from '../../context.js';
import type { Item } from '../../db/schema.js';
import type { Permission } from '../../domain/permissions.js';
import { pathIds } from '../../domain/org-path.js';
import { forbidden, notFound } from '../../errors.js';
import { workingStates, type ItemState } from '../../domain/workflow.js';

/** The paths of an organisation and all above it: "/1/5/12/" → ["/1/", "/1/5/", "/1/5/12/"]. */
export function ancestorPaths(path: string): string[] {
  const ids = pathIds(path);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

export interface ItemAccessFacts {
  item: Item;
  coUnitPaths: string[];
  /** Whether the item's list lets units claim unassigned items. */
  claimable: boolean;
}

export async function accessFacts(ctx: Ctx, item: Item): Promise<ItemAccessFacts> {
  const [co, list] = await Promise.all([
    ctx.db.selectFrom('item_co_units').select('org_path').where('item_id', '=', item.id).execute(),
    ctx.db.selectFrom('lists').select('claimable').where('id', '=', item.list_id).executeTakeFirst(),
  ]);
  return { item, coUnitPaths: co.map((c) => c.org_path), claimable: list?.claimable === 1 };
}

/** The supervision side: the plan belongs to the actor's scope. */
export function supervises(actor: Actor, f: ItemAccessFacts): boolean {
  return inScope(actor, f.item.plan_owner_path);
}

/** The lead unit is in the actor's scope. */
export function leads(actor: Actor, f: ItemAccessFacts): boolean {
  return f.item.lead_unit_id !== null && inScope(actor, f.item.unit_path);
}

export function coHandles(actor: Actor, f: ItemAccessFacts): boolean {
  return f.coUnitPaths.some((p) => inScope(actor, p));
}

/** Unassigned work in a claimable list, published by an office above the actor. */
export function mayClaim(actor: Actor, f: ItemAccessFacts): boolean {
  return (
    f.claimable &&
    f.item.lead_unit_id === null &&
    f.item.state === 'draft' &&
    !actor.scope.global &&
    ancestorPaths(actor.scope.path).includes(f.item.plan_owner_path)
  );
}

export function canSee(actor: Actor, f: ItemAccessFacts): boolean {
  return (
    actor.permissions.has('item.read') &&
    (actor.scope.global ||
      supervises(actor, f) ||
      leads(actor, f) ||
      coHandles(actor, f) ||
      mayClaim(actor, f))
  );
}

/** Throws 404 when the actor may not see the item, 403 when it may see it but lacks the permission. */
export function requireItem(
  actor: Actor,
  f: ItemAccessFacts,
  permission: Permission,
  side?: 'supervisor' | 'lead' | 'unit',
): void {
  if (!canSee(actor, f)) {
    throw notFound('item', f.item.id);
  }
  if (!actor.permissions.has(permission)) {
    throw forbidden(permission);
  }
  if (side === 'supervisor' && !supervises(actor, f)) {
    throw forbidden(permission);
  }
  if (side === 'lead' && !leads(actor, f)) {
    throw forbidden(permission);
  }
  if (side === 'unit' && !leads(actor, f) && !coHandles(actor, f)) {
    throw forbidden(permission);
  }
}

/**
 * What the actor may do with the item besides the lifecycle actions, decided by the same rules the
 * services enforce, so the web app shows a button only where the server would accept the request.
 */
export function itemCapabilities(actor: Actor, f: ItemAccessFacts) {
  const state = f.item.state as ItemState;
  const open = state !== 'completed' && state !== 'cancelled';
  const working = workingStates.includes(state);
  const has = (p: Permission) => actor.permissions.has(p);
  const supervising = supervises(actor, f) && has('item.manage');
  const leading = leads(actor, f) && has('item.handle');
  return {
    edit: supervising && open,
    planMilestones: open && (supervising || (leading && working)),
    markMilestones: leading && working,
    split: leading && working,
    uploadFiles:
      (has('report.submit') && (leads(actor, f) || coHandles(actor, f))) ||
      (has('item.manage') && supervises(actor, f)),
    comment: mayComment(actor),
    instruct: has('item.instruct'),
  };
}

/** Those who take part in the work may comment on it; a read-only account or token only reads. */
export function mayComment(actor: Actor): boolean {
  return (['item.manage', 'item.handle', 'item.review', 'item.instruct'] as const).some((p) =>
    actor.permissions.has(p),
  );
}
