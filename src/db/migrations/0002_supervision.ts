import type { Kysely } from 'kysely';
import type { Adapter } from '../adapter.js';

/** Plans, lists, items, milestones, extensions, report slots, evidence files, comments and item events. */
export function supervision(adapter: Adapter) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const ts = 'varchar(32)';
      const date = 'varchar(10)';

      await adapter
        .idColumn(db.schema.createTable('plans'))
        .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('title', 'varchar(300)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('owner_org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('owner_path', 'varchar(400)', (c) => adapter.binaryText(c.notNull()))
        .addColumn('period_start', date, (c) => c.notNull())
        .addColumn('period_end', date, (c) => c.notNull())
        .addColumn('report_cycle', 'varchar(16)', (c) => c.notNull())
        .addColumn('report_due_day', 'integer', (c) => c.notNull())
        .addColumn('warning_days', 'integer', (c) => c.notNull())
        .addColumn('tolerance_pct', 'integer', (c) => c.notNull())
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_by', 'integer')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('plans_owner').on('plans').column('owner_path').execute();

      await adapter
        .idColumn(db.schema.createTable('lists'))
        .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id'))
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('title', 'varchar(300)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('claimable', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lists_plan').on('lists').column('plan_id').execute();

      await adapter
        .idColumn(db.schema.createTable('items'))
        .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id'))
        .addColumn('list_id', 'integer', (c) => c.notNull().references('lists.id'))
        .addColumn('parent_id', 'integer', (c) => c.references('items.id'))
        .addColumn('code', 'varchar(64)', (c) => c.notNull())
        .addColumn('title', 'varchar(500)', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('category', 'varchar(64)')
        .addColumn('source', 'varchar(16)', (c) => c.notNull())
        .addColumn('lead_leader_id', 'integer', (c) => c.references('users.id'))
        .addColumn('lead_unit_id', 'integer', (c) => c.references('orgs.id'))
        // Path of the lead unit (or of the plan owner while unassigned): the scope and unit filters use it.
        .addColumn('unit_path', 'varchar(400)', (c) => adapter.binaryText(c.notNull()))
        .addColumn('plan_owner_path', 'varchar(400)', (c) => adapter.binaryText(c.notNull()))
        .addColumn('responsible_person', 'varchar(100)')
        .addColumn('responsible_user_id', 'integer', (c) => c.references('users.id'))
        .addColumn('target_indicator', 'varchar(200)')
        .addColumn('target_unit', 'varchar(32)')
        .addColumn('target_baseline', 'double precision')
        .addColumn('target_value', 'double precision')
        .addColumn('indicator_value', 'double precision')
        .addColumn('start_date', date)
        // First day the lead unit owes reports (the day it signed for or claimed the item).
        .addColumn('reporting_from', date)
        .addColumn('deadline', date)
        // The deadline, or 9999-12-31 for ongoing work: a sort key that is never null, so lists sort alike on both databases.
        .addColumn('due_sort', date, (c) => c.notNull().defaultTo('9999-12-31'))
        .addColumn('ongoing', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('review_cadence', 'varchar(16)')
        .addColumn('priority', 'varchar(8)', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull())
        .addColumn('state', 'varchar(24)', (c) => c.notNull())
        .addColumn('resume_state', 'varchar(24)')
        .addColumn('health', 'varchar(16)', (c) => c.notNull())
        .addColumn('health_reasons', 'text', (c) => c.notNull())
        .addColumn('health_on', date)
        .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('results', 'text')
        .addColumn('completion_requested_on', date)
        .addColumn('completed_on', date)
        .addColumn('created_by', 'integer')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addUniqueConstraint('items_plan_code', ['plan_id', 'code'])
        .execute();
      // The ledger's two shapes: a unit's subtree by health (a range, then a small sort), and a wide scope by
      // health in deadline order (walked in order, stopping at the page).
      await db.schema
        .createIndex('items_health_path_due')
        .on('items')
        .columns(['health', 'unit_path', 'due_sort'])
        .execute();
      await db.schema
        .createIndex('items_health_due_path')
        .on('items')
        .columns(['health', 'due_sort', 'unit_path'])
        .execute();
      await db.schema.createIndex('items_path_due').on('items').columns(['unit_path', 'due_sort']).execute();
      await db.schema.createIndex('items_plan_state').on('items').columns(['plan_id', 'state']).execute();
      await db.schema.createIndex('items_list').on('items').columns(['list_id', 'deadline']).execute();
      await db.schema.createIndex('items_parent').on('items').column('parent_id').execute();
      await db.schema
        .createIndex('items_owner_path')
        .on('items')
        .columns(['plan_owner_path', 'health'])
        .execute();
      await db.schema.createIndex('items_state').on('items').columns(['state', 'health_on']).execute();

      await db.schema
        .createTable('item_co_units')
        .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('org_path', 'varchar(400)', (c) => adapter.binaryText(c.notNull()))
        .addPrimaryKeyConstraint('item_co_units_pk', ['item_id', 'org_id'])
        .execute();
      await db.schema
        .createIndex('item_co_units_path')
        .on('item_co_units')
        .columns(['org_path', 'item_id'])
        .execute();

      await adapter
        .idColumn(db.schema.createTable('milestones'))
        .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('title', 'varchar(300)', (c) => c.notNull())
        .addColumn('due_date', date, (c) => c.notNull())
        .addColumn('deliverable', 'varchar(500)')
        .addColumn('done_on', date)
        .addColumn('done_note', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('milestones_item').on('milestones').columns(['item_id', 'seq']).execute();

      await adapter
        .idColumn(db.schema.createTable('extensions'))
        .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
        .addColumn('requested_by', 'integer', (c) => c.notNull())
        .addColumn('requested_at', ts, (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('old_deadline', date)
        .addColumn('new_deadline', date, (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('decided_by', 'integer')
        .addColumn('decided_at', ts)
        .addColumn('decision_note', 'text')
        .execute();
      await db.schema.createIndex('extensions_item').on('extensions').columns(['item_id', 'state']).execute();

      await adapter
        .idColumn(db.schema.createTable('reports'))
        .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('org_path', 'varchar(400)', (c) => adapter.binaryText(c.notNull()))
        .addColumn('is_lead', 'integer', (c) => c.notNull())
        .addColumn('period', 'varchar(16)', (c) => c.notNull())
        .addColumn('period_start', date, (c) => c.notNull())
        .addColumn('period_end', date, (c) => c.notNull())
        .addColumn('due_date', date, (c) => c.notNull())
        .addColumn('state', 'varchar(16)', (c) => c.notNull())
        .addColumn('progress_text', 'text')
        .addColumn('percent', 'integer')
        .addColumn('indicator_value', 'double precision')
        .addColumn('problems', 'text')
        .addColumn('next_steps', 'text')
        .addColumn('no_change', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('missed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('submitted_at', ts)
        .addColumn('submitted_by', 'integer')
        .addColumn('reviewed_at', ts)
        .addColumn('reviewed_by', 'integer')
        .addColumn('review_note', 'text')
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .addUniqueConstraint('reports_slot', ['item_id', 'org_id', 'period'])
        .execute();
      await db.schema
        .createIndex('reports_item_period')
        .on('reports')
        .columns(['item_id', 'period'])
        .execute();
      await db.schema
        .createIndex('reports_path_state')
        .on('reports')
        .columns(['org_path', 'state', 'due_date'])
        .execute();
      await db.schema.createIndex('reports_state_due').on('reports').columns(['state', 'due_date']).execute();

      await adapter
        .idColumn(db.schema.createTable('files'))
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('mime', 'varchar(100)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
        .addColumn('report_id', 'integer', (c) => c.references('reports.id'))
        .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
        .addColumn('uploaded_by', 'integer', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('files_item').on('files').columns(['item_id', 'report_id']).execute();

      await adapter
        .idColumn(db.schema.createTable('comments'))
        .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
        .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('comments_item').on('comments').columns(['item_id', 'id']).execute();

      await adapter
        .idColumn(db.schema.createTable('item_events'))
        .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
        .addColumn('at', ts, (c) => c.notNull())
        .addColumn('actor_id', 'integer')
        .addColumn('actor_name', 'varchar(100)')
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('from_state', 'varchar(24)')
        .addColumn('to_state', 'varchar(24)')
        .addColumn('note', 'text')
        .addColumn('data', 'text')
        .execute();
      await db.schema.createIndex('item_events_item').on('item_events').columns(['item_id', 'id']).execute();
      await db.schema
        .createIndex('item_events_actor')
        .on('item_events')
        .columns(['actor_id', 'id'])
        .execute();

      // One row per scheduled job and day: the node that inserts it runs the job, so several nodes never double it.
      await db.schema
        .createTable('job_runs')
        .addColumn('job', 'varchar(64)', (c) => c.notNull())
        .addColumn('run_key', 'varchar(32)', (c) => c.notNull())
        .addColumn('started_at', ts, (c) => c.notNull())
        .addColumn('finished_at', ts)
        .addPrimaryKeyConstraint('job_runs_pk', ['job', 'run_key'])
        .execute();
    },
  };
}
