import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { iso, MINUTE } from '../../clock.js';
import type { Ctx, TxCtx } from '../../context.js';
import type { DB, Session } from '../../db/schema.js';

export const SESSION_COOKIE = 'luoshi_session';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Opens a session; returns the cookie value (only its hash is stored) and the CSRF token. */
export async function openSession(
  tx: TxCtx,
  userId: number,
  client: { ip: string | null; userAgent: string | null },
): Promise<{ cookie: string; session: Session }> {
  const cookie = randomToken();
  const now = tx.clock.now();
  const session: Session = {
    id: sha256(cookie),
    user_id: userId,
    csrf_token: randomToken(24),
    created_at: iso(now),
    last_seen_at: iso(now),
    expires_at: iso(new Date(now.getTime() + tx.config.sessionMaxHours * 60 * MINUTE)),
    revoked_at: null,
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  };
  await tx.db.insertInto('sessions').values(session).execute();
  return { cookie, session };
}

export type SessionLookup = { session: Session } | { expired: true } | null;

/**
 * Finds the live session for a cookie value. A session ends when revoked, when idle longer than the
 * idle timeout, or at its absolute expiry. Activity is written at most once a minute to spare the database.
 */
export async function lookupSession(ctx: Ctx, cookie: string, idleMinutes: number): Promise<SessionLookup> {
  const session = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', sha256(cookie))
    .executeTakeFirst();
  if (!session) {
    return null;
  }
  const now = ctx.clock.now();
  const idleSince = new Date(session.last_seen_at).getTime();
  if (
    session.revoked_at !== null ||
    now.getTime() - idleSince > idleMinutes * MINUTE ||
    now.getTime() >= new Date(session.expires_at).getTime()
  ) {
    return { expired: true };
  }
  if (now.getTime() - idleSince > MINUTE) {
    await ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: iso(now) })
      .where('id', '=', session.id)
      .execute();
  }
  return { session };
}

export async function revokeSession(tx: TxCtx, id: string): Promise<void> {
  await tx.db
    .updateTable('sessions')
    .set({ revoked_at: iso(tx.clock.now()) })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every open session of a user, except optionally one; returns how many ended. */
export async function revokeUserSessions(tx: TxCtx, userId: number, except?: string): Promise<number> {
  let q = tx.db
    .updateTable('sessions')
    .set({ revoked_at: iso(tx.clock.now()) })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (except) {
    q = q.where('id', '!=', except);
  }
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export function activeSessions(db: Kysely<DB>, userId: number, now: Date, idleMinutes: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', iso(now))
    .where('last_seen_at', '>', iso(new Date(now.getTime() - idleMinutes * MINUTE)))
    .orderBy('last_seen_at', 'desc')
    .execute();
}
