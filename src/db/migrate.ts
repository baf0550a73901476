import { Migrator, sql, type Migration, type MigrationResult } from 'kysely';
import type { Database } from './database.js';
import type { Adapter } from './adapter.js';
import { foundation } from './migrations/0001_foundation.js';
import { supervision } from './migrations/0002_supervision.js';
import { meetings } from './migrations/0003_meetings.js';
import { childCount } from './migrations/0004_child_count.js';

/** Forward-only migrations, in order. A name once released never changes and is never removed. */
const migrations: Record<string, (adapter: Adapter) => Migration> = {
  '0001_foundation': foundation,
  '0002_supervision': supervision,
  '0003_meetings': meetings,
  '0004_child_count': childCount,
};

export const migrationTable = 'luoshi_migration';
export const knownMigrations = Object.keys(migrations);

export class UnknownMigrationsError extends Error {
  constructor(readonly names: string[]) {
    super(
      `The database has migrations this version of Luoshi does not know: ${names.join(', ')}. ` +
        'It was used by a newer version; run that version, or restore a backup made for this one.',
    );
    this.name = 'UnknownMigrationsError';
  }
}

function migrator(database: Database, schema: string | undefined): Migrator {
  return new Migrator({
    db: database.db,
    migrationTableName: migrationTable,
    migrationLockTableName: `${migrationTable}_lock`,
    migrationTableSchema: schema,
    provider: {
      getMigrations: () =>
        Promise.resolve(
          Object.fromEntries(
            Object.entries(migrations).map(([name, make]) => [name, make(database.adapter)]),
          ),
        ),
    },
  });
}

/** Names of the migrations already applied to this database (empty for a new one). */
export async function appliedMigrations(database: Database): Promise<string[]> {
  const schema = await database.adapter.currentSchema(database.db as never);
  const tables = await database.db.introspection.getTables();
  if (!tables.some((t) => t.name === migrationTable && (schema === undefined || t.schema === schema))) {
    return [];
  }
  const rows = await sql<{
    name: string;
  }>`SELECT name FROM ${sql.table(migrationTable)} ORDER BY name`.execute(database.db);
  return rows.rows.map((r) => r.name);
}

/**
 * Applies every pending migration. Refuses (throws UnknownMigrationsError) when the database holds
 * migrations this version does not know, rather than run old code over a newer schema.
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const applied = await appliedMigrations(database);
  const unknown = applied.filter((name) => !knownMigrations.includes(name));
  if (unknown.length > 0) {
    throw new UnknownMigrationsError(unknown);
  }
  const schema = await database.adapter.currentSchema(database.db as never);
  const { error, results } = await migrator(database, schema).migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
