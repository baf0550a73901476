import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError, notFound } from '../errors.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { authRoutes } from '../modules/auth/auth.routes.js';
import { orgRoutes } from '../modules/orgs/orgs.routes.js';
import { itemRoutes } from '../modules/items/items.routes.js';
import { itemSubRoutes } from '../modules/items/items.sub.routes.js';
import { meRoutes } from '../modules/me/me.routes.js';
import { meetingRoutes } from '../modules/meetings/meetings.routes.js';
import { cockpitRoutes } from '../modules/cockpit/cockpit.routes.js';
import { sheetRoutes } from '../modules/sheets/sheets.routes.js';
import { planRoutes } from '../modules/plans/plans.routes.js';
import { reportRoutes } from '../modules/reports/reports.routes.js';
import { systemRoutes } from '../modules/system/system.routes.js';
import { tokenRoutes } from '../modules/tokens/tokens.routes.js';
import { userRoutes } from '../modules/users/users.routes.js';
import { clearActorCache, enforceAccess, recordRefusal } from './auth.js';
import { RequestValidationError, sendError, toAppError } from './errors.js';
import { findBadInput } from './schemas.js';
import { serializerCompiler } from './serializer.js';
import { pickLocale } from '../i18n/locale.js';
import { createWebHandler, webRoot } from './web.js';
import { securityHeaders } from './security.js';
import { DailyWork } from '../scheduler.js';
import type { App, AppDeps } from './types.js';

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

export interface BuildOptions extends AppDeps {
  logger?: FastifyServerOptions['logger'];
  /** Run the nightly job on a timer (the server does; tests drive the clock instead). */
  schedule?: boolean;
  /** The built web app's directory; by default `dist/web`, null to serve none. */
  webRoot?: string | null;
}

/** Builds the HTTP application around an open database; the caller listens (or injects, in tests). */
export async function buildApp(deps: BuildOptions): Promise<App> {
  const { database, clock, config } = deps;
  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      redact: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
      ],
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && requestIdPattern.test(sent) ? sent : randomUUID();
    },
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    // Requests Node cannot even parse (headers too large, a broken request line) get the envelope too.
    clientErrorHandler: (err, socket) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ECONNRESET' || socket.destroyed) {
        return;
      }
      if (socket.writable) {
        const [status, text, message] =
          code === 'HPE_HEADER_OVERFLOW'
            ? [431, 'Request Header Fields Too Large', '请求无法解析：请求头或地址过长']
            : code === 'ERR_HTTP_REQUEST_TIMEOUT'
              ? [408, 'Request Timeout', '请求无法解析：请求在规定时间内没有发完']
              : [400, 'Bad Request', '请求无法解析：HTTP 请求格式不正确'];
        const body = JSON.stringify({
          error: { code: 'bad_request', message, details: null },
          requestId: randomUUID(),
        });
        socket.write(
          `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\n` +
            `Cache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      // As Node does: the connection is closed, whatever the client does next.
      socket.destroy(err);
    },
    // Errors Fastify meets before any route runs get the one envelope too.
    frameworkErrors: (err, request, reply) => {
      void sendError(request, reply, new AppError('bad_request', { params: { reason: err.message } }));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(({ schema, httpPart }) => (data) => {
    const bad = findBadInput(data);
    if (bad) {
      const issue = { code: 'custom', path: bad.path, message: bad.message, input: undefined } as const;
      return { error: new RequestValidationError(httpPart ?? 'body', [issue]) };
    }
    const result = (schema as z.ZodType).safeParse(data, { reportInput: true });
    return result.success
      ? { value: result.data }
      : { error: new RequestValidationError(httpPart ?? 'body', result.error.issues) };
  });
  app.setSerializerCompiler(serializerCompiler);

  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('authProblem', null);
  app.decorateRequest('ctx', null as never);
  app.addHook('onRequest', (request, _reply, done) => {
    request.ctx = {
      db: database.db,
      adapter: database.adapter,
      clock,
      config,
      requestId: String(request.id),
      ip: request.ip ?? null,
      locale: pickLocale(request.headers['accept-language']),
    };
    done();
  });
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && !route.config?.access) {
      throw new Error(`Route ${route.method.toString()} ${route.url} declares no access rule`);
    }
  });
  app.addHook('onSend', securityHeaders);
  // A change may end sessions, revoke tokens or move roles: nobody's identity is taken from memory after it.
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      clearActorCache(request);
    }
    done();
  });

  app.setErrorHandler(async (err, request, reply) => {
    const appError = toAppError(err, request);
    if (appError.statusCode >= 500) {
      request.log.error({ err }, 'request failed');
    }
    await recordRefusal(request, appError).catch((e: unknown) =>
      request.log.error({ err: e }, 'could not record refusal'),
    );
    return sendError(request, reply, appError);
  });
  const web = createWebHandler(deps.webRoot === undefined ? webRoot() : deps.webRoot);
  app.setNotFoundHandler((request, reply) => {
    if (!web(request, reply)) {
      sendError(request, reply, notFound('route'));
    }
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.maxFileBytes, files: 1, fields: 5, parts: 6 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('rate_limited'),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Luoshi 落实 API',
        version: '1',
        description: [
          'Key-task supervision and target-responsibility management.',
          '',
          'Authentication: `POST /api/v1/auth/login` sets a session cookie; state-changing requests made with it carry',
          '`X-CSRF-Token` equal to the `csrfToken` from login or `/auth/me`. Scripts use `Authorization: Bearer <token>`',
          '(create one at `POST /api/v1/tokens`); token requests need no CSRF header.',
          '',
          'Status codes: 400 invalid input (the field is named in `error.details`); 401 not signed in, or the session',
          'expired; 403 signed in but not allowed (missing permission, CSRF, password change required); 404 does not',
          'exist *or lies outside your organisation scope* (existence is not revealed); 409 conflict; 423 account',
          'locked; 429 too many requests. Every error has the shape',
          '`{ "error": { "code", "message", "details" }, "requestId" }`; messages follow `Accept-Language`',
          '(zh-CN by default, zh-TW, en).',
          '',
          'Collections page with `?current=&pageSize=` and return `{ "data": [...], "total": N }`.',
        ].join('\n'),
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'luoshi_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.addHook('onRequest', enforceAccess);
  const daily = new DailyWork();
  app.addHook('preHandler', async (request) => {
    if (request.actor && request.url.startsWith('/api/v1/')) {
      await daily.ensure(request.ctx);
    }
  });
  if (deps.schedule) {
    const stop = daily.start(
      { db: database.db, adapter: database.adapter, clock, config, requestId: null, ip: null },
      (err) => app.log.error({ err }, 'daily work failed'),
    );
    app.addHook('onClose', (_app, done) => {
      stop();
      done();
    });
  }
  await app.register(
    (api, _opts, done) => {
      const v1 = api.withTypeProvider<ZodTypeProvider>();
      systemRoutes(v1);
      authRoutes(v1, config);
      tokenRoutes(v1);
      orgRoutes(v1);
      userRoutes(v1);
      auditRoutes(v1);
      planRoutes(v1);
      sheetRoutes(v1);
      itemRoutes(v1);
      itemSubRoutes(v1);
      reportRoutes(v1);
      meRoutes(v1);
      meetingRoutes(v1);
      cockpitRoutes(v1);
      done();
    },
    { prefix: '/api/v1' },
  );
  return app;
}
