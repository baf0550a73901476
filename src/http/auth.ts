import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../context.js';
import { AppError } from '../errors.js';
import { recordAudit, who } from '../modules/audit/audit.service.js';
import { actorFromSession, actorFromToken } from '../modules/auth/auth.service.js';
import { safeEqual, SESSION_COOKIE } from '../modules/auth/sessions.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who a credential stands for, remembered for two seconds so that a burst of reads (a page loading
 * its lists) resolves the caller once. Any change made through this node clears it at once, so a
 * revocation, a disabled account or new roles take effect on the next request here, and within two
 * seconds on other nodes.
 */
const ACTOR_TTL_MS = 2000;
interface ActorCache {
  entries: Map<string, { actor: Actor; csrfToken: string | null; at: number }>;
  /** Moves on at every clear: a lookup that began before a change never stores its result after it. */
  generation: number;
}
const actorCaches = new WeakMap<object, ActorCache>();

function actorCache(request: FastifyRequest): ActorCache {
  let cache = actorCaches.get(request.ctx.db);
  if (!cache) {
    cache = { entries: new Map(), generation: 0 };
    actorCaches.set(request.ctx.db, cache);
  }
  return cache;
}

/** Forgets every remembered caller (after any change). */
export function clearActorCache(request: FastifyRequest): void {
  const cache = actorCaches.get(request.ctx.db);
  if (cache) {
    cache.entries.clear();
    cache.generation += 1;
  }
}

/** Finds who is calling: an API token (Authorization: Bearer) or else a session cookie. */
export async function identify(request: FastifyRequest): Promise<void> {
  request.actor = null;
  request.csrfToken = null;
  request.authProblem = null;
  const header = request.headers.authorization;
  const cookie = header === undefined ? request.cookies[SESSION_COOKIE] : undefined;
  const key = header !== undefined ? `b:${header}` : cookie ? `s:${cookie}` : null;
  const now = request.ctx.clock.now().getTime();
  const cache = actorCache(request);
  const generation = cache.generation;
  const hit = key ? cache.entries.get(key) : undefined;
  if (hit && now - hit.at >= 0 && now - hit.at < ACTOR_TTL_MS) {
    request.actor = hit.actor;
    request.csrfToken = hit.csrfToken;
    return;
  }
  if (header !== undefined) {
    const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
    request.actor = match ? await actorFromToken(request.ctx, match[1]!) : null;
    request.authProblem = request.actor ? null : 'bad_token';
  } else if (cookie && cookie.length <= 200) {
    const found = await actorFromSession(request.ctx, cookie);
    if (found && 'actor' in found) {
      request.actor = found.actor;
      request.csrfToken = found.csrfToken;
    } else if (found) {
      request.authProblem = 'session_expired';
    }
  }
  // Only what a non-changing request read is remembered, and only if no change happened meanwhile.
  const safe = request.method === 'GET' || request.method === 'HEAD';
  if (key && request.actor && safe && cache.generation === generation) {
    if (cache.entries.size > 10_000) {
      cache.entries.clear();
    }
    cache.entries.set(key, { actor: request.actor, csrfToken: request.csrfToken, at: now });
  }
}

/**
 * Enforces the route's declared access: authentication, CSRF for cookie-authenticated changes, the
 * forced password change, and the permission. Runs before the body is parsed or validated, so a
 * caller without access learns nothing about the route's input.
 */
export async function enforceAccess(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const access = request.routeOptions.config.access;
  if (!access) {
    return;
  }
  await identify(request);
  if ('public' in access) {
    return;
  }
  const actor = request.actor;
  if (!actor) {
    throw new AppError(request.authProblem === 'session_expired' ? 'session_expired' : 'unauthenticated');
  }
  if (actor.via === 'session' && !safeMethods.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !request.csrfToken || !safeEqual(sent, request.csrfToken)) {
      throw new AppError('csrf_failed');
    }
  }
  if (actor.mustChangePassword && !access.whilePasswordChange) {
    throw new AppError('password_change_required');
  }
  if (access.sessionOnly && actor.via !== 'session') {
    throw new AppError('forbidden', {
      details: { reason: 'this action needs a signed-in session, not an API token' },
    });
  }
  if (access.permission && !actor.permissions.has(access.permission)) {
    throw new AppError('forbidden', { details: { permission: access.permission } });
  }
}

/** Writes refused actions to the audit trail: who tried what, and why it was refused. */
export async function recordRefusal(request: FastifyRequest, err: AppError): Promise<void> {
  if (
    !request.actor ||
    (err.code !== 'forbidden' && err.code !== 'csrf_failed' && err.code !== 'separation_of_duties')
  ) {
    return;
  }
  await recordAudit(request.ctx, who(request.actor), {
    action: 'access.denied',
    entityType: 'route',
    entityId: `${request.method} ${request.routeOptions.url ?? request.url}`.slice(0, 64),
    outcome: 'denied',
    after: { code: err.code, details: err.details, url: request.url.slice(0, 300) },
  });
}
