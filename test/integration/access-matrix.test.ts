import { beforeAll, expect, it } from 'vitest';
import type { Client, Harness } from '../helpers/harness.js';
import { onEachDatabase, snapshot } from '../helpers/harness.js';

/**
 * Routes × roles × organisation positions. Each row names a request and the status every demo user
 * gets; a refused request must change nothing, and an allowed one must really succeed.
 */
const users = [
  'admin',
  'secadmin',
  'auditor',
  'supervisor',
  'leader',
  'fgw.handler',
  'xining.handler',
  'datong.handler',
  'ganzi.supervisor',
  'viewer',
] as const;
type Username = (typeof users)[number];

interface Fixture {
  org: Record<string, number>;
  user: Record<string, number>;
  seq: number;
}

interface Row {
  route: string;
  /** What the request does to the organisation tree, for the test name. */
  what: string;
  request: (c: Client, f: Fixture) => Promise<{ status: number; body: any }>;
  /** Expected status per user; users not named get `otherwise`. */
  expect: Partial<Record<Username, number>>;
  otherwise: number;
}

const everyone = (status: number): Partial<Record<Username, number>> =>
  Object.fromEntries(users.map((u) => [u, status]));
const qinghaiWide: Username[] = ['admin', 'secadmin', 'auditor', 'supervisor', 'leader', 'viewer'];
const only = (names: Username[], status: number) => Object.fromEntries(names.map((u) => [u, status]));

const rows: Row[] = [
  // reads over the organisation tree, by position
  {
    route: 'GET /api/v1/orgs/{id}',
    what: 'read the province',
    request: (c, f) => c.get(`/api/v1/orgs/${f.org.QH}`),
    expect: only(qinghaiWide, 200),
    otherwise: 404,
  },
  {
    route: 'GET /api/v1/orgs/{id}',
    what: 'read 西宁市',
    request: (c, f) => c.get(`/api/v1/orgs/${f.org['QH-XN']}`),
    expect: only([...qinghaiWide, 'xining.handler'], 200),
    otherwise: 404,
  },
  {
    route: 'GET /api/v1/orgs/{id}',
    what: 'read 大通县',
    request: (c, f) => c.get(`/api/v1/orgs/${f.org['QH-XN-DT']}`),
    expect: only([...qinghaiWide, 'xining.handler', 'datong.handler'], 200),
    otherwise: 404,
  },
  {
    route: 'GET /api/v1/orgs/{id}',
    what: 'read 湟源县 (a neighbouring county of 大通)',
    request: (c, f) => c.get(`/api/v1/orgs/${f.org['QH-XN-HY']}`),
    expect: only([...qinghaiWide, 'xining.handler'], 200),
    otherwise: 404,
  },
  {
    route: 'GET /api/v1/orgs/{id}',
    what: 'read 海东市 (another prefecture)',
    request: (c, f) => c.get(`/api/v1/orgs/${f.org['QH-HD']}`),
    expect: only(qinghaiWide, 200),
    otherwise: 404,
  },
  {
    route: 'GET /api/v1/orgs/{id}',
    what: 'read 康定市 (Ganzi, another tree)',
    request: (c, f) => c.get(`/api/v1/orgs/${f.org['GZ-KD']}`),
    expect: only(['admin', 'secadmin', 'auditor', 'ganzi.supervisor'], 200),
    otherwise: 404,
  },
  {
    route: 'GET /api/v1/orgs',
    what: 'list organisations',
    request: (c) => c.get('/api/v1/orgs'),
    expect: everyone(200),
    otherwise: 200,
  },
  {
    route: 'GET /api/v1/orgs/tree',
    what: 'read the tree',
    request: (c) => c.get('/api/v1/orgs/tree'),
    expect: everyone(200),
    otherwise: 200,
  },
  {
    route: 'GET /api/v1/users/{id}',
    what: 'read the 大通 handler',
    request: (c, f) => c.get(`/api/v1/users/${f.user['datong.handler']}`),
    expect: only([...qinghaiWide, 'xining.handler', 'datong.handler'], 200),
    otherwise: 404,
  },
  {
    route: 'GET /api/v1/users/{id}',
    what: 'read the Ganzi supervisor',
    request: (c, f) => c.get(`/api/v1/users/${f.user['ganzi.supervisor']}`),
    expect: only(['admin', 'secadmin', 'auditor', 'ganzi.supervisor'], 200),
    otherwise: 404,
  },
  {
    route: 'GET /api/v1/users',
    what: 'list users',
    request: (c) => c.get('/api/v1/users'),
    expect: everyone(200),
    otherwise: 200,
  },
  {
    route: 'GET /api/v1/roles',
    what: 'read the role catalogue',
    request: (c) => c.get('/api/v1/roles'),
    expect: everyone(200),
    otherwise: 200,
  },
  {
    route: 'GET /api/v1/audit',
    what: 'read the audit trail',
    request: (c) => c.get('/api/v1/audit'),
    expect: { auditor: 200 },
    otherwise: 403,
  },
  {
    route: 'GET /api/v1/audit/verify',
    what: 'verify the audit chain',
    request: (c) => c.get('/api/v1/audit/verify'),
    expect: { auditor: 200 },
    otherwise: 403,
  },
  {
    route: 'GET /api/v1/settings',
    what: 'read settings',
    request: (c) => c.get('/api/v1/settings'),
    expect: { admin: 200 },
    otherwise: 403,
  },
  // changes: only the role whose task it is
  {
    route: 'POST /api/v1/orgs',
    what: 'create a township under 大通县',
    request: (c, f) =>
      c.post('/api/v1/orgs', {
        code: `MX-${++f.seq}`,
        name: `测试乡${f.seq}`,
        kind: 'township',
        parentId: f.org['QH-XN-DT'],
      }),
    expect: { admin: 201 },
    otherwise: 403,
  },
  {
    route: 'PATCH /api/v1/orgs/{id}',
    what: 'rename 湟源县',
    request: (c, f) => c.patch(`/api/v1/orgs/${f.org['QH-XN-HY']}`, { name: `湟源县${++f.seq}` }),
    expect: { admin: 200 },
    otherwise: 403,
  },
  {
    route: 'POST /api/v1/orgs/import',
    what: 'import organisations',
    request: (c, f) =>
      c.post('/api/v1/orgs/import', {
        format: 'csv',
        content: `code,name,kind,parent_code\nMXI-${++f.seq},导入乡${f.seq},乡镇,QH-XN-DT\n`,
      }),
    expect: { admin: 200 },
    otherwise: 403,
  },
  {
    route: 'POST /api/v1/users',
    what: 'create an account in 大通县',
    request: (c, f) =>
      c.post('/api/v1/users', {
        username: `mx.user${++f.seq}`,
        displayName: '矩阵测试',
        orgId: f.org['QH-XN-DT'],
      }),
    expect: { admin: 201 },
    otherwise: 403,
  },
  {
    route: 'PATCH /api/v1/users/{id}',
    what: 'change an account',
    request: (c, f) => c.patch(`/api/v1/users/${f.user['matrix.target']}`, { displayName: `目标${++f.seq}` }),
    expect: { admin: 200 },
    otherwise: 403,
  },
  {
    route: 'POST /api/v1/users/{id}/disable',
    what: 'disable an account',
    request: (c, f) => c.post(`/api/v1/users/${f.user['matrix.target']}/disable`),
    expect: { admin: 200 },
    otherwise: 403,
  },
  {
    route: 'POST /api/v1/users/{id}/enable',
    what: 'enable an account',
    request: (c, f) => c.post(`/api/v1/users/${f.user['matrix.target']}/enable`),
    expect: { admin: 200 },
    otherwise: 403,
  },
  {
    route: 'POST /api/v1/users/{id}/reset-password',
    what: 'reset a password',
    request: (c, f) => c.post(`/api/v1/users/${f.user['matrix.target']}/reset-password`),
    expect: { admin: 200 },
    otherwise: 403,
  },
  {
    route: 'PUT /api/v1/users/{id}/roles',
    what: 'grant a role',
    request: (c, f) => c.put(`/api/v1/users/${f.user['matrix.target']}/roles`, { roles: ['viewer'] }),
    expect: { secadmin: 200 },
    otherwise: 403,
  },
  {
    route: 'POST /api/v1/users/{id}/unlock',
    what: 'unlock an account',
    request: (c, f) => c.post(`/api/v1/users/${f.user['matrix.target']}/unlock`),
    expect: { secadmin: 200 },
    otherwise: 403,
  },
  {
    route: 'DELETE /api/v1/users/{id}/sessions',
    what: "end an account's sessions",
    request: (c, f) => c.delete(`/api/v1/users/${f.user['matrix.target']}/sessions`),
    expect: { secadmin: 200 },
    otherwise: 403,
  },
  {
    route: 'PATCH /api/v1/settings',
    what: 'change settings',
    request: (c) => c.patch('/api/v1/settings', { siteName: '督查督办平台' }),
    expect: { admin: 200 },
    otherwise: 403,
  },
];

/** Routes every signed-in user may call on their own account; covered by the auth tests. */
const ownAccountRoutes = [
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password',
  'GET /api/v1/auth/sessions',
  'DELETE /api/v1/auth/sessions/{id}',
  'GET /api/v1/tokens',
  'POST /api/v1/tokens',
  'DELETE /api/v1/tokens/{id}',
];
const publicRoutes = ['GET /api/v1/health', 'POST /api/v1/auth/login'];

async function fixture(h: Harness): Promise<Fixture> {
  const org: Record<string, number> = {};
  for (const code of ['QH', 'QH-XN', 'QH-XN-DT', 'QH-XN-DT-QJ', 'QH-XN-HY', 'QH-HD', 'GZ', 'GZ-KD']) {
    org[code] = await h.orgId(code);
  }
  const user: Record<string, number> = {};
  for (const u of users) {
    user[u] = await h.userId(u);
  }
  return { org, user, seq: 0 };
}

onEachDatabase('access matrix', (h) => {
  const clients = new Map<string, Client>();
  let f: Fixture;

  beforeAll(async () => {
    f = await fixture(h());
    for (const u of users) {
      clients.set(u, await h().as(u));
    }
    const admin = clients.get('admin')!;
    const target = await admin.post('/api/v1/users', {
      username: 'matrix.target',
      displayName: '矩阵目标',
      orgId: f.org['QH-XN-DT'],
    });
    expect(target.status).toBe(201);
    f.user['matrix.target'] = target.body.user.id;
  });

  it('covers every route of the API', () => {
    const doc = h().app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const declared = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const covered = new Set([...rows.map((r) => r.route), ...ownAccountRoutes, ...publicRoutes]);
    expect(
      declared
        .filter((r) => r.startsWith('GET /api/v1') || !r.startsWith('GET'))
        .filter((r) => !covered.has(r)),
    ).toEqual([]);
  });

  for (const row of rows) {
    for (const u of users) {
      const status = row.expect[u] ?? row.otherwise;
      it(`${u}: ${row.what} → ${status}`, async () => {
        const client = clients.get(u)!;
        const before = status >= 400 ? await snapshot(h()) : '';
        const res = await row.request(client, f);
        expect({ status: res.status, body: res.status === status ? undefined : res.body }).toEqual({
          status,
          body: undefined,
        });
        if (status >= 400) {
          expect(await snapshot(h())).toBe(before);
          expect(res.body.error.code).toBe(status === 403 ? 'forbidden' : 'not_found');
        }
      });
    }
  }

  it('records every refusal in the audit trail', async () => {
    const denied = await h()
      .database.db.selectFrom('audit_log')
      .select(['actor_name', 'entity_id'])
      .where('action', '=', 'access.denied')
      .execute();
    const expected = rows.flatMap((r) =>
      users.filter((u) => (r.expect[u] ?? r.otherwise) === 403).map((u) => u),
    );
    expect(denied.length).toBe(expected.length);
    expect(new Set(denied.map((d) => d.actor_name))).toEqual(new Set(expected));
  });
});

onEachDatabase('organisation scope of county-level admins', (h) => {
  let dtAdmin: Client;
  let dtSec: Client;
  let f: Fixture;

  beforeAll(async () => {
    f = await fixture(h());
    const admin = await h().as('admin');
    const sec = await h().as('secadmin');
    for (const [username, role] of [
      ['dt.admin', 'system_admin'],
      ['dt.secadmin', 'security_admin'],
    ] as const) {
      const res = await admin.post('/api/v1/users', {
        username,
        displayName: username,
        orgId: f.org['QH-XN-DT'],
        password: 'Datong-County-1',
      });
      expect(res.status).toBe(201);
      expect((await sec.put(`/api/v1/users/${res.body.user.id}/roles`, { roles: [role] })).status).toBe(200);
      const c = h().client();
      await c.login(username, 'Datong-County-1');
      expect(
        (
          await c.post('/api/v1/auth/password', {
            currentPassword: 'Datong-County-1',
            newPassword: 'Datong-County-2',
          })
        ).status,
      ).toBe(200);
    }
    dtAdmin = await h().as('dt.admin', 'Datong-County-2');
    dtSec = await h().as('dt.secadmin', 'Datong-County-2');
  });

  it('sees only its own county', async () => {
    const list = await dtAdmin.get('/api/v1/orgs?pageSize=200');
    expect(list.status).toBe(200);
    expect(list.body.data.map((o: { code: string }) => o.code).sort()).toEqual([
      'QH-XN-DT',
      'QH-XN-DT-CG',
      'QH-XN-DT-QJ',
    ]);
    const users = await dtAdmin.get('/api/v1/users?pageSize=200');
    expect(
      users.body.data.every((u: { orgId: number }) =>
        [f.org['QH-XN-DT'], f.org['QH-XN-DT-QJ']].includes(u.orgId),
      ),
    ).toBe(true);
    expect(users.body.data.map((u: { username: string }) => u.username)).toContain('datong.handler');
    expect(users.body.data.map((u: { username: string }) => u.username)).not.toContain('xining.handler');
  });

  it('changes its own county but not the neighbouring one, nor another tree', async () => {
    expect(
      (await dtAdmin.patch(`/api/v1/orgs/${f.org['QH-XN-DT-QJ']}`, { name: '桥头镇人民政府' })).status,
    ).toBe(200);
    const before = await snapshot(h());
    expect((await dtAdmin.patch(`/api/v1/orgs/${f.org['QH-XN-HY']}`, { name: '被改名' })).status).toBe(404);
    expect((await dtAdmin.patch(`/api/v1/orgs/${f.org['GZ-KD']}`, { name: '被改名' })).status).toBe(404);
    const outside = await dtAdmin.post('/api/v1/orgs', {
      code: 'HY-X',
      name: '新乡',
      kind: 'township',
      parentId: f.org['QH-XN-HY'],
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0].field).toBe('body.parentId');
    const root = await dtAdmin.post('/api/v1/orgs', { code: 'ROOT-X', name: '新根', kind: 'government' });
    expect(root.status).toBe(403);
    const moveOut = await dtAdmin.patch(`/api/v1/orgs/${f.org['QH-XN-DT-QJ']}`, {
      parentId: f.org['QH-XN-HY'],
    });
    expect(moveOut.status).toBe(400);
    const userOutside = await dtAdmin.post('/api/v1/users', {
      username: 'hy.user',
      displayName: 'x',
      orgId: f.org['QH-XN-HY'],
    });
    expect(userOutside.status).toBe(400);
    expect(userOutside.body.error.details[0].field).toBe('body.orgId');
    expect((await dtAdmin.post(`/api/v1/users/${f.user['xining.handler']}/reset-password`)).status).toBe(404);
    expect((await dtAdmin.post(`/api/v1/users/${f.user['xining.handler']}/disable`)).status).toBe(404);
    expect(
      (await dtSec.put(`/api/v1/users/${f.user['xining.handler']}/roles`, { roles: ['viewer'] })).status,
    ).toBe(404);
    expect(await snapshot(h())).toBe(before);
  });

  it('lets the county security admin grant business roles in the county, but no admin role', async () => {
    const ok = await dtSec.put(`/api/v1/users/${f.user['datong.handler']}/roles`, {
      roles: ['unit_handler', 'viewer'],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.roles).toEqual(['unit_handler', 'viewer']);
    const before = await snapshot(h());
    const admin = await dtSec.put(`/api/v1/users/${f.user['datong.handler']}/roles`, { roles: ['auditor'] });
    expect(admin.status).toBe(403);
    expect(await snapshot(h())).toBe(before);
  });
});

onEachDatabase('separation of duties (三员分立)', (h) => {
  it('refuses to give one account two admin roles, or an admin role beside another role', async () => {
    const sec = await h().as('secadmin');
    const target = await h().userId('viewer');
    const before = await snapshot(h());
    for (const roles of [
      ['system_admin', 'auditor'],
      ['security_admin', 'system_admin'],
      ['auditor', 'supervisor'],
      ['system_admin', 'viewer'],
    ]) {
      const res = await sec.put(`/api/v1/users/${target}/roles`, { roles });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('separation_of_duties');
    }
    expect(await snapshot(h())).toBe(before);
    expect((await sec.put(`/api/v1/users/${target}/roles`, { roles: ['auditor'] })).status).toBe(200);
    expect((await sec.put(`/api/v1/users/${target}/roles`, { roles: ['viewer'] })).status).toBe(200);
  });

  it('never lets an admin change their own roles or disable themselves', async () => {
    const sec = await h().as('secadmin');
    const res = await sec.put(`/api/v1/users/${await h().userId('secadmin')}/roles`, {
      roles: ['security_admin', 'supervisor'],
    });
    expect(res.status).toBe(403);
    const admin = await h().as('admin');
    expect((await admin.post(`/api/v1/users/${await h().userId('admin')}/disable`)).status).toBe(403);
  });

  it('keeps the system admin out of supervision work and the auditor from changing anything', async () => {
    const admin = await h().as('admin');
    const me = await admin.get('/api/v1/auth/me');
    expect(
      me.body.user.permissions.filter((p: string) => /^(plan|item|report|meeting|assessment)\./.test(p)),
    ).toEqual([]);
    const auditor = await h().as('auditor');
    const perms: string[] = (await auditor.get('/api/v1/auth/me')).body.user.permissions;
    expect(perms.filter((p) => !p.endsWith('.read'))).toEqual([]);
  });
});
