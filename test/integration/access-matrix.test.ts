import { beforeAll, expect, it } from 'vitest';
import type { Client, Harness } from '../helpers/harness.js';
import { onEachDatabase, snapshot } from '../helpers/harness.js';
import { pdfBytes, postFile, upload } from '../helpers/supervision.js';

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
  /** Supervision fixtures made through the API: a plan, its list, an item led by 大通县 … */
  sv: Record<string, number>;
  sup: Client;
  datong: Client;
}

interface Row {
  route: string;
  /** What the request does to the organisation tree, for the test name. */
  what: string;
  /** Makes what the request acts on, before the "nothing changed" snapshot is taken. */
  prepare?: (f: Fixture) => Promise<Record<string, number>>;
  request: (c: Client, f: Fixture, p: Record<string, number>) => Promise<{ status: number; body: any }>;
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
  ...supervisionRows(),
  ...meetingRows(),
];

/** Plans, lists, items, milestones, reports, files and my work: who may do what on an item led by 大通县. */
function supervisionRows(): Row[] {
  const admins = { admin: 403, secadmin: 403, auditor: 403 } as const;
  const readers: Username[] = [
    'supervisor',
    'leader',
    'viewer',
    'fgw.handler',
    'xining.handler',
    'datong.handler',
    'ganzi.supervisor',
  ];
  /** Sees item A and plan P: the province's overseers, and the 西宁 and 大通 handlers. */
  const seesA = (status: number): Partial<Record<Username, number>> => ({
    ...admins,
    ...only(['supervisor', 'leader', 'viewer', 'xining.handler', 'datong.handler'], status),
  });
  const leadSide = (status: number): Partial<Record<Username, number>> => ({
    ...only(['xining.handler', 'datong.handler'], status),
    'fgw.handler': 404,
  });
  const itemPath = (f: Fixture, rest = '') => `/api/v1/items/${f.sv.A}${rest}`;
  return [
    {
      route: 'GET /api/v1/plans',
      what: 'list plans',
      request: (c) => c.get('/api/v1/plans'),
      expect: { ...admins, ...only(readers, 200) },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/plans/{id}',
      what: 'read the plan',
      request: (c, f) => c.get(`/api/v1/plans/${f.sv.P}`),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'GET /api/v1/plans/{id}/summary',
      what: 'count the plan',
      request: (c, f) => c.get(`/api/v1/plans/${f.sv.P}/summary`),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'POST /api/v1/plans',
      what: 'create a plan',
      request: (c, f) =>
        c.post('/api/v1/plans', {
          code: `MXP-${++f.seq}`,
          title: '新方案',
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
        }),
      expect: { supervisor: 201, 'ganzi.supervisor': 201 },
      otherwise: 403,
    },
    {
      route: 'PATCH /api/v1/plans/{id}',
      what: 'change the plan',
      request: (c, f) => c.patch(`/api/v1/plans/${f.sv.P}`, { title: `矩阵方案${++f.seq}` }),
      expect: { supervisor: 200, 'ganzi.supervisor': 404 },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/lists',
      what: 'list the lists',
      request: (c, f) => c.get(`/api/v1/lists?planId=${f.sv.P}`),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'GET /api/v1/lists/{id}',
      what: 'read the list',
      request: (c, f) => c.get(`/api/v1/lists/${f.sv.L}`),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'POST /api/v1/lists',
      what: 'add a list',
      request: (c, f) =>
        c.post('/api/v1/lists', { planId: f.sv.P, kind: 'directive', title: '会议议定事项' }),
      expect: { supervisor: 201, 'ganzi.supervisor': 404 },
      otherwise: 403,
    },
    {
      route: 'PATCH /api/v1/lists/{id}',
      what: 'change the list',
      request: (c, f) => c.patch(`/api/v1/lists/${f.sv.L}`, { title: `任务清单${++f.seq}` }),
      expect: { supervisor: 200, 'ganzi.supervisor': 404 },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/items',
      what: 'list items',
      request: (c) => c.get('/api/v1/items'),
      expect: { ...admins, ...only(readers, 200) },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/items/summary',
      what: 'count items',
      request: (c) => c.get('/api/v1/items/summary'),
      expect: { ...admins, ...only(readers, 200) },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/items/export',
      what: 'export my ledger to Excel',
      request: (c) => c.get('/api/v1/items/export?health=red'),
      expect: { ...admins, ...only(readers, 200) },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/lists/import-template',
      what: 'download the task list template',
      request: (c) => c.get('/api/v1/lists/import-template'),
      expect: { supervisor: 200, 'ganzi.supervisor': 200 },
      otherwise: 403,
    },
    {
      route: 'POST /api/v1/lists/{id}/import',
      what: 'check a task sheet for the list',
      request: (c, f) =>
        postFile(
          c,
          `/api/v1/lists/${f.sv.L}/import?dryRun=true`,
          'tasks.csv',
          Buffer.from('任务事项,牵头单位,完成时限\n矩阵导入任务,省教育厅,2026-12-31\n'),
          'text/csv',
        ),
      expect: { supervisor: 200, 'ganzi.supervisor': 404 },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/cockpit',
      what: 'read the cockpit of my scope',
      request: (c) => c.get('/api/v1/cockpit'),
      expect: { ...admins, ...only(readers, 200) },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/cockpit',
      what: 'read the cockpit of the plan',
      request: (c, f) => c.get(`/api/v1/cockpit?planId=${f.sv.P}`),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'POST /api/v1/items',
      what: 'create an item',
      request: (c, f) =>
        c.post('/api/v1/items', {
          listId: f.sv.L,
          code: `MX-N${++f.seq}`,
          title: '新事项',
          deadline: '2026-12-31',
        }),
      expect: { supervisor: 201, 'ganzi.supervisor': 404 },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/items/{id}',
      what: 'read the item',
      request: (c, f) => c.get(itemPath(f)),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'PATCH /api/v1/items/{id}',
      what: 'change the item',
      request: (c, f) => c.patch(itemPath(f), { title: `矩阵事项${++f.seq}` }),
      expect: { supervisor: 200, 'ganzi.supervisor': 404 },
      otherwise: 403,
    },
    {
      route: 'POST /api/v1/items/{id}/actions',
      what: 'sign for an item assigned to 大通县',
      prepare: async (f) => ({ item: await freshItem(f, false) }),
      request: (c, _f, p) => c.post(`/api/v1/items/${p.item}/actions`, { action: 'sign' }),
      expect: { ...admins, ...leadSide(200), supervisor: 403, leader: 403, viewer: 403 },
      otherwise: 404,
    },
    {
      route: 'GET /api/v1/items/{id}/milestones',
      what: 'read milestones',
      request: (c, f) => c.get(itemPath(f, '/milestones')),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'POST /api/v1/items/{id}/milestones',
      what: 'add a milestone',
      request: (c, f) => c.post(itemPath(f, '/milestones'), { title: '新节点', dueDate: '2026-08-01' }),
      expect: { ...admins, ...leadSide(201), supervisor: 201, leader: 403, viewer: 403 },
      otherwise: 404,
    },
    {
      route: 'POST /api/v1/items/{id}/milestones/generate',
      what: 'schedule milestones backwards',
      request: (c, f) => c.post(itemPath(f, '/milestones/generate'), { titles: ['倒排节点'] }),
      expect: { ...admins, ...leadSide(201), supervisor: 201, leader: 403, viewer: 403 },
      otherwise: 404,
    },
    {
      route: 'PATCH /api/v1/items/{id}/milestones/{milestoneId}',
      what: 'move a milestone',
      request: (c, f) => c.patch(itemPath(f, `/milestones/${f.sv.M}`), { dueDate: '2026-07-01' }),
      expect: { ...admins, ...leadSide(200), supervisor: 200, leader: 403, viewer: 403 },
      otherwise: 404,
    },
    {
      route: 'DELETE /api/v1/items/{id}/milestones/{milestoneId}',
      what: 'remove a milestone',
      prepare: async (f) => ({
        m: (
          await f.sup.post(itemPath(f, '/milestones'), { title: '待删节点', dueDate: '2026-08-15' })
        ).body.data.find((m: { title: string }) => m.title === '待删节点').id,
      }),
      request: (c, f, p) => c.delete(itemPath(f, `/milestones/${p.m}`)),
      expect: { ...admins, ...leadSide(200), supervisor: 200, leader: 403, viewer: 403 },
      otherwise: 404,
    },
    {
      route: 'POST /api/v1/items/{id}/milestones/{milestoneId}/done',
      what: 'report a milestone reached',
      request: (c, f) => c.post(itemPath(f, `/milestones/${f.sv.M}/done`), {}),
      expect: leadSide(200),
      otherwise: 403,
    },
    {
      route: 'POST /api/v1/items/{id}/children',
      what: 'split the item for a township',
      request: (c, f) =>
        c.post(itemPath(f, '/children'), {
          children: [{ unitId: f.org['QH-XN-DT-QJ'], title: '桥头镇部分' }],
        }),
      expect: leadSide(201),
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/items/{id}/reports',
      what: "read the item's reports",
      request: (c, f) => c.get(itemPath(f, '/reports')),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'GET /api/v1/items/{id}/comments',
      what: 'read comments',
      request: (c, f) => c.get(itemPath(f, '/comments')),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'POST /api/v1/items/{id}/comments',
      what: 'comment',
      request: (c, f) => c.post(itemPath(f, '/comments'), { body: '请抓紧推进' }),
      // The read-only account sees the item but does not take part in the work.
      expect: { ...seesA(201), viewer: 403 },
      otherwise: 404,
    },
    {
      route: 'GET /api/v1/items/{id}/events',
      what: 'read the timeline',
      request: (c, f) => c.get(itemPath(f, '/events')),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'GET /api/v1/items/{id}/files',
      what: 'list files',
      request: (c, f) => c.get(itemPath(f, '/files')),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'POST /api/v1/items/{id}/files',
      what: 'upload evidence',
      request: (c, f) => upload(c, f.sv.A!, '佐证.pdf', pdfBytes),
      expect: { ...admins, ...leadSide(201), supervisor: 201, leader: 403, viewer: 403 },
      otherwise: 404,
    },
    {
      route: 'GET /api/v1/files/{id}',
      what: 'download evidence',
      request: (c, f) => c.get(`/api/v1/files/${f.sv.F}`),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'GET /api/v1/reports',
      what: 'list reports',
      request: (c) => c.get('/api/v1/reports'),
      expect: { ...admins, ...only(readers, 200) },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/reports/{id}',
      what: "read 大通's report",
      request: (c, f) => c.get(`/api/v1/reports/${f.sv.R}`),
      expect: seesA(200),
      otherwise: 404,
    },
    {
      route: 'PATCH /api/v1/reports/{id}',
      what: "save 大通's report as a draft",
      request: (c, f) => c.patch(`/api/v1/reports/${f.sv.R}`, { progressText: '草稿' }),
      expect: leadSide(200),
      otherwise: 403,
    },
    {
      route: 'POST /api/v1/reports/{id}/submit',
      what: "file 大通's report",
      prepare: (f) => freshSlot(f, false),
      request: (c, _f, p) =>
        c.post(`/api/v1/reports/${p.slot}/submit`, { progressText: '完成前期工作', percent: 10 }),
      expect: leadSide(200),
      otherwise: 403,
    },
    {
      route: 'POST /api/v1/reports/{id}/no-change',
      what: 'file "no change" with nothing to reuse',
      prepare: (f) => freshSlot(f, false),
      request: (c, _f, p) => c.post(`/api/v1/reports/${p.slot}/no-change`),
      expect: leadSide(400),
      otherwise: 403,
    },
    {
      route: 'POST /api/v1/reports/{id}/review',
      what: "approve 大通's filed report",
      prepare: (f) => freshSlot(f, true),
      request: (c, _f, p) => c.post(`/api/v1/reports/${p.slot}/review`, { decision: 'approve' }),
      expect: { supervisor: 200, 'ganzi.supervisor': 404 },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/me/todo',
      what: 'read my work',
      request: (c) => c.get('/api/v1/me/todo'),
      expect: everyone(200),
      otherwise: 200,
    },
    {
      route: 'GET /api/v1/me/done',
      what: 'read what I did',
      request: (c) => c.get('/api/v1/me/done'),
      expect: everyone(200),
      otherwise: 200,
    },
  ];
}

/** Meetings and intake: supervisors record and publish; readers see the meetings of their subtree. */
function meetingRows(): Row[] {
  const admins = { admin: 403, secadmin: 403, auditor: 403 } as const;
  const readers: Username[] = [
    'supervisor',
    'leader',
    'viewer',
    'fgw.handler',
    'xining.handler',
    'datong.handler',
    'ganzi.supervisor',
  ];
  /** The province's meeting is seen by those who oversee the province. */
  const seesQH = (status: number) => ({ ...admins, ...only(['supervisor', 'leader', 'viewer'], status) });
  const manages = (status: number) => ({ supervisor: status, 'ganzi.supervisor': 404 });
  const meeting = async (f: Fixture) => {
    const m = await f.sup.post('/api/v1/meetings', {
      kind: 'special',
      title: `矩阵专题会${++f.seq}`,
      date: '2026-03-01',
      decisions: [{ text: '抓好落实', deadline: '2026-09-30', unitId: f.org['QH-XN-DT'] }],
    });
    return { meeting: m.body.id as number, decision: m.body.decisions[0].id as number };
  };
  return [
    {
      route: 'POST /api/v1/intake',
      what: 'read a meeting report',
      request: (c) => c.post('/api/v1/intake', { text: '会议要求，各县要在6月底前完成排查。' }),
      expect: { supervisor: 200, 'ganzi.supervisor': 200 },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/meetings',
      what: 'list meetings',
      request: (c) => c.get('/api/v1/meetings'),
      expect: { ...admins, ...only(readers, 200) },
      otherwise: 403,
    },
    {
      route: 'POST /api/v1/meetings',
      what: 'record a meeting',
      request: (c, f) => c.post('/api/v1/meetings', { kind: 'progress', title: `推进会${++f.seq}` }),
      expect: { supervisor: 201, 'ganzi.supervisor': 201 },
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/meetings/{id}',
      what: "read the province's meeting",
      prepare: meeting,
      request: (c, _f, p) => c.get(`/api/v1/meetings/${p.meeting}`),
      expect: seesQH(200),
      otherwise: 404,
    },
    {
      route: 'PATCH /api/v1/meetings/{id}',
      what: "change the province's meeting",
      prepare: meeting,
      request: (c, _f, p) => c.patch(`/api/v1/meetings/${p.meeting}`, { place: '省政府第一会议室' }),
      expect: manages(200),
      otherwise: 403,
    },
    {
      route: 'GET /api/v1/meetings/{id}/decisions',
      what: "read the meeting's decisions",
      prepare: meeting,
      request: (c, _f, p) => c.get(`/api/v1/meetings/${p.meeting}/decisions`),
      expect: seesQH(200),
      otherwise: 404,
    },
    {
      route: 'POST /api/v1/meetings/{id}/decisions',
      what: 'add a decision',
      prepare: meeting,
      request: (c, _f, p) =>
        c.post(`/api/v1/meetings/${p.meeting}/decisions`, { text: '加强调度', deadline: '2026-10-31' }),
      expect: manages(201),
      otherwise: 403,
    },
    {
      route: 'PATCH /api/v1/meetings/{id}/decisions/{decisionId}',
      what: 'change a decision',
      prepare: meeting,
      request: (c, _f, p) =>
        c.patch(`/api/v1/meetings/${p.meeting}/decisions/${p.decision}`, { deadline: '2026-11-30' }),
      expect: manages(200),
      otherwise: 403,
    },
    {
      route: 'DELETE /api/v1/meetings/{id}/decisions/{decisionId}',
      what: 'remove a decision',
      prepare: meeting,
      request: (c, _f, p) => c.delete(`/api/v1/meetings/${p.meeting}/decisions/${p.decision}`),
      expect: manages(200),
      otherwise: 403,
    },
    {
      route: 'POST /api/v1/meetings/{id}/publish',
      what: 'publish decisions as items',
      prepare: meeting,
      request: (c, f, p) => c.post(`/api/v1/meetings/${p.meeting}/publish`, { listId: f.sv.L }),
      expect: manages(200),
      otherwise: 403,
    },
  ];
}

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
const publicRoutes = ['GET /api/v1/health', 'POST /api/v1/auth/login', 'GET /api/v1/auth/session'];

async function fixture(h: Harness): Promise<Fixture> {
  const org: Record<string, number> = {};
  for (const code of ['QH', 'QH-XN', 'QH-XN-DT', 'QH-XN-DT-QJ', 'QH-XN-HY', 'QH-HD', 'GZ', 'GZ-KD']) {
    org[code] = await h.orgId(code);
  }
  const user: Record<string, number> = {};
  for (const u of users) {
    user[u] = await h.userId(u);
  }
  const sup = await h.as('supervisor');
  const datong = await h.as('datong.handler');
  const plan = await sup.post('/api/v1/plans', {
    code: 'MX-PLAN',
    title: '矩阵方案',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
  });
  const list = await sup.post('/api/v1/lists', { planId: plan.body.id, kind: 'task', title: '任务清单' });
  const item = await sup.post('/api/v1/items', {
    listId: list.body.id,
    code: 'MX-A',
    title: '矩阵事项',
    startDate: '2026-03-01',
    deadline: '2026-09-30',
    leadUnitId: org['QH-XN-DT'],
    coUnitIds: [org['QH-XN-HY']],
  });
  const A = item.body.id as number;
  await sup.post(`/api/v1/items/${A}/actions`, { action: 'assign' });
  await datong.post(`/api/v1/items/${A}/actions`, { action: 'sign' });
  const ms = await sup.post(`/api/v1/items/${A}/milestones`, { title: '节点一', dueDate: '2026-06-30' });
  const slot = (await datong.get(`/api/v1/items/${A}/reports`)).body.data[0];
  const file = await upload(datong, A, 'fixture.pdf', pdfBytes);
  const sv = { P: plan.body.id, L: list.body.id, A, M: ms.body.data[0].id, R: slot.id, F: file.body.id };
  for (const [k, v] of Object.entries(sv)) {
    if (typeof v !== 'number') {
      throw new Error(`fixture ${k} missing`);
    }
  }
  return { org, user, seq: 0, sv, sup, datong };
}

/** A fresh item led by 大通县, assigned (and signed when asked), for rows whose allowed callers change its state. */
async function freshItem(f: Fixture, sign: boolean): Promise<number> {
  f.seq += 1;
  const item = await f.sup.post('/api/v1/items', {
    listId: f.sv.L,
    code: `MX-F${f.seq}`,
    title: `矩阵新事项${f.seq}`,
    startDate: '2026-03-01',
    deadline: '2026-09-30',
    leadUnitId: f.org['QH-XN-DT'],
  });
  await f.sup.post(`/api/v1/items/${item.body.id}/actions`, { action: 'assign' });
  if (sign) {
    await f.datong.post(`/api/v1/items/${item.body.id}/actions`, { action: 'sign' });
  }
  return item.body.id;
}

async function freshSlot(f: Fixture, submit: boolean): Promise<Record<string, number>> {
  const id = await freshItem(f, true);
  const slot = (await f.datong.get(`/api/v1/items/${id}/reports`)).body.data[0];
  if (submit) {
    await f.datong.post(`/api/v1/reports/${slot.id}/submit`, { progressText: '进展', percent: 10 });
  }
  return { item: id, slot: slot.id };
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
        const prepared = row.prepare ? await row.prepare(f) : {};
        const before = status >= 400 ? await snapshot(h()) : '';
        const res = await row.request(client, f, prepared);
        expect({ status: res.status, body: res.status === status ? undefined : res.body }).toEqual({
          status,
          body: undefined,
        });
        if (status >= 400) {
          expect(await snapshot(h())).toBe(before);
          expect(res.body.error.code).toBe(
            ({ 403: 'forbidden', 404: 'not_found', 400: 'validation_failed' } as Record<number, string>)[
              status
            ],
          );
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

  it('cannot take over an account of its county that oversees more than the county', async () => {
    const admin = await h().as('admin');
    const wide = await admin.post('/api/v1/users', {
      username: 'dt.wide',
      displayName: '驻县的市级督查员',
      orgId: f.org['QH-XN-DT'],
      scopeOrgId: f.org['QH-XN'],
    });
    expect(wide.status).toBe(201);
    const before = await snapshot(h());
    expect((await dtAdmin.post(`/api/v1/users/${wide.body.user.id}/reset-password`)).status).toBe(403);
    expect((await dtAdmin.post(`/api/v1/users/${wide.body.user.id}/disable`)).status).toBe(403);
    expect(
      (await dtSec.put(`/api/v1/users/${wide.body.user.id}/roles`, { roles: ['supervisor'] })).status,
    ).toBe(403);
    expect(await snapshot(h())).toBe(before);
    expect((await dtAdmin.get(`/api/v1/users/${wide.body.user.id}`)).status).toBe(200);
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
