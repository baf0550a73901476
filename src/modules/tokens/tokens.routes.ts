import { z } from 'zod';
import { actorOf, mutate } from '../../http/route-kit.js';
import { idParams, withErrors } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { tokenCreate, tokenCreated, tokenOut } from './tokens.schema.js';
import { createToken, listTokens, revokeToken } from './tokens.service.js';

export function tokenRoutes(app: App): void {
  app.get(
    '/tokens',
    {
      config: { access: { permission: null } },
      schema: {
        tags: ['tokens'],
        summary: 'Your API tokens',
        response: withErrors({ 200: z.object({ data: z.array(tokenOut), total: z.number() }) }),
      },
    },
    async (request) => {
      const data = await listTokens(actorOf(request), request.ctx);
      return { data, total: data.length };
    },
  );

  app.post(
    '/tokens',
    {
      config: { access: { permission: null, sessionOnly: true } },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for scripts',
        description:
          'The secret is returned once. Send it as `Authorization: Bearer <secret>`; such requests need no CSRF header.',
        body: tokenCreate,
        response: withErrors({ 201: tokenCreated }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await mutate(request, (actor, tx) => createToken(actor, tx, request.body))),
  );

  app.delete(
    '/tokens/:id',
    {
      config: { access: { permission: null, sessionOnly: true } },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token',
        params: idParams,
        response: withErrors({ 200: tokenOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => revokeToken(actor, tx, request.params.id)),
  );
}
