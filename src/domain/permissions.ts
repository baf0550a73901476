/**
 * Permission codes and the built-in roles made of them. Everything that decides "may this actor do
 * this" starts here; row scope (which organisations) is decided by src/http/access.ts.
 */
export const permissions = [
  // organisations and people
  'org.read',
  'org.manage',
  'user.read',
  'user.manage',
  'user.assign_roles',
  'user.unlock',
  'session.revoke_any',
  'token.revoke_any',
  'settings.manage',
  // audit trail
  'audit.read',
  // supervision work (used by the supervision modules)
  'plan.read',
  'plan.manage',
  'item.read',
  'item.manage',
  'item.assign',
  'item.review',
  'item.handle',
  'item.instruct',
  'report.submit',
  'report.review',
  'meeting.manage',
  'assessment.manage',
] as const;

export type Permission = (typeof permissions)[number];

export const roleCodes = [
  'system_admin',
  'security_admin',
  'auditor',
  'supervisor',
  'leader',
  'unit_handler',
  'viewer',
] as const;

export type RoleCode = (typeof roleCodes)[number];

/** The three administrator roles of 三员分立: no account holds two of them, nor any other role beside one. */
export const adminRoles: readonly RoleCode[] = ['system_admin', 'security_admin', 'auditor'];

const supervisionRead: Permission[] = ['org.read', 'user.read', 'plan.read', 'item.read'];

export const roleDefinitions: Record<RoleCode, { permissions: readonly Permission[] }> = {
  /** 系统管理员: accounts, organisations and settings; no supervision work. */
  system_admin: { permissions: ['org.read', 'org.manage', 'user.read', 'user.manage', 'settings.manage'] },
  /** 安全管理员: who holds which role, locked accounts, sessions and tokens. */
  security_admin: {
    permissions: [
      'org.read',
      'user.read',
      'user.assign_roles',
      'user.unlock',
      'session.revoke_any',
      'token.revoke_any',
    ],
  },
  /** 审计员: reads the audit trail and nothing else changes. */
  auditor: { permissions: ['org.read', 'user.read', 'audit.read'] },
  /** 督查员: builds plans and lists, assigns, urges, reviews, closes, scores. */
  supervisor: {
    permissions: [
      ...supervisionRead,
      'plan.manage',
      'item.manage',
      'item.assign',
      'item.review',
      'report.review',
      'meeting.manage',
      'assessment.manage',
    ],
  },
  /** 领导: a cockpit over the portfolio, and instructions (批示) on items. */
  leader: { permissions: [...supervisionRead, 'item.instruct'] },
  /** 承办人 / 联络员: signs for items, splits them, reports progress. */
  unit_handler: { permissions: [...supervisionRead, 'item.handle', 'report.submit'] },
  /** 只读: sees what is in scope. */
  viewer: { permissions: supervisionRead },
};

export function isRoleCode(value: string): value is RoleCode {
  return (roleCodes as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}

/** The union of the permissions of the given roles; unknown role codes grant nothing. */
export function resolvePermissions(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) {
    if (isRoleCode(role)) {
      for (const p of roleDefinitions[role].permissions) {
        out.add(p);
      }
    }
  }
  return out;
}

/**
 * What an API token may do: the permissions it was given, and only while its owner still holds them.
 * A token given no explicit list acts with all of its owner's permissions.
 */
export function tokenPermissions(
  owner: ReadonlySet<Permission>,
  granted: readonly string[] | null,
): Set<Permission> {
  if (granted === null) {
    return new Set(owner);
  }
  return new Set(granted.filter((p): p is Permission => isPermission(p) && owner.has(p)));
}

/**
 * Checks a set of roles against 三员分立. Returns a reason when the set is not allowed, or null.
 */
export function separationViolation(roles: readonly string[]): string | null {
  const unique = [...new Set(roles)];
  const admins = unique.filter((r) => adminRoles.includes(r as RoleCode));
  if (admins.length > 1) {
    return `an account may hold only one of ${adminRoles.join(', ')} (got ${admins.join(', ')})`;
  }
  if (admins.length === 1 && unique.length > 1) {
    return `${admins[0]} may not be combined with other roles (got ${unique.join(', ')})`;
  }
  return null;
}
