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
  plans: PlanTable;
  lists: ListTable;
  items: ItemTable;
  item_co_units: ItemCoUnitTable;
  milestones: MilestoneTable;
  extensions: ExtensionTable;
  reports: ReportTable;
  files: FileTable;
  comments: CommentTable;
  item_events: ItemEventTable;
  job_runs: JobRunTable;
  meetings: MeetingTable;
  meeting_decisions: MeetingDecisionTable;
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

export interface PlanTable {
  id: Generated<number>;
  code: string;
  title: string;
  description: string | null;
  owner_org_id: number;
  owner_path: string;
  period_start: string;
  period_end: string;
  report_cycle: string;
  report_due_day: number;
  warning_days: number;
  tolerance_pct: number;
  /** JSON array of category names (经济发展, 公共服务 …). */
  categories: string;
  state: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ListTable {
  id: Generated<number>;
  plan_id: number;
  kind: string;
  title: string;
  description: string | null;
  claimable: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface ItemTable {
  id: Generated<number>;
  plan_id: number;
  list_id: number;
  parent_id: number | null;
  code: string;
  title: string;
  description: string | null;
  category: string | null;
  source: string;
  lead_leader_id: number | null;
  lead_unit_id: number | null;
  unit_path: string;
  plan_owner_path: string;
  responsible_person: string | null;
  responsible_user_id: number | null;
  target_indicator: string | null;
  target_unit: string | null;
  target_baseline: number | null;
  target_value: number | null;
  indicator_value: number | null;
  start_date: string | null;
  reporting_from: string | null;
  deadline: string | null;
  /** deadline, or 9999-12-31 for ongoing work; kept by the health refresh. */
  due_sort: Generated<string>;
  ongoing: number;
  review_cadence: string | null;
  priority: string;
  /** JSON array of strings. */
  tags: string;
  state: string;
  resume_state: string | null;
  health: string;
  /** JSON array of HealthReason. */
  health_reasons: string;
  /** The date health was last computed for. */
  health_on: string | null;
  progress: number;
  /** How many child items (分解) the item has; set where a child is created. */
  child_count: Generated<number>;
  results: string | null;
  completion_requested_on: string | null;
  completed_on: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ItemCoUnitTable {
  item_id: number;
  org_id: number;
  org_path: string;
}

export interface MilestoneTable {
  id: Generated<number>;
  item_id: number;
  seq: number;
  title: string;
  due_date: string;
  deliverable: string | null;
  done_on: string | null;
  done_note: string | null;
  created_at: string;
}

export interface ExtensionTable {
  id: Generated<number>;
  item_id: number;
  requested_by: number;
  requested_at: string;
  reason: string;
  old_deadline: string | null;
  new_deadline: string;
  state: string;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface ReportTable {
  id: Generated<number>;
  item_id: number;
  org_id: number;
  org_path: string;
  is_lead: number;
  period: string;
  period_start: string;
  period_end: string;
  due_date: string;
  state: string;
  progress_text: string | null;
  percent: number | null;
  indicator_value: number | null;
  problems: string | null;
  next_steps: string | null;
  no_change: Generated<number>;
  late: Generated<number>;
  missed: Generated<number>;
  submitted_at: string | null;
  submitted_by: number | null;
  reviewed_at: string | null;
  reviewed_by: number | null;
  review_note: string | null;
  created_at: string;
  updated_at: string;
}

export interface FileTable {
  id: Generated<number>;
  sha256: string;
  size: number;
  mime: string;
  name: string;
  item_id: number;
  report_id: number | null;
  purpose: string;
  uploaded_by: number;
  created_at: string;
}

export interface CommentTable {
  id: Generated<number>;
  item_id: number;
  author_id: number;
  kind: string;
  body: string;
  created_at: string;
}

export interface ItemEventTable {
  id: Generated<number>;
  item_id: number;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  note: string | null;
  data: string | null;
}

export interface JobRunTable {
  job: string;
  run_key: string;
  started_at: string;
  finished_at: string | null;
}

export type Plan = Selectable<PlanTable>;
export type List = Selectable<ListTable>;
export type Item = Selectable<ItemTable>;
export type Milestone = Selectable<MilestoneTable>;
export type Report = Selectable<ReportTable>;

export interface MeetingTable {
  id: Generated<number>;
  /** mobilization 动员部署会 · progress 推进会 · monthly 月调度会 · quarterly_review 季度讲评会 · special 专题会 · executive 常务会议 · other */
  kind: string;
  title: string;
  meeting_date: string | null;
  date_inferred: number;
  place: string | null;
  /** onsite 现场 · video 视频 · teleconference 电视电话 */
  format: string | null;
  chair: string | null;
  /** JSON array of { name, titles, role }. */
  participants: string;
  agenda: string | null;
  /** Normalised text; decisions' offsets point into it. */
  source_text: string | null;
  original_text: string | null;
  owner_org_id: number;
  owner_path: string;
  plan_id: number | null;
  /** draft, or published once a decision has become an item. */
  state: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingDecisionTable {
  id: Generated<number>;
  meeting_id: number;
  seq: number;
  text: string;
  speaker: string | null;
  deadline: string | null;
  suggested_unit: string | null;
  unit_id: number | null;
  sentence: string | null;
  source_start: number | null;
  source_end: number | null;
  /** draft or published */
  state: string;
  item_id: number | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export type Meeting = Selectable<MeetingTable>;
export type MeetingDecision = Selectable<MeetingDecisionTable>;
