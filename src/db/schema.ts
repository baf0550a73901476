import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one typed description of every table. Timestamps are ISO-8601 UTC text and flags are 0/1
 * integers, so the same queries read the same on SQLite and PostgreSQL.
 */
export interface DB {
  orgs: OrgTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  settings: SettingTable;
}

export const orgKinds = [
  'party_committee',
  'government',
  'department',
  'prefecture',
  'county',
  'township',
  'enterprise',
] as const;
export type OrgKind = (typeof orgKinds)[number];

export interface OrgTable {
  id: Generated<number>;
  parent_id: number | null;
  /** Materialised path of ids, "/1/5/12/"; see src/domain/org-path.ts. */
  path: string;
  code: string;
  name: string;
  kind: OrgKind;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  org_id: number;
  /** Root of the subtree the user oversees; null means the user's own organisation. */
  scope_org_id: number | null;
  /** 1: the user oversees every organisation (installation-wide admin roles). */
  global_scope: number;
  password_hash: string;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  locale: string | null;
  email: string | null;
  phone: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
}

export interface SessionTable {
  /** sha256 of the cookie value: a stolen database does not yield live sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  /** The first characters of the token, shown in lists so a user can tell tokens apart. */
  token_prefix: string;
  /** JSON array of permission codes, or null for all of the owner's. */
  permissions: string | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  org_id: number | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  outcome: string;
  before: string | null;
  after: string | null;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export type Org = Selectable<OrgTable>;
export type NewOrg = Insertable<OrgTable>;
export type OrgUpdate = Updateable<OrgTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Session = Selectable<SessionTable>;
export type ApiToken = Selectable<ApiTokenTable>;
export type AuditRow = Selectable<AuditLogTable>;
