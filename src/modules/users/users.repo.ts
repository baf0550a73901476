import type { Kysely } from 'kysely';
import type { DB, User } from '../../db/schema.js';
import { isRoleCode, type RoleCode } from '../../domain/permissions.js';
import { isLocale } from '../../i18n/locale.js';
import type { UserOut } from './users.schema.js';

export function findUser(db: Kysely<DB>, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByName(db: Kysely<DB>, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function rolesOf(db: Kysely<DB>, userIds: number[]): Promise<Map<number, RoleCode[]>> {
  const out = new Map<number, RoleCode[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) {
    return out;
  }
  const rows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where('user_id', 'in', userIds)
    .orderBy('role')
    .execute();
  for (const r of rows) {
    if (isRoleCode(r.role)) {
      out.get(r.user_id)?.push(r.role);
    }
  }
  return out;
}

export async function setRoles(db: Kysely<DB>, userId: number, roles: readonly RoleCode[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length > 0) {
    await db
      .insertInto('user_roles')
      .values([...new Set(roles)].map((role) => ({ user_id: userId, role })))
      .execute();
  }
}

/** Shapes users for the API; secrets never leave this function. */
export async function presentUsers(db: Kysely<DB>, users: User[]): Promise<UserOut[]> {
  const roles = await rolesOf(
    db,
    users.map((u) => u.id),
  );
  const orgIds = [...new Set(users.map((u) => u.org_id))];
  const orgs =
    orgIds.length === 0
      ? []
      : await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', orgIds).execute();
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    orgId: u.org_id,
    orgName: orgName.get(u.org_id) ?? '',
    scopeOrgId: u.scope_org_id,
    globalScope: u.global_scope === 1,
    roles: roles.get(u.id) ?? [],
    disabled: u.disabled === 1,
    lockedUntil: u.locked_until,
    mustChangePassword: u.must_change_password === 1,
    email: u.email,
    phone: u.phone,
    locale: isLocale(u.locale) ? u.locale : null,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
    updatedAt: u.updated_at,
  }));
}

export async function presentUser(db: Kysely<DB>, user: User): Promise<UserOut> {
  const [out] = await presentUsers(db, [user]);
  return out!;
}
