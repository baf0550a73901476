import { connect } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { serve } from '../../src/server.js';
import { freshDatabase } from '../helpers/harness.js';

let stop: (() => Promise<void>) | undefined;
afterAll(async () => stop?.());

it('serves a fresh database over real HTTP: migrated, demo loaded, health, docs and OpenAPI', async () => {
  const target = await freshDatabase('sqlite');
  const config = loadConfig({ databaseUrl: target.url, port: 0, logLevel: 'silent' }, {});
  const log: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => log.push(args.join(' '));
  let url: string;
  try {
    const started = await serve(config, { demoIfEmpty: true, demoPassword: 'Serve-Test-2026' });
    url = started.url;
    stop = async () => {
      await started.app.close();
      await started.database.close();
      await target.drop();
    };
  } finally {
    console.log = original;
  }
  expect(log.join('\n')).toMatch(/datong\.handler/);
  const health = await fetch(`${url}/api/v1/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  expect(health.headers.get('x-request-id')).toBeTruthy();

  const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as any;
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/api/v1/orgs', '/api/v1/auth/login', '/api/v1/audit']),
  );
  expect(doc.paths['/api/v1/orgs'].post.requestBody).toBeDefined();
  const docs = await fetch(`${url}/api/docs/`);
  expect(docs.status).toBe(200);
  expect(await docs.text()).toMatch(/swagger/i);

  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor', password: 'Serve-Test-2026' }),
  });
  expect(login.status).toBe(200);
  expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/);

  // What Node itself refuses before any route runs still answers in the one envelope.
  const { port } = new URL(url);
  for (const [request, status] of [
    [`GET /api/v1/items?q=${'x'.repeat(70_000)} HTTP/1.1\r\nHost: a\r\n\r\n`, 431],
    ['GET /api/v1/health HTTP/1.1\r\nHost: a\r\nBroken header line\r\n\r\n', 400],
  ] as const) {
    const raw = await rawRequest(Number(port), request);
    expect(raw).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as {
      error: { code: string; message: string };
    };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/^请求无法解析/);
  }
});

function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => resolve(data));
    socket.on('error', (err) => (data ? resolve(data) : reject(err)));
  });
}
