import { z } from 'zod';
import { permissions } from '../../domain/permissions.js';

export const tokenOut = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The first characters of the token, to tell tokens apart. */
  prefix: z.string(),
  /** Permissions the token is limited to; null means all of its owner's. */
  permissions: z.array(z.string()).nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const tokenCreate = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** Limit the token to these permissions (each must be one you hold). Omit for all of yours. */
  permissions: z.array(z.enum(permissions)).max(permissions.length).optional(),
  /** Days until the token stops working; omit for no expiry. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const tokenCreated = z.object({
  token: tokenOut,
  /** The secret, shown this once: send it as `Authorization: Bearer …`. */
  secret: z.string(),
});
