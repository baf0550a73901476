import { sql, type Kysely } from 'kysely';
import type { Adapter } from '../adapter.js';

/**
 * Each item keeps the number of its child items (分解). A ledger page shows it on every row, and
 * counting children per row on the read cost a fifth of a county page's time; children are only ever
 * added (items are not deleted), so the number is set where a child is created.
 */
export function childCount(_adapter: Adapter) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('items')
        .addColumn('child_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update items set child_count = (select count(*) from items as ch where ch.parent_id = items.id)
        where exists (select 1 from items as ch where ch.parent_id = items.id)`.execute(db);
    },
  };
}
