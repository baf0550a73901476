import ExcelJS from 'exceljs';
import { buildZip } from './intake/docx-builder.js';
import { describe, expect, it } from 'vitest';
import {
  datedClauses,
  readDeadline,
  readTaskSheet,
  splitUnits,
} from '../../src/modules/sheets/sheets.read.js';

describe('reading a task sheet', () => {
  it('reads a rectification ledger (整改台账) by its own column names', async () => {
    const csv = [
      '序号,问题描述,整改措施,责任领导,整改责任单位,配合单位,整改时限,整改进展',
      '1,项目审批流程繁琐,精简审批环节,张三,省发展改革委,省政务服务局、省财政厅,2026年6月30日,已完成',
    ].join('\n');
    const read = await readTaskSheet(Buffer.from(csv));
    expect(read.columns).toMatchObject({
      title: '问题描述',
      description: '整改措施',
      leader: '责任领导',
      lead: '整改责任单位',
      co: '配合单位',
      deadline: '整改时限',
    });
    expect(read.rows[0]).toMatchObject({
      row: 2,
      title: '项目审批流程繁琐',
      leadUnits: ['省发展改革委'],
      coUnits: ['省政务服务局', '省财政厅'],
      deadline: '2026年6月30日',
    });
  });

  it('takes a section row as the category of the rows below it, and skips totals', async () => {
    const csv = [
      '序号,重点任务,牵头单位,完成时限',
      '一、生态环保（2项）,,,',
      '1,推进河湖长制,省水利厅,年底前',
      '（二）社会进步,,,',
      '2,建设智慧社区,省民政厅,三季度末',
      '合计,,,',
    ].join('\n');
    const read = await readTaskSheet(Buffer.from(csv));
    expect(read.rows.map((r) => [r.title, r.category])).toEqual([
      ['推进河湖长制', '生态环保'],
      ['建设智慧社区', '社会进步'],
    ]);
  });

  it('names a row without a task, and a sheet without a header', async () => {
    const missing = await readTaskSheet(Buffer.from('任务事项,牵头单位,完成时限\n,省水利厅,2026-06-30\n'));
    expect(missing.issues).toEqual([{ field: 'row 2.任务事项', message: '任务名称为空' }]);
    const none = await readTaskSheet(Buffer.from('甲,乙\n1,2\n'));
    expect(none.issues[0]!.message).toMatch(/没有找到表头/);
  });

  it('splits the units written in one cell', () => {
    expect(splitUnits('省发展改革委、省财政厅，省商务厅;省水利厅\n西宁市（牵头）')).toEqual([
      '省发展改革委',
      '省财政厅',
      '省商务厅',
      '省水利厅',
      '西宁市',
    ]);
  });
});

describe('reading what offices put beside the tasks', () => {
  it('leaves out hidden rows and total rows, and says so', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(['序号', '重点任务', '牵头单位', '完成时限']);
    ws.addRow([1, '推进河湖长制', '省水利厅', '2026-06-30']);
    ws.addRow([2, '（已取消）发行专项债', '省财政厅', '2026-06-30']).hidden = true;
    ws.addRow([3, '建设智慧社区', '省民政厅', '2026-09-30']);
    ws.addRow(['合计', '共2项', null, null]);
    ws.addRow([null, '共2项', null, null]);
    const read = await readTaskSheet(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(read.rows.map((r) => r.title)).toEqual(['推进河湖长制', '建设智慧社区']);
    expect(read.notes).toEqual(['隐藏的行未导入：第 3 行', '合计行未导入：第 5、6 行']);
    expect(read.issues).toEqual([]);
  });

  it('makes dated milestones of the times under 进度安排, and keeps a second description column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.getRow(1).values = [
      '序号',
      '问题描述',
      '整改目标',
      '整改措施',
      '责任单位',
      '整改时限',
      '进度安排',
      null,
      null,
      '联系电话',
    ];
    ws.getRow(2).values = [null, null, null, null, null, null, '一季度', '6月底前', '四季度', null];
    for (const col of ['A', 'B', 'C', 'D', 'E', 'F', 'J']) {
      ws.mergeCells(`${col}1:${col}2`);
    }
    ws.mergeCells('G1:I1');
    ws.getRow(3).values = [
      1,
      '矿山生态修复滞后',
      '完成11个矿点修复',
      '制定方案；分批治理',
      '海北州',
      '2026-12-31',
      '完成勘察',
      '报送可研',
      '取得批复',
      '0971-1234567',
    ];
    const read = await readTaskSheet(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(read.rows[0]).toMatchObject({
      title: '矿山生态修复滞后',
      description: '完成11个矿点修复\n整改措施：制定方案；分批治理',
      leadUnits: ['海北州'],
      milestones: '1季度末前完成勘察；6月底前报送可研；4季度末前取得批复',
    });
    expect(read.columns.milestones).toBe('一季度 + 6月底前 + 四季度');
    expect(read.notes).toEqual(['未导入的列：联系电话']);
  });
});

describe('reading sheets whose rows or columns name times', () => {
  it('takes a section row naming a time as a section, not as a second header row', async () => {
    const csv = [
      '序号,重点任务,牵头单位,完成时限',
      '一季度,,,',
      '1,推进河湖长制,省水利厅,3月底前',
      '二季度,,,',
      '2,建设智慧社区,省民政厅,6月底前',
    ];
    const read = await readTaskSheet(Buffer.from(csv.join('\n')));
    expect(read.columns.seq).toBe('序号');
    expect(read.rows.map((r) => [r.title, r.category])).toEqual([
      ['推进河湖长制', '一季度'],
      ['建设智慧社区', '二季度'],
    ]);
  });

  it('reads every time under 进度安排 in a CSV, where the heading stands in its first cell only', async () => {
    const csv = [
      '序号,重点任务,牵头单位,完成时限,进度安排,,,',
      ',,,,一季度,二季度,三季度,四季度',
      '1,建设冷链物流中心,省商务厅,2026-12-31,完成勘察,报送可研,开工,完工',
    ];
    const read = await readTaskSheet(Buffer.from(csv.join('\n')));
    expect(read.rows[0]!.milestones).toBe(
      '1季度末前完成勘察；2季度末前报送可研；3季度末前开工；4季度末前完工',
    );
    expect(read.notes).toEqual([]);
  });

  it('keeps a task whose title begins like a total', async () => {
    const csv = [
      '重点任务,牵头单位,完成时限',
      '合计（统筹）各类资金,省财政厅,2026-12-31',
      '小计 量化考核指标,省统计局,2026-12-31',
      '合计：2项,,',
    ];
    const read = await readTaskSheet(Buffer.from(csv.join('\n')));
    expect(read.rows.map((r) => r.title)).toEqual(['合计（统筹）各类资金', '小计 量化考核指标']);
    expect(read.notes).toEqual(['合计行未导入：第 4 行']);
  });
});

describe('reading a deadline cell', () => {
  const cases: [string, ReturnType<typeof readDeadline>][] = [
    ['2026-06-30', { date: '2026-06-30', ongoing: false, stages: [] }],
    ['2026/6/30', { date: '2026-06-30', ongoing: false, stages: [] }],
    ['2026.6', { date: '2026-06-30', ongoing: false, stages: [] }],
    ['2026年6月30日前', { date: '2026-06-30', ongoing: false, stages: [] }],
    ['6月底前', { date: '2026-06-30', ongoing: false, stages: [] }],
    ['三季度末', { date: '2026-09-30', ongoing: false, stages: [] }],
    ['年底前', { date: '2026-12-31', ongoing: false, stages: [] }],
    ['长期坚持', { date: null, ongoing: true, stages: [] }],
    ['每月底前报送', { date: null, ongoing: true, stages: [] }],
    ['按季调度', { date: null, ongoing: true, stages: [] }],
    ['2026年9月底前完成，每月报送进展', { date: '2026-09-30', ongoing: false, stages: [] }],
    ['6月底前建立定期调度机制', { date: '2026-06-30', ongoing: false, stages: [] }],
    ['尽快', undefined],
    ['2026-02-30', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`reads 「${text}」`, () => {
      expect(readDeadline(text, 2026)).toEqual(expected);
    });
  }

  it('counts a relative deadline from the start it is given (weekdays), a date of the year from the year', () => {
    expect(readDeadline('10个工作日内', 2026, '2026-05-12')?.date).toBe('2026-05-26');
    expect(readDeadline('30天内', 2026, '2026-05-12')?.date).toBe('2026-06-11');
    expect(readDeadline('3月底前', 2026, '2026-05-12')?.date).toBe('2026-03-31');
  });

  it('reads dates written in figures inside the clauses of 节点安排', () => {
    expect(datedClauses('选址完成 2027-01-31；主体完工 2027/5/31；2027.06.30 竣工验收', 2026)).toEqual([
      { date: '2027-01-31', text: '选址完成 2027-01-31' },
      { date: '2027-05-31', text: '主体完工 2027/5/31' },
      { date: '2027-06-30', text: '2027.06.30 竣工验收' },
    ]);
  });

  it('takes the last of several dated clauses as the deadline and all of them as stages', () => {
    const r = readDeadline('6月底前完成初稿，12月底前全面完成', 2026);
    expect(r?.date).toBe('2026-12-31');
    expect(r?.stages.map((s) => s.date)).toEqual(['2026-06-30', '2026-12-31']);
  });
});

describe('reading a workbook that unpacks to far more than it weighs', () => {
  it('refuses it before unpacking it whole, whatever sizes it declares', async () => {
    // A shared-strings entry of 120 MB of spaces: about 120 KB packed, declared as 1,000 bytes.
    const bomb = buildZip(
      { '[Content_Types].xml': '<Types/>', 'xl/sharedStrings.xml': Buffer.alloc(120 * 1024 * 1024, 0x20) },
      1000,
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(readTaskSheet(bomb)).rejects.toThrow(/解压后超过 100 MB/);
  });
});
