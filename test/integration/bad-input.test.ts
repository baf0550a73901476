import { beforeAll, expect, it } from 'vitest';
import type { Client } from '../helpers/harness.js';
import { onEachDatabase, snapshot } from '../helpers/harness.js';
import { buildItem, buildPlan } from '../helpers/supervision.js';

onEachDatabase('bad input', (h) => {
  let admin: Client;
  let qh: number;

  beforeAll(async () => {
    admin = await h().as('admin');
    qh = await h().orgId('QH');
  });

  const badBodies: [string, string, (qh: number) => unknown, string][] = [
    ['POST', '/api/v1/orgs', () => ({ name: '无编码', kind: 'department' }), 'body.code'],
    [
      'POST',
      '/api/v1/orgs',
      (q) => ({ code: 'has space', name: 'x', kind: 'department', parentId: q }),
      'body.code',
    ],
    [
      'POST',
      '/api/v1/orgs',
      (q) => ({ code: 'OK-1', name: 'x', kind: 'ministry', parentId: q }),
      'body.kind',
    ],
    [
      'POST',
      '/api/v1/orgs',
      (q) => ({ code: 'OK-2', name: '', kind: 'department', parentId: q }),
      'body.name',
    ],
    [
      'POST',
      '/api/v1/orgs',
      (q) => ({ code: 'OK-3', name: 'x', kind: 'department', parentId: q, extra: 1 }),
      'body.extra',
    ],
    [
      'POST',
      '/api/v1/orgs',
      () => ({ code: 'OK-4', name: 'x', kind: 'department', parentId: 99_999_999_999 }),
      'body.parentId',
    ],
    [
      'POST',
      '/api/v1/orgs',
      () => ({ code: 'OK-5', name: 'x', kind: 'department', parentId: 123456 }),
      'body.parentId',
    ],
    [
      'POST',
      '/api/v1/orgs',
      (q) => ({ code: 'OK-6', name: 'a\u0000b', kind: 'department', parentId: q }),
      'body.name',
    ],
    [
      'POST',
      '/api/v1/orgs',
      (q) => ({ code: 'QH', name: '重复编码', kind: 'department', parentId: q }),
      'body.code',
    ],
    [
      'POST',
      '/api/v1/orgs',
      (q) => ({ code: 'OK-7', name: 'x'.repeat(201), kind: 'department', parentId: q }),
      'body.name',
    ],
    [
      'POST',
      '/api/v1/users',
      (q) => ({ username: 'ab', displayName: 'x', orgId: q, password: 'short' }),
      'body.password',
    ],
    ['POST', '/api/v1/users', (q) => ({ username: '中文名', displayName: 'x', orgId: q }), 'body.username'],
    ['POST', '/api/v1/users', (q) => ({ username: 'admin', displayName: '重名', orgId: q }), 'body.username'],
    [
      'POST',
      '/api/v1/users',
      (q) => ({ username: 'okname', displayName: 'x', orgId: String(q) }),
      'body.orgId',
    ],
    [
      'POST',
      '/api/v1/users',
      (q) => ({ username: 'okname2', displayName: 'x', orgId: q, locale: 'fr' }),
      'body.locale',
    ],
    ['PATCH', '/api/v1/settings', () => ({ sessionIdleMinutes: 1 }), 'body.sessionIdleMinutes'],
    ['PATCH', '/api/v1/settings', () => ({ sessionIdleMinutes: 'thirty' }), 'body.sessionIdleMinutes'],
    ['POST', '/api/v1/orgs/import', () => ({ format: 'xml', content: 'x' }), 'body.format'],
  ];

  for (const [method, url, body, field] of badBodies) {
    it(`answers ${method} ${url} with ${JSON.stringify(body(1)).slice(0, 60)} by naming ${field}, storing nothing`, async () => {
      const before = await snapshot(h());
      const res = await admin.request(method, url, body(qh));
      expect([400, 409]).toContain(res.status);
      expect(res.body.requestId).toBeTruthy();
      const fields = (res.body.error.details as { field: string }[]).map((d) => d.field);
      expect(fields).toContain(field);
      expect(res.body.error.message).toBeTruthy();
      expect(await snapshot(h())).toBe(before);
    });
  }

  it('names the parameter of a bad path or query', async () => {
    const id = await admin.get('/api/v1/orgs/abc');
    expect(id.status).toBe(400);
    expect(id.body.error.details[0].field).toBe('params.id');
    const huge = await admin.get('/api/v1/users/99999999999999999999');
    expect(huge.status).toBe(400);
    const page = await admin.get('/api/v1/orgs?pageSize=100000');
    expect(page.status).toBe(400);
    expect(page.body.error.details[0].field).toBe('query.pageSize');
    const kind = await admin.get('/api/v1/orgs?kind=planet');
    expect(kind.body.error.details[0].field).toBe('query.kind');
  });

  it('answers malformed JSON, a wrong content type and an oversize body in the one error shape', async () => {
    const before = await snapshot(h());
    const broken = await admin.request('POST', '/api/v1/orgs', '{"code": "X",', {
      'content-type': 'application/json',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('bad_request');
    const xml = await admin.request('POST', '/api/v1/orgs', '<org/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
    expect(xml.body.error.code).toBe('unsupported_media_type');
    const big = await admin.request('POST', '/api/v1/orgs', {
      code: 'BIG',
      name: 'x'.repeat(2 * 1024 * 1024),
      kind: 'department',
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    expect(await snapshot(h())).toBe(before);
  });

  it('answers deep nesting, half surrogate pairs and broken multipart bodies with 400, storing nothing', async () => {
    const untouched = await snapshot(h());
    const deep = `{"username":${'['.repeat(20000)}${']'.repeat(20000)},"password":"x"}`;
    const nested = await h().client().request('POST', '/api/v1/auth/login', deep, {
      'content-type': 'application/json',
    });
    expect(nested.status).toBe(400);
    expect(nested.body.error.details[0].message).toMatch(/嵌套超过/);
    const lone = await admin.request(
      'POST',
      '/api/v1/orgs',
      '{"code":"LONE","name":"A\\ud800B","kind":"department"}',
      { 'content-type': 'application/json' },
    );
    expect(lone.status).toBe(400);
    expect(lone.body.error.details[0]).toMatchObject({ field: 'body.name' });
    expect(await snapshot(h())).toBe(untouched);
    const sup = await h().as('supervisor');
    const { list } = await buildPlan(h(), sup);
    const item = (await buildItem(sup, list.id)).id;
    const before = await snapshot(h());
    for (const [type, body] of [
      ['multipart/form-data', 'xx'],
      [
        'multipart/form-data; boundary=abc',
        '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello',
      ],
      ['multipart/form-data; boundary=', '--\r\n'],
    ]) {
      const res = await sup.request('POST', `/api/v1/items/${item}/files`, body, { 'content-type': type! });
      expect(res.status, `${type} ${body}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${type} ${body}`).toBeLessThan(500);
      expect(res.body.error.code).toBeTypeOf('string');
    }
    expect(await snapshot(h())).toBe(before);
  });

  it('answers unknown routes, bad percent-encoding and over-long parameters with the envelope', async () => {
    const c = h().client();
    for (const url of [
      '/api/v1/nothing-here',
      '/api/v1/orgs/%E0%A4%A',
      `/api/v1/orgs/${'9'.repeat(500)}`,
      '/%%%',
    ]) {
      const res = await c.get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(res.status, url).toBeLessThan(500);
      expect(res.body.error.code, url).toMatch(/^[a-z_]+$/);
      expect(res.body.requestId, url).toBeTruthy();
    }
  });

  it('refuses a hostile sequence of requests without a single 5xx', async () => {
    const payloads = [
      null,
      [],
      'string',
      42,
      { code: ['array'] },
      { code: { $ne: 1 } },
      { code: "X'; DROP TABLE orgs; --", name: 'x', kind: 'department', parentId: qh },
      { code: 'Z', name: '\uD800', kind: 'department', parentId: qh },
      { __proto__: { admin: true }, code: 'P', name: 'p', kind: 'department' },
      { code: 'Y', name: 'y', kind: 'department', parentId: -1 },
      { code: 'Y', name: 'y', kind: 'department', parentId: 1.5 },
    ];
    for (const p of payloads) {
      for (const url of ['/api/v1/orgs', '/api/v1/users', '/api/v1/orgs/import', '/api/v1/tokens']) {
        const res = await admin.request('POST', url, JSON.stringify(p), {
          'content-type': 'application/json',
        });
        expect(res.status, `${url} ${JSON.stringify(p)}`).toBeLessThan(500);
      }
    }
    expect((await admin.get('/api/v1/orgs?q=%27%20OR%201%3D1%20--')).body.total).toBe(0);
    expect((await admin.get('/api/v1/orgs?q=%25')).body.total).toBe(0);
  });
});
