import { sql, type Kysely } from 'kysely';
import type { Adapter } from '../adapter.js';
import { GENESIS_HASH } from '../../domain/hash-chain.js';

/** Organisations, people, sessions, API tokens, settings and the hash-chained audit trail. */
export function foundation(adapter: Adapter) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await adapter
        .idColumn(db.schema.createTable('orgs'))
        .addColumn('parent_id', 'integer', (c) => c.references('orgs.id'))
        .addColumn('path', 'varchar(400)', (c) => adapter.binaryText(c.notNull().unique()))
        .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orgs_parent').on('orgs').column('parent_id').execute();

      await adapter
        .idColumn(db.schema.createTable('users'))
        .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('display_name', 'varchar(100)', (c) => c.notNull())
        .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
        .addColumn('scope_org_id', 'integer', (c) => c.references('orgs.id'))
        .addColumn('global_scope', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('password_hash', 'varchar(200)', (c) => c.notNull())
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'varchar(32)')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locale', 'varchar(8)')
        .addColumn('email', 'varchar(200)')
        .addColumn('phone', 'varchar(40)')
        .addColumn('last_login_at', 'varchar(32)')
        .addColumn('password_changed_at', 'varchar(32)')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_org').on('users').column('org_id').execute();

      await db.schema
        .createTable('user_roles')
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('last_seen_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('revoked_at', 'varchar(32)')
        .addColumn('ip', 'varchar(64)')
        .addColumn('user_agent', 'varchar(300)')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await adapter
        .idColumn(db.schema.createTable('api_tokens'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('token_prefix', 'varchar(24)', (c) => c.notNull())
        .addColumn('permissions', 'text')
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('expires_at', 'varchar(32)')
        .addColumn('last_used_at', 'varchar(32)')
        .addColumn('revoked_at', 'varchar(32)')
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'varchar(32)', (c) => c.notNull())
        .addColumn('actor_id', 'integer')
        .addColumn('actor_name', 'varchar(64)')
        .addColumn('org_id', 'integer')
        .addColumn('action', 'varchar(64)', (c) => c.notNull())
        .addColumn('entity_type', 'varchar(32)')
        .addColumn('entity_id', 'varchar(64)')
        .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('request_id', 'varchar(64)')
        .addColumn('ip', 'varchar(64)')
        .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('hash', 'varchar(64)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
      await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'seq']).execute();
      await db.schema
        .createIndex('audit_log_entity')
        .on('audit_log')
        .columns(['entity_type', 'entity_id'])
        .execute();
      await adapter.makeAppendOnly(db, 'audit_log');

      // One row that every append locks and moves on: it serialises writers on PostgreSQL and lets
      // verification notice entries cut off the end of the log.
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'varchar(64)', (c) => c.notNull())
        .execute();
      await sql`INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, ${GENESIS_HASH})`.execute(db);
    },
  };
}
