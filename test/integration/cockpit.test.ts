import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../helpers/harness.js';
import { onEachDatabase } from '../helpers/harness.js';
import { buildItem, buildPlan } from '../helpers/supervision.js';

const healthKeys = ['green', 'yellow', 'red', 'done_on_time', 'done_late', 'none'];
const stateKeys = [
  'draft',
  'assigned',
  'accepted',
  'in_progress',
  'completion_requested',
  'completed',
  'returned',
  'extension_requested',
  'suspended',
  'cancelled',
];

interface Named {
  name: string;
  total: number;
}
const byName = (rows: any[], name: string): any => rows.find((r: Named) => r.name === name);
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

onEachDatabase('the cockpit', (h) => {
  let sup: Client;
  let datong: Client;
  let xining: Client;
  let ganzi: Client;
  const org: Record<string, number> = {};
  const ids = {} as Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'K', number>;
  let planP: number;

  const signIn = async () => {
    sup = await h().as('supervisor');
    datong = await h().as('datong.handler');
    xining = await h().as('xining.handler');
    ganzi = await h().as('ganzi.supervisor');
  };
  const act = async (c: Client, id: number, body: Record<string, unknown>) => {
    const res = await c.post(`/api/v1/items/${id}/actions`, body);
    if (res.status !== 200) {
      throw new Error(`${String(body.action)}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  };
  /** Creates an item led by a unit and assigns it (2026-03-02, the harness's clock). */
  const assigned = async (listId: number, unit: string, over: Record<string, unknown>) => {
    const item = await buildItem(sup, listId, { leadUnitId: org[unit]!, ...over });
    await act(sup, item.id, { action: 'assign' });
    return item.id as number;
  };

  beforeAll(async () => {
    await signIn();
    for (const code of ['QH-XN', 'QH-XN-DT', 'QH-XN-HY', 'QH-HD-LD', 'QH-FGW', 'GZ-KD']) {
      org[code] = await h().orgId(code);
    }
    const { plan, list } = await buildPlan(h(), sup);
    planP = plan.id;
    // A: 大通, signed, green, with a milestone
    ids.A = await assigned(list.id, 'QH-XN-DT', { category: '经济发展', deadline: '2026-06-30' });
    await act(datong, ids.A, { action: 'sign' });
    await sup.post(`/api/v1/items/${ids.A}/milestones`, { title: '完成方案', dueDate: '2026-04-15' });
    // B: 湟源, deadline already passed → red
    ids.B = await assigned(list.id, 'QH-XN-HY', { startDate: '2026-01-05', deadline: '2026-02-27' });
    // C: 海东市乐都区
    ids.C = await assigned(list.id, 'QH-HD-LD', { deadline: '2026-04-30' });
    // D: 省发展改革委, cancelled
    ids.D = await assigned(list.id, 'QH-FGW', { deadline: '2026-05-31' });
    await act(sup, ids.D, { action: 'cancel', reason: '任务调整' });
    // E: 大通, completed on 2026-03-02, before its deadline
    ids.E = await assigned(list.id, 'QH-XN-DT', { deadline: '2026-03-31' });
    await act(datong, ids.E, { action: 'sign' });
    await act(datong, ids.E, { action: 'request_completion', results: '已完成' });
    await act(sup, ids.E, { action: 'approve' });
    // F: unassigned draft
    ids.F = (await buildItem(sup, list.id, { category: null })).id;
    // G: 大通, in another plan
    const other = await buildPlan(h(), sup);
    ids.G = await assigned(other.list.id, 'QH-XN-DT', { deadline: '2026-09-30' });
    // Ganzi's own plan and item
    const gz = await buildPlan(h(), ganzi);
    ids.K = (await buildItem(ganzi, gz.list.id, { leadUnitId: org['GZ-KD'] })).id;
    await act(ganzi, ids.K, { action: 'assign' });
  });

  it('counts every item the province supervisor sees, by health and by state, zeros included', async () => {
    const res = await sup.get('/api/v1/cockpit');
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c.total).toBe(7);
    expect(Object.keys(c.byHealth).sort()).toEqual([...healthKeys].sort());
    expect(Object.keys(c.byState).sort()).toEqual([...stateKeys].sort());
    expect(sum(c.byHealth)).toBe(7);
    expect(c.byState).toMatchObject({ draft: 1, assigned: 3, accepted: 1, completed: 1, cancelled: 1 });
    expect(c.byHealth).toMatchObject({ red: 1, done_on_time: 1, done_late: 0 });
    expect(c.completionRate).toBeCloseTo(1 / 6, 3);
    expect(c.onTimeRate).toBe(1);
    expect(c.root.name).toBe('青海省');
    expect(c.asOf).toBe('2026-03-02');
    // the same counts as the ledger's summary
    const summary = (await sup.get('/api/v1/items/summary')).body;
    expect({ total: c.total, byHealth: c.byHealth, byState: c.byState }).toEqual(summary);
  });

  it('groups the ranking and the regions at the direct children of the scope root', async () => {
    const c = (await sup.get('/api/v1/cockpit')).body;
    expect(byName(c.regions, '西宁市')).toMatchObject({ total: 4, kind: 'prefecture' });
    expect(byName(c.regions, '西宁市').byHealth.red).toBe(1);
    expect(byName(c.regions, '海东市')).toMatchObject({ total: 1 });
    expect(byName(c.regions, '海北藏族自治州')).toMatchObject({ total: 0 });
    expect(c.regions.map((r: { name: string }) => r.name)).not.toContain('大通回族土族自治县');
    // unassigned work has no lead unit to rank
    expect(c.ranking.map((r: { name: string }) => r.name).sort()).toEqual(
      ['西宁市', '海东市', '省发展改革委'].sort(),
    );
    expect(c.ranking.reduce((a: number, r: Named) => a + r.total, 0)).toBe(6);
    expect(byName(c.ranking, '西宁市')).toMatchObject({ completed: 1, red: 1, onTimeRate: 1 });
    const scores = c.ranking.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(sum(Object.fromEntries(c.categories.map((k: Named, i: number) => [i, k.total])))).toBe(7);
    expect(c.categories.find((k: { category: string | null }) => k.category === '经济发展').total).toBe(1);
  });

  it('lists open items for the Gantt chart, red first, with their milestones', async () => {
    const c = (await sup.get('/api/v1/cockpit')).body;
    expect(c.gantt.map((g: { itemId: number }) => g.itemId)).toEqual([ids.B, ids.C, ids.A, ids.G]);
    expect(c.gantt[0]).toMatchObject({ health: 'red', unitName: '湟源县', deadline: '2026-02-27' });
    const a = c.gantt.find((g: { itemId: number }) => g.itemId === ids.A);
    expect(a.milestones).toEqual([{ seq: 1, title: '完成方案', dueDate: '2026-04-15', doneOn: null }]);
  });

  it('counts items due and completed per month over the last 12 months', async () => {
    const c = (await sup.get('/api/v1/cockpit')).body;
    expect(c.trend).toHaveLength(12);
    expect(c.trend[0].month).toBe('2025-04');
    expect(c.trend[11]).toEqual({ month: '2026-03', due: 1, completed: 1, completedOnTime: 1 });
    expect(c.trend[10]).toEqual({ month: '2026-02', due: 1, completed: 0, completedOnTime: 0 });
  });

  it('narrows to a plan and to a unit subtree', async () => {
    const p = (await sup.get(`/api/v1/cockpit?planId=${planP}`)).body;
    expect(p.total).toBe(6);
    const u = (await sup.get(`/api/v1/cockpit?unitId=${org['QH-XN']}`)).body;
    expect(u.total).toBe(4);
    expect(u.root.name).toBe('西宁市');
    expect(byName(u.regions, '大通回族土族自治县')).toMatchObject({ total: 3 });
    expect(byName(u.regions, '湟源县')).toMatchObject({ total: 1 });
    const both = (await sup.get(`/api/v1/cockpit?planId=${planP}&unitId=${org['QH-XN-DT']}`)).body;
    expect(both.total).toBe(2);
  });

  it("shows datong.handler only 大通县's items", async () => {
    const res = await datong.get('/api/v1/cockpit');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.root.name).toBe('大通回族土族自治县');
    expect(res.body.ranking.map((r: Named) => [r.name, r.total])).toEqual([['大通回族土族自治县', 3]]);
    expect(res.body.gantt.map((g: { itemId: number }) => g.itemId).sort()).toEqual([ids.A, ids.G].sort());
    const text = JSON.stringify(res.body);
    for (const outside of ['湟源县', '海东市', '乐都区', '省发展改革委']) {
      expect(text).not.toContain(outside);
    }
    const summary = (await datong.get('/api/v1/items/summary')).body;
    expect(res.body.byState).toEqual(summary.byState);
  });

  it("shows xining.handler its city's items grouped by district and county", async () => {
    const res = await xining.get('/api/v1/cockpit');
    expect(res.body.total).toBe(4);
    expect(byName(res.body.ranking, '大通回族土族自治县')).toMatchObject({ total: 3, completed: 1 });
    expect(byName(res.body.ranking, '湟源县')).toMatchObject({ total: 1, red: 1 });
  });

  it("never shows ganzi.supervisor anything of Qinghai's", async () => {
    const res = await ganzi.get('/api/v1/cockpit');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    expect(byName(res.body.regions, '康定市')).toMatchObject({ total: 1 });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('青海');
    expect(text).not.toContain('西宁');
    expect(text).not.toContain('大通');
  });

  describe('refuses what the caller may not see', () => {
    it('answers 404 for a plan that does not exist or is in another tree', async () => {
      for (const [c, url] of [
        [sup, '/api/v1/cockpit?planId=999999'],
        [ganzi, `/api/v1/cockpit?planId=${planP}`],
        [datong, `/api/v1/cockpit?unitId=${org['QH-XN-HY']}`],
        [ganzi, `/api/v1/cockpit?unitId=${org['QH-XN']}`],
      ] as const) {
        const res = await c.get(url);
        expect({ url, status: res.status, code: res.body.error?.code }).toEqual({
          url,
          status: 404,
          code: 'not_found',
        });
        expect(typeof res.body.requestId).toBe('string');
      }
    });

    it('answers 400 naming the field for a malformed planId', async () => {
      const res = await sup.get('/api/v1/cockpit?planId=abc');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(JSON.stringify(res.body.error.details)).toContain('planId');
    });

    it('answers 403 to the system administrator, who reads no items', async () => {
      const admin = await h().as('admin');
      expect((await admin.get('/api/v1/cockpit')).status).toBe(403);
    });
  });

  it('counts a completion in the Shanghai month it happened in', async () => {
    // 2026-03-31 16:30 UTC is already 1 April in Shanghai
    h().clock.set('2026-03-31T16:30:00.000Z');
    await signIn();
    await act(datong, ids.A, { action: 'request_completion', results: '已完成' });
    await act(sup, ids.A, { action: 'approve' });
    const c = (await sup.get('/api/v1/cockpit')).body;
    expect(c.asOf).toBe('2026-04-01');
    expect(c.trend[11]).toMatchObject({ month: '2026-04', completed: 1, completedOnTime: 1 });
    expect(c.trend[10]).toMatchObject({ month: '2026-03', completed: 1 });
    expect(c.trend[0].month).toBe('2025-05');
    expect(c.byState.completed).toBe(2);
  });
});
