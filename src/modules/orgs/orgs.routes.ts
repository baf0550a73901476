import { z } from 'zod';
import { actorOf, mutate } from '../../http/route-kit.js';
import { idParams, withErrors } from '../../http/schemas.js';
import { page } from '../../http/paging.js';
import type { App } from '../../http/types.js';
import { importOrgs, rowsFromCsv, rowsFromJson } from './orgs.import.js';
import {
  orgCreate,
  orgImport,
  orgImportResult,
  orgListQuery,
  orgOut,
  orgTreeNode,
  orgUpdate,
} from './orgs.schema.js';
import { createOrg, getOrg, listOrgs, orgTree, updateOrg } from './orgs.service.js';

export function orgRoutes(app: App): void {
  app.get(
    '/orgs',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags: ['orgs'],
        summary: 'Organisations in your scope',
        querystring: orgListQuery,
        response: withErrors({ 200: page(orgOut) }),
      },
    },
    (request) => listOrgs(actorOf(request), request.ctx, request.query),
  );

  app.get(
    '/orgs/tree',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags: ['orgs'],
        summary: 'Your scope as a tree',
        response: withErrors({ 200: z.object({ data: z.array(orgTreeNode) }) }),
      },
    },
    async (request) => ({ data: await orgTree(actorOf(request), request.ctx) }),
  );

  app.get(
    '/orgs/:id',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags: ['orgs'],
        summary: 'One organisation',
        params: idParams,
        response: withErrors({ 200: orgOut }),
      },
    },
    (request) => getOrg(actorOf(request), request.ctx, request.params.id),
  );

  app.post(
    '/orgs',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['orgs'],
        summary: 'Create an organisation',
        body: orgCreate,
        response: withErrors({ 201: orgOut }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await mutate(request, (actor, tx) => createOrg(actor, tx, request.body))),
  );

  app.patch(
    '/orgs/:id',
    {
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['orgs'],
        summary: 'Rename, re-code or move an organisation',
        params: idParams,
        body: orgUpdate,
        response: withErrors({ 200: orgOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => updateOrg(actor, tx, request.params.id, request.body)),
  );

  app.post(
    '/orgs/import',
    {
      bodyLimit: 6 * 1024 * 1024,
      config: { access: { permission: 'org.manage' } },
      schema: {
        tags: ['orgs'],
        summary: 'Import organisations from CSV or JSON',
        description:
          'Rows are matched by code, so importing the same file again changes nothing. If any row is wrong nothing is stored and every problem is listed as `row N.field`.',
        body: orgImport,
        response: withErrors({ 200: orgImportResult }),
      },
    },
    (request) =>
      mutate(request, (actor, tx) => {
        const { format, content, parentCode } = request.body;
        const parsed = format === 'csv' ? rowsFromCsv(content) : rowsFromJson(content);
        return importOrgs(actor, tx, parsed, { parentCode });
      }),
  );
}
