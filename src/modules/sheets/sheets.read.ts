import ExcelJS from 'exceljs';
import { parseCsv } from '../../lib/csv.js';
import { decodeInput } from '../../intake/decode.js';
import { IntakeError } from '../../intake/errors.js';
import { checkZipSize, looksLikeZip, ZipFormatError } from '../../intake/zip.js';
import { findDeadline } from '../../intake/dates.js';
import type { FieldIssue } from '../../errors.js';

/**
 * Reading the task lists offices keep in spreadsheets (任务清单 / 台账): a title row or two, a header
 * row — sometimes two, with 责任分工 over 牵头单位 and 配合单位 — then the tasks, often grouped under
 * section rows such as 「一、经济发展（10项）」. Columns are found by the names offices give them, in
 * any order; nothing here touches the database.
 */

export type ColumnKey =
  | 'seq'
  | 'code'
  | 'title'
  | 'description'
  | 'category'
  | 'leader'
  | 'lead'
  | 'co'
  | 'deadline'
  | 'milestones'
  | 'responsible';

/** Header names by column, most specific first; compared without spaces, stars and bracketed notes. */
export const columnAliases: Record<ColumnKey, string[]> = {
  seq: ['序号', '序', 'no', 'no.'],
  code: ['编号', '任务编号', '事项编号', '编码', '代码', 'code'],
  title: [
    '任务事项',
    '重点任务',
    '工作任务',
    '任务名称',
    '事项名称',
    '重点工作',
    '工作事项',
    '主要任务',
    '具体任务',
    '项目名称',
    // 整改台账, 揭榜挂帅 and 会议议定 lists name the task otherwise
    '问题描述',
    '存在问题',
    '反馈问题',
    '问题清单',
    '问题表现',
    '揭榜事项',
    '榜单名称',
    '攻关任务',
    '议定事项',
    '批示事项',
    '交办事项',
    '督办事项',
    '任务',
    '事项',
    '工作内容',
    '任务内容',
    'title',
  ],
  description: [
    '工作目标',
    '任务目标',
    '具体目标',
    '目标任务',
    '目标要求',
    '主要内容',
    '具体内容',
    '工作措施',
    '主要措施',
    '推进措施',
    '整改措施',
    '整改目标',
    '整改要求',
    '任务要求',
    '工作要求',
    '目标',
    '措施',
    'description',
  ],
  category: ['类别', '分类', '领域', '板块', '类型', 'category'],
  leader: [
    '牵头领导',
    '责任领导',
    '分管领导',
    '联系领导',
    '包抓领导',
    '牵头省领导',
    '牵头市领导',
    '领导',
    'leader',
  ],
  lead: ['牵头单位', '牵头部门', '主责单位', '主办单位', '责任单位', '责任部门', '承办单位', 'leadunit'],
  co: [
    '配合单位',
    '配合部门',
    '协办单位',
    '协办部门',
    '参与单位',
    '协同单位',
    '责任单位',
    '责任部门',
    'counits',
  ],
  deadline: [
    '完成时限',
    '整改时限',
    '整改期限',
    '办理时限',
    '完成时间',
    '完成期限',
    '办结时限',
    '截止时间',
    '截止日期',
    '时限',
    '期限',
    'deadline',
  ],
  milestones: [
    '节点安排',
    '时间节点',
    '进度安排',
    '时间安排',
    '推进计划',
    '进度计划',
    '阶段目标',
    '工作节点',
    '节点',
    'milestones',
  ],
  responsible: ['具体责任人', '责任人', '联系人', '经办人', 'responsibleperson'],
};

/** One task row as written in the sheet, before units and people are looked up. */
export interface SheetRow {
  /** The sheet's own row number (CSV: the line's record number, header = 1). */
  row: number;
  seq: string | null;
  code: string | null;
  title: string;
  description: string | null;
  category: string | null;
  leader: string | null;
  /** 牵头单位 as written, split at 、，,；; and line breaks. */
  leadUnits: string[];
  coUnits: string[];
  /** The deadline cell: an ISO date when the cell held a date, else its text. */
  deadline: string | null;
  milestones: string | null;
  responsible: string | null;
}

export interface ReadSheet {
  sheet: string;
  /** Which column each field came from, by header text. */
  columns: Partial<Record<ColumnKey, string>>;
  rows: SheetRow[];
  issues: FieldIssue[];
  /** What was left out or read in a particular way: hidden rows, total rows, columns not read. */
  notes: string[];
}

const MAX_ROWS = 5000;
/** What a workbook may unpack to; a full 5,000-row task list is a few megabytes. */
const XLSX_MAX_UNPACKED = 100 * 1024 * 1024;

function normaliseHeader(text: string): string {
  return text
    .replace(/[（(【[][^）)】\]]*[）)】\]]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}

/** The column a header names, if any; `taken` are columns already assigned. */
function headerKey(text: string, taken: Set<ColumnKey>): ColumnKey | undefined {
  const h = normaliseHeader(text);
  if (!h) {
    return undefined;
  }
  const order: ColumnKey[] = [
    'seq',
    'code',
    'title',
    'leader',
    'lead',
    'co',
    'deadline',
    'milestones',
    'responsible',
    'category',
    'description',
  ];
  for (const exact of [true, false]) {
    for (const key of order) {
      if (taken.has(key)) {
        continue;
      }
      const hit = columnAliases[key].some((a) => (exact ? h === a : a.length >= 3 && h.includes(a)));
      if (hit) {
        return key;
      }
    }
  }
  return undefined;
}

/** Text of a cell as a person reads it (rich text, links, formulas' results, numbers, dates). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (value instanceof Date) {
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('richText' in value) {
      return value.richText.map((r) => r.text).join('');
    }
    if ('text' in value && typeof value.text === 'string') {
      return value.text;
    }
    if ('result' in value) {
      return cellText(value.result);
    }
    if ('error' in value) {
      return '';
    }
    return '';
  }
  return String(value);
}

function clean(text: string): string {
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/\s+\n/g, '\n')
    .trim();
}

/** Unit names written in one cell: 「省发展改革委、省财政厅」, one per line, or with commas. */
export function splitUnits(text: string | null): string[] {
  if (!text) {
    return [];
  }
  return text
    .split(/[、，,；;\n／/]+/)
    .map((s) => s.replace(/^[\s*＊]+|[\s*＊]+$/g, '').replace(/[（(]牵头[）)]$/, ''))
    .filter((s) => s.length > 0);
}

/** A section row's heading without its numbering and count: 「一、经济发展（10项）」→ 经济发展. */
const HEADING =
  /^\s*(?:[（(]?[一二三四五六七八九十百]+[)）、.．]|第[一二三四五六七八九十]+[部分章类项])|[（(]\s*(?:共\s*)?\d+\s*[项条个件][）)]\s*$/;

function sectionName(text: string): string {
  return text
    .replace(
      /^\s*(?:[（(]?[一二三四五六七八九十百]+[)）、.．]|[（(]?\d+[)）、.．]|第[一二三四五六七八九十]+[部分章类项]、?)\s*/,
      '',
    )
    .replace(/[（(]\s*(?:共\s*)?\d+\s*[项条个件][）)]\s*$/, '')
    .replace(/[:：]$/, '')
    .trim();
}

interface Grid {
  name: string;
  /** Cells by row (1-based), each a row of texts and, where the cell held a date, the ISO date. */
  rowCount: number;
  text(r: number, c: number): string;
  date(r: number, c: number): string | null;
  /** Whether the row is hidden in the workbook (rows an office hid are not tasks to import). */
  hidden(r: number): boolean;
  columnCount: number;
}

function gridFromWorksheet(ws: ExcelJS.Worksheet): Grid {
  const rowCount = Math.min(ws.rowCount, MAX_ROWS + 20);
  return {
    name: ws.name,
    rowCount,
    columnCount: Math.min(ws.columnCount, 60),
    text: (r, c) => clean(cellText(ws.getRow(r).getCell(c).value)),
    date: (r, c) => {
      const v = ws.getRow(r).getCell(c).value;
      if (v instanceof Date) {
        return v.toISOString().slice(0, 10);
      }
      if (typeof v === 'object' && v && 'result' in v && v.result instanceof Date) {
        return v.result.toISOString().slice(0, 10);
      }
      return null;
    },
    hidden: (r) => ws.getRow(r).hidden,
  };
}

function gridFromCsv(rows: string[][]): Grid {
  return {
    name: 'CSV',
    rowCount: Math.min(rows.length, MAX_ROWS + 20),
    columnCount: Math.min(Math.max(0, ...rows.map((r) => r.length)), 60),
    text: (r, c) => clean(rows[r - 1]?.[c - 1] ?? ''),
    date: () => null,
    hidden: () => false,
  };
}

/** Finds the header: the first of the top rows that names a task column and at least one other. */
function findHeader(g: Grid): { headerRows: number[]; columns: Map<number, ColumnKey> } | undefined {
  for (let r = 1; r <= Math.min(g.rowCount, 15); r++) {
    const columns = new Map<number, ColumnKey>();
    const taken = new Set<ColumnKey>();
    for (let c = 1; c <= g.columnCount; c++) {
      const key = headerKey(g.text(r, c), taken);
      if (key) {
        columns.set(c, key);
        taken.add(key);
      }
    }
    if (!taken.has('title') || columns.size < 2) {
      continue;
    }
    // A second header row below (责任分工 → 牵头单位 | 配合单位) names the columns the first left open
    // or only grouped.
    const headerRows = [r];
    if (r + 1 <= g.rowCount) {
      const below = new Map<number, ColumnKey>();
      const takenBelow = new Set<ColumnKey>(
        [...taken].filter((k) => k !== 'lead' && k !== 'co' && k !== 'leader'),
      );
      for (let c = 1; c <= g.columnCount; c++) {
        const text = g.text(r + 1, c);
        // A header cell merged down over both rows reads the same in each: it is not a second name.
        const key = text === g.text(r, c) ? undefined : headerKey(text, takenBelow);
        if (key) {
          below.set(c, key);
          takenBelow.add(key);
        }
      }
      // Or it only splits a column into times (进度安排 → 一季度 … 四季度), the other headers merged down.
      // A section row naming a time (一季度, 上半年 merged across) is not: it has one time, not several.
      const cells = Array.from({ length: g.columnCount }, (_, i) => i + 1).filter((c) => g.text(r + 1, c));
      const timeTexts = new Set(cells.map((c) => g.text(r + 1, c)).filter((t) => stageDue(t)));
      const times =
        below.size === 0 &&
        timeTexts.size >= 2 &&
        cells.every((c) => stageDue(g.text(r + 1, c)) || g.text(r + 1, c) === g.text(r, c));
      if (times) {
        headerRows.push(r + 1);
      } else if (below.size > 0 && ![...below.values()].includes('title')) {
        for (const [c, key] of below) {
          for (const [c0, k0] of columns) {
            if (k0 === key && c0 !== c) {
              columns.delete(c0);
            }
          }
          columns.set(c, key);
        }
        headerRows.push(r + 1);
      }
    }
    return { headerRows, columns };
  }
  return undefined;
}

function readGrid(g: Grid): ReadSheet {
  const header = findHeader(g);
  if (!header) {
    return {
      sheet: g.name,
      columns: {},
      rows: [],
      issues: [
        {
          field: 'file',
          message: `没有找到表头：前 15 行中须有一行写明任务名称（${columnAliases.title.slice(0, 4).join('、')}等）和至少一个其他列（牵头单位、完成时限……）`,
        },
      ],
      notes: [],
    };
  }
  const byKey = new Map<ColumnKey, number>();
  for (const [c, key] of header.columns) {
    byKey.set(key, c);
  }
  const columns: Partial<Record<ColumnKey, string>> = {};
  for (const [key, c] of byKey) {
    columns[key] = header.headerRows
      .map((r) => g.text(r, c))
      .filter((t, i, a) => t && a.indexOf(t) === i)
      .join(' / ');
  }
  const issues: FieldIssue[] = [];
  const notes: string[] = [];
  const rows: SheetRow[] = [];
  const at = (r: number, key: ColumnKey) => {
    const c = byKey.get(key);
    return c === undefined ? '' : g.text(r, c);
  };
  const extra = extraColumns(g, header, byKey);
  if (extra.described.length > 0) {
    columns.description = [columns.description, ...extra.described.map((d) => d.name)]
      .filter(Boolean)
      .join(' + ');
  }
  if (extra.staged.length > 0) {
    columns.milestones = [
      byKey.has('milestones') ? columns.milestones : undefined,
      ...extra.staged.map((d) => d.name),
    ]
      .filter(Boolean)
      .join(' + ');
  }
  if (extra.ignored.length > 0) {
    notes.push(`未导入的列：${extra.ignored.join('、')}`);
  }
  const hiddenRows: number[] = [];
  const totalRows: number[] = [];
  let section: string | null = null;
  const first = Math.max(...header.headerRows) + 1;
  for (let r = first; r <= g.rowCount; r++) {
    const texts: string[] = [];
    for (let c = 1; c <= g.columnCount; c++) {
      texts.push(g.text(r, c));
    }
    const distinct = [...new Set(texts.filter((t) => t))];
    if (distinct.length === 0) {
      continue;
    }
    if (g.hidden(r)) {
      hiddenRows.push(r);
      continue;
    }
    const title = at(r, 'title');
    const deadlineCell = byKey.has('deadline')
      ? (g.date(r, byKey.get('deadline')!) ?? at(r, 'deadline'))
      : '';
    // 「合计 | 共7项」: a total, whatever the columns it fills.
    if (TOTAL.test(texts.find((t) => t) ?? '') || TOTAL.test(title)) {
      totalRows.push(r);
      continue;
    }
    if (distinct.length === 1 && /^(合计|小计|总计|备注|说明|注[:：]|填表说明)/.test(distinct[0]!)) {
      continue;
    }
    // A heading merged across the row, or standing alone outside the task column, starts a section:
    // its name is the category of the rows below. Alone in the task column it must look like one.
    const filled = texts.filter((t) => t).length;
    const heading = distinct.length === 1 && (!title || filled > 1 || HEADING.test(distinct[0]!));
    if (heading) {
      const name = sectionName(distinct[0]!);
      if (name && name.length <= 64) {
        section = name;
        continue;
      }
    }
    if (rows.length >= MAX_ROWS) {
      issues.push({ field: 'file', message: `一次最多导入 ${MAX_ROWS} 行，请分批导入` });
      break;
    }
    if (!title) {
      issues.push({ field: `row ${r}.${columns.title ?? 'title'}`, message: '任务名称为空' });
      continue;
    }
    const text = (key: ColumnKey) => at(r, key) || null;
    const described = [
      text('description'),
      ...extra.described.map((d) => (g.text(r, d.column) ? `${d.name}：${g.text(r, d.column)}` : '')),
    ].filter(Boolean);
    const staged = [
      text('milestones'),
      ...extra.staged.map((d) => (g.text(r, d.column) ? `${d.due}前${g.text(r, d.column)}` : '')),
    ].filter(Boolean);
    rows.push({
      row: r,
      seq: text('seq'),
      code: text('code'),
      title,
      description: described.length > 0 ? described.join('\n') : null,
      category: text('category') ?? section,
      leader: text('leader'),
      leadUnits: splitUnits(text('lead')),
      coUnits: splitUnits(text('co')),
      deadline: deadlineCell || null,
      milestones: staged.length > 0 ? staged.join('；') : null,
      responsible: text('responsible'),
    });
  }
  if (hiddenRows.length > 0) {
    notes.push(`隐藏的行未导入：第 ${hiddenRows.join('、')} 行`);
  }
  if (totalRows.length > 0) {
    notes.push(`合计行未导入：第 ${totalRows.join('、')} 行`);
  }
  if (rows.length === 0 && issues.length === 0) {
    issues.push({ field: 'file', message: '表头下没有任务行' });
  }
  return { sheet: g.name, columns, rows, issues, notes };
}

/** 「合计」, 「合计：3项」, 「共7项」 — not a task whose title begins with 合计 (合计（统筹）各类资金). */
const TOTAL = /^(?:(?:合计|小计|总计)(?:[:：\s]*\d+\s*[项条个]?)?|共\s*\d+\s*[项条个])$/;

/** A sub-header under 进度安排 that names a time: 一季度, 上半年, 6月底前, 2026年9月. */
function stageDue(text: string): string | undefined {
  const t = text.replace(/\s+/g, '');
  const quarter = /^(?:第?([一二三四1-4])季度)(?:末|底)?(?:前)?$/.exec(t);
  if (quarter) {
    return `${'一二三四'.indexOf(quarter[1]!) + 1 || Number(quarter[1])}季度末`;
  }
  if (/^(?:上半年|年中)(?:末|底)?前?$/.test(t)) {
    return '6月底';
  }
  if (/^(?:下半年|全年|年底|年末)(?:末|底)?前?$/.test(t)) {
    return '年底';
  }
  const month = /^(?:(\d{4})年)?(\d{1,2})月(?:底|末)?(?:前|之前)?$/.exec(t);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    return `${month[1] ? `${month[1]}年` : ''}${Number(month[2])}月底`;
  }
  return undefined;
}

/**
 * Columns beside the recognised ones: a second task-description column (整改目标 and 整改措施, 工作目标 and
 * 具体措施) goes into the description with its header; sub-columns of the milestone column that name a
 * time (进度安排 → 一季度 … 四季度) become dated milestones; anything else with a header is named as not read.
 */
function extraColumns(
  g: Grid,
  header: { headerRows: number[]; columns: Map<number, ColumnKey> },
  byKey: Map<ColumnKey, number>,
) {
  const described: { column: number; name: string }[] = [];
  const staged: { column: number; name: string; due: string }[] = [];
  const ignored: string[] = [];
  const top = header.headerRows[0]!;
  const bottom = header.headerRows.at(-1)!;
  const milestoneColumn = byKey.get('milestones');
  // The times under 进度安排: its own column and those right of it whose heading is the same merged cell or
  // empty (a CSV, or a heading written in the first cell only).
  const timeColumns = new Set<number>();
  if (milestoneColumn !== undefined && header.headerRows.length > 1) {
    for (let c = milestoneColumn; c <= g.columnCount && stageDue(g.text(bottom, c)); c++) {
      if (c > milestoneColumn && g.text(top, c) && g.text(top, c) !== g.text(top, milestoneColumn)) {
        break;
      }
      timeColumns.add(c);
    }
  }
  for (let c = 1; c <= g.columnCount; c++) {
    const below = g.text(bottom, c);
    const due = stageDue(below);
    if (due && timeColumns.has(c)) {
      staged.push({ column: c, name: below, due });
      continue;
    }
    if (header.columns.has(c)) {
      continue;
    }
    const name = header.headerRows
      .map((r) => g.text(r, c))
      .filter((t, i, a) => t && a.indexOf(t) === i)
      .join(' / ');
    if (!name || /^(?:序号|备注|说明)$/.test(name)) {
      continue;
    }
    if (
      headerKey(below || name, new Set()) === 'description' ||
      headerKey(name, new Set()) === 'description'
    ) {
      described.push({ column: c, name: below || name });
    } else {
      ignored.push(name);
    }
  }
  // The milestone column itself, when its sub-columns are times, is only their group heading.
  if (staged.some((st) => st.column === milestoneColumn)) {
    byKey.delete('milestones');
  }
  return { described, staged, ignored };
}

function looksLikeOldExcel(buf: Buffer): boolean {
  return (
    buf.length > 8 && buf.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
  );
}

/** A problem with the file as a whole (not one of its rows). */
export class SheetError extends Error {}

/** CSV text in UTF-8 (with or without BOM), UTF-16, GBK/GB18030 or Big5; GBK when too short to tell. */
function decodeCsv(data: Buffer): string {
  try {
    return decodeInput(data).text;
  } catch (err) {
    if (err instanceof IntakeError && err.code === 'undecodable') {
      return new TextDecoder('gb18030').decode(data);
    }
    throw new SheetError('不是表格文件：请上传 .xlsx 工作簿或 CSV 文件');
  }
}

/**
 * Reads a task list from an .xlsx workbook (the first sheet with a header; others are named in the
 * result) or from CSV text in UTF-8, GBK or Big5.
 */
export async function readTaskSheet(data: Buffer): Promise<ReadSheet> {
  if (looksLikeOldExcel(data)) {
    throw new SheetError('不支持旧版 Excel（.xls）文件：请在 Excel 或 WPS 中“另存为” .xlsx 后再导入');
  }
  if (looksLikeZip(data)) {
    const wb = new ExcelJS.Workbook();
    try {
      // ExcelJS unpacks everything it is given: a small file that unpacks to gigabytes is refused first.
      checkZipSize(data, XLSX_MAX_UNPACKED, 10_000);
    } catch (err) {
      throw new SheetError(
        err instanceof ZipFormatError && err.message === '解压后内容过大'
          ? `工作簿解压后超过 ${XLSX_MAX_UNPACKED / 1024 / 1024} MB：请删去无关的工作表或分批导入`
          : '无法读取此文件：它不是有效的 .xlsx 工作簿',
      );
    }
    try {
      await wb.xlsx.load(data as unknown as ArrayBuffer);
    } catch {
      throw new SheetError('无法读取此文件：它不是有效的 .xlsx 工作簿');
    }
    let firstIssue: ReadSheet | undefined;
    for (const ws of wb.worksheets) {
      if (ws.state !== 'visible' && wb.worksheets.length > 1) {
        continue;
      }
      const read = readGrid(gridFromWorksheet(ws));
      if (read.rows.length > 0 || Object.keys(read.columns).length > 0) {
        return read;
      }
      firstIssue ??= read;
    }
    if (!firstIssue) {
      throw new SheetError('工作簿中没有工作表');
    }
    return firstIssue;
  }
  if (data.length === 0) {
    throw new SheetError('文件为空');
  }
  if (data.subarray(0, 4096).includes(0)) {
    throw new SheetError('不是表格文件：请上传 .xlsx 或 CSV');
  }
  return readGrid(gridFromCsv(parseCsv(decodeCsv(data))));
}

/** Work that recurs has no single deadline: it is ongoing, reviewed each period. */
/**
 * Recurring work with its period's own date (每月底前, 每季度末, 每年6月底前, 按月, 定期): no single deadline.
 * Taken out of a cell before its dates are read, so 「9月底前完成，每月报送进展」 keeps 9月底.
 */
const RECURRING =
  /每(?:年(?:\d{1,2}月)?|季度?|月|半月|周|旬)(?:末|底|中旬|上旬|下旬)?(?:前|之前)?|按(?:月|季度?|年|周)|定期/g;
const ONGOING = /长期(坚持|推进)?|持续(推进|开展)?|常态化|长效/;

/** A date written as 2025-06-30, 2025/6/30, 2025.6.30, 2025年6月30日, or a month: 2025年6月, 2025.6. */
function plainDate(text: string): string | undefined {
  const t = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:前|之前|以前)?$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
      ? date.toISOString().slice(0, 10)
      : undefined;
  }
  m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:底|末)?(?:前|之前|以前)?$/.exec(t);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo >= 1 && mo <= 12) {
      return new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
    }
  }
  return undefined;
}

/** A deadline counted from a start (10个工作日内, 一个月内, 30天内). */
export const RELATIVE_DEADLINE =
  /[\d一二两三四五六七八九十]+\s*个?(?:工作日|日|天|周|星期|个月|月)(?:内|之内)/;

/** A date written in figures inside a clause: 选址完成 2027-01-31, 2027/1/31前完成. */
function embeddedDate(text: string): string | undefined {
  const m = /(?<!\d)(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)/.exec(text);
  return m ? plainDate(`${m[1]}-${m[2]}-${m[3]}`) : undefined;
}

/** Every deadline stated in a text, in order, each with the clause it ends. */
export function datedClauses(text: string, year: number, start?: string): { date: string; text: string }[] {
  const from = start
    ? { y: Number(start.slice(0, 4)), m: Number(start.slice(5, 7)), d: Number(start.slice(8, 10)) }
    : undefined;
  const out: { date: string; text: string }[] = [];
  const pieces = text
    .split(/[；;。\n]|(?<=[，,])(?=\s*(?:\d{4}年)?\d{1,2}月|(?:\d{4}年)?[一二三四1-4]季度|年底)/)
    .map((s) => s.replace(/^[\s，,]*(?:\d{1,2}(?![\d./-]\d)[.、．)]|[（(]\d+[)）]|[①-⑩])\s*/, '').trim())
    .filter(Boolean);
  for (const piece of pieces) {
    const plain = plainDate(piece) ?? embeddedDate(piece);
    // Relative deadlines count from the start given; dates of the year (6月底前) from the year's beginning.
    const ref = from && RELATIVE_DEADLINE.test(piece) ? from : { y: year, m: 1, d: 1 };
    const found = plain ? { date: plain } : findDeadline(piece, ref);
    if (found) {
      out.push({ date: found.date, text: piece });
    }
  }
  return out;
}

/** The deadline a cell states: a date, ongoing work (长期坚持), or the last of several dates written there. */
export function readDeadline(
  cell: string | null,
  year: number,
  /** The day a relative deadline (10个工作日内) counts from; 1 January of `year` when not given. */
  start?: string,
): { date: string | null; ongoing: boolean; stages: { date: string; text: string }[] } | undefined {
  if (!cell) {
    return undefined;
  }
  const plain = plainDate(cell);
  if (plain) {
    return { date: plain, ongoing: false, stages: [] };
  }
  const once = cell.replace(RECURRING, '');
  const stages = datedClauses(once, year, start);
  if (stages.length === 0 && once !== cell) {
    return { date: null, ongoing: true, stages: [] };
  }
  if (stages.length > 0) {
    const last = stages.reduce((a, b) => (b.date > a.date ? b : a));
    return { date: last.date, ongoing: false, stages: stages.length > 1 ? stages : [] };
  }
  if (ONGOING.test(cell)) {
    return { date: null, ongoing: true, stages: [] };
  }
  return undefined;
}
