import type { Ctx } from '../../context.js';
import { inTransaction } from '../../context.js';
import { countAll } from '../../db/adapter.js';
import type { RoleCode } from '../../domain/permissions.js';
import type { AuditWho } from '../audit/audit.service.js';
import { appendAudit } from '../audit/audit.service.js';
import { findOrgByCode, insertOrg } from '../orgs/orgs.repo.js';
import { generatePassword } from '../auth/passwords.js';
import { insertUser } from '../users/users.service.js';
import { demoTrees, type DemoOrg } from './demo.orgs.js';
import { iso } from '../../clock.js';
import { loadDemoWork } from './demo.work.js';

/** A demo account. Usernames are part of Luoshi's interface (README, DESIGN.md); the people are fictional. */
export interface DemoAccount {
  username: string;
  displayName: string;
  orgCode: string;
  /** Code of the subtree overseen; omitted: the own organisation; 'all': every organisation. */
  scope?: string;
  roles: RoleCode[];
  description: string;
}

export const demoAccounts: DemoAccount[] = [
  {
    username: 'admin',
    displayName: '系统管理员 王建国',
    orgCode: 'QH',
    scope: 'all',
    roles: ['system_admin'],
    description: '系统管理员：账号、组织、设置',
  },
  {
    username: 'secadmin',
    displayName: '安全管理员 李安',
    orgCode: 'QH',
    scope: 'all',
    roles: ['security_admin'],
    description: '安全管理员：角色授权、解锁、会话',
  },
  {
    username: 'auditor',
    displayName: '审计员 赵审',
    orgCode: 'QH',
    scope: 'all',
    roles: ['auditor'],
    description: '审计员：查看审计日志',
  },
  {
    username: 'supervisor',
    displayName: '督查员 陈督',
    orgCode: 'QH-DCS',
    scope: 'QH',
    roles: ['supervisor'],
    description: '省政府督查室督查员，管理全省',
  },
  {
    username: 'leader',
    displayName: '省领导 马德明',
    orgCode: 'QH',
    scope: 'QH',
    roles: ['leader'],
    description: '省领导，查看全省驾驶舱并批示',
  },
  {
    username: 'fgw.handler',
    displayName: '省发展改革委联络员 张晓',
    orgCode: 'QH-FGW',
    roles: ['unit_handler'],
    description: '省发展改革委承办人',
  },
  {
    username: 'xining.handler',
    displayName: '西宁市联络员 刘青',
    orgCode: 'QH-XN',
    roles: ['unit_handler'],
    description: '西宁市承办人（西宁及所辖区县）',
  },
  {
    username: 'datong.handler',
    displayName: '大通县联络员 韩春',
    orgCode: 'QH-XN-DT',
    roles: ['unit_handler'],
    description: '大通县承办人',
  },
  {
    username: 'ganzi.supervisor',
    displayName: '甘孜州督查员 泽仁',
    orgCode: 'GZ-MBDCB',
    scope: 'GZ',
    roles: ['supervisor'],
    description: '甘孜州目标督查办督查员（与青海互不可见）',
  },
  {
    username: 'viewer',
    displayName: '观察员 周览',
    orgCode: 'QH',
    scope: 'QH',
    roles: ['viewer'],
    description: '只读用户',
  },
];

const demoWho: AuditWho = { actorId: null, actorName: 'demo', orgId: null };

async function insertTree(
  tx: Parameters<typeof insertOrg>[0],
  node: DemoOrg,
  parent: Awaited<ReturnType<typeof insertOrg>> | null,
  at: string,
  order: number,
) {
  const org = await insertOrg(tx, {
    code: node.code,
    name: node.name,
    kind: node.kind,
    parent,
    sortOrder: order,
    at,
  });
  let i = 0;
  for (const child of node.children ?? []) {
    await insertTree(tx, child, org, at, i++);
  }
}

export async function isEmpty(ctx: Ctx): Promise<boolean> {
  const [orgs, users] = await Promise.all([
    ctx.db.selectFrom('orgs').select(countAll().as('n')).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('users').select(countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return orgs.n === 0 && users.n === 0;
}

/**
 * Loads the demo organisations and accounts into an empty database. Every account gets the same
 * password: the one given, or a random one that is returned so it can be printed.
 */
export async function loadDemo(
  ctx: Ctx,
  opts: { password?: string; work?: boolean } = {},
): Promise<{
  password: string;
  accounts: DemoAccount[];
  work?: { plans: number; items: number; reports: number };
}> {
  if (!(await isEmpty(ctx))) {
    throw new Error('The database is not empty; demo data is loaded only into an empty database.');
  }
  const password = opts.password ?? generatePassword(14);
  await inTransaction(ctx, async (tx) => {
    const at = iso(tx.clock.now());
    let i = 0;
    for (const tree of demoTrees) {
      await insertTree(tx.db, tree, null, at, i++);
    }
    for (const a of demoAccounts) {
      const org = (await findOrgByCode(tx.db, a.orgCode))!;
      const scopeOrg = a.scope && a.scope !== 'all' ? (await findOrgByCode(tx.db, a.scope))! : undefined;
      await insertUser(
        null,
        tx,
        {
          username: a.username,
          displayName: a.displayName,
          orgId: org.id,
          scopeOrgId: scopeOrg?.id ?? null,
          globalScope: a.scope === 'all',
          password,
          roles: a.roles,
          mustChangePassword: false,
        },
        demoWho,
      );
    }
    await appendAudit(tx, demoWho, {
      action: 'demo.load',
      after: { accounts: demoAccounts.map((a) => a.username) },
    });
  });
  // Plans, items and a year of reports, played through the services (organisations and people only when asked).
  const work = opts.work === false ? undefined : await loadDemoWork(ctx, password);
  return { password, accounts: demoAccounts, work };
}
