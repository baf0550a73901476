import {
  sql,
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  type RawBuilder,
  type SqlBool,
} from 'kysely';

/**
 * Everything that differs between SQLite and PostgreSQL lives in this file; migrations, repositories
 * and services ask the adapter instead of testing the dialect themselves.
 */
export type DialectName = 'sqlite' | 'postgres';

export interface Adapter {
  readonly name: DialectName;
  /** Adds an auto-incrementing integer primary key column. */
  idColumn<T extends string>(table: CreateTableBuilder<T>, column?: string): CreateTableBuilder<T>;
  /** Text compared byte by byte, so that range scans over materialised paths work (see org-path.ts). */
  binaryText(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Makes a table refuse UPDATE, DELETE (and TRUNCATE) at the database level. */
  makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void>;
  /** Lifts that refusal; used only by tests that play an attacker with direct database access. */
  dropAppendOnly(db: Kysely<unknown>, table: string): Promise<void>;
  /**
   * The schema unqualified names resolve to (PostgreSQL), so that tables of the same name in other
   * schemas of the database are not mistaken for ours; undefined on SQLite.
   */
  currentSchema(db: Kysely<unknown>): Promise<string | undefined>;
}

export const sqliteAdapter: Adapter = {
  name: 'sqlite',
  currentSchema: () => Promise.resolve(undefined),
  idColumn: (table, column = 'id') =>
    table.addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement()),
  binaryText: (col) => col,
  async makeAppendOnly(db, table) {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql`CREATE TRIGGER ${sql.id(`${table}_no_${op.toLowerCase()}`)} BEFORE ${sql.raw(op)} ON ${sql.table(table)}
        BEGIN SELECT RAISE(ABORT, ${sql.lit(`${table} is append-only`)}); END`.execute(db);
    }
  },
  async dropAppendOnly(db, table) {
    for (const op of ['update', 'delete']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_no_${op}`)}`.execute(db);
    }
  },
};

export const postgresAdapter: Adapter = {
  name: 'postgres',
  async currentSchema(db) {
    const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    return r.rows[0]?.schema;
  },
  idColumn: (table, column = 'id') =>
    table.addColumn(column, 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity()),
  binaryText: (col) => col.modifyEnd(sql`collate "C"`),
  async makeAppendOnly(db, table) {
    await sql`CREATE OR REPLACE FUNCTION luoshi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_update`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION luoshi_append_only()`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION luoshi_append_only()`.execute(db);
  },
  async dropAppendOnly(db, table) {
    await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_no_update`)} ON ${sql.table(table)}`.execute(db);
    await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_no_truncate`)} ON ${sql.table(table)}`.execute(db);
  },
};

/** count(*) as a number on both databases (PostgreSQL's bigint would otherwise arrive as a string). */
export const countAll = () => sql<number>`cast(count(*) as integer)`;

/** Text with %, _ and \ escaped for a LIKE pattern used with likeAny. */
export function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}

/** The LIKE pattern "contains this text", with %, _ and \ in the text taken literally. */
export function likeContaining(text: string): string {
  return `%${escapeLike(text)}%`;
}

/**
 * "Any of these columns matches the LIKE pattern" (see likeContaining). The ESCAPE clause is spelled
 * out because SQLite has no default escape character for LIKE (PostgreSQL does).
 */
export function likeAny(columns: string[], pattern: string): RawBuilder<SqlBool> {
  const parts = columns.map((c) => sql`${sql.ref(c)} like ${pattern} escape '\\'`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** "Any of these columns contains the text", taken literally. */
export function containsText(columns: string[], text: string): RawBuilder<SqlBool> {
  return likeAny(columns, likeContaining(text));
}

/** Whether an error is a unique-key violation (SQLite SQLITE_CONSTRAINT_UNIQUE / PostgreSQL 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
