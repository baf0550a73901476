import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { blobPath } from '../../src/modules/files/files.service.js';
import type { Client } from '../helpers/harness.js';
import { onEachDatabase, snapshot } from '../helpers/harness.js';
import { buildItem, buildPlan, pdfBytes, upload } from '../helpers/supervision.js';

onEachDatabase(
  'evidence files',
  (h) => {
    let datong: Client;
    let itemId: number;

    beforeAll(async () => {
      const sup = await h().as('supervisor');
      datong = await h().as('datong.handler');
      const { list } = await buildPlan(h(), sup);
      const item = await buildItem(sup, list.id, { leadUnitId: await h().orgId('QH-XN-DT') });
      itemId = item.id;
      await sup.post(`/api/v1/items/${itemId}/actions`, { action: 'assign' });
      await datong.post(`/api/v1/items/${itemId}/actions`, { action: 'sign' });
    });

    it('reads the type from the content, not the name, and stores nothing it refuses', async () => {
      const before = await snapshot(h());
      const exe = await upload(datong, itemId, '报告.pdf', Buffer.from('MZ\x90\x00 this is not a pdf'));
      expect(exe.status).toBe(415);
      expect(exe.body.error.code).toBe('file_rejected');
      const empty = await upload(datong, itemId, '空.pdf', Buffer.alloc(0));
      expect(empty.status).toBe(415);
      const html = await upload(datong, itemId, 'evil.html', pdfBytes);
      expect(html.status).toBe(415);
      expect(html.body.error.message).toMatch(/扩展名却是 \.html/);
      const big = await upload(
        datong,
        itemId,
        '大.pdf',
        Buffer.concat([pdfBytes, Buffer.alloc(2 * 1024 * 1024)]),
      );
      expect(big.status).toBe(413);
      expect(await snapshot(h())).toBe(before);
      const png = await upload(
        datong,
        itemId,
        '现场.png',
        Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
        'image/png',
      );
      expect(png.status).toBe(201);
      expect(png.body.mime).toBe('image/png');
      // A name that reverses its text is shown as written; a name without an extension gets the content's.
      const reversed = await upload(datong, itemId, 'invoice\u202egnp.pdf', pdfBytes);
      expect(reversed.body.name).toBe('invoicegnp.pdf');
      expect((await upload(datong, itemId, '扫描件', pdfBytes)).body.name).toBe('扫描件.pdf');
    });

    it('stores the same bytes once and refuses to serve a file whose stored bytes were altered', async () => {
      const a = await upload(datong, itemId, '甲.pdf', pdfBytes);
      const b = await upload(datong, itemId, '乙.pdf', pdfBytes);
      expect(a.body.sha256).toBe(b.body.sha256);
      expect(a.body.id).not.toBe(b.body.id);
      const dir = path.dirname(blobPath(h().config.dataDir, a.body.sha256));
      expect(readdirSync(dir).filter((f) => f.startsWith(a.body.sha256))).toEqual([a.body.sha256]);
      expect((await datong.request('GET', `/api/v1/files/${a.body.id}`)).status).toBe(200);
      writeFileSync(blobPath(h().config.dataDir, a.body.sha256), Buffer.from('%PDF-1.4 tampered'));
      const res = await datong.request('GET', `/api/v1/files/${b.body.id}`);
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('file_corrupt');
    });

    it('lets the web app frame a PDF or image preview from its own pages only; downloads and other types are never framed', async () => {
      const pdf = await upload(datong, itemId, '预览.pdf', pdfBytes);
      const inline = await datong.request('GET', `/api/v1/files/${pdf.body.id}`);
      expect(inline.headers['content-disposition']).toMatch(/^inline/);
      expect(inline.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(inline.headers['content-security-policy']).toBe("frame-ancestors 'self'");
      const download = await datong.request('GET', `/api/v1/files/${pdf.body.id}?download`);
      expect(download.headers['content-disposition']).toMatch(/^attachment/);
      expect(download.headers['x-frame-options']).toBe('DENY');
    });
  },
  { config: { maxFileBytes: 1024 * 1024 } },
);
