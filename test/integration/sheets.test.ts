import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { Client } from '../helpers/harness.js';
import { onEachDatabase } from '../helpers/harness.js';
import { encodeGbk } from '../../src/intake/gbk.js';
import { buildPlan, postFile } from '../helpers/supervision.js';

const gbk = (text: string) => Buffer.from(encodeGbk(text, false)!);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Row = (string | number | Date | null)[];

/**
 * A task list the way a provincial office lays it out: a title, a note, two header rows (责任分工 over
 * 牵头单位 and 配合单位, the other headers merged down), section rows merged across, a total row.
 */
async function officeSheet(rows: { section?: string; cells?: Row }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('任务清单');
  ws.mergeCells('A1:H1');
  ws.getCell('A1').value = '2026年全省重点工作任务清单';
  ws.mergeCells('A2:H2');
  ws.getCell('A2').value = '填报单位：省政府督查室';
  const top = ['序号', '重点任务', '工作目标', '牵头领导', '责任分工', null, '完成时限', '节点安排'];
  ws.getRow(3).values = top;
  ws.getRow(4).values = [null, null, null, null, '牵头单位', '配合单位', null, null] as ExcelJS.CellValue[];
  for (const col of ['A', 'B', 'C', 'D', 'G', 'H']) {
    ws.mergeCells(`${col}3:${col}4`);
  }
  ws.mergeCells('E3:F3');
  let r = 5;
  for (const row of rows) {
    if (row.section) {
      ws.mergeCells(`A${r}:H${r}`);
      ws.getCell(`A${r}`).value = row.section;
    } else {
      ws.getRow(r).values = row.cells as ExcelJS.CellValue[];
    }
    r++;
  }
  ws.mergeCells(`A${r}:H${r}`);
  ws.getCell(`A${r}`).value = '合计：3项';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const goodRows = (over: Partial<Record<number, Row>> = {}) => [
  { section: '一、经济发展（2项）' },
  {
    cells: over[1] ?? [
      1,
      '推进重大项目建设',
      '全年完成重大项目投资500亿元',
      '马德明副省长',
      '省发展改革委',
      '省财政厅、各市州',
      new Date(Date.UTC(2026, 11, 31)),
      '6月底前完成年度投资50%；9月底前完成80%',
    ],
  },
  {
    cells: over[2] ?? [
      2,
      '持续优化营商环境',
      null,
      null,
      '省市场监督管理局、省商务厅',
      null,
      '2026年9月底前',
      null,
    ],
  },
  { section: '二、公共服务（1项）' },
  { cells: over[3] ?? [3, '推进义务教育优质均衡发展', null, null, '省教育厅', '西宁市', '长期坚持', null] },
];

onEachDatabase('Excel import and export of task lists', (h) => {
  let sup: Client;
  let plan: { id: number; code: string; title: string };
  let list: { id: number };

  beforeAll(async () => {
    sup = await h().as('supervisor');
    ({ plan, list } = await buildPlan(h(), sup));
  });

  const importSheet = (c: Client, data: Buffer, dryRun = false, name = 'tasks.xlsx', mime = XLSX) =>
    postFile(c, `/api/v1/lists/${list.id}/import${dryRun ? '?dryRun=true' : ''}`, name, data, mime);
  const listItems = async () =>
    (await sup.get(`/api/v1/items?listId=${list.id}&pageSize=50&sort=code`)).body.data as any[];

  it('reads an office task list in a dry run: sections, two header rows, units, leader, dates, milestones', async () => {
    const res = await importSheet(sup, await officeSheet(goodRows()), true);
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(false);
    expect(res.body.errors).toEqual([]);
    expect(res.body.columns).toMatchObject({
      title: '重点任务',
      lead: '责任分工 / 牵头单位',
      co: '责任分工 / 配合单位',
    });
    const [a, b, c] = res.body.rows;
    expect(res.body.rows).toHaveLength(3);
    expect(a).toMatchObject({
      row: 6,
      code: `${plan.code}-01`,
      title: '推进重大项目建设',
      category: '经济发展',
      leadUnit: { name: '省发展改革委' },
      leader: { name: '省领导 马德明' },
      deadline: '2026-12-31',
      ongoing: false,
      action: 'create',
      milestones: [
        { dueDate: '2026-06-30', title: '6月底前完成年度投资50%' },
        { dueDate: '2026-09-30', title: '9月底前完成80%' },
      ],
    });
    const coNames = a.coUnits.map((u: { name: string }) => u.name);
    expect(coNames).toContain('省财政厅');
    expect(coNames).toContain('西宁市');
    expect(coNames).toContain('海东市');
    expect(coNames).not.toContain('甘孜藏族自治州');
    expect(b).toMatchObject({
      leadUnit: { name: '省市场监督管理局' },
      coUnits: [{ name: '省商务厅' }],
      deadline: '2026-09-30',
      category: '经济发展',
      leader: null,
    });
    expect(c).toMatchObject({
      ongoing: true,
      deadline: null,
      category: '公共服务',
      coUnits: [{ name: '西宁市' }],
    });
    expect(await listItems()).toHaveLength(0);
  });

  it('imports the rows as draft items with their milestones, and a second import changes nothing', async () => {
    const sheet = await officeSheet(goodRows());
    const res = await importSheet(sup, sheet);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stored: true, created: 3, updated: 0, unchanged: 0 });
    const items = await listItems();
    expect(items.map((i) => i.code)).toEqual([`${plan.code}-01`, `${plan.code}-02`, `${plan.code}-03`]);
    expect(items.every((i) => i.state === 'draft')).toBe(true);
    const first = (await sup.get(`/api/v1/items/${items[0].id}`)).body;
    expect(first.milestones.map((m: { dueDate: string }) => m.dueDate)).toEqual(['2026-06-30', '2026-09-30']);
    expect(first.description).toBe('全年完成重大项目投资500亿元');
    expect(first.leadLeaderName).toBe('省领导 马德明');

    const again = await importSheet(sup, sheet);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await listItems()).toHaveLength(3);
  });

  it('updates a draft the sheet changed and leaves an assigned item alone', async () => {
    const items = await listItems();
    const assigned = await sup.post(`/api/v1/items/${items[0].id}/actions`, {
      action: 'assign',
      unitId: items[0].leadUnitId,
    });
    expect(assigned.status).toBe(200);
    const changed = goodRows({
      1: [1, '推进重大项目建设', '目标改了', null, '省发展改革委', null, '2026-11-30', null],
      2: [2, '持续优化营商环境', null, null, '省市场监督管理局、省商务厅', null, '2026年10月底前', null],
    });
    const res = await importSheet(sup, await officeSheet(changed));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 0, updated: 1, unchanged: 1, skipped: 1 });
    const after = await listItems();
    expect(after[1].deadline).toBe('2026-10-31');
    expect(after[0].deadline).toBe('2026-12-31');
  });

  it('refuses a sheet with wrong rows, names every row, and stores nothing', async () => {
    const before = await listItems();
    const bad = goodRows({
      1: [1, '新任务甲', null, null, '省不存在厅', null, '2026-06-30', null],
      2: [2, '新任务乙', null, null, '省教育厅', null, '尽快', null],
      3: [3, '新任务丙', null, null, '各市州', null, null, null],
    });
    const res = await importSheet(sup, await officeSheet(bad));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const messages = (res.body.error.details as { field: string; message: string }[]).map(
      (d) => `${d.field} ${d.message}`,
    );
    expect(messages.find((m) => m.startsWith('row 6 '))).toMatch(/省不存在厅/);
    expect(messages.find((m) => m.startsWith('row 7 '))).toMatch(/无法识别「尽快」/);
    expect(messages.filter((m) => m.startsWith('row 9 ')).join()).toMatch(/一组单位.*|为空/);
    expect(await listItems()).toEqual(before);

    const preview = await importSheet(sup, await officeSheet(bad), true);
    expect(preview.status).toBe(200);
    expect(preview.body.rows[0].errors.join()).toMatch(/省不存在厅/);
  });

  it('reads a CSV saved in GBK, and refuses files that are not task sheets', async () => {
    const csv = [
      '序号,任务事项,牵头单位,配合单位,完成时限',
      '1,推进乡村振兴示范村建设,省农业农村厅,"西宁市、海东市",2026年三季度末',
    ].join('\r\n');
    const res = await importSheet(sup, gbk(csv), true, 'tasks.csv', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body.rows[0]).toMatchObject({
      title: '推进乡村振兴示范村建设',
      leadUnit: { name: '省农业农村厅' },
      deadline: '2026-09-30',
    });
    expect(res.body.rows[0].coUnits).toHaveLength(2);

    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    const old = await importSheet(sup, xls, false, 'tasks.xls', 'application/vnd.ms-excel');
    expect(old.status).toBe(400);
    expect(old.body.error.details[0]).toMatchObject({ field: 'body.file' });
    expect(old.body.error.details[0].message).toMatch(/xlsx/);

    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await importSheet(sup, png, false, 'a.png', 'image/png')).status).toBe(400);

    const noHeader = gbk('甲,乙,丙\r\n1,2,3');
    const nh = await importSheet(sup, noHeader, false, 'x.csv', 'text/csv');
    expect(nh.status).toBe(400);
    expect(nh.body.error.details[0].message).toMatch(/表头/);
  });

  it('finds units by the short names offices write, saying which were read as abbreviations', async () => {
    const csv = [
      '序号,重点任务,牵头单位,配合单位,完成时限',
      '1,推进重大项目前期工作,省发改委,"省工信厅、海西州、西宁",10个工作日内',
      '2,推进盐湖资源综合利用,西宁市人民政府,省林草局,2026年12月',
      '3,整治燃气安全隐患,省公安厅,,2026年12月',
    ].join('\n');
    const res = await importSheet(sup, Buffer.from(csv), true, 'tasks.csv', 'text/csv');
    expect(res.status).toBe(200);
    const [a, b, c] = res.body.rows;
    expect(a.leadUnit.name).toBe('省发展改革委');
    expect(a.coUnits.map((u: { name: string }) => u.name)).toEqual([
      '省工业和信息化厅',
      '海西蒙古族藏族自治州',
      '西宁市',
    ]);
    expect(a.notes).toEqual(
      expect.arrayContaining([
        '「省发改委」按简称对应为「省发展改革委」',
        '「省工信厅」按简称对应为「省工业和信息化厅」',
        expect.stringMatching(/^「10个工作日内」从方案开始日期 \d{4}-\d{2}-\d{2} 起算为/),
      ]),
    );
    expect(b.leadUnit.name).toBe('西宁市');
    expect(b.coUnits.map((u: { name: string }) => u.name)).toEqual(['省林业和草原局']);
    expect(c.errors).toEqual(['牵头单位：没有找到单位「省公安厅」（或不在管理范围内）']);
  });

  it('offers a template that the import reads without a problem', async () => {
    const res = await sup.get('/api/v1/lists/import-template');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const preview = await importSheet(sup, res.raw.rawPayload, true);
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.rows).toHaveLength(2);
    expect(preview.body.rows[0]).toMatchObject({ category: '经济发展', deadline: '2026-12-31' });
    expect(preview.body.rows[0].milestones).toHaveLength(2);
    expect(preview.body.rows[1]).toMatchObject({ ongoing: true, leadUnit: { name: '省市场监督管理局' } });
  });

  it('lets only those who manage items import, and only into lists they may see', async () => {
    const sheet = await officeSheet(goodRows());
    const datong = await h().as('datong.handler');
    expect((await importSheet(datong, sheet)).status).toBe(403);
    const ganzi = await h().as('ganzi.supervisor');
    expect((await importSheet(ganzi, sheet)).status).toBe(404);
  });

  it('exports the ledger as a workbook laid out for printing, holding what the ledger holds', async () => {
    const res = await sup.get(`/api/v1/items/export?planId=${plan.id}&sort=code`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe(`${plan.title}督办台账`);
    expect(ws.getCell('A2').value).toBe('导出时间：2026-03-02 09:00\u3000共 3 项');
    expect(ws.getCell('A3').value).toBe('序号');
    expect(ws.getCell('E3').value).toBe('责任分工');
    expect(ws.getCell('F4').value).toBe('牵头单位');
    expect(ws.getCell('I3').value).toBe('推进情况');
    const titles = [5, 6, 7].map((r) => ws.getCell(`C${r}`).value);
    expect(titles).toEqual(['推进重大项目建设', '持续优化营商环境', '推进义务教育优质均衡发展']);
    expect(ws.getCell('H7').value).toBe('长期坚持');
    expect(ws.getCell('A8').value).toBeNull();

    const english = await sup.request('GET', `/api/v1/items/export?planId=${plan.id}`, undefined, {
      'accept-language': 'en',
    });
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(english.raw.rawPayload as unknown as ArrayBuffer);
    expect(wbEn.worksheets[0]!.getCell('C3').value).toBe('Task');
  });

  it("exports a county handler's ledger with only the county's items", async () => {
    const datong = await h().as('datong.handler');
    const ledger = await datong.get('/api/v1/items?pageSize=200');
    const res = await datong.get('/api/v1/items/export');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const codes: string[] = [];
    for (let r = 5; r <= ws.rowCount; r++) {
      codes.push(ws.getCell(`B${r}`).text);
    }
    expect(codes.sort()).toEqual(ledger.body.data.map((i: { code: string }) => i.code).sort());
    expect((await datong.get('/api/v1/items/export?health=purple')).status).toBe(400);
  });
});
