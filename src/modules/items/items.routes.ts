import { z } from 'zod';
import { itemActions } from '../../domain/workflow.js';
import { actorOf, mutate } from '../../http/route-kit.js';
import { idParams, withErrors } from '../../http/schemas.js';
import { page } from '../../http/paging.js';
import type { App } from '../../http/types.js';
import { mayTake, performAction } from './items.actions.js';
import {
  actionBody,
  itemCreate,
  itemListQuery,
  itemOut,
  itemRow,
  itemSummaryQuery,
  itemUpdate,
  milestoneOut,
  summaryOut,
} from './items.schema.js';
import { createItem, getItem, listItems, loadItem, summarise, updateItem } from './items.service.js';
import { listMilestones } from './items.extras.js';
import { itemCapabilities } from './items.access.js';

const itemDetail = itemOut.extend({
  /** The lifecycle actions you may take now; show only these. */
  actions: z.array(z.enum(itemActions)),
  milestones: z.array(milestoneOut),
  /** What else you may do with it now (the server enforces the same rules). */
  can: z.object({
    edit: z.boolean(),
    planMilestones: z.boolean(),
    markMilestones: z.boolean(),
    split: z.boolean(),
    uploadFiles: z.boolean(),
    comment: z.boolean(),
    instruct: z.boolean(),
  }),
});

export function itemRoutes(app: App): void {
  app.get(
    '/items',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['items'],
        summary: 'Items (the ledger, 台账), filtered and paged',
        description:
          'Rows carry every field of an item but its description and results; read those at /items/{id}.',
        querystring: itemListQuery,
        response: withErrors({ 200: page(itemRow) }),
      },
    },
    (request) => listItems(actorOf(request), request.ctx, request.query),
  );
  app.get(
    '/items/summary',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['items'],
        summary: 'Counts by health and state for a plan, list, unit, leader or category',
        querystring: itemSummaryQuery,
        response: withErrors({ 200: summaryOut }),
      },
    },
    (request) => summarise(actorOf(request), request.ctx, request.query),
  );
  app.post(
    '/items',
    {
      config: { access: { permission: 'item.manage' } },
      schema: {
        tags: ['items'],
        summary: 'Create an item (draft) in a list',
        body: itemCreate,
        response: withErrors({ 201: itemOut }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await mutate(request, (actor, tx) => createItem(actor, tx, request.body))),
  );
  app.get(
    '/items/:id',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['items'],
        summary: 'One item with its health and the reasons for it, milestones and your possible actions',
        params: idParams,
        response: withErrors({ 200: itemDetail }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const facts = await loadItem(actor, request.ctx, request.params.id);
      const [item, milestones] = await Promise.all([
        getItem(actor, request.ctx, request.params.id),
        listMilestones(actor, request.ctx, request.params.id),
      ]);
      return {
        ...item,
        milestones,
        actions: itemActions.filter((a) => mayTake(actor, facts, a)),
        can: itemCapabilities(actor, facts),
      };
    },
  );
  app.patch(
    '/items/:id',
    {
      config: { access: { permission: 'item.manage' } },
      schema: {
        tags: ['items'],
        summary: "Change an item's particulars",
        params: idParams,
        body: itemUpdate,
        response: withErrors({ 200: itemOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => updateItem(actor, tx, request.params.id, request.body)),
  );
  app.post(
    '/items/:id/actions',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['items'],
        summary:
          'Take a lifecycle action: assign, sign, refuse, reroute, claim, start, request_completion, approve, return, …',
        description:
          'Supervisor side: assign, approve, return, approve_extension, reject_extension, suspend, resume, cancel. Lead unit: sign, refuse, reroute, start, request_completion, request_extension. A unit under the plan owner may claim unassigned items of a claimable list. 409 when the state does not allow the action.',
        params: idParams,
        body: actionBody,
        response: withErrors({ 200: itemOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => performAction(actor, tx, request.params.id, request.body)),
  );
}
