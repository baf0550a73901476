import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { apiTypes, apiTypesFile } from '../../scripts/gen-api-types.js';
import { readFileSync } from 'node:fs';
import { onEachDatabase } from '../helpers/harness.js';

const root = mkdtempSync(path.join(tmpdir(), 'luoshi-web-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(
  path.join(root, 'assets', 'index-abc123.js'),
  `console.log(${JSON.stringify('落实'.repeat(1000))})`,
);
writeFileSync(path.join(root, 'favicon.svg'), '<svg/>');

onEachDatabase(
  'the web app served by the server',
  (h) => {
    it('serves index.html for the browser’s own routes, never cached', async () => {
      for (const url of ['/', '/plans/3', '/items/12?tab=files', '/login']) {
        const res = await h().client().get(url);
        expect(res.status, url).toBe(200);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.raw.body).toContain('<div id="root">');
        expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
      }
    });

    it('serves hashed assets as immutable and plain files with their type', async () => {
      const js = await h().client().get('/assets/index-abc123.js');
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toMatch(/text\/javascript/);
      expect(js.headers['cache-control']).toMatch(/immutable/);
      const zipped = await h()
        .client()
        .request('GET', '/assets/index-abc123.js', undefined, { 'accept-encoding': 'gzip, br' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(zipped.raw.rawPayload).toString()).toBe(js.raw.body);
      const svg = await h().client().get('/favicon.svg');
      expect(svg.headers['content-type']).toBe('image/svg+xml');
    });

    it('answers missing files, other methods, API paths and climbing paths with the error envelope', async () => {
      for (const [method, url] of [
        ['GET', '/assets/missing.js'],
        ['GET', '/api/v1/no-such-route'],
        ['GET', '/api/anything'],
        ['POST', '/'],
        ['GET', '/..%2f..%2f..%2fetc%2fpasswd'],
        ['GET', '/assets/..%2f..%2fpackage.json'],
      ] as const) {
        const res = await h().client().request(method, url);
        expect(res.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.error.code, `${method} ${url}`).toBeTruthy();
        expect(res.raw.body).not.toContain('root:');
      }
    });

    it('tells a signed-out page who is signed in without an error', async () => {
      const anonymous = await h().client().get('/api/v1/auth/session');
      expect(anonymous.status).toBe(200);
      expect(anonymous.body).toEqual({ user: null, csrfToken: null });
      const c = await h().as('datong.handler');
      const signed = await c.get('/api/v1/auth/session');
      expect(signed.status).toBe(200);
      expect(signed.body.user.username).toBe('datong.handler');
      expect(signed.body.csrfToken).toBe(c.csrf);
    });
  },
  { webRoot: root },
);

onEachDatabase('a server without a web build', (h) => {
  it('answers / with the error envelope', async () => {
    const res = await h().client().get('/');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('the web app’s generated sources', () => {
  it('has API types generated from the current OpenAPI document (npm run gen:api)', async () => {
    expect(
      readFileSync(apiTypesFile, 'utf8') === (await apiTypes()),
      'web/src/api/schema.d.ts is stale',
    ).toBe(true);
  });

  it('has the traditional-Chinese dictionary generated from the simplified one (npm run gen:i18n)', () => {
    execFileSync(process.execPath, [
      '--import',
      'tsx',
      path.resolve(import.meta.dirname, '../../web/gen-zh-tw.ts'),
      '--check',
    ]);
  });
});
