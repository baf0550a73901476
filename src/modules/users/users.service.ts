import type { z } from 'zod';
import { inScope, requirePermission, whereInScope } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { containsText, countAll } from '../../db/adapter.js';
import type { User } from '../../db/schema.js';
import { adminRoles, separationViolation, type RoleCode } from '../../domain/permissions.js';
import { subtreeRange } from '../../domain/org-path.js';
import { AppError, conflict, invalid, notFound } from '../../errors.js';
import { appendAudit, who, type AuditWho } from '../audit/audit.service.js';
import { enforcePolicy, generatePassword, hashPassword } from '../auth/passwords.js';
import { revokeUserSessions } from '../auth/sessions.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { findUser, findUserByName, presentUser, presentUsers, rolesOf, setRoles } from './users.repo.js';
import type { userCreate, userListQuery, userUpdate, UserOut } from './users.schema.js';

/** Loads a user the actor may see (its organisation lies in the actor's scope), or throws 404. */
async function visibleUser(actor: Actor, ctx: Ctx, id: number): Promise<{ user: User; orgPath: string }> {
  const row = await ctx.db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .selectAll('users')
    .select('orgs.path as org_path')
    .where('users.id', '=', id)
    .executeTakeFirst();
  if (!row || !inScope(actor, row.org_path)) {
    throw notFound('user', id);
  }
  const { org_path, ...user } = row;
  return { user, orgPath: org_path };
}

/**
 * A user the actor may change: visible, and overseeing nothing beyond the actor's own scope — a
 * county admin must not reset the password of someone who oversees the whole city.
 */
async function manageableUser(actor: Actor, ctx: Ctx, id: number): Promise<{ user: User; orgPath: string }> {
  const found = await visibleUser(actor, ctx, id);
  if (actor.scope.global) {
    return found;
  }
  const { user } = found;
  const scopeOrg = user.scope_org_id === null ? undefined : await findOrg(ctx.db, user.scope_org_id);
  if (user.global_scope === 1 || (scopeOrg && !inScope(actor, scopeOrg.path))) {
    throw new AppError('forbidden', { details: { reason: 'this account oversees more than your scope' } });
  }
  return found;
}

export async function getUser(actor: Actor, ctx: Ctx, id: number): Promise<UserOut> {
  requirePermission(actor, 'user.read');
  const { user } = await visibleUser(actor, ctx, id);
  return presentUser(ctx.db, user);
}

export async function listUsers(actor: Actor, ctx: Ctx, f: z.infer<typeof userListQuery>) {
  requirePermission(actor, 'user.read');
  let q = whereInScope(
    actor,
    ctx.db.selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id'),
    'orgs.path',
  );
  if (f.orgId !== undefined) {
    const org = await findOrg(ctx.db, f.orgId);
    if (!org || !inScope(actor, org.path)) {
      return { data: [], total: 0 };
    }
    const { lo, hi } = subtreeRange(org.path);
    q = q.where('orgs.path', '>=', lo).where('orgs.path', '<', hi);
  }
  if (f.role) {
    const role = f.role;
    q = q.where('users.id', 'in', (eb) =>
      eb.selectFrom('user_roles').select('user_id').where('role', '=', role),
    );
  }
  if (f.disabled) {
    q = q.where('users.disabled', '=', f.disabled === 'true' ? 1 : 0);
  }
  if (f.q) {
    q = q.where(containsText(['users.username', 'users.display_name'], f.q));
  }
  const [rows, total] = await Promise.all([
    q
      .selectAll('users')
      .orderBy('orgs.path')
      .orderBy('users.id')
      .limit(f.pageSize)
      .offset((f.current - 1) * f.pageSize)
      .execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: await presentUsers(ctx.db, rows), total: total.n };
}

/** Checks that organisation ids exist and lie in the actor's scope (null actor: the CLI, no limit). */
async function requireOrgInScope(actor: Actor | null, ctx: Ctx, orgId: number, field: string) {
  const org = await findOrg(ctx.db, orgId);
  if (!org || (actor && !inScope(actor, org.path))) {
    throw invalid([{ field, message: `组织 ${orgId} 不存在或不在管理范围内` }]);
  }
  return org;
}

export interface NewUserInput {
  username: string;
  displayName: string;
  orgId: number;
  scopeOrgId?: number | null;
  globalScope?: boolean;
  password?: string;
  email?: string | null;
  phone?: string | null;
  locale?: string | null;
  roles?: RoleCode[];
  /** Accounts made by an admin must change their password at first login; demo accounts need not. */
  mustChangePassword?: boolean;
}

/**
 * Creates an account. Shared by the API (an actor), the CLI and demo data (actor null, audited as
 * the given `by`). Returns the password chosen when none was given.
 */
export async function insertUser(
  actor: Actor | null,
  tx: TxCtx,
  input: NewUserInput,
  by: AuditWho = who(actor),
): Promise<{ user: UserOut; temporaryPassword?: string }> {
  if (await findUserByName(tx.db, input.username)) {
    throw conflict('body.username', `用户名 ${input.username} 已存在`);
  }
  await requireOrgInScope(actor, tx, input.orgId, 'body.orgId');
  if (input.scopeOrgId !== undefined && input.scopeOrgId !== null) {
    await requireOrgInScope(actor, tx, input.scopeOrgId, 'body.scopeOrgId');
  }
  if (input.globalScope && actor && !actor.scope.global) {
    throw new AppError('forbidden', {
      details: { reason: 'only an installation-wide admin grants installation-wide scope' },
    });
  }
  const roles = input.roles ?? [];
  const violation = separationViolation(roles);
  if (violation) {
    throw new AppError('separation_of_duties', {
      params: { summary: violation },
      details: [{ field: 'roles', message: violation }],
    });
  }
  const temporaryPassword = input.password === undefined ? generatePassword() : undefined;
  const password = input.password ?? temporaryPassword!;
  enforcePolicy(password, input.username, 'body.password');
  const at = iso(tx.clock.now());
  const { id } = await tx.db
    .insertInto('users')
    .values({
      username: input.username,
      display_name: input.displayName,
      org_id: input.orgId,
      scope_org_id: input.scopeOrgId ?? null,
      global_scope: input.globalScope ? 1 : 0,
      password_hash: await hashPassword(password, tx.config.argon2),
      must_change_password: input.mustChangePassword === false ? 0 : 1,
      failed_logins: 0,
      disabled: 0,
      email: input.email ?? null,
      phone: input.phone ?? null,
      locale: input.locale ?? null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setRoles(tx.db, id, roles);
  const user = await presentUser(tx.db, (await findUser(tx.db, id))!);
  await appendAudit(tx, by, { action: 'user.create', entityType: 'user', entityId: id, after: user });
  return temporaryPassword === undefined ? { user } : { user, temporaryPassword };
}

/**
 * An admin creates an account. Under 三员分立 the system admin creates accounts and the security admin
 * grants roles, so accounts start with no role.
 */
export async function createUser(actor: Actor, tx: TxCtx, input: z.infer<typeof userCreate>) {
  requirePermission(actor, 'user.manage');
  return insertUser(actor, tx, input);
}

export async function updateUser(
  actor: Actor,
  tx: TxCtx,
  id: number,
  input: z.infer<typeof userUpdate>,
): Promise<UserOut> {
  requirePermission(actor, 'user.manage');
  const { user } = await manageableUser(actor, tx, id);
  const before = await presentUser(tx.db, user);
  if (input.orgId !== undefined) {
    await requireOrgInScope(actor, tx, input.orgId, 'body.orgId');
  }
  if (input.scopeOrgId !== undefined && input.scopeOrgId !== null) {
    await requireOrgInScope(actor, tx, input.scopeOrgId, 'body.scopeOrgId');
  }
  if (input.globalScope !== undefined && input.globalScope !== before.globalScope && !actor.scope.global) {
    throw new AppError('forbidden', {
      details: { reason: 'only an installation-wide admin grants installation-wide scope' },
    });
  }
  await tx.db
    .updateTable('users')
    .set({
      display_name: input.displayName ?? user.display_name,
      org_id: input.orgId ?? user.org_id,
      scope_org_id: input.scopeOrgId === undefined ? user.scope_org_id : input.scopeOrgId,
      global_scope: input.globalScope === undefined ? user.global_scope : input.globalScope ? 1 : 0,
      email: input.email === undefined ? user.email : input.email,
      phone: input.phone === undefined ? user.phone : input.phone,
      locale: input.locale === undefined ? user.locale : input.locale,
      updated_at: iso(tx.clock.now()),
    })
    .where('id', '=', id)
    .execute();
  const after = await presentUser(tx.db, (await findUser(tx.db, id))!);
  await appendAudit(tx, who(actor), {
    action: 'user.update',
    entityType: 'user',
    entityId: id,
    before,
    after,
  });
  return after;
}

function notSelf(actor: Actor, id: number, what: string) {
  if (actor.id === id) {
    throw new AppError('forbidden', { details: { reason: `you cannot ${what} your own account` } });
  }
}

export async function setDisabled(actor: Actor, tx: TxCtx, id: number, disabled: boolean): Promise<UserOut> {
  requirePermission(actor, 'user.manage');
  notSelf(actor, id, disabled ? 'disable' : 'enable');
  const { user } = await manageableUser(actor, tx, id);
  await tx.db
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0, updated_at: iso(tx.clock.now()) })
    .where('id', '=', id)
    .execute();
  if (disabled) {
    await revokeUserSessions(tx, id);
  }
  await appendAudit(tx, who(actor), {
    action: disabled ? 'user.disable' : 'user.enable',
    entityType: 'user',
    entityId: id,
    before: { disabled: user.disabled === 1 },
    after: { disabled },
  });
  return presentUser(tx.db, (await findUser(tx.db, id))!);
}

/** Sets a new random password that must be changed at next sign-in, and ends the user's sessions. */
export async function resetPassword(actor: Actor | null, tx: TxCtx, id: number, password?: string) {
  if (actor) {
    requirePermission(actor, 'user.manage');
    notSelf(actor, id, 'reset the password of');
    await manageableUser(actor, tx, id);
  }
  const user = await findUser(tx.db, id);
  if (!user) {
    throw notFound('user', id);
  }
  const temporaryPassword = password ?? generatePassword();
  enforcePolicy(temporaryPassword, user.username);
  const at = iso(tx.clock.now());
  await tx.db
    .updateTable('users')
    .set({
      password_hash: await hashPassword(temporaryPassword, tx.config.argon2),
      must_change_password: 1,
      failed_logins: 0,
      locked_until: null,
      password_changed_at: at,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
  await revokeUserSessions(tx, id);
  await appendAudit(tx, who(actor), { action: 'user.reset_password', entityType: 'user', entityId: id });
  return { temporaryPassword };
}

/**
 * Replaces the roles a user holds. The security admin's task: never on the own account, and the
 * result must respect 三员分立.
 */
export async function assignRoles(
  actor: Actor | null,
  tx: TxCtx,
  id: number,
  roles: RoleCode[],
): Promise<UserOut> {
  if (actor) {
    requirePermission(actor, 'user.assign_roles');
    notSelf(actor, id, 'change the roles of');
    await manageableUser(actor, tx, id);
  }
  const user = await findUser(tx.db, id);
  if (!user) {
    throw notFound('user', id);
  }
  const violation = separationViolation(roles);
  if (violation) {
    throw new AppError('separation_of_duties', {
      params: { summary: violation },
      details: [{ field: 'body.roles', message: violation }],
    });
  }
  if (actor && !actor.scope.global && roles.some((r) => adminRoles.includes(r))) {
    throw new AppError('forbidden', {
      details: { reason: 'only an installation-wide security admin grants admin roles' },
    });
  }
  const before = (await rolesOf(tx.db, [id])).get(id) ?? [];
  await setRoles(tx.db, id, roles);
  await tx.db
    .updateTable('users')
    .set({ updated_at: iso(tx.clock.now()) })
    .where('id', '=', id)
    .execute();
  await appendAudit(tx, who(actor), {
    action: 'user.assign_roles',
    entityType: 'user',
    entityId: id,
    before: { roles: before },
    after: { roles: [...new Set(roles)].sort() },
  });
  return presentUser(tx.db, (await findUser(tx.db, id))!);
}

export async function unlockUser(actor: Actor, tx: TxCtx, id: number): Promise<UserOut> {
  requirePermission(actor, 'user.unlock');
  const { user } = await manageableUser(actor, tx, id);
  await tx.db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, updated_at: iso(tx.clock.now()) })
    .where('id', '=', id)
    .execute();
  await appendAudit(tx, who(actor), {
    action: 'user.unlock',
    entityType: 'user',
    entityId: id,
    before: { lockedUntil: user.locked_until, failedLogins: user.failed_logins },
  });
  return presentUser(tx.db, (await findUser(tx.db, id))!);
}

/** Ends every session of a user (the security admin's answer to a lost laptop). */
export async function revokeSessionsOf(actor: Actor, tx: TxCtx, id: number): Promise<{ revoked: number }> {
  requirePermission(actor, 'session.revoke_any');
  await manageableUser(actor, tx, id);
  const revoked = await revokeUserSessions(tx, id);
  await appendAudit(tx, who(actor), {
    action: 'session.revoke_all',
    entityType: 'user',
    entityId: id,
    after: { revoked },
  });
  return { revoked };
}
