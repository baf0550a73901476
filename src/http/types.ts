import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Actor, Ctx } from '../context.js';
import type { Database } from '../db/database.js';
import type { Permission } from '../domain/permissions.js';

/**
 * What a route declares about who may call it. Every route under /api/v1 must declare it; the auth
 * hook (src/http/auth.ts) enforces it before the body is even read.
 */
export type RouteAccess =
  | { public: true }
  | {
      /** The permission the route needs; null when any signed-in user may call it (their own account). */
      permission: Permission | null;
      /** Callable before a required password change (me, change password, logout). */
      whilePasswordChange?: boolean;
      /** Refused to API tokens (managing tokens and sessions needs a signed-in person). */
      sessionOnly?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The session's CSRF token, when the request came with a session cookie. */
    csrfToken: string | null;
    /** Why a presented credential gave no actor. */
    authProblem: 'session_expired' | 'bad_token' | null;
    ctx: Ctx;
  }
}

export interface AppDeps {
  database: Database;
  clock: Clock;
  config: Config;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
