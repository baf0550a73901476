import type { sheetsZhCN } from './zh-CN.sheets';

/** English for the Excel import and export (zh-CN.sheets.ts). */
export const enSheets: Record<keyof typeof sheetsZhCN, string> = {
  'sheets.export': 'Export to Excel',
  'sheets.exporting': 'Preparing…',
  'sheets.import': 'Import from Excel',
  'sheets.importTitle': 'Import a task list from Excel',
  'sheets.hint':
    'An .xlsx workbook or CSV (UTF-8 / GBK). Name the columns in a header row — 序号, 任务事项 (task), 工作目标, 牵头领导 (leader), 牵头单位 (lead unit), 配合单位 (co-units), 完成时限 (deadline), 节点安排 (milestones), 类别 — in any order, with one or two header rows; a section row such as 「一、经济发展」 is the category of the rows below it. 各市州 / 各县市区 as co-units means every prefecture / county in your scope. Items are imported as drafts; importing the same sheet again creates nothing twice.',
  'sheets.pick': 'Click or drop a file here',
  'sheets.checking': 'Checking the sheet…',
  'sheets.read': 'Read sheet “{sheet}”: {n} rows',
  'sheets.action.create': 'New',
  'sheets.action.update': 'Update',
  'sheets.action.unchanged': 'Unchanged',
  'sheets.action.skip': 'Assigned, skipped',
  'sheets.row': 'Row',
  'sheets.action': 'Action',
  'sheets.problems': 'Problems and notes',
  'sheets.rowProblem': 'Has problems',
  'sheets.milestones': 'Milestones',
  'sheets.confirm': 'Import',
  'sheets.done': 'Imported: {created} new, {updated} updated',
  'sheets.hasErrors': '{n} problems: correct the sheet and choose it again; nothing was imported',
  'sheets.nothing': 'Nothing to create or update',
  'sheets.again': 'Choose another file',
  'sheets.template': 'Download the template',
};
