import type { Kysely } from 'kysely';
import type { Adapter } from '../adapter.js';

/** Meetings (会议) and their decisions (议定事项), which become items when published. */
export function meetings(adapter: Adapter) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const ts = 'varchar(32)';
      const date = 'varchar(10)';

      await adapter
        .idColumn(db.schema.createTable('meetings'))
        .addColumn('kind', 'varchar(24)', (c) => c.notNull())
        .addColumn('title', 'varchar(300)', (c) => c.notNull())
        .addColumn('meeting_date', date)
        .addColumn('date_inferred', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('place', 'varchar(200)')
        .addColumn('format', 'varchar(16)')
        .addColumn('chair', 'varchar(100)')
        .addColumn('participants', 'text', (c) => c.notNull())
        .addColumn('agenda', 'text')
        // The normalised text the decisions' offsets point into, and the text as it was read.
        .addColumn('source_text', 'text')
        .addColumn('original_text', 'text')
        .addColumn('owner_org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('owner_path', 'varchar(400)', (c) => adapter.binaryText(c.notNull()))
        .addColumn('plan_id', 'integer', (c) => c.references('plans.id'))
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('meetings_owner')
        .on('meetings')
        .columns(['owner_path', 'meeting_date'])
        .execute();
      await db.schema.createIndex('meetings_plan').on('meetings').column('plan_id').execute();

      await adapter
        .idColumn(db.schema.createTable('meeting_decisions'))
        .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('speaker', 'varchar(100)')
        .addColumn('deadline', date)
        .addColumn('suggested_unit', 'varchar(200)')
        .addColumn('unit_id', 'integer', (c) => c.references('orgs.id'))
        .addColumn('sentence', 'text')
        // [source_start, source_end) of the sentence in the meeting's source_text.
        .addColumn('source_start', 'integer')
        .addColumn('source_end', 'integer')
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('item_id', 'integer', (c) => c.references('items.id'))
        .addColumn('published_at', ts)
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addUniqueConstraint('meeting_decisions_seq', ['meeting_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('meeting_decisions_item')
        .on('meeting_decisions')
        .column('item_id')
        .execute();
    },
  };
}
