import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import { DEMO_PASSWORD, onEachDatabase, snapshot, startHarness, databaseKinds } from '../helpers/harness.js';

onEachDatabase('authentication', (h) => {
  it('signs in with the demo password and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const c = h().client();
    const res = await c.login('supervisor');
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      username: 'supervisor',
      roles: ['supervisor'],
      mustChangePassword: false,
    });
    expect(res.body.user.permissions).toContain('item.assign');
    expect(res.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/luoshi_session=[\w-]+/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(res.body).not.toHaveProperty('user.password_hash');
    const me = await c.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(res.body.csrfToken);
    expect(me.body.user.scope).toMatchObject({ global: false, orgName: '青海省' });
  });

  it('refuses a wrong password or unknown user with 401 and records both', async () => {
    const c = h().client();
    expect((await c.login('supervisor', 'Wrong-pass-123')).status).toBe(401);
    const unknown = await c.login('nobody', 'Wrong-pass-123');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_credentials');
    const failed = await h()
      .database.db.selectFrom('audit_log')
      .select(['actor_name', 'outcome'])
      .where('action', '=', 'auth.login_failed')
      .execute();
    expect(failed.map((f) => f.actor_name)).toEqual(expect.arrayContaining(['supervisor', 'nobody']));
    expect(failed.every((f) => f.outcome === 'failed')).toBe(true);
    // one failure does not lock: the right password still works and resets the count
    expect((await c.login('supervisor')).status).toBe(200);
  });

  it('locks an account after 5 failures for 15 minutes, even for the right password', async () => {
    const c = h().client();
    for (let i = 1; i <= 4; i++) {
      expect((await c.login('viewer', `Wrong-pass-${i}x`)).status).toBe(401);
    }
    const fifth = await c.login('viewer', 'Wrong-pass-5x');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('account_locked');
    const right = await c.login('viewer');
    expect(right.status).toBe(423);
    expect(right.body.error.message).toMatch(/15 分钟/);
    h().clock.advance(14 * MINUTE);
    expect((await c.login('viewer')).status).toBe(423);
    h().clock.advance(2 * MINUTE);
    expect((await c.login('viewer')).status).toBe(200);
    const locked = await h()
      .database.db.selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'auth.locked')
      .execute();
    expect(locked.length).toBe(1);
  });

  it('counts wrong passwords sent in parallel, each one', async () => {
    const tries = await Promise.all(
      Array.from({ length: 6 }, (_, i) => h().client().login('fgw.handler', `Wrong-pass-${i}x`)),
    );
    expect(tries.some((t) => t.status === 423)).toBe(true);
    expect((await h().client().login('fgw.handler')).status).toBe(423);
    const sec = await h().as('secadmin');
    expect((await sec.post(`/api/v1/users/${await h().userId('fgw.handler')}/unlock`)).status).toBe(200);
  });

  it('lets the security admin unlock a locked account at once', async () => {
    const c = h().client();
    for (let i = 0; i < 5; i++) {
      await c.login('leader', `Wrong-pass-${i}x`);
    }
    expect((await c.login('leader')).status).toBe(423);
    const sec = await h().as('secadmin');
    const res = await sec.post(`/api/v1/users/${await h().userId('leader')}/unlock`);
    expect(res.status).toBe(200);
    expect(res.body.lockedUntil).toBeNull();
    expect((await c.login('leader')).status).toBe(200);
  });

  it('ends the session at logout', async () => {
    const c = await h().as('fgw.handler');
    expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
    const after = await c.get('/api/v1/auth/me');
    expect(after.status).toBe(401);
  });

  it('expires a session idle for more than 30 minutes, and keeps an active one alive', async () => {
    const c = await h().as('xining.handler');
    h().clock.advance(20 * MINUTE);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    h().clock.advance(20 * MINUTE);
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    h().clock.advance(31 * MINUTE);
    const expired = await c.get('/api/v1/auth/me');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('session_expired');
  });

  it('follows the idle timeout set by the system admin', async () => {
    const admin = await h().as('admin');
    expect((await admin.patch('/api/v1/settings', { sessionIdleMinutes: 10 })).status).toBe(200);
    const c = await h().as('datong.handler');
    h().clock.advance(11 * MINUTE);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    const admin2 = await h().as('admin');
    expect((await admin2.patch('/api/v1/settings', { sessionIdleMinutes: 30 })).status).toBe(200);
  });

  it('ends a session at its absolute lifetime however active it is', async () => {
    const c = await h().as('leader');
    for (let i = 0; i < 25; i++) {
      h().clock.advance(29 * MINUTE);
      const res = await c.get('/api/v1/auth/me');
      if (res.status !== 200) {
        expect(res.body.error.code).toBe('session_expired');
        expect(i * 29).toBeGreaterThanOrEqual(11 * 60);
        return;
      }
    }
    throw new Error('session never expired');
  });

  it('revokes sessions: one of your own, or all of a user by the security admin', async () => {
    const a = await h().as('fgw.handler');
    const b = await h().as('fgw.handler');
    const list = await a.get('/api/v1/auth/sessions');
    expect(list.status).toBe(200);
    const other = list.body.data.find((s: { current: boolean }) => !s.current);
    expect(other).toBeDefined();
    expect((await a.delete(`/api/v1/auth/sessions/${other.id}`)).status).toBe(200);
    expect((await b.get('/api/v1/auth/me')).status).toBe(401);
    expect((await a.get('/api/v1/auth/me')).status).toBe(200);

    const sec = await h().as('secadmin');
    const res = await sec.delete(`/api/v1/users/${await h().userId('fgw.handler')}/sessions`);
    expect(res.status).toBe(200);
    expect(res.body.revoked).toBeGreaterThanOrEqual(1);
    expect((await a.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('refuses a state-changing cookie request without the right X-CSRF-Token, and changes nothing', async () => {
    const admin = await h().as('admin');
    const before = await snapshot(h());
    const body = { code: 'CSRF-1', name: '测试单位', kind: 'department', parentId: await h().orgId('QH') };
    const missing = await admin.request('POST', '/api/v1/orgs', body, { 'x-csrf-token': '' });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf_failed');
    const wrong = await admin.request('POST', '/api/v1/orgs', body, { 'x-csrf-token': 'not-the-token' });
    expect(wrong.status).toBe(403);
    const other = await h().as('secadmin');
    const stolen = await admin.request('POST', '/api/v1/orgs', body, { 'x-csrf-token': other.csrf! });
    expect(stolen.status).toBe(403);
    expect(await snapshot(h())).toBe(before);
    expect((await admin.post('/api/v1/orgs', body)).status).toBe(201);
  });

  it('forces a password change at first sign-in for an account an admin created', async () => {
    const admin = await h().as('admin');
    const created = await admin.post('/api/v1/users', {
      username: 'new.handler',
      displayName: '新承办人',
      orgId: await h().orgId('QH-XN-HY'),
    });
    expect(created.status).toBe(201);
    const temp = created.body.temporaryPassword as string;
    expect(temp.length).toBeGreaterThanOrEqual(10);
    expect(created.body.user).toMatchObject({ mustChangePassword: true, roles: [] });

    const sec = await h().as('secadmin');
    expect(
      (await sec.put(`/api/v1/users/${created.body.user.id}/roles`, { roles: ['unit_handler'] })).status,
    ).toBe(200);

    const u = h().client();
    const login = await u.login('new.handler', temp);
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    const blocked = await u.get('/api/v1/orgs');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    expect((await u.get('/api/v1/auth/me')).status).toBe(200);

    const changed = await u.post('/api/v1/auth/password', {
      currentPassword: temp,
      newPassword: 'Hu4ngyuan-2026',
    });
    expect(changed.status).toBe(200);
    expect((await u.get('/api/v1/orgs')).status).toBe(200);
    expect((await u.login('new.handler', temp)).status).toBe(401);
    expect((await u.login('new.handler', 'Hu4ngyuan-2026')).status).toBe(200);
  });

  it('applies the password policy and stores nothing when it is broken', async () => {
    const c = await h().as('viewer');
    const hashBefore = (
      await h()
        .database.db.selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'viewer')
        .executeTakeFirstOrThrow()
    ).password_hash;
    const cases: [string, string][] = [
      ['Ab1!short', 'too_short'],
      ['alllowercaseletters', 'too_few_classes'],
      ['Xviewer-2026-ok', 'contains_username'],
    ];
    for (const [pw, problem] of cases) {
      const res = await c.post('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: pw });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('password_policy');
      expect(res.body.error.details.map((d: { code: string }) => d.code)).toContain(problem);
      expect(res.body.error.details[0].field).toBe('body.newPassword');
    }
    const wrongCurrent = await c.post('/api/v1/auth/password', {
      currentPassword: 'nope-Nope-1',
      newPassword: 'Good-pass-2026',
    });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.error.details[0].field).toBe('body.currentPassword');
    const hashAfter = (
      await h()
        .database.db.selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'viewer')
        .executeTakeFirstOrThrow()
    ).password_hash;
    expect(hashAfter).toBe(hashBefore);
  });

  it('gives messages in the language asked for', async () => {
    const c = h().client();
    const zh = await c.request('GET', '/api/v1/orgs');
    expect(zh.body.error.message).toBe('请先登录');
    const tw = await c.request('GET', '/api/v1/orgs', undefined, { 'accept-language': 'zh-TW,zh;q=0.9' });
    expect(tw.body.error.message).toBe('請先登入');
    const en = await c.request('GET', '/api/v1/orgs', undefined, { 'accept-language': 'en-US,en;q=0.8' });
    expect(en.body.error.message).toBe('Please sign in');
  });
});

onEachDatabase('API tokens', (h) => {
  it('lets a script act with a bearer token and no CSRF header, limited to the permissions granted', async () => {
    const sup = await h().as('supervisor');
    const created = await sup.post('/api/v1/tokens', { name: 'nightly export', permissions: ['org.read'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^lsk_/);
    const stored = await h()
      .database.db.selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', created.body.token.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(created.body.secret);
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const script = h().client();
    script.token = created.body.secret;
    expect((await script.get('/api/v1/orgs')).status).toBe(200);
    const me = await script.get('/api/v1/auth/me');
    expect(me.body.user.permissions).toEqual(['org.read']);
    expect(me.body.user.via).toBe('token');
    expect((await script.get('/api/v1/users')).status).toBe(403);

    const list = await sup.get('/api/v1/tokens');
    expect(list.body.data[0]).toMatchObject({
      name: 'nightly export',
      prefix: created.body.secret.slice(0, 10),
    });
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    expect((await sup.delete(`/api/v1/tokens/${created.body.token.id}`)).status).toBe(200);
    const after = await script.get('/api/v1/orgs');
    expect(after.status).toBe(401);
  });

  it('refuses to grant a token a permission its owner lacks, and a token cannot make tokens', async () => {
    const handler = await h().as('datong.handler');
    const bad = await handler.post('/api/v1/tokens', { name: 'too much', permissions: ['org.manage'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body.permissions');
    const good = await handler.post('/api/v1/tokens', { name: 'all mine' });
    const script = h().client();
    script.token = good.body.secret;
    const res = await script.post('/api/v1/tokens', { name: 'child' });
    expect(res.status).toBe(403);
  });

  it('stops a token when its owner is disabled, and when it expires', async () => {
    const sup = await h().as('leader');
    const t = await sup.post('/api/v1/tokens', { name: 'expiring', expiresInDays: 1 });
    const script = h().client();
    script.token = t.body.secret;
    expect((await script.get('/api/v1/orgs')).status).toBe(200);
    h().clock.advance(25 * 60 * MINUTE);
    expect((await script.get('/api/v1/orgs')).status).toBe(401);

    const t2 = await (await h().as('leader')).post('/api/v1/tokens', { name: 'long' });
    script.token = t2.body.secret;
    expect((await script.get('/api/v1/orgs')).status).toBe(200);
    const admin = await h().as('admin');
    expect((await admin.post(`/api/v1/users/${await h().userId('leader')}/disable`)).status).toBe(200);
    expect((await script.get('/api/v1/orgs')).status).toBe(401);
    const login = await h().client().login('leader');
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('account_disabled');
    expect((await admin.post(`/api/v1/users/${await h().userId('leader')}/enable`)).status).toBe(200);
    expect((await script.get('/api/v1/orgs')).status).toBe(200);
  });

  it('answers an unknown or malformed bearer token with 401', async () => {
    const c = h().client();
    expect(
      (await c.request('GET', '/api/v1/orgs', undefined, { authorization: 'Bearer lsk_nope' })).status,
    ).toBe(401);
    expect((await c.request('GET', '/api/v1/orgs', undefined, { authorization: 'Basic abc' })).status).toBe(
      401,
    );
  });
});

describe('behind a TLS-terminating proxy', () => {
  it('marks the session cookie Secure and sends HSTS', async () => {
    const h = await startHarness('sqlite', { config: { trustProxy: true } });
    try {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { username: 'viewer', password: DEMO_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    } finally {
      await h.close();
    }
  });
});

describe('login rate limit', () => {
  it('answers 429 in the one error shape once a client passes the limit', async () => {
    const h = await startHarness('sqlite', { config: { loginRateLimit: 3 } });
    try {
      const replies = [];
      for (let i = 0; i < 5; i++) {
        replies.push(await h.client().login('nobody', 'Wrong-pass-1x'));
      }
      expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 429, 429]);
      expect(replies[4]?.body.error.code).toBe('rate_limited');
      expect(replies[4]?.body.requestId).toBeTruthy();
    } finally {
      await h.close();
    }
  });
});

it('runs the PostgreSQL suites when PostgreSQL is reachable', () => {
  expect(databaseKinds().map((d) => d.kind)).toEqual(['sqlite', 'postgres']);
});
