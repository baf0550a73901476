import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/modules/audit/audit.service.js';
import type { Harness } from '../helpers/harness.js';
import { onEachDatabase } from '../helpers/harness.js';

/** Plays an attacker with direct database access: lifts the append-only triggers first. */
async function tamper(h: Harness, statement: ReturnType<typeof sql>) {
  await h.database.adapter.dropAppendOnly(h.database.db as never, 'audit_log');
  try {
    await statement.execute(h.database.db);
  } finally {
    await h.database.adapter.makeAppendOnly(h.database.db as never, 'audit_log');
  }
}

onEachDatabase('audit trail', (h) => {
  beforeAll(async () => {
    const admin = await h().as('admin');
    const qh = await h().orgId('QH');
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await admin.post('/api/v1/orgs', {
            code: `AUD-${i}`,
            name: `审计测试${i}`,
            kind: 'department',
            parentId: qh,
          })
        ).status,
      ).toBe(201);
    }
    await (
      await h().as('viewer')
    ).post('/api/v1/orgs', { code: 'NOPE', name: 'x', kind: 'department', parentId: qh });
    await h().client().login('auditor', 'Wrong-pass-123');
  });

  it('records each change with actor, organisation, entity, before and after, and request id', async () => {
    const auditor = await h().as('auditor');
    const res = await auditor.get('/api/v1/audit?action=org.create&pageSize=10');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    const [latest] = res.body.data;
    expect(latest).toMatchObject({
      actorName: 'admin',
      action: 'org.create',
      entityType: 'org',
      outcome: 'ok',
    });
    expect(latest.after).toMatchObject({ code: 'AUD-4', name: '审计测试4' });
    expect(latest.requestId).toBeTruthy();
    expect(latest.orgId).toBe(await h().orgId('QH'));
  });

  it('records refused actions and failed logins, and filters by outcome and action prefix', async () => {
    const auditor = await h().as('auditor');
    const denied = await auditor.get('/api/v1/audit?outcome=denied');
    expect(denied.body.data.some((e: { actorName: string }) => e.actorName === 'viewer')).toBe(true);
    const failed = await auditor.get('/api/v1/audit?action=auth.&outcome=failed');
    expect(failed.body.data.map((e: { actorName: string }) => e.actorName)).toContain('auditor');
    expect(failed.body.data.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(true);
  });

  it('never stores a password or its hash in an entry', async () => {
    const rows = await h().database.db.selectFrom('audit_log').select(['before', 'after']).execute();
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/\$argon2/);
    expect(text).not.toContain('Demo-Pass-2026');
  });

  it('refuses UPDATE and DELETE on the log at the database level', async () => {
    await expect(
      sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`.execute(h().database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(h().database.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('verifies an intact chain through the API', async () => {
    const auditor = await h().as('auditor');
    const res = await auditor.get('/api/v1/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.entries).toBeGreaterThan(10);
  });

  it('detects an entry edited in the database and names it', async () => {
    const target = await h()
      .database.db.selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'org.create')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    const original = await h()
      .database.db.selectFrom('audit_log')
      .select('after')
      .where('seq', '=', target.seq)
      .executeTakeFirstOrThrow();
    await tamper(h(), sql`UPDATE audit_log SET after = ${'{"code":"FORGED"}'} WHERE seq = ${target.seq}`);
    const r = await verifyAuditChain(h().ctx);
    expect(r).toMatchObject({ ok: false, problem: { seq: target.seq, reason: 'hash_mismatch' } });
    const auditor = await h().as('auditor');
    expect((await auditor.get('/api/v1/audit/verify')).body).toMatchObject({
      ok: false,
      problem: { seq: target.seq },
    });
    await tamper(h(), sql`UPDATE audit_log SET after = ${original.after} WHERE seq = ${target.seq}`);
    expect((await verifyAuditChain(h().ctx)).ok).toBe(true);
  });

  it('detects an edit that also recomputes the entry hash, at the next entry', async () => {
    const db = h().database.db;
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'org.create')
      .orderBy('seq')
      .limit(1)
      .execute();
    const row = rows[0]!;
    const { entryHash } = await import('../../src/domain/hash-chain.js');
    const forged = { ...row, after: '{"code":"FORGED"}' };
    const hash = entryHash(row.prev_hash, {
      seq: forged.seq,
      at: forged.at,
      actorId: forged.actor_id,
      actorName: forged.actor_name,
      orgId: forged.org_id,
      action: forged.action,
      entityType: forged.entity_type,
      entityId: forged.entity_id,
      outcome: forged.outcome,
      before: forged.before,
      after: forged.after,
      requestId: forged.request_id,
      ip: forged.ip,
    });
    await tamper(
      h(),
      sql`UPDATE audit_log SET after = ${forged.after}, hash = ${hash} WHERE seq = ${row.seq}`,
    );
    const r = await verifyAuditChain(h().ctx);
    expect(r).toMatchObject({ ok: false, problem: { seq: row.seq + 1, reason: 'prev_hash_mismatch' } });
    await tamper(
      h(),
      sql`UPDATE audit_log SET after = ${row.after}, hash = ${row.hash} WHERE seq = ${row.seq}`,
    );
    expect((await verifyAuditChain(h().ctx)).ok).toBe(true);
  });

  it('detects a deleted entry and two entries swapped', async () => {
    const db = h().database.db;
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const victim = rows[5]!;
    await tamper(h(), sql`DELETE FROM audit_log WHERE seq = ${victim.seq}`);
    expect(await verifyAuditChain(h().ctx)).toMatchObject({
      ok: false,
      problem: { seq: victim.seq + 1, reason: 'seq_gap' },
    });
    await h()
      .database.db.transaction()
      .execute(async (trx) => {
        await h().database.adapter.dropAppendOnly(trx as never, 'audit_log');
        await trx.insertInto('audit_log').values(victim).execute();
        await h().database.adapter.makeAppendOnly(trx as never, 'audit_log');
      });
    expect((await verifyAuditChain(h().ctx)).ok).toBe(true);

    const a = rows[3]!;
    const b = rows[4]!;
    await tamper(h(), sql`UPDATE audit_log SET seq = -1 WHERE seq = ${a.seq}`);
    await tamper(h(), sql`UPDATE audit_log SET seq = ${a.seq} WHERE seq = ${b.seq}`);
    await tamper(h(), sql`UPDATE audit_log SET seq = ${b.seq} WHERE seq = -1`);
    const swapped = await verifyAuditChain(h().ctx);
    expect(swapped).toMatchObject({ ok: false, problem: { seq: a.seq } });
    await tamper(h(), sql`UPDATE audit_log SET seq = -1 WHERE seq = ${a.seq}`);
    await tamper(h(), sql`UPDATE audit_log SET seq = ${a.seq} WHERE seq = ${b.seq}`);
    await tamper(h(), sql`UPDATE audit_log SET seq = ${b.seq} WHERE seq = -1`);
    expect((await verifyAuditChain(h().ctx)).ok).toBe(true);
  });

  it('detects entries cut off the end of the log', async () => {
    const db = h().database.db;
    const last = await db
      .selectFrom('audit_log')
      .select('seq')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect((await verifyAuditChain(h().ctx)).ok).toBe(true);
    await tamper(h(), sql`DELETE FROM audit_log WHERE seq >= ${last.seq - 1}`);
    const r = await verifyAuditChain(h().ctx);
    expect(r).toMatchObject({ ok: false, problem: { seq: last.seq - 1, reason: 'head_mismatch' } });
  });
});
