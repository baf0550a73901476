import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { iso } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Actor } from '../../context.js';
import { roleCodes } from '../../domain/permissions.js';
import { notFound } from '../../errors.js';
import { locales } from '../../i18n/locale.js';
import { actorOf, mutate } from '../../http/route-kit.js';
import { ok, withErrors } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { findUser } from '../users/users.repo.js';
import { getSettings } from '../system/settings.service.js';
import { changePassword, login, logout } from './auth.service.js';
import { activeSessions, revokeSession, SESSION_COOKIE } from './sessions.js';

export const meOut = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  scope: z.object({
    global: z.boolean(),
    orgId: z.number().int().nullable(),
    orgName: z.string().nullable(),
  }),
  roles: z.array(z.enum(roleCodes)),
  /** Permission codes; the web app shows only the actions these allow. */
  permissions: z.array(z.string()),
  mustChangePassword: z.boolean(),
  locale: z.enum(locales).nullable(),
  via: z.enum(['session', 'token', 'cli']),
});

const sessionReply = z.object({
  user: meOut,
  /** Send this as X-CSRF-Token on every state-changing request made with the session cookie. */
  csrfToken: z.string().nullable(),
});

async function presentMe(request: FastifyRequest, actor: Actor): Promise<z.infer<typeof meOut>> {
  const db = request.ctx.db;
  const [user, org, scopeOrg] = await Promise.all([
    findUser(db, actor.id),
    findOrg(db, actor.orgId),
    actor.scope.global ? undefined : findOrg(db, actor.scope.orgId),
  ]);
  const locale = user?.locale;
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    orgId: actor.orgId,
    orgName: org?.name ?? '',
    scope: { global: actor.scope.global, orgId: scopeOrg?.id ?? null, orgName: scopeOrg?.name ?? null },
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
    mustChangePassword: actor.mustChangePassword,
    locale: locale === 'zh-CN' || locale === 'zh-TW' || locale === 'en' ? locale : null,
    via: actor.via,
  };
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string | null): void {
  const options = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.protocol === 'https',
  };
  if (value === null) {
    reply.clearCookie(SESSION_COOKIE, options);
  } else {
    reply.setCookie(SESSION_COOKIE, value, options);
  }
}

export function authRoutes(app: App, config: Config): void {
  app.post(
    '/auth/login',
    {
      config: {
        access: { public: true },
        rateLimit: { max: config.loginRateLimit, timeWindow: 60_000 },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        description: 'Five wrong passwords in a row lock the account for 15 minutes (423).',
        security: [],
        body: z.strictObject({
          username: z.string().trim().min(1).max(200),
          password: z.string().min(1).max(256),
        }),
        response: withErrors({ 200: sessionReply }),
      },
    },
    async (request, reply) => {
      const result = await login(request.ctx, request.body, {
        ip: request.ip ?? null,
        userAgent: request.headers['user-agent'] ?? null,
      });
      if (!result.ok) {
        throw result.error;
      }
      setSessionCookie(request, reply, result.cookie);
      request.actor = result.actor;
      return { user: await presentMe(request, result.actor), csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: { permission: null, whilePasswordChange: true } },
      schema: { tags: ['auth'], summary: 'Sign out; ends the session', response: withErrors({ 200: ok }) },
    },
    async (request, reply) => {
      await mutate(request, (actor, tx) => logout(actor, tx));
      setSessionCookie(request, reply, null);
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: { permission: null, whilePasswordChange: true } },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, permissions and CSRF token',
        response: withErrors({ 200: sessionReply }),
      },
    },
    async (request) => ({ user: await presentMe(request, actorOf(request)), csrfToken: request.csrfToken }),
  );

  app.get(
    '/auth/session',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, if anyone',
        description:
          'Like `/auth/me`, but answers 200 with `user: null` when nobody is signed in, so a page can ask without an error.',
        response: withErrors({ 200: sessionReply.extend({ user: meOut.nullable() }) }),
      },
    },
    async (request) =>
      request.actor
        ? { user: await presentMe(request, request.actor), csrfToken: request.csrfToken }
        : { user: null, csrfToken: null },
  );

  app.post(
    '/auth/password',
    {
      config: { access: { permission: null, whilePasswordChange: true, sessionOnly: true } },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password',
        description:
          'At least 10 characters, three of: upper-case, lower-case, digits, symbols; not containing the username. Other sessions end.',
        body: z.strictObject({
          currentPassword: z.string().min(1).max(256),
          newPassword: z.string().min(1).max(256),
        }),
        response: withErrors({ 200: ok }),
      },
    },
    async (request) => {
      await mutate(request, (actor, tx) => changePassword(actor, tx, request.body));
      return { ok: true as const };
    },
  );

  const sessionOut = z.object({
    id: z.string(),
    current: z.boolean(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  });

  app.get(
    '/auth/sessions',
    {
      config: { access: { permission: null, sessionOnly: true } },
      schema: {
        tags: ['auth'],
        summary: 'Your open sessions',
        response: withErrors({ 200: z.object({ data: z.array(sessionOut), total: z.number() }) }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { sessionIdleMinutes } = await getSettings(request.ctx);
      const rows = await activeSessions(
        request.ctx.db,
        actor.id,
        request.ctx.clock.now(),
        sessionIdleMinutes,
      );
      const data = rows.map((s) => ({
        id: s.id,
        current: s.id === actor.sessionId,
        createdAt: s.created_at,
        lastSeenAt: s.last_seen_at,
        expiresAt: s.expires_at,
        ip: s.ip,
        userAgent: s.user_agent,
      }));
      return { data, total: data.length };
    },
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config: { access: { permission: null, sessionOnly: true } },
      schema: {
        tags: ['auth'],
        summary: 'End one of your sessions',
        params: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) }),
        response: withErrors({ 200: ok }),
      },
    },
    async (request) => {
      await mutate(request, async (actor, tx) => {
        const s = await tx.db
          .selectFrom('sessions')
          .select(['id', 'user_id', 'revoked_at'])
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!s || s.user_id !== actor.id || s.revoked_at !== null) {
          throw notFound('session');
        }
        await revokeSession(tx, s.id);
        await appendAudit(tx, who(actor), {
          action: 'session.revoke',
          entityType: 'session',
          entityId: s.id.slice(0, 16),
          after: { at: iso(tx.clock.now()) },
        });
      });
      return { ok: true as const };
    },
  );
}
