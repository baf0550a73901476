import { z } from 'zod';
import { requirePermission } from '../../access.js';
import { actorOf } from '../../http/route-kit.js';
import { withErrors } from '../../http/schemas.js';
import { page, pageQuery } from '../../http/paging.js';
import type { App } from '../../http/types.js';
import { listAudit, verifyAuditChain } from './audit.service.js';

const auditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  orgId: z.number().int().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  outcome: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
});

const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, '时间格式为 2026-01-31 或 2026-01-31T08:00:00Z');

const auditQuery = pageQuery.extend({
  actorId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  actorName: z.string().trim().max(64).optional(),
  /** An exact action (`user.create`) or a prefix ending in a dot (`auth.`). */
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(32).optional(),
  entityId: z.string().trim().max(64).optional(),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  /** From this time (inclusive), ISO-8601 UTC. */
  from: isoTime.optional(),
  /** Before this time (exclusive). */
  to: isoTime.optional(),
});

export function auditRoutes(app: App): void {
  app.get(
    '/audit',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail (留痕), newest first — auditors only',
        querystring: auditQuery,
        response: withErrors({ 200: page(auditEntry) }),
      },
    },
    (request) => listAudit(actorOf(request), request.ctx, request.query),
  );

  app.get(
    '/audit/verify',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Re-compute the hash chain and name the first broken entry',
        response: withErrors({
          200: z.object({
            ok: z.boolean(),
            entries: z.number().int(),
            problem: z.object({ seq: z.number().int(), reason: z.string() }).optional(),
          }),
        }),
      },
    },
    async (request) => {
      requirePermission(actorOf(request), 'audit.read');
      return verifyAuditChain(request.ctx);
    },
  );
}
