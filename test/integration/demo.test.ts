import { expect, it } from 'vitest';
import { healthValues } from '../../src/domain/health.js';
import { itemStates } from '../../src/domain/workflow.js';
import { verifyAuditChain } from '../../src/modules/audit/audit.service.js';
import { onEachDatabase } from '../helpers/harness.js';

onEachDatabase(
  'demo data',
  (h) => {
    it('has items in every state and every health, played through the services', async () => {
      const db = h().database.db;
      const states = await db.selectFrom('items').select('state').distinct().execute();
      expect(states.map((s) => s.state).sort()).toEqual([...itemStates].sort());
      const health = await db.selectFrom('items').select('health').distinct().execute();
      expect(health.map((s) => s.health).sort()).toEqual([...healthValues].sort());
      const warned = await db
        .selectFrom('items')
        .select(['health', 'health_reasons'])
        .where('health', 'in', ['yellow', 'red'])
        .execute();
      expect(warned.every((w) => JSON.parse(w.health_reasons).length > 0)).toBe(true);
    });

    it('has a year of monthly reports, some late, some missed, some returned', async () => {
      const db = h().database.db;
      const reports = await db.selectFrom('reports').select(['state', 'late', 'missed', 'period']).execute();
      expect(reports.length).toBeGreaterThan(300);
      expect(new Set(reports.map((r) => r.period)).size).toBeGreaterThanOrEqual(10);
      expect(reports.some((r) => r.late === 1)).toBe(true);
      expect(reports.some((r) => r.missed === 1)).toBe(true);
      const returned = await db
        .selectFrom('item_events')
        .select('id')
        .where('kind', '=', 'report_returned')
        .execute();
      expect(returned.length).toBeGreaterThan(0);
    });

    it('gives each named handler work, and keeps Ganzi apart from Qinghai', async () => {
      for (const username of ['fgw.handler', 'xining.handler', 'datong.handler']) {
        const c = await h().as(username);
        const items = await c.get('/api/v1/items?pageSize=200');
        expect(items.body.total, username).toBeGreaterThan(0);
      }
      const ganzi = await h().as('ganzi.supervisor');
      const gz = await ganzi.get('/api/v1/items?pageSize=200');
      expect(gz.body.total).toBe(18);
      expect(gz.body.data.every((i: { code: string }) => i.code.startsWith('GZ-'))).toBe(true);
      const sup = await h().as('supervisor');
      const plans = await sup.get('/api/v1/plans');
      expect(plans.body.data.map((p: { title: string }) => p.title)).toEqual(
        expect.arrayContaining([expect.stringContaining('青海行动方案'), expect.stringContaining('西宁市')]),
      );
      const qh = plans.body.data.find((p: { title: string }) => p.title.includes('青海'));
      const summary = await sup.get(`/api/v1/plans/${qh.id}/summary`);
      expect(summary.body.total).toBe(38);
      const open = await (await h().as('xining.handler')).get('/api/v1/items?claimable=true');
      expect(open.body.total).toBe(2);
    });

    it('leaves an audit chain that verifies', async () => {
      expect(await verifyAuditChain(h().ctx)).toMatchObject({ ok: true });
    });
  },
  { work: true },
);
