import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { postgresAdapter, sqliteAdapter, type Adapter } from './adapter.js';
import type { DB } from './schema.js';

export interface Database {
  db: Kysely<DB>;
  adapter: Adapter;
  /** The URL with any password removed, for logs. */
  displayUrl: string;
  close(): Promise<void>;
}

export type DatabaseTarget =
  { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; connectionString: string; schema?: string };

/**
 * Reads a database URL: `sqlite:PATH` (or `sqlite::memory:`) or `postgres://…` / `postgresql://…`.
 * A `schema` query parameter on a PostgreSQL URL selects the schema to work in.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) {
      throw new Error(`The database URL "${url}" names no file; write sqlite:./data/luoshi.db`);
    }
    return { dialect: 'sqlite', file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new Error(`The schema "${schema}" in the database URL is not a plain lower-case identifier`);
    }
    parsed.searchParams.delete('schema');
    return { dialect: 'postgres', connectionString: parsed.toString(), schema };
  }
  throw new Error(`Unknown database URL "${url}": use sqlite:PATH or postgres://USER@HOST:PORT/DATABASE`);
}

function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

/**
 * A reading statement that returns its rows as arrays and builds the objects in JavaScript with one
 * compiled function per statement. better-sqlite3 builds each row object through V8's C++ API, one
 * property at a time; a ledger page of 50 rows × 35 columns spent more time there than in SQLite.
 * Rows come out the same (later duplicate column names win, as in better-sqlite3's own objects).
 */
function arrayReader(statement: SQLite.Statement) {
  const names = statement.columns().map((c) => c.name);
  if (names.includes('__proto__')) {
    return statement;
  }
  // The names are the statement's own columns, written as JSON string literals: nothing else reaches the code.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const build = new Function(
    'r',
    `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`,
  ) as (row: unknown[]) => Record<string, unknown>;
  statement.raw(true);
  return {
    reader: true,
    run: (params: unknown[]) => statement.run(params),
    all: (params: unknown[]) => (statement.all(params) as unknown[][]).map(build),
    *iterate(params: unknown[]) {
      for (const row of statement.iterate(params) as IterableIterator<unknown[]>) {
        yield build(row);
      }
    },
  };
}

type CachedStatement = SQLite.Statement | ReturnType<typeof arrayReader>;

/**
 * Kysely prepares every query afresh; preparing costs more than running an indexed query. Keeping the
 * prepared statements (the same SQL text recurs with different parameters) saves it. Bounded, oldest out.
 */
function withStatementCache(sqlite: SQLite.Database, size = 1000) {
  const cache = new Map<string, CachedStatement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): CachedStatement {
      let statement = cache.get(sql);
      if (!statement) {
        const prepared = sqlite.prepare(sql);
        statement = prepared.reader ? arrayReader(prepared) : prepared;
        cache.set(sql, statement);
        if (cache.size > size) {
          cache.delete(cache.keys().next().value!);
        }
      }
      return statement;
    },
  };
}

export async function openDatabase(url: string, opts: { poolSize?: number } = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite') {
    if (target.file !== ':memory:') {
      mkdirSync(path.dirname(path.resolve(target.file)), { recursive: true });
    }
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // A 64 MB page cache and memory-mapped reads keep a county's or a province's working set in memory.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('mmap_size = 268435456');
    sqlite.pragma('temp_store = MEMORY');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, adapter: sqliteAdapter, displayUrl: url, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: opts.poolSize ?? 10,
    options: target.schema ? `-c search_path=${target.schema}` : undefined,
  });
  // A connection that fails here fails loudly at start instead of on the first request.
  const client = await pool.connect().catch(async (err: unknown) => {
    await pool.end();
    throw new Error(`Cannot connect to PostgreSQL at ${redact(url)}: ${(err as Error).message}`);
  });
  try {
    // A schema named in the URL is made when missing, so `?schema=` alone sets up a new installation.
    if (target.schema) {
      await client.query(`create schema if not exists ${target.schema}`);
    }
  } finally {
    client.release();
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, adapter: postgresAdapter, displayUrl: redact(url), close: () => db.destroy() };
}
