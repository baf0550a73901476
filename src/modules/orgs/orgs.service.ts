import type { z } from 'zod';
import { inScope, requireAccess, requireGlobal, requirePermission, whereInScope } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { containsText, countAll } from '../../db/adapter.js';
import type { Org } from '../../db/schema.js';
import { isWithin } from '../../domain/org-path.js';
import { AppError, conflict, invalid, notFound } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { findOrg, findOrgByCode, insertOrg, moveSubtree, toOrgOut } from './orgs.repo.js';
import type { orgCreate, orgListQuery, orgUpdate, OrgOut, OrgTreeNode } from './orgs.schema.js';

/** Reads one organisation the actor may see, or throws 404. */
export async function getOrg(actor: Actor, ctx: Ctx, id: number): Promise<OrgOut> {
  requirePermission(actor, 'org.read');
  const org = await findOrg(ctx.db, id);
  if (!org || !inScope(actor, org.path)) {
    throw notFound('org', id);
  }
  return toOrgOut(org);
}

export async function listOrgs(actor: Actor, ctx: Ctx, f: z.infer<typeof orgListQuery>) {
  requirePermission(actor, 'org.read');
  let q = whereInScope(actor, ctx.db.selectFrom('orgs'), 'orgs.path');
  if (f.parentId !== undefined) {
    q = q.where('parent_id', '=', f.parentId);
  }
  if (f.kind) {
    q = q.where('kind', '=', f.kind);
  }
  if (f.q) {
    q = q.where(containsText(['name', 'code'], f.q));
  }
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy('path')
      .limit(f.pageSize)
      .offset((f.current - 1) * f.pageSize)
      .execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map(toOrgOut), total: total.n };
}

/** The organisations the actor oversees, as nested trees (one per top of the scope). */
export async function orgTree(actor: Actor, ctx: Ctx): Promise<OrgTreeNode[]> {
  requirePermission(actor, 'org.read');
  const rows = await whereInScope(actor, ctx.db.selectFrom('orgs'), 'orgs.path')
    .selectAll()
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const nodes = new Map<number, OrgTreeNode>(rows.map((r) => [r.id, { ...toOrgOut(r), children: [] }]));
  const roots: OrgTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) {
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  return roots;
}

async function parentFor(actor: Actor, ctx: Ctx, parentId: number | null | undefined): Promise<Org | null> {
  if (parentId === null || parentId === undefined) {
    requireGlobal(actor, 'a root organisation');
    return null;
  }
  const parent = await findOrg(ctx.db, parentId);
  if (!parent || !inScope(actor, parent.path)) {
    throw invalid([{ field: 'body.parentId', message: `上级组织 ${parentId} 不存在或不在管理范围内` }]);
  }
  return parent;
}

export async function createOrg(actor: Actor, tx: TxCtx, input: z.infer<typeof orgCreate>): Promise<OrgOut> {
  requirePermission(actor, 'org.manage');
  const parent = await parentFor(actor, tx, input.parentId);
  if (await findOrgByCode(tx.db, input.code)) {
    throw conflict('body.code', `编码 ${input.code} 已被使用`);
  }
  const org = await insertOrg(tx.db, {
    code: input.code,
    name: input.name,
    kind: input.kind,
    parent,
    sortOrder: input.sortOrder ?? 0,
    at: iso(tx.clock.now()),
  });
  const out = toOrgOut(org);
  await appendAudit(tx, who(actor), {
    action: 'org.create',
    entityType: 'org',
    entityId: org.id,
    after: out,
  });
  return out;
}

export async function updateOrg(
  actor: Actor,
  tx: TxCtx,
  id: number,
  input: z.infer<typeof orgUpdate>,
): Promise<OrgOut> {
  const org = await findOrg(tx.db, id);
  if (!org) {
    throw notFound('org', id);
  }
  requireAccess(actor, 'org.manage', [org.path], 'org');
  const at = iso(tx.clock.now());
  if (input.code !== undefined && input.code !== org.code && (await findOrgByCode(tx.db, input.code))) {
    throw conflict('body.code', `编码 ${input.code} 已被使用`);
  }
  if (input.parentId !== undefined && input.parentId !== org.parent_id) {
    // Moving is changing the organisation's place in someone's scope: a scoped actor may not move the top of its own scope.
    if (!actor.scope.global && org.path === actor.scope.path) {
      throw new AppError('forbidden', { details: { reason: 'the top of your own scope cannot be moved' } });
    }
    const parent = await parentFor(actor, tx, input.parentId);
    if (parent && isWithin(parent.path, org.path)) {
      throw invalid([{ field: 'body.parentId', message: '不能移动到自身或下级组织之下' }]);
    }
    await moveSubtree(tx.db, org, parent, at);
  }
  await tx.db
    .updateTable('orgs')
    .set({
      code: input.code ?? org.code,
      name: input.name ?? org.name,
      kind: input.kind ?? org.kind,
      sort_order: input.sortOrder ?? org.sort_order,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
  const out = toOrgOut((await findOrg(tx.db, id))!);
  await appendAudit(tx, who(actor), {
    action: 'org.update',
    entityType: 'org',
    entityId: id,
    before: toOrgOut(org),
    after: out,
  });
  return out;
}
