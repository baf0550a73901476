import { actorOf, mutate } from '../../http/route-kit.js';
import { idParams, withErrors } from '../../http/schemas.js';
import { page } from '../../http/paging.js';
import type { App } from '../../http/types.js';
import { reportDetail, reportFields, reportListQuery, reportOut, reportReview } from './reports.schema.js';
import {
  getReport,
  listReports,
  reportNoChange,
  reviewReport,
  saveDraft,
  submitReport,
} from './reports.service.js';

export function reportRoutes(app: App): void {
  app.get(
    '/reports',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['reports'],
        summary: 'Progress reports (月报) you file or review',
        querystring: reportListQuery,
        response: withErrors({ 200: page(reportOut) }),
      },
    },
    (request) => listReports(actorOf(request), request.ctx, request.query),
  );
  app.get(
    '/reports/:id',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['reports'],
        summary:
          'One report slot, with the previous report to start from and (for the lead unit) the co-units’ reports',
        params: idParams,
        response: withErrors({ 200: reportDetail }),
      },
    },
    (request) => getReport(actorOf(request), request.ctx, request.params.id),
  );
  app.patch(
    '/reports/:id',
    {
      config: { access: { permission: 'report.submit' } },
      schema: {
        tags: ['reports'],
        summary: 'Save a report as a draft',
        params: idParams,
        body: reportFields,
        response: withErrors({ 200: reportDetail }),
      },
    },
    (request) => mutate(request, (actor, tx) => saveDraft(actor, tx, request.params.id, request.body)),
  );
  app.post(
    '/reports/:id/submit',
    {
      config: { access: { permission: 'report.submit' } },
      schema: {
        tags: ['reports'],
        summary: 'File a report',
        description:
          'Fields left out keep what the draft holds. Filing after the due day is recorded as late.',
        params: idParams,
        body: reportFields,
        response: withErrors({ 200: reportDetail }),
      },
    },
    (request) => mutate(request, (actor, tx) => submitReport(actor, tx, request.params.id, request.body)),
  );
  app.post(
    '/reports/:id/no-change',
    {
      config: { access: { permission: 'report.submit' } },
      schema: {
        tags: ['reports'],
        summary: '“No change this period”: file the last report again',
        params: idParams,
        response: withErrors({ 200: reportDetail }),
      },
    },
    (request) => mutate(request, (actor, tx) => reportNoChange(actor, tx, request.params.id)),
  );
  app.post(
    '/reports/:id/review',
    {
      config: { access: { permission: 'report.review' } },
      schema: {
        tags: ['reports'],
        summary: 'Approve or return a filed report',
        params: idParams,
        body: reportReview,
        response: withErrors({ 200: reportDetail }),
      },
    },
    (request) => mutate(request, (actor, tx) => reviewReport(actor, tx, request.params.id, request.body)),
  );
}
