import { beforeAll, expect, it } from 'vitest';
import { rules, type ItemAction, type ItemState } from '../../src/domain/workflow.js';
import type { Client } from '../helpers/harness.js';
import { onEachDatabase, snapshot } from '../helpers/harness.js';
import { buildItem, buildPlan } from '../helpers/supervision.js';

/** Each action, from the first state that allows it, with the body it needs. */
const cases: { action: ItemAction; from: ItemState; body: Record<string, unknown> }[] = [
  { action: 'assign', from: 'draft', body: {} },
  { action: 'sign', from: 'assigned', body: {} },
  { action: 'refuse', from: 'assigned', body: { reason: '不属本单位职责' } },
  { action: 'reroute', from: 'assigned', body: { reason: '转交下级', unitIdCode: 'QH-XN-DT-QJ' } },
  { action: 'start', from: 'accepted', body: {} },
  { action: 'request_completion', from: 'in_progress', body: { results: '已完成' } },
  { action: 'approve', from: 'completion_requested', body: {} },
  { action: 'return', from: 'completion_requested', body: { reason: '材料不全' } },
  {
    action: 'request_extension',
    from: 'in_progress',
    body: { reason: '工期不足', newDeadline: '2026-12-31' },
  },
  { action: 'approve_extension', from: 'extension_requested', body: {} },
  { action: 'reject_extension', from: 'extension_requested', body: { reason: '理由不充分' } },
  { action: 'suspend', from: 'in_progress', body: { reason: '政策调整' } },
  { action: 'resume', from: 'suspended', body: {} },
  { action: 'cancel', from: 'in_progress', body: { reason: '并入他项' } },
];

onEachDatabase('every lifecycle action by the wrong side or organisation', (h) => {
  let sup: Client;
  let datong: Client;
  let listId: number;
  const others = new Map<string, Client>();

  beforeAll(async () => {
    sup = await h().as('supervisor');
    datong = await h().as('datong.handler');
    listId = (await buildPlan(h(), sup)).list.id;
    for (const u of ['leader', 'viewer', 'fgw.handler', 'ganzi.supervisor', 'xining.handler', 'auditor']) {
      others.set(u, await h().as(u));
    }
  });

  /** Walks a new item led by 大通县 to `state` through the API. */
  async function itemIn(state: ItemState): Promise<number> {
    const item = await buildItem(sup, listId, { leadUnitId: await h().orgId('QH-XN-DT') });
    const go = async (c: Client, action: string, extra: Record<string, unknown> = {}) => {
      const res = await c.post(`/api/v1/items/${item.id}/actions`, { action, ...extra });
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    };
    const path: Partial<Record<ItemState, (() => Promise<void>)[]>> = {
      draft: [],
      assigned: [() => go(sup, 'assign')],
      accepted: [() => go(sup, 'assign'), () => go(datong, 'sign')],
      in_progress: [() => go(sup, 'assign'), () => go(datong, 'sign'), () => go(datong, 'start')],
    };
    path.completion_requested = [
      ...path.in_progress!,
      () => go(datong, 'request_completion', { results: '完成' }),
    ];
    path.extension_requested = [
      ...path.in_progress!,
      () => go(datong, 'request_extension', { reason: '延期', newDeadline: '2026-12-31' }),
    ];
    path.suspended = [...path.in_progress!, () => go(sup, 'suspend', { reason: '暂停' })];
    for (const step of path[state]!) {
      await step();
    }
    return item.id;
  }

  for (const c of cases) {
    const side = rules[c.action].side;
    it(`refuses ${c.action} (${side} side) to everyone else and lets the right side take it`, async () => {
      const id = await itemIn(c.from);
      const body: Record<string, unknown> = { action: c.action, ...c.body };
      if (body.unitIdCode) {
        body.unitId = await h().orgId(body.unitIdCode as string);
        delete body.unitIdCode;
      }
      if (c.action === 'assign') {
        body.unitId = await h().orgId('QH-XN-DT');
      }
      const wrong: [string, Client, number][] = [
        ['leader', others.get('leader')!, 403],
        ['viewer', others.get('viewer')!, 403],
        ['auditor', others.get('auditor')!, 403],
        ['fgw.handler', others.get('fgw.handler')!, 404],
        ['ganzi.supervisor', others.get('ganzi.supervisor')!, 404],
        side === 'supervisor' ? ['datong.handler', datong, 403] : ['supervisor', sup, 403],
      ];
      if (side === 'supervisor') {
        wrong.push(['xining.handler', others.get('xining.handler')!, 403]);
      }
      const before = await snapshot(h());
      for (const [who, client, status] of wrong) {
        const res = await client.post(`/api/v1/items/${id}/actions`, body);
        expect({ who, status: res.status }).toEqual({ who, status });
      }
      expect(await snapshot(h())).toBe(before);
      const right = side === 'supervisor' ? sup : datong;
      const ok = await right.post(`/api/v1/items/${id}/actions`, body);
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      const to = rules[c.action].to;
      if (to !== 'resume') {
        expect(ok.body.state).toBe(to);
      }
    });
  }

  it('answers an action the state does not allow with 409 and changes nothing', async () => {
    const id = await itemIn('draft');
    const before = await snapshot(h());
    for (const action of ['sign', 'approve', 'request_completion', 'resume', 'approve_extension'] as const) {
      const c = rules[action].side === 'supervisor' ? sup : datong;
      const res = await c.post(`/api/v1/items/${id}/actions`, { action, reason: 'x', results: 'x' });
      expect({ action, status: res.status }).toEqual({ action, status: 409 });
    }
    const res = await sup.post(`/api/v1/items/${id}/actions`, { action: 'approve' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_transition');
    expect(await snapshot(h())).toBe(before);
  });
});
