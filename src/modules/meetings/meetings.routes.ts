import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { errorEnvelope } from '../../http/errors.js';
import { page } from '../../http/paging.js';
import { tooLarge, uploadedFile } from '../../http/uploads.js';
import { actorOf, mutate } from '../../http/route-kit.js';
import { idParams, ok, withErrors } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { INTAKE_MAX_BODY_BYTES, INTAKE_MAX_FILE_BYTES, intakeOut, intakeText } from './intake.schema.js';
import { runIntake } from './intake.service.js';
import {
  decisionCreate,
  decisionOut,
  decisionParams,
  decisionUpdate,
  meetingCreate,
  meetingDetail,
  meetingListQuery,
  meetingOut,
  meetingUpdate,
  publishBody,
  publishOut,
} from './meetings.schema.js';
import { publishDecisions } from './meetings.publish.js';
import {
  addDecision,
  deleteDecision,
  getMeeting,
  listDecisions,
  listMeetings,
  loadMeeting,
  updateDecision,
  createMeeting,
  updateMeeting,
} from './meetings.service.js';

/** Refuses an oversized body before it is read, naming the field, rather than with Fastify's bare 413. */
function limitBody(field: (request: FastifyRequest) => string, limit: number) {
  return (request: FastifyRequest): Promise<void> => {
    const length = Number(request.headers['content-length'] ?? 0);
    return length > limit ? Promise.reject(tooLarge(field(request), limit)) : Promise.resolve();
  };
}

/** Before the body is parsed only the header tells an upload from pasted text. */
const intakeField = (request: FastifyRequest) =>
  String(request.headers['content-type'] ?? '').startsWith('multipart/') ? 'body.file' : 'body.text';

export function meetingRoutes(app: App): void {
  app.post(
    '/intake',
    {
      config: { access: { permission: 'meeting.manage' } },
      bodyLimit: INTAKE_MAX_BODY_BYTES,
      preParsing: limitBody(
        intakeField,
        // a multipart body carries the file and a little framing
        INTAKE_MAX_FILE_BYTES + 64 * 1024,
      ),
      schema: {
        tags: ['meetings'],
        summary: 'Read a meeting report into a draft meeting (stores nothing)',
        description:
          'JSON `{ "text" }` with the pasted report, or multipart/form-data with a file in field "file": a .txt in ' +
          'UTF-8, UTF-16, GBK/GB18030 or Big5, or a .docx, up to 8 MB. Returns the normalised text beside the ' +
          'original, what normalisation changed, the meeting and its directives. Empty input is 400 naming the ' +
          'field, a file that is not a readable text is 415 (file_rejected), an oversized one 413.',
        body: intakeText.nullish(),
        consumes: ['application/json', 'multipart/form-data'],
        response: withErrors({ 200: intakeOut, 413: errorEnvelope, 415: errorEnvelope }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (request.isMultipart()) {
        const { data } = await uploadedFile(request, INTAKE_MAX_FILE_BYTES);
        return runIntake(actor, request.ctx, data, 'body.file');
      }
      if (!request.body) {
        throw new AppError('validation_failed', {
          details: [{ field: 'body.text', message: '请粘贴会议报道文本，或上传文件（字段 file）' }],
        });
      }
      return runIntake(actor, request.ctx, request.body.text, 'body.text');
    },
  );

  app.get(
    '/meetings',
    {
      config: { access: { permission: 'plan.read' } },
      schema: {
        tags: ['meetings'],
        summary: 'Meetings (会议) held by your organisation or below it',
        querystring: meetingListQuery,
        response: withErrors({ 200: page(meetingOut) }),
      },
    },
    (request) => listMeetings(actorOf(request), request.ctx, request.query),
  );
  app.post(
    '/meetings',
    {
      config: { access: { permission: 'meeting.manage' } },
      bodyLimit: INTAKE_MAX_BODY_BYTES,
      preParsing: limitBody(() => 'body.sourceText', INTAKE_MAX_BODY_BYTES),
      schema: {
        tags: ['meetings'],
        summary: 'Record a meeting in draft, with its decisions (e.g. from an intake result)',
        body: meetingCreate,
        response: withErrors({ 201: meetingDetail, 413: errorEnvelope }),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await mutate(request, (actor, tx) => createMeeting(actor, tx, request.body))),
  );
  app.get(
    '/meetings/:id',
    {
      config: { access: { permission: 'plan.read' } },
      schema: {
        tags: ['meetings'],
        summary: 'One meeting, with its text and decisions (and the items they became)',
        params: idParams,
        response: withErrors({ 200: meetingDetail }),
      },
    },
    (request) => getMeeting(actorOf(request), request.ctx, request.params.id),
  );
  app.patch(
    '/meetings/:id',
    {
      config: { access: { permission: 'meeting.manage' } },
      schema: {
        tags: ['meetings'],
        summary: "Change a meeting's particulars (its text stays as recorded)",
        params: idParams,
        body: meetingUpdate,
        response: withErrors({ 200: meetingDetail }),
      },
    },
    (request) => mutate(request, (actor, tx) => updateMeeting(actor, tx, request.params.id, request.body)),
  );
  app.get(
    '/meetings/:id/decisions',
    {
      config: { access: { permission: 'plan.read' } },
      schema: {
        tags: ['meetings'],
        summary: "The meeting's decisions (议定事项)",
        params: idParams,
        response: withErrors({ 200: z.object({ data: z.array(decisionOut) }) }),
      },
    },
    async (request) => {
      const m = await loadMeeting(actorOf(request), request.ctx, request.params.id);
      return { data: await listDecisions(request.ctx, m.id) };
    },
  );
  app.post(
    '/meetings/:id/decisions',
    {
      config: { access: { permission: 'meeting.manage' } },
      schema: {
        tags: ['meetings'],
        summary: 'Add a draft decision',
        params: idParams,
        body: decisionCreate,
        response: withErrors({ 201: decisionOut }),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await mutate(request, (actor, tx) => addDecision(actor, tx, request.params.id, request.body))),
  );
  app.patch(
    '/meetings/:id/decisions/:decisionId',
    {
      config: { access: { permission: 'meeting.manage' } },
      schema: {
        tags: ['meetings'],
        summary: 'Change a draft decision (published ones are changed on their item)',
        params: decisionParams,
        body: decisionUpdate,
        response: withErrors({ 200: decisionOut, 409: errorEnvelope }),
      },
    },
    (request) =>
      mutate(request, (actor, tx) =>
        updateDecision(actor, tx, request.params.id, request.params.decisionId, request.body),
      ),
  );
  app.delete(
    '/meetings/:id/decisions/:decisionId',
    {
      config: { access: { permission: 'meeting.manage' } },
      schema: {
        tags: ['meetings'],
        summary: 'Remove a draft decision',
        params: decisionParams,
        response: withErrors({ 200: ok, 409: errorEnvelope }),
      },
    },
    (request) =>
      mutate(request, (actor, tx) => deleteDecision(actor, tx, request.params.id, request.params.decisionId)),
  );
  app.post(
    '/meetings/:id/publish',
    {
      config: { access: { permission: 'meeting.manage' } },
      schema: {
        tags: ['meetings'],
        summary: 'Publish decisions as items of a list (one draft item each, in one transaction)',
        params: idParams,
        body: publishBody,
        response: withErrors({ 200: publishOut }),
      },
    },
    (request) => mutate(request, (actor, tx) => publishDecisions(actor, tx, request.params.id, request.body)),
  );
}
