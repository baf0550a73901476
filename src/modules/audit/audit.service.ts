import type { Selectable } from 'kysely';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { countAll } from '../../db/adapter.js';
import type { AuditLogTable } from '../../db/schema.js';
import { ChainVerifier, entryHash, type ChainEntry, type ChainProblem } from '../../domain/hash-chain.js';
import { subtreeRange } from '../../domain/org-path.js';
import { AppError } from '../../errors.js';

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditEvent {
  /** Dotted verb, e.g. `user.create`, `auth.login_failed`. */
  action: string;
  entityType?: string;
  entityId?: string | number;
  outcome?: AuditOutcome;
  before?: unknown;
  after?: unknown;
}

/** Who the entry is about when no Actor exists yet (a failed login names the username tried). */
export interface AuditWho {
  actorId: number | null;
  actorName: string | null;
  orgId: number | null;
}

const secretKeys = /password|token_hash|csrf|secret/i;

/** JSON of a value with secrets removed; null for nothing. */
function snapshot(value: unknown): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  return JSON.stringify(value, (key, v: unknown) => (key && secretKeys.test(key) ? '[redacted]' : v));
}

export function who(actor: Actor | null): AuditWho {
  if (!actor) {
    return { actorId: null, actorName: null, orgId: null };
  }
  if (actor.via === 'cli') {
    return { actorId: null, actorName: actor.username, orgId: null };
  }
  return { actorId: actor.id, actorName: actor.username, orgId: actor.orgId };
}

/**
 * Appends one entry to the hash chain, inside the caller's transaction so the entry stands or falls
 * with the change it records. The update of the head row takes a row lock that orders concurrent
 * writers on PostgreSQL; SQLite has one writer at a time anyway.
 */
export async function appendAudit(tx: TxCtx, by: AuditWho, event: AuditEvent): Promise<void> {
  const head = await tx.db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const entry: ChainEntry = {
    seq: head.seq,
    at: iso(tx.clock.now()),
    actorId: by.actorId,
    actorName: by.actorName,
    orgId: by.orgId,
    action: event.action,
    entityType: event.entityType ?? null,
    entityId: event.entityId === undefined ? null : String(event.entityId),
    outcome: event.outcome ?? 'ok',
    before: snapshot(event.before),
    after: snapshot(event.after),
    requestId: tx.requestId,
    ip: tx.ip,
  };
  const hash = entryHash(head.hash, entry);
  await tx.db
    .insertInto('audit_log')
    .values({
      seq: entry.seq,
      at: entry.at,
      actor_id: entry.actorId,
      actor_name: entry.actorName,
      org_id: entry.orgId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      outcome: entry.outcome,
      before: entry.before,
      after: entry.after,
      request_id: entry.requestId,
      ip: entry.ip,
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await tx.db.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
}

/** Records an entry in a transaction of its own: for refusals and failed logins, whose request changes nothing. */
export function recordAudit(ctx: Ctx, by: AuditWho, event: AuditEvent): Promise<void> {
  return ctx.db.transaction().execute((trx) => appendAudit({ ...ctx, db: trx }, by, event));
}

export type VerifyResult =
  { ok: true; entries: number } | { ok: false; entries: number; problem: ChainProblem };

/** Re-computes the whole chain in batches and names the first entry that does not follow. */
export async function verifyAuditChain(ctx: Ctx, batchSize = 2000): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      const problem = verifier.push(toChain(row));
      if (problem) {
        return { ok: false, entries: verifier.count, problem };
      }
    }
    if (rows.length < batchSize) {
      break;
    }
    after = rows[rows.length - 1]!.seq;
  }
  const head = await ctx.db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const problem = verifier.finish(head ?? { seq: -1, hash: '' });
  return problem ? { ok: false, entries: verifier.count, problem } : { ok: true, entries: verifier.count };
}

function toChain(row: Selectable<AuditLogTable>) {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    orgId: row.org_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    outcome: row.outcome,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
    ip: row.ip,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditFilter {
  actorId?: number;
  actorName?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
  current: number;
  pageSize: number;
}

function parseJson(text: string | null): unknown {
  if (text === null) {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Lists entries, newest first. An auditor whose scope is one subtree sees entries made by actors of
 * that subtree; entries with no organisation (an unknown username's failed login) need global scope.
 */
export async function listAudit(actor: Actor, ctx: Ctx, f: AuditFilter) {
  if (!actor.permissions.has('audit.read')) {
    throw new AppError('forbidden');
  }
  let q = ctx.db.selectFrom('audit_log');
  if (!actor.scope.global) {
    const { lo, hi } = subtreeRange(actor.scope.path);
    q = q.where('org_id', 'in', (eb) =>
      eb.selectFrom('orgs').select('id').where('path', '>=', lo).where('path', '<', hi),
    );
  }
  if (f.actorId !== undefined) {
    q = q.where('actor_id', '=', f.actorId);
  }
  if (f.actorName) {
    q = q.where('actor_name', '=', f.actorName);
  }
  if (f.action) {
    q = f.action.endsWith('.') ? q.where('action', 'like', `${f.action}%`) : q.where('action', '=', f.action);
  }
  if (f.entityType) {
    q = q.where('entity_type', '=', f.entityType);
  }
  if (f.entityId) {
    q = q.where('entity_id', '=', f.entityId);
  }
  if (f.outcome) {
    q = q.where('outcome', '=', f.outcome);
  }
  if (f.from) {
    q = q.where('at', '>=', f.from);
  }
  if (f.to) {
    q = q.where('at', '<', f.to);
  }
  const [rows, total] = await Promise.all([
    q
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(f.pageSize)
      .offset((f.current - 1) * f.pageSize)
      .execute(),
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    data: rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      orgId: r.org_id,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      outcome: r.outcome,
      before: parseJson(r.before),
      after: parseJson(r.after),
      requestId: r.request_id,
      ip: r.ip,
      hash: r.hash,
    })),
    total: total.n,
  };
}
