import { z } from 'zod';
import { actorOf, mutate } from '../../http/route-kit.js';
import { idParams, withErrors } from '../../http/schemas.js';
import { page } from '../../http/paging.js';
import type { App } from '../../http/types.js';
import { summaryOut } from '../items/items.schema.js';
import { summarise } from '../items/items.service.js';
import {
  listCreate,
  listListQuery,
  listOut,
  listUpdate,
  planCreate,
  planListQuery,
  planOut,
  planUpdate,
} from './plans.schema.js';
import {
  createList,
  createPlan,
  getPlan,
  listLists,
  listPlans,
  loadList,
  loadPlan,
  presentList,
  updateList,
  updatePlan,
} from './plans.service.js';

export function planRoutes(app: App): void {
  app.get(
    '/plans',
    {
      config: { access: { permission: 'plan.read' } },
      schema: {
        tags: ['plans'],
        summary: 'Plans (行动方案) you supervise or take part in',
        querystring: planListQuery,
        response: withErrors({ 200: page(planOut) }),
      },
    },
    (request) => listPlans(actorOf(request), request.ctx, request.query),
  );
  app.post(
    '/plans',
    {
      config: { access: { permission: 'plan.manage' } },
      schema: {
        tags: ['plans'],
        summary: 'Create a plan',
        body: planCreate,
        response: withErrors({ 201: planOut }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await mutate(request, (actor, tx) => createPlan(actor, tx, request.body))),
  );
  app.get(
    '/plans/:id',
    {
      config: { access: { permission: 'plan.read' } },
      schema: {
        tags: ['plans'],
        summary: 'One plan',
        params: idParams,
        response: withErrors({ 200: planOut }),
      },
    },
    (request) => getPlan(actorOf(request), request.ctx, request.params.id),
  );
  app.patch(
    '/plans/:id',
    {
      config: { access: { permission: 'plan.manage' } },
      schema: {
        tags: ['plans'],
        summary: 'Change a plan',
        params: idParams,
        body: planUpdate,
        response: withErrors({ 200: planOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => updatePlan(actor, tx, request.params.id, request.body)),
  );
  app.get(
    '/plans/:id/summary',
    {
      config: { access: { permission: 'plan.read' } },
      schema: {
        tags: ['plans'],
        summary: "A plan's items counted by health and state",
        params: idParams,
        response: withErrors({ 200: summaryOut }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await loadPlan(actor, request.ctx, request.params.id);
      return summarise(actor, request.ctx, { planId: request.params.id });
    },
  );

  app.get(
    '/lists',
    {
      config: { access: { permission: 'plan.read' } },
      schema: {
        tags: ['plans'],
        summary: 'Lists (清单) of a plan, or of every plan you see',
        querystring: listListQuery,
        response: withErrors({ 200: z.object({ data: z.array(listOut), total: z.number().int() }) }),
      },
    },
    (request) => listLists(actorOf(request), request.ctx, request.query.planId),
  );
  app.post(
    '/lists',
    {
      config: { access: { permission: 'plan.manage' } },
      schema: {
        tags: ['plans'],
        summary: 'Create a list in a plan',
        body: listCreate,
        response: withErrors({ 201: listOut }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await mutate(request, (actor, tx) => createList(actor, tx, request.body))),
  );
  app.get(
    '/lists/:id',
    {
      config: { access: { permission: 'plan.read' } },
      schema: {
        tags: ['plans'],
        summary: 'One list',
        params: idParams,
        response: withErrors({ 200: listOut }),
      },
    },
    async (request) => presentList((await loadList(actorOf(request), request.ctx, request.params.id)).list),
  );
  app.patch(
    '/lists/:id',
    {
      config: { access: { permission: 'plan.manage' } },
      schema: {
        tags: ['plans'],
        summary: 'Change a list',
        params: idParams,
        body: listUpdate,
        response: withErrors({ 200: listOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => updateList(actor, tx, request.params.id, request.body)),
  );
}
