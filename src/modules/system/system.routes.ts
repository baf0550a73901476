import { sql } from 'kysely';
import { z } from 'zod';
import { permissions, roleCodes, roleDefinitions } from '../../domain/permissions.js';
import { actorOf, mutate } from '../../http/route-kit.js';
import { withErrors } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { readSettings, settingsPatch, settingsSchema, updateSettings } from './settings.service.js';

export function systemRoutes(app: App): void {
  app.get(
    '/health',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: {
          200: z.object({ status: z.literal('ok') }),
          503: z.object({ status: z.literal('unavailable') }),
        },
      },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(request.ctx.db);
        return { status: 'ok' as const };
      } catch (err) {
        request.log.error({ err }, 'database unreachable');
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );

  app.get(
    '/roles',
    {
      config: { access: { permission: null } },
      schema: {
        tags: ['system'],
        summary: 'Built-in roles and the permission codes each holds',
        response: withErrors({
          200: z.object({
            permissions: z.array(z.string()),
            roles: z.array(z.object({ code: z.enum(roleCodes), permissions: z.array(z.string()) })),
          }),
        }),
      },
    },
    () => ({
      permissions: [...permissions],
      roles: roleCodes.map((code) => ({ code, permissions: [...roleDefinitions[code].permissions] })),
    }),
  );

  app.get(
    '/settings',
    {
      config: { access: { permission: 'settings.manage' } },
      schema: {
        tags: ['system'],
        summary: 'Run-time settings',
        response: withErrors({ 200: settingsSchema }),
      },
    },
    (request) => readSettings(actorOf(request), request.ctx),
  );

  app.patch(
    '/settings',
    {
      config: { access: { permission: 'settings.manage' } },
      schema: {
        tags: ['system'],
        summary: 'Change run-time settings',
        body: settingsPatch,
        response: withErrors({ 200: settingsSchema }),
      },
    },
    (request) => mutate(request, (actor, tx) => updateSettings(actor, tx, request.body)),
  );
}
