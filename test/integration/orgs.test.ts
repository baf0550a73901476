import { beforeAll, expect, it } from 'vitest';
import type { Client } from '../helpers/harness.js';
import { countRows, onEachDatabase, snapshot } from '../helpers/harness.js';

onEachDatabase('organisations', (h) => {
  let admin: Client;

  beforeAll(async () => {
    admin = await h().as('admin');
  });

  it('holds the demo trees: Qinghai with its 8 prefectures, Ganzi with its 18 counties and cities', async () => {
    const tree = await admin.get('/api/v1/orgs/tree');
    expect(tree.body.data.map((n: { code: string }) => n.code)).toEqual(['QH', 'GZ']);
    const qh = tree.body.data[0];
    expect(qh.children.filter((c: { kind: string }) => c.kind === 'prefecture')).toHaveLength(8);
    const gz = tree.body.data[1];
    expect(gz.children.filter((c: { kind: string }) => c.kind === 'county')).toHaveLength(18);
    const xn = qh.children.find((c: { code: string }) => c.code === 'QH-XN');
    expect(
      xn.children.filter((c: { kind: string }) => c.kind === 'county').map((c: { name: string }) => c.name),
    ).toEqual(expect.arrayContaining(['城东区', '湟中区', '大通回族土族自治县', '湟源县']));
  });

  it('imports a CSV with Chinese headers and kinds, and a second import of the same file changes nothing', async () => {
    const csv =
      '\uFEFF编码,名称,类型,上级编码\r\nHY-CG,城关镇,乡镇,QH-XN-HY\r\nHY-CG-1,"城关镇某村委会, 一组",企业,HY-CG\r\nHY-DX,大华镇,镇,QH-XN-HY\r\n';
    const first = await admin.post('/api/v1/orgs/import', { format: 'csv', content: csv });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const again = await admin.post('/api/v1/orgs/import', { format: 'csv', content: csv });
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 3 });
    const child = await admin.get('/api/v1/orgs?q=一组');
    expect(child.body.data[0]).toMatchObject({ name: '城关镇某村委会, 一组', kind: 'enterprise' });
    const cg = await admin.get('/api/v1/orgs?q=HY-CG&pageSize=5');
    const parent = cg.body.data.find((o: { code: string }) => o.code === 'HY-CG');
    expect(child.body.data[0].parentId).toBe(parent.id);
    expect(child.body.data[0].path.startsWith(parent.path)).toBe(true);
  });

  it('reports every bad row of an import by number and stores none of the file', async () => {
    const before = await countRows(h(), 'orgs');
    const csv = [
      'code,name,kind,parent_code',
      'OK-A,好的一行,township,QH-XN-HY',
      'bad code,坏编码,township,QH-XN-HY',
      'OK-B,,township,QH-XN-HY',
      'OK-C,未知类型,galaxy,QH-XN-HY',
      'OK-D,找不到上级,township,NO-SUCH',
      'OK-A,重复,township,QH-XN-HY',
    ].join('\n');
    const res = await admin.post('/api/v1/orgs/import', { format: 'csv', content: csv });
    expect(res.status).toBe(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['row 2.code', 'row 3.name', 'row 4.kind', 'row 5.parent_code', 'row 6.code']),
    );
    expect(fields).not.toContain('row 1.code');
    expect(await countRows(h(), 'orgs')).toBe(before);
  });

  it('refuses a cycle inside an import file', async () => {
    const json = JSON.stringify([
      { code: 'CY-A', name: 'A', kind: 'department', parentCode: 'CY-B' },
      { code: 'CY-B', name: 'B', kind: 'department', parentCode: 'CY-A' },
    ]);
    const res = await admin.post('/api/v1/orgs/import', { format: 'json', content: json });
    expect(res.status).toBe(400);
    expect(res.body.error.details.some((d: { message: string }) => /成环/.test(d.message))).toBe(true);
  });

  it('imports a JSON tree under a given parent, and moves an organisation when its parent changes', async () => {
    const tree = {
      code: 'DT-X',
      name: '新庄镇',
      kind: 'township',
      children: [{ code: 'DT-X-1', name: '新庄村', kind: 'enterprise' }],
    };
    const res = await admin.post('/api/v1/orgs/import', {
      format: 'json',
      content: JSON.stringify(tree),
      parentCode: 'QH-XN-DT',
    });
    expect(res.body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const moved = await admin.post('/api/v1/orgs/import', {
      format: 'json',
      content: JSON.stringify({ ...tree, children: undefined }),
      parentCode: 'QH-XN-HY',
    });
    expect(moved.body).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const hy = await h().orgId('QH-XN-HY');
    const grandchild = (await admin.get('/api/v1/orgs?q=DT-X-1')).body.data[0];
    const hyOrg = (await admin.get(`/api/v1/orgs/${hy}`)).body;
    expect(grandchild.path.startsWith(hyOrg.path)).toBe(true);
    // the 大通 handler no longer sees what moved away; the 西宁 handler still does
    const datong = await h().as('datong.handler');
    expect((await datong.get(`/api/v1/orgs/${grandchild.id}`)).status).toBe(404);
    const xining = await h().as('xining.handler');
    expect((await xining.get(`/api/v1/orgs/${grandchild.id}`)).status).toBe(200);
  });

  it('moves a subtree through PATCH, and refuses to move an organisation under its own descendant', async () => {
    const hd = await h().orgId('QH-HD');
    const ld = await h().orgId('QH-HD-LD');
    const before = await snapshot(h());
    const loop = await admin.patch(`/api/v1/orgs/${hd}`, { parentId: ld });
    expect(loop.status).toBe(400);
    expect(await snapshot(h())).toBe(before);
    const gz = await h().orgId('GZ');
    const moved = await admin.patch(`/api/v1/orgs/${ld}`, { parentId: gz });
    expect(moved.status).toBe(200);
    const ganzi = await h().as('ganzi.supervisor');
    expect((await ganzi.get(`/api/v1/orgs/${ld}`)).status).toBe(200);
    expect((await admin.patch(`/api/v1/orgs/${ld}`, { parentId: hd })).status).toBe(200);
    expect((await ganzi.get(`/api/v1/orgs/${ld}`)).status).toBe(404);
  });

  it('searches text literally: % and _ match only themselves', async () => {
    const csv =
      'code,name,kind,parent_code\nLIT-1,百分之百_单位,部门,QH\nLIT-2,百分之百X单位,部门,QH\nLIT-3,100%达标单位,部门,QH\n';
    expect((await admin.post('/api/v1/orgs/import', { format: 'csv', content: csv })).status).toBe(200);
    const underscore = await admin.get(`/api/v1/orgs?q=${encodeURIComponent('之百_单')}`);
    expect(underscore.body.data.map((o: { code: string }) => o.code)).toEqual(['LIT-1']);
    const percent = await admin.get(`/api/v1/orgs?q=${encodeURIComponent('0%达')}`);
    expect(percent.body.data.map((o: { code: string }) => o.code)).toEqual(['LIT-3']);
  });

  it('pages lists the Ant Design Pro way', async () => {
    const p1 = await admin.get('/api/v1/orgs?current=1&pageSize=5');
    const p2 = await admin.get('/api/v1/orgs?current=2&pageSize=5');
    expect(p1.body.data).toHaveLength(5);
    expect(p1.body.total).toBe(p2.body.total);
    expect(p1.body.total).toBeGreaterThan(80);
    expect(p2.body.data[0].id).not.toBe(p1.body.data[0].id);
  });
});
