import type { Kysely, Transaction } from 'kysely';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { DB } from './db/schema.js';
import type { Adapter } from './db/adapter.js';
import type { Permission, RoleCode } from './domain/permissions.js';
import { localDate } from './domain/dates.js';
import type { Locale } from './i18n/locale.js';

/** Who is acting. Built once per request (or by the CLI) and passed first to every service call. */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  orgId: number;
  /** The subtree the actor oversees: every organisation, or one organisation and all below it. */
  scope: { global: true } | { global: false; orgId: number; path: string };
  roles: RoleCode[];
  permissions: ReadonlySet<Permission>;
  via: 'session' | 'token' | 'cli';
  sessionId?: string;
  tokenId?: number;
  mustChangePassword: boolean;
}

/** The database handle a service works through, and the facts of the request it serves. */
export interface Ctx {
  db: Kysely<DB>;
  adapter: Adapter;
  clock: Clock;
  config: Config;
  requestId: string | null;
  ip: string | null;
  /** The language of messages and reasons in the reply. */
  locale?: Locale;
}

/** A Ctx whose db is an open transaction: every mutation and its audit entry commit or fail together. */
export interface TxCtx extends Ctx {
  db: Transaction<DB>;
}

/** Runs `fn` in one transaction. */
export function inTransaction<T>(ctx: Ctx, fn: (tx: TxCtx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}

/** Today's date in the office's time zone. */
export function today(ctx: Ctx): string {
  return localDate(ctx.clock.now(), ctx.config.timeZone);
}
