import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/types.js';
import { loadDemo } from '../../src/modules/demo/demo.service.js';
import { clearSettingsCache } from '../../src/modules/system/settings.service.js';

export const DEMO_PASSWORD = 'Demo-Pass-2026!';

export type DbKind = 'sqlite' | 'postgres';

export interface TestDatabase {
  kind: DbKind;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database: a SQLite file in a temporary folder, or a new schema on the test PostgreSQL. */
export async function freshDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'luoshi-test-'));
    return {
      kind,
      url: `sqlite:${path.join(dir, 'test.db')}`,
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const base = inject('pgUrl');
  if (!base) {
    throw new Error('PostgreSQL is not reachable');
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
  return {
    kind,
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** The databases integration tests run on: SQLite always, PostgreSQL when reachable (a skip is announced). */
export function databaseKinds(): { kind: DbKind; available: boolean }[] {
  return [
    { kind: 'sqlite', available: true },
    { kind: 'postgres', available: inject('pgUrl') !== null },
  ];
}

export interface Reply {
  status: number;
  body: any;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** An HTTP client over app.inject that keeps a session cookie and CSRF token, or an API token. */
export class Client {
  cookie?: string;
  csrf?: string;
  token?: string;
  headers: Record<string, string> = {};

  constructor(readonly app: App) {}

  async request(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const h: Record<string, string> = { ...this.headers, ...headers };
    if (this.cookie) {
      h.cookie = `luoshi_session=${this.cookie}`;
    }
    if (this.csrf && !('x-csrf-token' in h)) {
      h['x-csrf-token'] = this.csrf;
    }
    if (this.token) {
      h.authorization = `Bearer ${this.token}`;
    }
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: h,
      ...(body === undefined
        ? {}
        : typeof body === 'string'
          ? { payload: body }
          : { payload: body as object }),
    });
    let parsed: unknown = null;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      parsed = res.body;
    }
    return { status: res.statusCode, body: parsed, headers: res.headers, raw: res };
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}) => this.request('POST', url, body);
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  put = (url: string, body: unknown) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);

  async login(username: string, password = DEMO_PASSWORD): Promise<Reply> {
    const res = await this.request('POST', '/api/v1/auth/login', { username, password });
    if (res.status === 200) {
      const set = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('luoshi_session='));
      this.cookie = set?.split(';')[0]?.split('=')[1];
      this.csrf = res.body.csrfToken;
    }
    return res;
  }
}

export interface Harness {
  kind: DbKind;
  app: App;
  database: Database;
  clock: ManualClock;
  config: Config;
  ctx: Ctx;
  client(): Client;
  /** A client signed in as a demo user. */
  as(username: string, password?: string): Promise<Client>;
  orgId(code: string): Promise<number>;
  userId(username: string): Promise<number>;
}

export interface HarnessOptions {
  config?: Partial<Config>;
  demo?: boolean;
  /** Also play the demo year of plans, items and reports (slower). */
  work?: boolean;
  /** The web app's build directory to serve; none by default. */
  webRoot?: string | null;
}

export async function startHarness(
  kind: DbKind,
  opts: HarnessOptions = {},
): Promise<Harness & { close(): Promise<void> }> {
  const target = await freshDatabase(kind);
  const database = await openDatabase(target.url, { poolSize: 4 });
  await migrateToLatest(database);
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'luoshi-data-'));
  const config = loadConfig(
    { databaseUrl: target.url, dataDir, logLevel: 'silent', loginRateLimit: 10_000, ...opts.config },
    {},
  );
  const ctx: Ctx = { db: database.db, adapter: database.adapter, clock, config, requestId: null, ip: null };
  clearSettingsCache();
  if (opts.demo !== false) {
    await loadDemo(ctx, { password: DEMO_PASSWORD, work: opts.work ?? false });
  }
  const app = await buildApp({ database, clock, config, logger: false, webRoot: opts.webRoot ?? null });
  await app.ready();
  const h: Harness & { close(): Promise<void> } = {
    kind,
    app,
    database,
    clock,
    config,
    ctx,
    client: () => new Client(app),
    as: async (username, password) => {
      const c = new Client(app);
      const res = await c.login(username, password);
      if (res.status !== 200) {
        throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return c;
    },
    orgId: async (code) =>
      (await database.db.selectFrom('orgs').select('id').where('code', '=', code).executeTakeFirstOrThrow())
        .id,
    userId: async (username) =>
      (
        await database.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', username)
          .executeTakeFirstOrThrow()
      ).id,
    close: async () => {
      await app.close();
      await database.close();
      await target.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/**
 * Declares a suite that runs once on SQLite and once on PostgreSQL (skipped, and said so, when PostgreSQL
 * is not reachable). `body` receives a getter for the suite's harness, fresh per database.
 */
export function onEachDatabase(
  title: string,
  body: (h: () => Harness) => void,
  opts: HarnessOptions = {},
): void {
  for (const { kind, available } of databaseKinds()) {
    describe.skipIf(!available)(`${title} [${kind}]`, () => {
      let harness: (Harness & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        harness = await startHarness(kind, opts);
      });
      afterAll(async () => {
        await harness?.close();
      });
      body(() => {
        if (!harness) {
          throw new Error('harness not started');
        }
        return harness;
      });
    });
  }
}

/** Rows in a table, to show that a refused request stored nothing. */
export async function countRows(
  h: Harness,
  table: 'orgs' | 'users' | 'user_roles' | 'api_tokens' | 'sessions' | 'settings',
): Promise<number> {
  const r = await h.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A fingerprint of everything but the audit trail and sessions: equal before and after means nothing changed. */
export async function snapshot(h: Harness): Promise<string> {
  const db = h.database.db;
  const [
    orgs,
    users,
    roles,
    tokens,
    settings,
    plans,
    lists,
    items,
    co,
    milestones,
    reports,
    files,
    comments,
    events,
    extensions,
    meetings,
    decisions,
  ] = await Promise.all([
    db.selectFrom('orgs').selectAll().orderBy('id').execute(),
    db.selectFrom('users').selectAll().orderBy('id').execute(),
    db.selectFrom('user_roles').selectAll().orderBy('user_id').orderBy('role').execute(),
    db.selectFrom('api_tokens').select(['id', 'revoked_at', 'name']).orderBy('id').execute(),
    db.selectFrom('settings').selectAll().orderBy('key').execute(),
    db.selectFrom('plans').selectAll().orderBy('id').execute(),
    db.selectFrom('lists').selectAll().orderBy('id').execute(),
    db.selectFrom('items').selectAll().orderBy('id').execute(),
    db.selectFrom('item_co_units').selectAll().orderBy('item_id').orderBy('org_id').execute(),
    db.selectFrom('milestones').selectAll().orderBy('id').execute(),
    db.selectFrom('reports').selectAll().orderBy('id').execute(),
    db.selectFrom('files').selectAll().orderBy('id').execute(),
    db.selectFrom('comments').selectAll().orderBy('id').execute(),
    db.selectFrom('item_events').selectAll().orderBy('id').execute(),
    db.selectFrom('extensions').selectAll().orderBy('id').execute(),
    db.selectFrom('meetings').selectAll().orderBy('id').execute(),
    db.selectFrom('meeting_decisions').selectAll().orderBy('id').execute(),
  ]);
  // last_login_at moves with every sign-in and is not a change anyone made
  const stable = users.map(({ last_login_at: _l, ...u }) => u);
  return JSON.stringify({
    orgs,
    users: stable,
    roles,
    tokens,
    settings,
    plans,
    lists,
    items,
    co,
    milestones,
    reports,
    files,
    comments,
    events,
    extensions,
    meetings,
    decisions,
  });
}
