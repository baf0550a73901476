import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adminRoles,
  isPermission,
  isRoleCode,
  type Permission,
  permissions,
  resolvePermissions,
  roleCodes,
  type RoleCode,
  roleDefinitions,
  separationViolation,
  tokenPermissions,
} from '../../src/domain/permissions.js';

const supervisionPrefixes = ['plan.', 'item.', 'report.', 'meeting.', 'assessment.'];
const isSupervision = (p: string) => supervisionPrefixes.some((prefix) => p.startsWith(prefix));
const administration: Permission[] = [
  'org.manage',
  'user.manage',
  'user.assign_roles',
  'user.unlock',
  'session.revoke_any',
  'token.revoke_any',
  'settings.manage',
  'audit.read',
];
const nonAdminRoles = roleCodes.filter((r) => !adminRoles.includes(r));
const holders = (p: Permission) => roleCodes.filter((r) => roleDefinitions[r].permissions.includes(p));

describe('role definitions', () => {
  it('defines every role code, and every role uses only known permission codes', () => {
    expect(Object.keys(roleDefinitions).sort()).toEqual([...roleCodes].sort());
    for (const role of roleCodes) {
      for (const p of roleDefinitions[role].permissions) {
        expect(permissions).toContain(p);
      }
    }
  });

  it('treats exactly system_admin, security_admin and auditor as the 三员分立 administrator roles', () => {
    expect([...adminRoles].sort()).toEqual(['auditor', 'security_admin', 'system_admin']);
  });

  it('gives system_admin no supervision work, no audit trail and no role assignment', () => {
    const granted = roleDefinitions.system_admin.permissions;
    expect(granted.filter(isSupervision)).toEqual([]);
    expect(granted).not.toContain('item.assign');
    expect(granted).not.toContain('plan.manage');
    expect(granted).not.toContain('audit.read');
    expect(granted).not.toContain('user.assign_roles');
    expect(granted).toEqual(expect.arrayContaining(['org.manage', 'user.manage', 'settings.manage']));
  });

  it('gives security_admin role assignment and account unlocking but not account management or the audit trail', () => {
    const granted = roleDefinitions.security_admin.permissions;
    expect(granted).toEqual(
      expect.arrayContaining(['user.assign_roles', 'user.unlock', 'session.revoke_any', 'token.revoke_any']),
    );
    expect(granted).not.toContain('user.manage');
    expect(granted).not.toContain('org.manage');
    expect(granted).not.toContain('audit.read');
    expect(granted.filter(isSupervision)).toEqual([]);
  });

  it('gives the auditor only read permissions, including audit.read', () => {
    const granted = roleDefinitions.auditor.permissions;
    expect(granted).toContain('audit.read');
    for (const p of granted) {
      expect(p).toMatch(/\.read$/);
    }
  });

  it('gives no non-administrator role any administration permission', () => {
    for (const role of nonAdminRoles) {
      for (const p of administration) {
        expect(roleDefinitions[role].permissions, `${role} must not hold ${p}`).not.toContain(p);
      }
    }
  });

  it('lets only the auditor read the audit trail and only the security admin assign roles', () => {
    expect(holders('audit.read')).toEqual(['auditor']);
    expect(holders('user.assign_roles')).toEqual(['security_admin']);
    expect(holders('user.manage')).toEqual(['system_admin']);
  });

  it('keeps the viewer read-only and reserves instructing, handling and assigning to their roles', () => {
    expect(roleDefinitions.viewer.permissions.every((p) => p.endsWith('.read'))).toBe(true);
    expect(holders('item.instruct')).toEqual(['leader']);
    expect(holders('item.handle')).toEqual(['unit_handler']);
    expect(holders('report.submit')).toEqual(['unit_handler']);
    expect(holders('item.assign')).toEqual(['supervisor']);
  });
});

describe('isRoleCode and isPermission', () => {
  it('recognise the defined codes and reject others, including Object.prototype keys', () => {
    expect(isRoleCode('supervisor')).toBe(true);
    expect(isRoleCode('Supervisor')).toBe(false);
    expect(isRoleCode('constructor')).toBe(false);
    expect(isPermission('item.assign')).toBe(true);
    expect(isPermission('item.*')).toBe(false);
    expect(isPermission('toString')).toBe(false);
  });
});

describe('resolvePermissions', () => {
  it('returns exactly the permissions of a single role', () => {
    expect([...resolvePermissions(['viewer'])].sort()).toEqual(
      ['item.read', 'org.read', 'plan.read', 'user.read'].sort(),
    );
  });

  it('returns the union of the permissions of several roles', () => {
    const granted = resolvePermissions(['leader', 'unit_handler']);
    expect(granted.has('item.instruct')).toBe(true);
    expect(granted.has('item.handle')).toBe(true);
    expect(granted.has('report.submit')).toBe(true);
    expect(granted.has('item.assign')).toBe(false);
  });

  it('grants nothing for unknown role codes or no roles', () => {
    expect(resolvePermissions([]).size).toBe(0);
    expect(resolvePermissions(['root', 'admin', 'constructor', '__proto__', 'SYSTEM_ADMIN']).size).toBe(0);
  });

  it('ignores unknown role codes mixed with known ones', () => {
    expect([...resolvePermissions(['auditor', 'superuser'])].sort()).toEqual(
      [...roleDefinitions.auditor.permissions].sort(),
    );
  });

  it('is the union of each role on its own, for any set of roles', () => {
    fc.assert(
      fc.property(fc.subarray([...roleCodes]), (roles) => {
        const expected = new Set(roles.flatMap((r) => roleDefinitions[r].permissions));
        expect(resolvePermissions(roles)).toEqual(expected);
      }),
    );
  });
});

describe('tokenPermissions', () => {
  const owner = resolvePermissions(['supervisor']);

  it('gives a token with no explicit list all of its owner’s permissions, as a separate set', () => {
    const granted = tokenPermissions(owner, null);
    expect(granted).toEqual(owner);
    expect(granted).not.toBe(owner);
    granted.delete('item.assign');
    expect(owner.has('item.assign')).toBe(true);
  });

  it('gives a token with an empty list no permissions at all', () => {
    expect(tokenPermissions(owner, []).size).toBe(0);
  });

  it('drops granted permissions the owner no longer holds and unknown codes', () => {
    const granted = tokenPermissions(owner, ['item.read', 'audit.read', 'item.assign', 'nonsense', 'item.*']);
    expect([...granted].sort()).toEqual(['item.assign', 'item.read']);
  });

  it('never exceeds either the owner’s permissions or the granted list', () => {
    fc.assert(
      fc.property(
        fc.subarray([...roleCodes]),
        fc.array(fc.oneof(fc.constantFrom(...permissions), fc.string()), { maxLength: 30 }),
        (roles, list) => {
          const own = resolvePermissions(roles);
          const granted = tokenPermissions(own, list);
          for (const p of granted) {
            expect(own.has(p)).toBe(true);
            expect(list).toContain(p);
          }
          for (const p of list) {
            if (isPermission(p) && own.has(p)) {
              expect(granted.has(p)).toBe(true);
            }
          }
        },
      ),
    );
  });
});

describe('separationViolation (三员分立)', () => {
  it('allows each administrator role held alone', () => {
    for (const role of adminRoles) {
      expect(separationViolation([role])).toBeNull();
    }
  });

  it('allows the same administrator role listed twice', () => {
    expect(separationViolation(['auditor', 'auditor'])).toBeNull();
  });

  it('allows no roles and any combination of non-administrator roles', () => {
    expect(separationViolation([])).toBeNull();
    expect(separationViolation(['supervisor', 'leader', 'unit_handler', 'viewer'])).toBeNull();
  });

  it('rejects two administrator roles together and names both', () => {
    const reason = separationViolation(['system_admin', 'auditor']);
    expect(reason).not.toBeNull();
    expect(reason).toContain('system_admin');
    expect(reason).toContain('auditor');
  });

  it('rejects an administrator role combined with any other role', () => {
    for (const admin of adminRoles) {
      for (const other of nonAdminRoles) {
        expect(separationViolation([admin, other]), `${admin} + ${other}`).not.toBeNull();
        expect(separationViolation([other, admin]), `${other} + ${admin}`).not.toBeNull();
      }
    }
  });

  it('rejects an administrator role combined with an unknown role', () => {
    expect(separationViolation(['security_admin', 'something_else'])).not.toBeNull();
  });

  it('allows a set of roles exactly when it holds no administrator role or is one administrator role alone', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...roleCodes), { maxLength: 10 }), (roles: RoleCode[]) => {
        const unique = new Set(roles);
        const admins = [...unique].filter((r) => adminRoles.includes(r));
        const allowed = admins.length === 0 || unique.size === 1;
        expect(separationViolation(roles) === null).toBe(allowed);
      }),
    );
  });
});
