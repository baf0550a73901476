import { z } from 'zod';
import { requirePermission } from '../../access.js';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { appendAudit, who } from '../audit/audit.service.js';

/** Settings the system admin may change at run time; each falls back to the server's configuration. */
export const settingsSchema = z.object({
  /** Minutes of inactivity after which a session ends (5 to 720). */
  sessionIdleMinutes: z.number().int().min(5).max(720),
  /** The name shown in the app's header and on exported documents. */
  siteName: z.string().trim().min(1).max(100),
});
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatch = settingsSchema.partial().strict();

const cacheMs = 10_000;
let cache: { at: number; key: unknown; value: Settings } | undefined;

/** Current settings, cached briefly (other nodes of a cluster see a change within ten seconds). */
export async function getSettings(ctx: Ctx): Promise<Settings> {
  const now = Date.now();
  if (cache && cache.key === ctx.db && now - cache.at < cacheMs) {
    return cache.value;
  }
  const rows = await ctx.db.selectFrom('settings').select(['key', 'value']).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const defaults: Settings = {
    sessionIdleMinutes: ctx.config.sessionIdleMinutes,
    siteName: '落实 · 重点工作督查督办',
  };
  const parsed = settingsSchema.partial().safeParse(stored);
  const value = { ...defaults, ...(parsed.success ? parsed.data : {}) };
  cache = { at: now, key: ctx.db, value };
  return value;
}

export async function readSettings(actor: Actor, ctx: Ctx): Promise<Settings> {
  requirePermission(actor, 'settings.manage');
  return getSettings(ctx);
}

export async function updateSettings(
  actor: Actor,
  tx: TxCtx,
  patch: z.infer<typeof settingsPatch>,
): Promise<Settings> {
  requirePermission(actor, 'settings.manage');
  const before = await getSettings(tx);
  const at = iso(tx.clock.now());
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      continue;
    }
    const text = JSON.stringify(value);
    const updated = await tx.db
      .updateTable('settings')
      .set({ value: text, updated_at: at })
      .where('key', '=', key)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      await tx.db.insertInto('settings').values({ key, value: text, updated_at: at }).execute();
    }
  }
  cache = undefined;
  const after = { ...before, ...patch };
  await appendAudit(tx, who(actor), { action: 'settings.update', entityType: 'settings', before, after });
  return after;
}

/** Forgets cached settings (after a transaction that changed them rolls back, or in tests). */
export function clearSettingsCache(): void {
  cache = undefined;
}
