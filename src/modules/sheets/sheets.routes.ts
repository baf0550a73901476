import { uploadedFile } from '../../http/uploads.js';
import { actorOf } from '../../http/route-kit.js';
import { idParams, withErrors } from '../../http/schemas.js';
import type { App } from '../../http/types.js';
import { inTransaction } from '../../context.js';
import { exportQuery, importQuery, importResult } from './sheets.schema.js';
import { exportLedger, taskTemplate } from './sheets.export.js';
import { importItems } from './sheets.import.js';

/** A task sheet is small; 10 MB holds tens of thousands of rows. */
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export function sheetRoutes(app: App): void {
  app.post(
    '/lists/:id/import',
    {
      config: { access: { permission: 'item.manage' } },
      bodyLimit: IMPORT_MAX_BYTES + 64 * 1024,
      schema: {
        tags: ['items'],
        summary: 'Import a task list from Excel (.xlsx) or CSV as draft items of the list',
        description:
          'multipart/form-data with the file in field "file". Columns are found by their headers in the first 15 rows ' +
          '(序号, 任务事项/重点任务, 牵头领导, 牵头单位, 配合单位/责任单位, 完成时限, 节点安排, 类别, 责任人 …; two header ' +
          'rows and section rows such as 「一、经济发展」 are understood). Units are matched by name within your scope ' +
          '(各市州 / 各县市区 in the co-unit column means every prefecture / county); deadlines may be dates or ' +
          'phrases (2025年6月底前, 三季度末, 长期坚持). Rows are matched to the list’s items by code, or by title, so ' +
          'importing the same sheet again changes nothing. With `dryRun=true` the answer says what would happen, ' +
          'row by row; otherwise any problem is 400 with every row named and nothing stored.',
        params: idParams,
        querystring: importQuery,
        consumes: ['multipart/form-data'],
        response: withErrors({ 200: importResult }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { data } = await uploadedFile(request, IMPORT_MAX_BYTES);
      const dryRun = request.query.dryRun === 'true';
      return inTransaction(request.ctx, (tx) => importItems(actor, tx, request.params.id, data, { dryRun }));
    },
  );

  app.get(
    '/lists/import-template',
    {
      config: { access: { permission: 'item.manage' } },
      schema: {
        tags: ['items'],
        summary: 'A blank task list (.xlsx) in the layout the import reads, with examples and instructions',
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (_request, reply) =>
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent('任务清单模板.xlsx')}`,
        )
        .header('cache-control', 'private, no-store')
        .send(await taskTemplate()),
  );

  app.get(
    '/items/export',
    {
      config: { access: { permission: 'item.read' } },
      schema: {
        tags: ['items'],
        summary: 'The ledger (台账) as an Excel workbook, with the same filters as GET /items',
        description:
          'Title, time of export, two header rows (责任分工, 推进情况), one row per item with its health coloured; ' +
          'headers repeat on every printed page. Holds what your ledger shows for the same filters, at most 20,000 rows.',
        querystring: exportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => {
      const { data, filename } = await exportLedger(actorOf(request), request.ctx, request.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .header('cache-control', 'private, no-store')
        .send(data);
    },
  );
}
