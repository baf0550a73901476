import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { recordAudit, who } from '../modules/audit/audit.service.js';
import { actorFromSession, actorFromToken } from '../modules/auth/auth.service.js';
import { safeEqual, SESSION_COOKIE } from '../modules/auth/sessions.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Finds who is calling: an API token (Authorization: Bearer) or else a session cookie. */
export async function identify(request: FastifyRequest): Promise<void> {
  request.actor = null;
  request.csrfToken = null;
  request.authProblem = null;
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
    request.actor = match ? await actorFromToken(request.ctx, match[1]!) : null;
    request.authProblem = request.actor ? null : 'bad_token';
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie && cookie.length <= 200) {
    const found = await actorFromSession(request.ctx, cookie);
    if (found && 'actor' in found) {
      request.actor = found.actor;
      request.csrfToken = found.csrfToken;
    } else if (found) {
      request.authProblem = 'session_expired';
    }
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
