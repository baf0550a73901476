import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import {
  appliedMigrations,
  knownMigrations,
  migrateToLatest,
  migrationTable,
  UnknownMigrationsError,
} from '../../src/db/migrate.js';
import { databaseKinds, freshDatabase } from '../helpers/harness.js';
import { describe, inject } from 'vitest';
import { randomBytes } from 'node:crypto';

for (const { kind, available } of databaseKinds()) {
  describe.skipIf(!available)(`migrations [${kind}]`, () => {
    it('applies every migration once, and again is a no-op', async () => {
      const target = await freshDatabase(kind);
      const database = await openDatabase(target.url);
      try {
        expect(await migrateToLatest(database)).toEqual(knownMigrations);
        expect(await migrateToLatest(database)).toEqual([]);
        expect(await appliedMigrations(database)).toEqual(knownMigrations);
      } finally {
        await database.close();
        await target.drop();
      }
    });

    it('migrates a database whose other schemas already hold a migrated Luoshi', async () => {
      const first = await freshDatabase(kind);
      const second = await freshDatabase(kind);
      const a = await openDatabase(first.url);
      const b = await openDatabase(second.url);
      try {
        expect(await migrateToLatest(a)).toEqual(knownMigrations);
        expect(await appliedMigrations(b)).toEqual([]);
        expect(await migrateToLatest(b)).toEqual(knownMigrations);
      } finally {
        await a.close();
        await b.close();
        await first.drop();
        await second.drop();
      }
    });

    it('refuses a database that holds a migration this version does not know', async () => {
      const target = await freshDatabase(kind);
      const database = await openDatabase(target.url);
      try {
        await migrateToLatest(database);
        await sql`INSERT INTO ${sql.table(migrationTable)} (name, timestamp) VALUES ('9999_from_the_future', '2030-01-01')`.execute(
          database.db,
        );
        await expect(migrateToLatest(database)).rejects.toBeInstanceOf(UnknownMigrationsError);
        await expect(migrateToLatest(database)).rejects.toThrow(/9999_from_the_future/);
      } finally {
        await database.close();
        await target.drop();
      }
    });
  });
}

it.skipIf(!databaseKinds().find((d) => d.kind === 'postgres')?.available)(
  'makes the PostgreSQL schema named in the URL when it does not exist yet',
  async () => {
    const schema = `t_new_${randomBytes(6).toString('hex')}`;
    const base = inject('pgUrl')!;
    const database = await openDatabase(`${base}${base.includes('?') ? '&' : '?'}schema=${schema}`);
    try {
      expect(await migrateToLatest(database)).toEqual(knownMigrations);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
        where table_schema = ${schema} and table_name = 'items'`.execute(database.db);
      expect(rows[0]!.n).toBe(1);
    } finally {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
      await database.close();
    }
  },
);

it('rejects a database URL it cannot use, saying what to write instead', async () => {
  await expect(openDatabase('mysql://localhost/x')).rejects.toThrow(/sqlite:PATH or postgres:/);
  await expect(openDatabase('sqlite:')).rejects.toThrow(/names no file/);
  await expect(openDatabase('postgres://postgres@127.0.0.1:1/none')).rejects.toThrow(
    /Cannot connect to PostgreSQL/,
  );
});
