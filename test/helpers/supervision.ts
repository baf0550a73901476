import type { Client, Harness } from './harness.js';

/** A minimal valid PDF, so uploads pass the content check. */
export const pdfBytes = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Posts a file as multipart/form-data (field "file"), as a browser would. */
export async function postFile(c: Client, url: string, name: string, data: Buffer, mime: string) {
  const boundary = '----luoshi' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`,
      'utf8',
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request('POST', url, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

/** Uploads a file to an item as multipart/form-data, as a browser would. */
export function upload(c: Client, itemId: number, name: string, data: Buffer, mime = 'application/pdf') {
  return postFile(c, `/api/v1/items/${itemId}/files`, name, data, mime);
}

let seq = 0;

/** A plan with one task list owned by the province, created through the API by the supervisor. */
export async function buildPlan(h: Harness, sup: Client, over: Record<string, unknown> = {}) {
  seq += 1;
  const plan = await sup.post('/api/v1/plans', {
    code: `T${Date.now().toString(36)}${seq}`,
    title: `测试方案${seq}`,
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    categories: ['经济发展', '公共服务', '生态环保', '社会进步'],
    ...over,
  });
  if (plan.status !== 201) {
    throw new Error(`plan: ${plan.status} ${JSON.stringify(plan.body)}`);
  }
  const list = await sup.post('/api/v1/lists', { planId: plan.body.id, kind: 'task', title: '任务清单' });
  if (list.status !== 201) {
    throw new Error(`list: ${list.status} ${JSON.stringify(list.body)}`);
  }
  void h;
  return { plan: plan.body, list: list.body };
}

/** An item in a list, in draft. */
export async function buildItem(sup: Client, listId: number, over: Record<string, unknown> = {}) {
  seq += 1;
  const res = await sup.post('/api/v1/items', {
    listId,
    code: `I-${seq}`,
    title: `重点任务${seq}`,
    category: '公共服务',
    startDate: '2026-03-01',
    deadline: '2026-06-30',
    ...over,
  });
  if (res.status !== 201) {
    throw new Error(`item: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}
