import ExcelJS from 'exceljs';
import * as OpenCC from 'opencc-js';
import type { Actor, Ctx } from '../../context.js';
import { invalid } from '../../errors.js';
import type { Locale } from '../../i18n/locale.js';
import { listItems } from '../items/items.service.js';
import type { ItemListQuery, ItemRow } from '../items/items.schema.js';

/** The most rows one export writes; a province's whole year fits, a bigger one is narrowed first. */
export const EXPORT_MAX_ROWS = 20_000;

type Labels = {
  ledger: string;
  exported: string;
  count: (n: number) => string;
  columns: {
    seq: string;
    code: string;
    title: string;
    category: string;
    division: string;
    leader: string;
    lead: string;
    co: string;
    deadline: string;
    progressGroup: string;
    state: string;
    progress: string;
    health: string;
    reasons: string;
    updated: string;
  };
  ongoing: string;
  states: Record<string, string>;
  health: Record<string, string>;
};

const zhCN: Labels = {
  ledger: '督办台账',
  exported: '导出时间',
  count: (n) => `共 ${n} 项`,
  columns: {
    seq: '序号',
    code: '编号',
    title: '任务事项',
    category: '类别',
    division: '责任分工',
    leader: '牵头领导',
    lead: '牵头单位',
    co: '配合单位',
    deadline: '完成时限',
    progressGroup: '推进情况',
    state: '办理状态',
    progress: '进度（%）',
    health: '预警状态',
    reasons: '预警原因',
    updated: '更新时间',
  },
  ongoing: '长期坚持',
  states: {
    draft: '草稿',
    assigned: '待签收',
    accepted: '已签收',
    in_progress: '办理中',
    completion_requested: '申请办结',
    completed: '已办结',
    returned: '已退回',
    extension_requested: '申请延期',
    suspended: '已暂停',
    cancelled: '已撤销',
  },
  health: {
    green: '正常',
    yellow: '预警',
    red: '逾期/滞后',
    done_on_time: '按期完成',
    done_late: '逾期完成',
    none: '未开始',
  },
};

const en: Labels = {
  ledger: 'supervision ledger',
  exported: 'Exported',
  count: (n) => `${n} items`,
  columns: {
    seq: 'No.',
    code: 'Code',
    title: 'Task',
    category: 'Category',
    division: 'Responsibility',
    leader: 'Leader',
    lead: 'Lead unit',
    co: 'Co-units',
    deadline: 'Deadline',
    progressGroup: 'Progress',
    state: 'State',
    progress: 'Progress (%)',
    health: 'Health',
    reasons: 'Reasons',
    updated: 'Updated',
  },
  ongoing: 'Ongoing',
  states: {
    draft: 'Draft',
    assigned: 'To sign for',
    accepted: 'Signed for',
    in_progress: 'In progress',
    completion_requested: 'Completion requested',
    completed: 'Completed',
    returned: 'Returned',
    extension_requested: 'Extension requested',
    suspended: 'Suspended',
    cancelled: 'Cancelled',
  },
  health: {
    green: 'On track',
    yellow: 'Warning',
    red: 'Overdue / lagging',
    done_on_time: 'Completed on time',
    done_late: 'Completed late',
    none: 'Not started',
  },
};

let zhTW: Labels | undefined;

/** Traditional labels from the simplified ones (OpenCC, Taiwan phrasing), made once. */
function traditional(): Labels {
  if (!zhTW) {
    const convert = (
      OpenCC as unknown as { Converter: (o: { from: string; to: string }) => (t: string) => string }
    ).Converter({
      from: 'cn',
      to: 'twp',
    });
    const map = <T extends Record<string, string>>(o: T) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, convert(v)])) as T;
    zhTW = {
      ledger: convert(zhCN.ledger),
      exported: convert(zhCN.exported),
      count: (n) => `共 ${n} 項`,
      columns: map(zhCN.columns),
      ongoing: convert(zhCN.ongoing),
      states: map(zhCN.states),
      health: map(zhCN.health),
    };
  }
  return zhTW;
}

function labelsFor(locale: Locale): Labels {
  return locale === 'en' ? en : locale === 'zh-TW' ? traditional() : zhCN;
}

const healthFill: Record<string, string> = {
  green: 'FFC6EFCE',
  yellow: 'FFFFEB9C',
  red: 'FFFFC7CE',
  done_on_time: 'FFDDEBF7',
  done_late: 'FFFCE4D6',
};

/** 2026-11-24 15:30 in the office's time zone. */
function localStamp(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** Lines a text wraps to in a column `width` characters wide (a Chinese character is two). */
function linesNeeded(text: string, width: number): number {
  let units = 0;
  for (const ch of text) {
    units += ch.charCodeAt(0) > 0x2e7f ? 2 : 1;
  }
  return Math.max(1, Math.ceil(units / Math.max(1, width - 1)));
}

/** Every ledger row the filter selects, in the ledger's order, at most EXPORT_MAX_ROWS. */
async function allRows(
  actor: Actor,
  ctx: Ctx,
  f: Omit<ItemListQuery, 'current' | 'pageSize'>,
): Promise<ItemRow[]> {
  const pageSize = 500;
  const first = await listItems(actor, ctx, { ...f, current: 1, pageSize });
  if (first.total > EXPORT_MAX_ROWS) {
    throw invalid([
      {
        field: 'query',
        message: `符合条件的事项有 ${first.total} 项，超过一次导出的上限 ${EXPORT_MAX_ROWS} 项：请按方案、单位或状态缩小范围`,
      },
    ]);
  }
  const rows = [...first.data];
  for (let current = 2; rows.length < first.total; current++) {
    const next = await listItems(actor, ctx, { ...f, current, pageSize });
    if (next.data.length === 0) {
      break;
    }
    rows.push(...next.data);
  }
  return rows;
}

/**
 * The ledger (台账) as an Excel workbook in the layout offices print: a title, the time of export, two
 * header rows (责任分工 over 牵头领导 / 牵头单位 / 配合单位, 推进情况 over state, progress and health),
 * one row per item with its health coloured, headers repeated on every printed page. It holds exactly
 * what the actor's ledger shows for the same filters.
 */
export async function exportLedger(
  actor: Actor,
  ctx: Ctx,
  f: Omit<ItemListQuery, 'current' | 'pageSize'>,
): Promise<{ data: Buffer; filename: string }> {
  const locale = ctx.locale ?? 'zh-CN';
  const L = labelsFor(locale);
  const rows = await allRows(actor, ctx, f);
  let title = L.ledger;
  if (f.planId !== undefined) {
    const plan = await ctx.db
      .selectFrom('plans')
      .select('title')
      .where('id', '=', f.planId)
      .executeTakeFirst();
    // The rows are already scoped; a plan the actor may not see has none, and its title is not shown.
    if (plan && rows.length > 0) {
      title = locale === 'en' ? `${plan.title} — ${L.ledger}` : `${plan.title}${L.ledger}`;
    }
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luoshi';
  wb.created = ctx.clock.now();
  const ws = wb.addWorksheet(L.ledger.slice(0, 31), {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      // The columns fit the width of A4 landscape at this scale; rows run on over as many pages as they need
      // (fit-to-page would shrink a long ledger onto one page in some spreadsheet programs).
      scale: 50,
      printTitlesRow: '3:4',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C&P / &N' },
    views: [{ state: 'frozen', ySplit: 4, xSplit: 3 }],
  });
  const C = L.columns;
  const columns: { key: keyof Labels['columns']; width: number; group?: 'division' | 'progressGroup' }[] = [
    { key: 'seq', width: 6 },
    { key: 'code', width: 14 },
    { key: 'title', width: 38 },
    { key: 'category', width: 12 },
    { key: 'leader', width: 12, group: 'division' },
    { key: 'lead', width: 20, group: 'division' },
    { key: 'co', width: 20, group: 'division' },
    { key: 'deadline', width: 12 },
    { key: 'state', width: 11, group: 'progressGroup' },
    { key: 'progress', width: 9, group: 'progressGroup' },
    { key: 'health', width: 11, group: 'progressGroup' },
    { key: 'reasons', width: 30, group: 'progressGroup' },
    { key: 'updated', width: 12 },
  ];
  ws.columns = columns.map((c) => ({ width: c.width }));
  const last = columns.length;
  ws.mergeCells(1, 1, 1, last);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { name: '方正小标宋简体', size: 18, bold: true };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 32;
  ws.mergeCells(2, 1, 2, last);
  const sub = ws.getCell(2, 1);
  sub.value = `${L.exported}：${localStamp(ctx.clock.now(), ctx.config.timeZone)}\u3000${L.count(rows.length)}`;
  sub.alignment = { horizontal: 'right' };
  sub.font = { size: 10, color: { argb: 'FF595959' } };

  // Two header rows: grouped columns share a merged group cell; the others span both rows.
  const border: Partial<ExcelJS.Borders> = {
    top: { style: 'thin' },
    left: { style: 'thin' },
    bottom: { style: 'thin' },
    right: { style: 'thin' },
  };
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i]!;
    if (col.group) {
      ws.getCell(4, i + 1).value = C[col.key];
      if (i === 0 || columns[i - 1]!.group !== col.group) {
        const span = columns.slice(i).findIndex((c) => c.group !== col.group);
        const end = span < 0 ? last : i + span;
        ws.mergeCells(3, i + 1, 3, end);
        ws.getCell(3, i + 1).value = C[col.group];
      }
    } else {
      ws.mergeCells(3, i + 1, 4, i + 1);
      ws.getCell(3, i + 1).value = C[col.key];
    }
  }
  for (const r of [3, 4]) {
    const row = ws.getRow(r);
    row.height = 20;
    for (let c = 1; c <= last; c++) {
      const cell = row.getCell(c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
      cell.border = border;
    }
  }

  rows.forEach((item, i) => {
    const values: Record<keyof Labels['columns'], string | number> = {
      seq: i + 1,
      code: item.code,
      title: item.title,
      category: item.category ?? '',
      division: '',
      leader: item.leadLeaderName ?? '',
      lead: item.leadUnitName ?? '',
      co: item.coUnits.map((c) => c.name).join('、'),
      deadline: item.ongoing ? L.ongoing : (item.deadline ?? ''),
      progressGroup: '',
      state: L.states[item.state] ?? item.state,
      progress: item.progress,
      health: L.health[item.health] ?? item.health,
      reasons: item.healthReasons.map((r) => r.text).join('；'),
      updated: item.updatedAt.slice(0, 10),
    };
    const row = ws.addRow(columns.map((c) => values[c.key]));
    // Spreadsheet programs do not all grow a row to its wrapped text: give it the height its longest cell needs.
    const lines = Math.max(1, ...columns.map((c) => linesNeeded(String(values[c.key]), c.width)));
    row.height = 15 * lines + 2;
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cell.border = border;
      cell.alignment = {
        vertical: 'middle',
        wrapText: true,
        horizontal: ['seq', 'deadline', 'state', 'progress', 'health', 'updated'].includes(
          columns[c - 1]!.key,
        )
          ? 'center'
          : 'left',
      };
    });
    const fill = healthFill[item.health];
    if (fill) {
      row.getCell(columns.findIndex((c) => c.key === 'health') + 1).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: fill },
      };
    }
  });
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4 + rows.length, column: last } };

  const data = Buffer.from(await wb.xlsx.writeBuffer());
  const day = localStamp(ctx.clock.now(), ctx.config.timeZone).slice(0, 10);
  return { data, filename: `${title}-${day}.xlsx` };
}

/**
 * A blank task list in the layout the import reads, with a section row and two example rows to
 * overwrite, and a second sheet that says how to fill it in.
 */
export async function taskTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luoshi';
  const ws = wb.addWorksheet('任务清单');
  const headers = [
    '序号',
    '任务事项',
    '工作目标',
    '牵头领导',
    '责任分工',
    '',
    '完成时限',
    '节点安排',
    '责任人',
  ];
  ws.columns = [6, 36, 36, 12, 18, 24, 16, 40, 10].map((width) => ({ width }));
  ws.mergeCells('A1:I1');
  ws.getCell('A1').value = '××年重点工作任务清单';
  ws.getCell('A1').font = { size: 16, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.getRow(2).values = headers;
  ws.getRow(3).values = ['', '', '', '', '牵头单位', '配合单位', '', '', ''];
  for (const col of ['A', 'B', 'C', 'D', 'G', 'H', 'I']) {
    ws.mergeCells(`${col}2:${col}3`);
  }
  ws.mergeCells('E2:F2');
  for (const r of [2, 3]) {
    ws.getRow(r).eachCell((cell) => {
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    });
  }
  ws.mergeCells('A4:I4');
  ws.getCell('A4').value = '一、经济发展';
  ws.getCell('A4').font = { bold: true };
  ws.getRow(5).values = [
    1,
    '（示例）推进重大项目建设',
    '全年完成重大项目投资××亿元',
    '',
    '省发展改革委',
    '省财政厅、各市州',
    '12月底前',
    '6月底前完成年度投资50%；9月底前完成80%',
    '',
  ];
  ws.getRow(6).values = [2, '（示例）持续优化营商环境', '', '', '省市场监督管理局', '', '长期坚持', '', ''];
  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 110;
  [
    '填写说明',
    '1. 列名可用：序号、任务事项（重点任务/工作任务）、工作目标、类别、牵头领导、牵头单位、配合单位（责任单位）、完成时限、节点安排、责任人、编号。列的顺序不限，可以只有其中几列，但须有“任务事项”。',
    '2. 「一、经济发展」这样独占一行的标题作为其下各行的类别（须是方案已设的类别）。',
    '3. 单位写系统中的名称或常用简称；一格写多个单位用顿号或逗号分开，牵头单位写多个时第一个为牵头、其余为配合。配合单位写“各市州”“各县市区”即指管辖范围内的全部市州、县区。',
    '4. 完成时限可写日期（2025-06-30、2025年6月30日）、“6月底前”“三季度末”“年底前”，或“长期坚持”。节点安排中带日期的每一句成为一个节点。',
    '5. 牵头领导写系统用户的姓名；不是系统用户的会提示并留空。',
    '6. 导入前系统会逐行检查并显示结果；有问题时不导入任何内容。再次导入同一张表，已有事项按编号或名称对应：草稿按表格更新，已交办的不改。',
  ].forEach((line, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true };
    if (i === 0) {
      cell.font = { bold: true, size: 14 };
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
