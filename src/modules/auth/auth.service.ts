import { iso, MINUTE } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import type { User } from '../../db/schema.js';
import { resolvePermissions, tokenPermissions } from '../../domain/permissions.js';
import { AppError } from '../../errors.js';
import { appendAudit, recordAudit, who } from '../audit/audit.service.js';
import { getSettings } from '../system/settings.service.js';
import { findUser, findUserByName, rolesOf } from '../users/users.repo.js';
import { dummyHash, enforcePolicy, hashPassword, verifyPassword } from './passwords.js';
import { lookupSession, openSession, revokeSession, revokeUserSessions, sha256 } from './sessions.js';

/** Builds the Actor for a user: roles, permissions and the scope it oversees. Null when the user may not act. */
export async function buildActor(
  ctx: Ctx,
  user: User,
  via: Actor['via'],
  extra: { sessionId?: string; tokenId?: number; tokenGrants?: string[] | null } = {},
): Promise<Actor | null> {
  if (user.disabled === 1) {
    return null;
  }
  const roles = (await rolesOf(ctx.db, [user.id])).get(user.id) ?? [];
  const owner = resolvePermissions(roles);
  let scope: Actor['scope'];
  if (user.global_scope === 1) {
    scope = { global: true };
  } else {
    const scopeOrgId = user.scope_org_id ?? user.org_id;
    const org = await ctx.db
      .selectFrom('orgs')
      .select(['id', 'path'])
      .where('id', '=', scopeOrgId)
      .executeTakeFirst();
    if (!org) {
      return null;
    }
    scope = { global: false, orgId: org.id, path: org.path };
  }
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    orgId: user.org_id,
    scope,
    roles,
    permissions: via === 'token' ? tokenPermissions(owner, extra.tokenGrants ?? null) : owner,
    via,
    sessionId: extra.sessionId,
    tokenId: extra.tokenId,
    mustChangePassword: user.must_change_password === 1,
  };
}

export type LoginResult =
  { ok: true; actor: Actor; cookie: string; csrfToken: string } | { ok: false; error: AppError };

/**
 * Checks a username and password. Five failures in a row lock the account for fifteen minutes.
 * Every outcome is audited; failures are committed even though the request fails.
 */
export async function login(
  ctx: Ctx,
  input: { username: string; password: string },
  client: { ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const user = await findUserByName(ctx.db, username);
  const now = ctx.clock.now();
  const fail = async (
    error: AppError,
    action: string,
    u: User | undefined,
    extra?: object,
  ): Promise<LoginResult> => {
    await recordAudit(
      ctx,
      { actorId: u?.id ?? null, actorName: username.slice(0, 64), orgId: u?.org_id ?? null },
      { action, entityType: 'user', entityId: u?.id, outcome: 'failed', after: extra },
    );
    return { ok: false, error };
  };
  if (!user) {
    await verifyPassword(await dummyHash(ctx.config.argon2), input.password);
    return fail(new AppError('invalid_credentials'), 'auth.login_failed', undefined, {
      reason: 'unknown_user',
    });
  }
  if (user.locked_until && new Date(user.locked_until) > now) {
    const minutes = Math.max(1, Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / MINUTE));
    return fail(
      new AppError('account_locked', { params: { minutes }, details: { lockedUntil: user.locked_until } }),
      'auth.login_locked',
      user,
    );
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    // Counted in one statement, so parallel wrong guesses each count.
    const counted = await ctx.db
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', user.id)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    const failures = counted.failed_logins;
    if (failures >= ctx.config.lockoutThreshold) {
      const lockedUntil = iso(new Date(now.getTime() + ctx.config.lockoutMinutes * MINUTE));
      await ctx.db
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: lockedUntil })
        .where('id', '=', user.id)
        .execute();
      return fail(
        new AppError('account_locked', {
          params: { minutes: ctx.config.lockoutMinutes },
          details: { lockedUntil },
        }),
        'auth.locked',
        user,
        { failures, lockedUntil },
      );
    }
    return fail(new AppError('invalid_credentials'), 'auth.login_failed', user, { failures });
  }
  if (user.disabled === 1) {
    return fail(new AppError('account_disabled'), 'auth.login_failed', user, { reason: 'disabled' });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const tx: TxCtx = { ...ctx, db: trx };
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: iso(now) })
      .where('id', '=', user.id)
      .execute();
    const { cookie, session } = await openSession(tx, user.id, client);
    const actor = await buildActor(tx, user, 'session', { sessionId: session.id });
    if (!actor) {
      return { ok: false as const, error: new AppError('account_disabled') };
    }
    await appendAudit(tx, who(actor), { action: 'auth.login', entityType: 'user', entityId: user.id });
    return { ok: true as const, actor, cookie, csrfToken: session.csrf_token };
  });
}

export async function logout(actor: Actor, tx: TxCtx): Promise<void> {
  if (actor.sessionId) {
    await revokeSession(tx, actor.sessionId);
  }
  await appendAudit(tx, who(actor), { action: 'auth.logout', entityType: 'user', entityId: actor.id });
}

/** The actor behind a session cookie, or why there is none. */
export async function actorFromSession(
  ctx: Ctx,
  cookie: string,
): Promise<{ actor: Actor; csrfToken: string } | { expired: true } | null> {
  const { sessionIdleMinutes } = await getSettings(ctx);
  const found = await lookupSession(ctx, cookie, sessionIdleMinutes);
  if (!found || 'expired' in found) {
    return found;
  }
  const user = await findUser(ctx.db, found.session.user_id);
  const actor = user && (await buildActor(ctx, user, 'session', { sessionId: found.session.id }));
  return actor ? { actor, csrfToken: found.session.csrf_token } : null;
}

/** The actor behind an API token, or null when the token is unknown, revoked, expired or its owner disabled. */
export async function actorFromToken(ctx: Ctx, token: string): Promise<Actor | null> {
  const row = await ctx.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  const now = ctx.clock.now();
  if (!row || row.revoked_at !== null || (row.expires_at !== null && new Date(row.expires_at) <= now)) {
    return null;
  }
  const user = await findUser(ctx.db, row.user_id);
  if (!user) {
    return null;
  }
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > MINUTE) {
    await ctx.db
      .updateTable('api_tokens')
      .set({ last_used_at: iso(now) })
      .where('id', '=', row.id)
      .execute();
  }
  const grants = row.permissions === null ? null : (JSON.parse(row.permissions) as string[]);
  const actor = await buildActor(ctx, user, 'token', { tokenId: row.id, tokenGrants: grants });
  // A token never stands in for a password change: until the owner has changed it, the token is idle.
  return actor && !actor.mustChangePassword ? actor : null;
}

/** Changes the actor's own password; other sessions of the user end. */
export async function changePassword(
  actor: Actor,
  tx: TxCtx,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = (await findUser(tx.db, actor.id))!;
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('validation_failed', {
      params: { summary: 'currentPassword' },
      details: [{ field: 'body.currentPassword', message: '当前密码不正确' }],
    });
  }
  enforcePolicy(input.newPassword, user.username, 'body.newPassword');
  if (input.newPassword === input.currentPassword) {
    throw new AppError('password_policy', {
      details: [{ field: 'body.newPassword', message: '新密码不能与当前密码相同' }],
    });
  }
  const at = iso(tx.clock.now());
  await tx.db
    .updateTable('users')
    .set({
      password_hash: await hashPassword(input.newPassword, tx.config.argon2),
      must_change_password: 0,
      password_changed_at: at,
      updated_at: at,
    })
    .where('id', '=', actor.id)
    .execute();
  await revokeUserSessions(tx, actor.id, actor.sessionId);
  await appendAudit(tx, who(actor), {
    action: 'auth.password_changed',
    entityType: 'user',
    entityId: actor.id,
  });
}
