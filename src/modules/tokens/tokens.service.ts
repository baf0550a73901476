import type { z } from 'zod';
import { inScope, requirePermission } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import type { ApiToken } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { randomToken, sha256 } from '../auth/sessions.js';
import type { tokenCreate, tokenOut } from './tokens.schema.js';

function present(t: ApiToken): z.infer<typeof tokenOut> {
  return {
    id: t.id,
    name: t.name,
    prefix: t.token_prefix,
    permissions: t.permissions === null ? null : (JSON.parse(t.permissions) as string[]),
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  };
}

export async function listTokens(actor: Actor, ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', actor.id)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(present);
}

/**
 * Issues an API token for scripts. Its permissions are a subset of the owner's and shrink with them:
 * the token never does more than its owner could at the moment of use.
 */
export async function createToken(actor: Actor, tx: TxCtx, input: z.infer<typeof tokenCreate>) {
  const missing = (input.permissions ?? []).filter((p) => !actor.permissions.has(p));
  if (missing.length > 0) {
    throw invalid([
      { field: 'body.permissions', message: `你没有这些权限，不能授予令牌：${missing.join(', ')}` },
    ]);
  }
  const secret = `lsk_${randomToken(30)}`;
  const now = tx.clock.now();
  const { id } = await tx.db
    .insertInto('api_tokens')
    .values({
      user_id: actor.id,
      name: input.name,
      token_hash: sha256(secret),
      token_prefix: secret.slice(0, 10),
      permissions: input.permissions ? JSON.stringify([...new Set(input.permissions)].sort()) : null,
      created_at: iso(now),
      expires_at: input.expiresInDays
        ? iso(new Date(now.getTime() + input.expiresInDays * 86_400_000))
        : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const token = present(
    await tx.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
  await appendAudit(tx, who(actor), {
    action: 'token.create',
    entityType: 'token',
    entityId: id,
    after: token,
  });
  return { token, secret };
}

/** Revokes a token: one's own, or anyone's with `token.revoke_any`. */
export async function revokeToken(actor: Actor, tx: TxCtx, id: number) {
  const row = await tx.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (row.user_id !== actor.id && !actor.permissions.has('token.revoke_any'))) {
    throw notFound('token', id);
  }
  if (row.user_id !== actor.id) {
    requirePermission(actor, 'token.revoke_any');
    const owner = await tx.db
      .selectFrom('users')
      .innerJoin('orgs', 'orgs.id', 'users.org_id')
      .select('orgs.path')
      .where('users.id', '=', row.user_id)
      .executeTakeFirstOrThrow();
    if (!inScope(actor, owner.path)) {
      throw notFound('token', id);
    }
  }
  if (row.revoked_at !== null) {
    throw new AppError('conflict', {
      params: { summary: 'already revoked' },
      details: [{ field: 'id', message: '令牌已吊销' }],
    });
  }
  await tx.db
    .updateTable('api_tokens')
    .set({ revoked_at: iso(tx.clock.now()) })
    .where('id', '=', id)
    .execute();
  await appendAudit(tx, who(actor), {
    action: 'token.revoke',
    entityType: 'token',
    entityId: id,
    before: present(row),
  });
  return present(
    await tx.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
}
