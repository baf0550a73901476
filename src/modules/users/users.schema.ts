import { z } from 'zod';
import { roleCodes } from '../../domain/permissions.js';
import { locales } from '../../i18n/locale.js';
import { pageQuery } from '../../http/paging.js';

export const roleCode = z.enum(roleCodes);

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, '用户名为 2 至 64 位小写字母、数字或 . _ -，以字母或数字开头')
  .describe('Login name: lower-case letters, digits, dot, underscore, hyphen');

export const userOut = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  /** Root of the subtree the user oversees; null when it is the user's own organisation. */
  scopeOrgId: z.number().int().nullable(),
  /** The user oversees every organisation. */
  globalScope: z.boolean(),
  roles: z.array(roleCode),
  disabled: z.boolean(),
  /** Locked after repeated failed sign-ins, until this time. */
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.enum(locales).nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserOut = z.infer<typeof userOut>;

export const userListQuery = pageQuery.extend({
  /** Users of this organisation and everything below it. */
  orgId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  role: roleCode.optional(),
  disabled: z.enum(['true', 'false']).optional(),
  /** Text in the username or display name. */
  q: z.string().trim().max(100).optional(),
});

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const userCreate = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(100),
  orgId: z.number().int().positive().max(2_147_483_647),
  /** The subtree the user oversees, if wider than the own organisation (must lie in yours). */
  scopeOrgId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  /** Oversees every organisation; only an installation-wide admin may grant it. */
  globalScope: z.boolean().optional(),
  /** Initial password; omitted, a random one is made and returned once. The user must change it at first login. */
  password: z.string().max(256).optional(),
  email: optionalText(200),
  phone: optionalText(40),
  locale: z.enum(locales).nullable().optional(),
});

export const userUpdate = z.strictObject({
  displayName: z.string().trim().min(1).max(100).optional(),
  orgId: z.number().int().positive().max(2_147_483_647).optional(),
  scopeOrgId: z.number().int().positive().max(2_147_483_647).nullable().optional(),
  globalScope: z.boolean().optional(),
  email: optionalText(200),
  phone: optionalText(40),
  locale: z.enum(locales).nullable().optional(),
});

export const userRoles = z.strictObject({
  roles: z.array(roleCode).max(7).describe('The complete set of roles the user holds after the change'),
});

export const createdUser = z.object({
  user: userOut,
  /** Present only when Luoshi chose the password; shown this once. */
  temporaryPassword: z.string().optional(),
});

export const passwordReset = z.object({ temporaryPassword: z.string() });
