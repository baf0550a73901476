import { z } from 'zod';
import { MAX_ID, idParams, withErrors } from '../../http/schemas.js';
import { actorOf, mutate } from '../../http/route-kit.js';
import type { App } from '../../http/types.js';
import { uploadedFile } from '../../http/uploads.js';
import { listFiles, readStoredFile, storeFile } from '../files/files.service.js';
import { listReports } from '../reports/reports.service.js';
import { loadItem } from './items.service.js';
import { reportOut } from '../reports/reports.schema.js';
import {
  addComment,
  addMilestone,
  completeMilestone,
  deleteMilestone,
  generateMilestones,
  listComments,
  listEvents,
  listMilestones,
  splitItem,
  updateMilestone,
} from './items.extras.js';
import {
  childCreate,
  commentCreate,
  commentOut,
  eventOut,
  itemOut,
  milestoneCreate,
  milestoneDone,
  milestoneGenerate,
  milestoneOut,
  milestoneUpdate,
} from './items.schema.js';

const milestoneParams = z.object({
  id: z.coerce.number().int().positive().max(MAX_ID),
  milestoneId: z.coerce.number().int().positive().max(MAX_ID),
});
const milestones = z.object({ data: z.array(milestoneOut) });
const fileOut = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  reportId: z.number().int().nullable(),
  name: z.string(),
  size: z.number().int(),
  mime: z.string(),
  sha256: z.string(),
  purpose: z.string(),
  createdAt: z.string(),
});

export function itemSubRoutes(app: App): void {
  app.get(
    '/items/:id/milestones',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['milestones'],
        summary: "An item's milestones (节点)",
        params: idParams,
        response: withErrors({ 200: milestones }),
      },
    },
    async (request) => ({ data: await listMilestones(actorOf(request), request.ctx, request.params.id) }),
  );
  app.post(
    '/items/:id/milestones',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['milestones'],
        summary: 'Add a milestone',
        params: idParams,
        body: milestoneCreate,
        response: withErrors({ 201: milestones }),
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: await mutate(request, (actor, tx) => addMilestone(actor, tx, request.params.id, request.body)),
      }),
  );
  app.post(
    '/items/:id/milestones/generate',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['milestones'],
        summary: 'Schedule milestones backwards from the deadline (倒排工期)',
        params: idParams,
        body: milestoneGenerate,
        response: withErrors({ 201: milestones }),
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: await mutate(request, (actor, tx) =>
          generateMilestones(actor, tx, request.params.id, request.body),
        ),
      }),
  );
  app.patch(
    '/items/:id/milestones/:milestoneId',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['milestones'],
        summary: 'Change a milestone',
        params: milestoneParams,
        body: milestoneUpdate,
        response: withErrors({ 200: milestones }),
      },
    },
    async (request) => ({
      data: await mutate(request, (actor, tx) =>
        updateMilestone(actor, tx, request.params.id, request.params.milestoneId, request.body),
      ),
    }),
  );
  app.delete(
    '/items/:id/milestones/:milestoneId',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['milestones'],
        summary: 'Remove a milestone',
        params: milestoneParams,
        response: withErrors({ 200: milestones }),
      },
    },
    async (request) => ({
      data: await mutate(request, (actor, tx) =>
        deleteMilestone(actor, tx, request.params.id, request.params.milestoneId),
      ),
    }),
  );
  app.post(
    '/items/:id/milestones/:milestoneId/done',
    {
      config: { access: { permission: 'item.handle' } },
      schema: {
        tags: ['milestones'],
        summary: 'Report a milestone reached',
        params: milestoneParams,
        body: milestoneDone,
        response: withErrors({ 200: milestones }),
      },
    },
    async (request) => ({
      data: await mutate(request, (actor, tx) =>
        completeMilestone(actor, tx, request.params.id, request.params.milestoneId, request.body),
      ),
    }),
  );
  app.post(
    '/items/:id/children',
    {
      config: { access: { permission: 'item.handle' } },
      schema: {
        tags: ['items'],
        summary: 'Split an item for subordinate units (分解); their progress rolls up',
        params: idParams,
        body: childCreate,
        response: withErrors({ 201: z.object({ data: z.array(itemOut) }) }),
      },
    },
    async (request, reply) =>
      reply.code(201).send({
        data: await mutate(request, (actor, tx) => splitItem(actor, tx, request.params.id, request.body)),
      }),
  );
  app.get(
    '/items/:id/reports',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['reports'],
        summary: "An item's report slots by period",
        params: idParams,
        response: withErrors({ 200: z.object({ data: z.array(reportOut), total: z.number().int() }) }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await loadItem(actor, request.ctx, request.params.id);
      return listReports(actor, request.ctx, { itemId: request.params.id, current: 1, pageSize: 200 });
    },
  );
  app.get(
    '/items/:id/comments',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['items'],
        summary: 'Comments and instructions (批示)',
        params: idParams,
        response: withErrors({ 200: z.object({ data: z.array(commentOut) }) }),
      },
    },
    async (request) => ({ data: await listComments(actorOf(request), request.ctx, request.params.id) }),
  );
  app.post(
    '/items/:id/comments',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['items'],
        summary: 'Comment, or (leaders) write an instruction',
        params: idParams,
        body: commentCreate,
        response: withErrors({ 201: commentOut }),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await mutate(request, (actor, tx) => addComment(actor, tx, request.params.id, request.body))),
  );
  app.get(
    '/items/:id/events',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['items'],
        summary: "The item's timeline of every event",
        params: idParams,
        response: withErrors({ 200: z.object({ data: z.array(eventOut) }) }),
      },
    },
    async (request) => ({ data: await listEvents(actorOf(request), request.ctx, request.params.id) }),
  );
  app.get(
    '/items/:id/files',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['files'],
        summary: "The item's evidence files",
        params: idParams,
        response: withErrors({ 200: z.object({ data: z.array(fileOut) }) }),
      },
    },
    async (request) => ({ data: await listFiles(actorOf(request), request.ctx, request.params.id) }),
  );
  app.post(
    '/items/:id/files',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['files'],
        summary: 'Upload an evidence file (multipart/form-data, field "file")',
        description:
          'PDF, images, Word/Excel/PowerPoint, OFD or plain text, up to LUOSHI_MAX_FILE_MB (20 MB by default); the type is read from the content.',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: withErrors({ 201: fileOut }),
      },
    },
    async (request, reply) => {
      const upload = await uploadedFile(request, request.ctx.config.maxFileBytes);
      const out = await mutate(request, (actor, tx) => storeFile(actor, tx, request.params.id, upload));
      return reply.code(201).send(out);
    },
  );
  app.get(
    '/files/:id',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['files'],
        summary: 'Download a file (its checksum is verified first)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const file = await readStoredFile(actorOf(request), request.ctx, request.params.id);
      const inline =
        /^(image\/|application\/pdf$|text\/plain$)/.test(file.mime) &&
        (request.query as { download?: string }).download === undefined;
      if (inline) {
        // The web app previews images and PDFs in a frame of its own pages, and only there.
        void reply
          .header('x-frame-options', 'SAMEORIGIN')
          .header('content-security-policy', "frame-ancestors 'self'");
      }
      return reply
        .header('content-type', file.mime)
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(file.data);
    },
  );
}
