import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { shaped } from '../../src/db/shapes.js';
import { insertOrg } from '../../src/modules/orgs/orgs.repo.js';
import { databaseKinds, freshDatabase, type TestDatabase } from '../helpers/harness.js';

for (const { kind, available } of databaseKinds()) {
  describe.skipIf(!available)(`queries compiled once per shape [${kind}]`, () => {
    let target: TestDatabase;
    let database: Database;
    const ids: number[] = [];

    beforeAll(async () => {
      target = await freshDatabase(kind);
      database = await openDatabase(target.url);
      await migrateToLatest(database);
      const at = new Date().toISOString();
      const root = await insertOrg(database.db, {
        code: 'ROOT',
        name: '省',
        kind: 'government',
        parent: null,
        sortOrder: 0,
        at,
      });
      ids.push(root.id);
      for (const [i, name] of ['甲县', '乙县', '丙县'].entries()) {
        const org = await insertOrg(database.db, {
          code: `C${i}`,
          name,
          kind: 'county',
          parent: root,
          sortOrder: i,
          at,
        });
        ids.push(org.id);
      }
    });
    afterAll(async () => {
      await database.close();
      await target.drop();
    });

    const orgNames = (values: { ids: number[]; prefix?: string; kind?: string }) => {
      const db = database.db;
      return db.executeQuery(
        shaped(db, 'test org names', values, (v) => {
          let q = db.selectFrom('orgs').select('name').where('id', 'in', v.ids).orderBy('id');
          if (v.prefix !== undefined) {
            q = q.where('code', 'like', v.prefix);
          }
          if (v.kind !== undefined) {
            q = q.where('kind', '=', v.kind as 'county' | 'government');
          }
          return q;
        }),
      );
    };

    it('runs the same shape with other values and gets their rows', async () => {
      const first = await orgNames({ ids: [ids[1]!, ids[2]!] });
      const second = await orgNames({ ids: [ids[2]!, ids[3]!] });
      expect(first.rows.map((r) => r.name)).toEqual(['甲县', '乙县']);
      expect(second.rows.map((r) => r.name)).toEqual(['乙县', '丙县']);
    });

    it('compiles another shape when a list has another length or a value appears or goes', async () => {
      expect((await orgNames({ ids: [ids[3]!] })).rows.map((r) => r.name)).toEqual(['丙县']);
      expect((await orgNames({ ids, kind: 'county' })).rows.map((r) => r.name)).toEqual([
        '甲县',
        '乙县',
        '丙县',
      ]);
      expect((await orgNames({ ids, prefix: 'C%', kind: 'government' })).rows).toEqual([]);
      expect((await orgNames({ ids, prefix: 'R%' })).rows.map((r) => r.name)).toEqual(['省']);
      expect((await orgNames({ ids })).rows).toHaveLength(4);
    });

    it('works inside a transaction, which sees its own uncommitted rows', async () => {
      await database.db
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable('orgs').set({ name: '丁县' }).where('id', '=', ids[3]!).execute();
          const { rows } = await trx.executeQuery(
            shaped(trx, 'test org name', { id: ids[3]! }, (v) =>
              trx.selectFrom('orgs').select('name').where('id', '=', v.id),
            ),
          );
          expect(rows[0]?.name).toBe('丁县');
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect((await orgNames({ ids: [ids[3]!] })).rows[0]?.name).toBe('丙县');
    });

    it('refuses a shape that transforms a value or writes it into the SQL text', () => {
      const db = database.db;
      expect(() =>
        shaped(db, 'test transformed', { text: 'x' }, (v) =>
          db.selectFrom('orgs').select('id').where('name', 'like', `%${v.text}%`),
        ),
      ).toThrow(/transformed a value/);
      expect(() =>
        shaped(db, 'test inlined', { text: 'x' }, (v) =>
          db
            .selectFrom('orgs')
            .select('id')
            .where(sql<boolean>`name = ${sql.lit(v.text)}`),
        ),
      ).toThrow(/wrote a value into its SQL/);
    });
  });
}
