import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { iso } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { appendAudit, who } from '../audit/audit.service.js';
import { coHandles, leads, supervises } from '../items/items.access.js';
import { addEvent } from '../items/items.repo.js';
import { loadItem } from '../items/items.service.js';
import { sniff } from './sniff.js';
import { cleanFilename } from '../../http/uploads.js';

export interface FileOut {
  id: number;
  itemId: number;
  reportId: number | null;
  name: string;
  size: number;
  mime: string;
  sha256: string;
  purpose: string;
  createdAt: string;
}

/** Content-addressed location: files/ab/cd/abcd…; the same bytes are stored once. */
export function blobPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Stores an evidence file for an item; the unit's side or the supervising office may upload. */
export async function storeFile(
  actor: Actor,
  tx: TxCtx,
  itemId: number,
  upload: { filename: string; data: Buffer },
): Promise<FileOut> {
  const facts = await loadItem(actor, tx, itemId);
  const allowed =
    (actor.permissions.has('report.submit') && (leads(actor, facts) || coHandles(actor, facts))) ||
    (actor.permissions.has('item.manage') && supervises(actor, facts));
  if (!allowed) {
    throw forbidden('report.submit');
  }
  if (upload.data.length === 0) {
    throw new AppError('file_rejected', { params: { reason: '文件为空' } });
  }
  const type = sniff(upload.data, upload.filename);
  if (!type) {
    throw new AppError('file_rejected', {
      params: { reason: '只接受 PDF、图片（PNG/JPEG/GIF/WebP）、Word/Excel/PowerPoint、OFD 和纯文本文件' },
    });
  }
  // The name must say what the content is: a PDF named .html would open as a page once downloaded.
  let name = cleanFilename(upload.filename);
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!ext) {
    name = `${name}.${type.extensions[0]}`;
  } else if (!type.extensions.includes(ext)) {
    throw new AppError('file_rejected', {
      params: {
        reason: `文件内容是 ${type.extensions[0]!.toUpperCase()}，扩展名却是 .${ext}：请使用与内容相符的扩展名`,
      },
    });
  }
  const sha256 = createHash('sha256').update(upload.data).digest('hex');
  const target = blobPath(tx.config.dataDir, sha256);
  const exists = await stat(target).then(
    (s) => s.size === upload.data.length,
    () => false,
  );
  if (!exists) {
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, upload.data);
    await rename(tmp, target);
  }
  const at = iso(tx.clock.now());
  const { id } = await tx.db
    .insertInto('files')
    .values({
      sha256,
      size: upload.data.length,
      mime: type.mime,
      name,
      item_id: itemId,
      report_id: null,
      purpose: 'evidence',
      uploaded_by: actor.id,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addEvent(tx, actor, itemId, 'file', {
    note: name,
    data: { fileId: id, size: upload.data.length },
  });
  await appendAudit(tx, who(actor), {
    action: 'file.upload',
    entityType: 'file',
    entityId: id,
    after: { itemId, sha256, size: upload.data.length, mime: type.mime },
  });
  return (await listFiles(actor, tx, itemId)).find((f) => f.id === id)!;
}

export async function listFiles(actor: Actor, ctx: Ctx, itemId: number): Promise<FileOut[]> {
  await loadItem(actor, ctx, itemId);
  const rows = await ctx.db
    .selectFrom('files')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
  return rows.map((f) => ({
    id: f.id,
    itemId: f.item_id,
    reportId: f.report_id,
    name: f.name,
    size: f.size,
    mime: f.mime,
    sha256: f.sha256,
    purpose: f.purpose,
    createdAt: f.created_at,
  }));
}

/** Reads a file the actor may see (access follows the item), verifying its checksum first. */
export async function readStoredFile(
  actor: Actor,
  ctx: Ctx,
  fileId: number,
): Promise<{ name: string; mime: string; data: Buffer }> {
  const row = await ctx.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
  if (!row) {
    throw notFound('file', fileId);
  }
  try {
    await loadItem(actor, ctx, row.item_id);
  } catch {
    throw notFound('file', fileId);
  }
  const data = await readFile(blobPath(ctx.config.dataDir, row.sha256)).catch(() => null);
  if (!data || createHash('sha256').update(data).digest('hex') !== row.sha256) {
    throw new AppError('file_corrupt', { details: { fileId } });
  }
  return { name: row.name, mime: row.mime, data };
}
