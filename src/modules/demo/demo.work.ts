import { ManualClock } from '../../clock.js';
import type { Actor, Ctx, TxCtx } from '../../context.js';
import { inTransaction, today } from '../../context.js';
import { addDays, daysBetween } from '../../domain/dates.js';
import { periodsBetween } from '../../domain/periods.js';
import { workingStates } from '../../domain/workflow.js';
import { buildActor } from '../auth/auth.service.js';
import { refreshStaleHealth } from '../items/health.service.js';
import { performAction } from '../items/items.actions.js';
import { completeMilestone, generateMilestones } from '../items/items.extras.js';
import type { ActionBody } from '../items/items.schema.js';
import { createItem } from '../items/items.service.js';
import { findOrgByCode } from '../orgs/orgs.repo.js';
import { createList, createPlan } from '../plans/plans.service.js';
import { reviewReport, submitReport } from '../reports/reports.service.js';
import { ensureAllSlots, markMissed } from '../reports/slots.js';
import { findUserByName } from '../users/users.repo.js';
import { insertUser } from '../users/users.service.js';
import { ganziStrategies, qinghaiAreas, qinghaiUnits, rectification, xiningLists } from './demo.work.data.js';

/** Handler accounts that the demo names (README); other units get `<code>.handler`. */
const namedHandlers: Record<string, string> = {
  'QH-FGW': 'fgw.handler',
  'QH-XN': 'xining.handler',
  'QH-XN-DT': 'datong.handler',
};
const surnames = [
  '张',
  '王',
  '李',
  '赵',
  '刘',
  '陈',
  '杨',
  '黄',
  '周',
  '吴',
  '马',
  '韩',
  '才让',
  '卓玛',
  '扎西',
  '央金',
];
const givens = ['明', '华', '强', '芳', '军', '静', '磊', '燕', '涛', '丽', '斌', '琳'];

/** A deterministic sequence, so every demo database tells the same story. */
function prng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

interface Sim {
  clock: ManualClock;
  ctx: Ctx;
  actors: Map<string, Actor>;
  password: string;
}

async function actorFor(sim: Sim, username: string): Promise<Actor> {
  const cached = sim.actors.get(username);
  if (cached) {
    return cached;
  }
  const user = await findUserByName(sim.ctx.db, username);
  const actor = user && (await buildActor(sim.ctx, user, 'session'));
  if (!actor) {
    throw new Error(`demo: no actor ${username}`);
  }
  sim.actors.set(username, actor);
  return actor;
}

/** The handler who acts for a unit, made on first need. */
async function handlerFor(sim: Sim, orgCode: string, n: number): Promise<Actor> {
  const username = namedHandlers[orgCode] ?? `${orgCode.toLowerCase()}.handler`;
  if (!(await findUserByName(sim.ctx.db, username))) {
    const org = (await findOrgByCode(sim.ctx.db, orgCode))!;
    const name = `${surnames[n % surnames.length]}${givens[(n * 7) % givens.length]}`;
    await inTransaction(sim.ctx, (tx) =>
      insertUser(
        null,
        tx,
        {
          username,
          displayName: `${org.name}联络员 ${name}`,
          orgId: org.id,
          password: sim.password,
          roles: ['unit_handler'],
          mustChangePassword: false,
        },
        { actorId: null, actorName: 'demo', orgId: null },
      ),
    );
  }
  return actorFor(sim, username);
}

function at(sim: Sim, date: string, hour = 9) {
  sim.clock.set(`${date}T${String(hour - 8).padStart(2, '0')}:00:00.000Z`);
}

function run<T>(sim: Sim, fn: (tx: TxCtx) => Promise<T>): Promise<T> {
  return inTransaction(sim.ctx, fn);
}

interface DemoItem {
  id: number;
  unit: string;
  deadline: string;
  persona: 'diligent' | 'late' | 'skipper' | 'slow';
  hasMilestones: boolean;
  supervisor: string;
}

/**
 * Plays a year of supervision work through the services, on a clock that starts about ten months ago:
 * plans and lists modelled on the reference reports, items assigned, signed, refused, re-routed and
 * claimed, monthly reports (some late, some missed, some returned), milestones, extensions, closures,
 * a suspension and a cancellation. Everything is recorded as it would be by real use.
 */
export async function loadDemoWork(
  ctx: Ctx,
  password: string,
): Promise<{ plans: number; items: number; reports: number }> {
  const now = today(ctx);
  const start = addDays(now, -300);
  const clock = new ManualClock();
  const sim: Sim = { clock, ctx: { ...ctx, clock }, actors: new Map(), password };
  const rnd = prng(20_200_604);
  at(sim, start);
  const sup = await actorFor(sim, 'supervisor');
  const gzSup = await actorFor(sim, 'ganzi.supervisor');
  const end = addDays(start, 364);
  const items: DemoItem[] = [];
  const personas: DemoItem['persona'][] = [
    'diligent',
    'diligent',
    'diligent',
    'late',
    'diligent',
    'skipper',
    'slow',
  ];
  const leaderId = (await findUserByName(ctx.db, 'leader'))!.id;

  const addItem = async (
    supervisor: Actor,
    listId: number,
    code: string,
    title: string,
    unit: string | null,
    extra: {
      category?: string;
      deadlineDays?: number;
      source?: 'plan' | 'inspection' | 'meeting';
      description?: string;
      target?: [string, string, number, number];
    } = {},
  ) => {
    const unitOrg = unit ? await findOrgByCode(ctx.db, unit) : undefined;
    const deadline = addDays(start, extra.deadlineDays ?? 90 + Math.floor(rnd() * 300));
    const created = await run(sim, (tx) =>
      createItem(supervisor, tx, {
        listId,
        code,
        title,
        description: extra.description ?? null,
        category: extra.category ?? null,
        source: extra.source,
        leadUnitId: unitOrg?.id ?? null,
        leadLeaderId: supervisor === sup ? leaderId : null,
        startDate: start,
        deadline,
        targetIndicator: extra.target?.[0] ?? null,
        targetUnit: extra.target?.[1] ?? null,
        targetBaseline: extra.target?.[2] ?? null,
        targetValue: extra.target?.[3] ?? null,
        priority: rnd() < 0.25 ? 'high' : 'normal',
      }),
    );
    const hasMilestones = items.length % 3 === 0 && daysBetween(start, deadline) > 60;
    if (hasMilestones) {
      await run(sim, (tx) =>
        generateMilestones(supervisor, tx, created.id, {
          titles: ['制定实施方案', '组织推进实施', '完成验收总结'],
          workingDays: true,
        }),
      );
    }
    if (unit) {
      items.push({
        id: created.id,
        unit,
        deadline,
        persona: personas[items.length % personas.length]!,
        hasMilestones,
        supervisor: supervisor.username,
      });
    }
    return created.id;
  };

  // 1. 青海: the action plan with 32 key tasks over four shortfall areas, and a rectification ledger.
  const qhPlan = await run(sim, (tx) =>
    createPlan(sup, tx, {
      code: `QH${start.slice(0, 4)}-XD`,
      title: '全面补短板青海行动方案（演示）',
      description:
        '对标“四实现”，补经济发展、公共服务、生态环保、社会进步短板，32项重点任务实行责任制+清单制+限时办结制。',
      periodStart: start,
      periodEnd: end,
      categories: Object.keys(qinghaiAreas),
    }),
  );
  const qhList = await run(sim, (tx) =>
    createList(sup, tx, { planId: qhPlan.id, kind: 'task', title: '32项重点任务清单' }),
  );
  let n = 0;
  for (const [area, titles] of Object.entries(qinghaiAreas)) {
    for (const title of titles) {
      n += 1;
      const unit = qinghaiUnits[(n - 1) % qinghaiUnits.length]!;
      await addItem(sup, qhList.id, `QH-${String(n).padStart(2, '0')}`, title, unit, {
        category: area,
        target: title.includes('自来水') ? ['农村自来水普及率', '%', 86, 95] : undefined,
      });
    }
  }
  const rectList = await run(sim, (tx) =>
    createList(sup, tx, { planId: qhPlan.id, kind: 'rectification', title: '巡视反馈问题整改台账' }),
  );
  for (const [i, [problem, measure]] of rectification.entries()) {
    await addItem(sup, rectList.id, `ZG-${i + 1}`, problem!, qinghaiUnits[(i * 3) % qinghaiUnits.length]!, {
      source: 'inspection',
      description: `整改措施：${measure}`,
      deadlineDays: 120 + i * 30,
    });
  }

  // 2. 西宁: three lists, the challenge list open for units to claim (揭榜挂帅).
  const xining = (await findOrgByCode(ctx.db, 'QH-XN'))!;
  const xnPlan = await run(sim, (tx) =>
    createPlan(sup, tx, {
      code: `XN${start.slice(0, 4)}-QD`,
      title: '西宁市“三张清单”重点工作（演示）',
      ownerOrgId: xining.id,
      periodStart: start,
      periodEnd: end,
    }),
  );
  const xnUnits = [
    'QH-XN-CD',
    'QH-XN-CZ',
    'QH-XN-CX',
    'QH-XN-CB',
    'QH-XN-HZ',
    'QH-XN-DT',
    'QH-XN-HY',
    'QH-XN-FGW',
  ];
  const claimable: number[] = [];
  for (const [li, spec] of xiningLists.entries()) {
    const list = await run(sim, (tx) =>
      createList(sup, tx, {
        planId: xnPlan.id,
        kind: spec.kind,
        title: spec.title,
        claimable: spec.claimable,
      }),
    );
    for (const [i, title] of spec.items.entries()) {
      const unit = spec.claimable ? null : xnUnits[(li * 5 + i) % xnUnits.length]!;
      const id = await addItem(sup, list.id, `XN-${li + 1}-${i + 1}`, title, unit);
      if (spec.claimable) {
        claimable.push(id);
      }
    }
  }

  // 3. 甘孜: 六大战略, one task per county and city, monthly reports.
  const gzPlan = await run(sim, (tx) =>
    createPlan(gzSup, tx, {
      code: `GZ${start.slice(0, 4)}-LDZL`,
      title: '甘孜州“六大战略”暨“三创联动”推进（演示）',
      periodStart: start,
      periodEnd: end,
      categories: ganziStrategies,
    }),
  );
  const gzList = await run(sim, (tx) =>
    createList(gzSup, tx, { planId: gzPlan.id, kind: 'task', title: '六大战略年度目标任务' }),
  );
  const counties = await ctx.db
    .selectFrom('orgs')
    .select(['code', 'name'])
    .where('code', 'like', 'GZ-%')
    .where('kind', '=', 'county')
    .orderBy('sort_order')
    .execute();
  for (const [i, c] of counties.entries()) {
    const strategy = ganziStrategies[i % ganziStrategies.length]!;
    await addItem(
      gzSup,
      gzList.id,
      `GZ-${String(i + 1).padStart(2, '0')}`,
      `${c.name}${strategy}年度目标任务`,
      c.code,
      { category: strategy },
    );
  }

  // Assignment and sign-for, with a refusal and a re-route.
  for (const item of items) {
    const supervisor = await actorFor(sim, item.supervisor);
    await run(sim, (tx) => performAction(supervisor, tx, item.id, { action: 'assign' }));
  }
  at(sim, addDays(start, 2));
  for (const [i, item] of items.entries()) {
    const handler = await handlerFor(sim, item.unit, i);
    if (i === 4) {
      await run(sim, (tx) =>
        performAction(handler, tx, item.id, {
          action: 'refuse',
          reason: '该事项主要涉及其他部门职责，建议调整牵头单位',
        }),
      );
      const supervisor = await actorFor(sim, item.supervisor);
      await run(sim, (tx) => performAction(supervisor, tx, item.id, { action: 'assign' }));
    }
    if (i === items.length - 1 || i === 9) {
      continue; // left waiting for sign-for (待签收)
    }
    await run(sim, (tx) => performAction(handler, tx, item.id, { action: 'sign' }));
  }
  // Two challenges claimed (揭榜), the others still open.
  for (const [i, id] of claimable.slice(0, 2).entries()) {
    const unit = i === 0 ? 'QH-XN-DT' : 'QH-XN-HZ';
    const handler = await handlerFor(sim, unit, 40 + i);
    await run(sim, (tx) => performAction(handler, tx, id, { action: 'claim' }));
    items.push({
      id,
      unit,
      deadline: addDays(start, 330),
      persona: 'diligent',
      hasMilestones: false,
      supervisor: 'supervisor',
    });
  }

  // A year of months.
  const periods = periodsBetween('monthly', start, now, 25);
  let reports = 0;
  const states = async (ids: number[]) =>
    new Map(
      (
        await ctx.db.selectFrom('items').select(['id', 'state', 'deadline']).where('id', 'in', ids).execute()
      ).map((r) => [r.id, r]),
    );
  for (const [pi, p] of periods.entries()) {
    at(sim, addDays(p.start, 1));
    await ensureAllSlots(sim.ctx);
    const current = await states(items.map((i) => i.id));
    const dayOf = (d: number) => addDays(p.start, d - 1);
    // milestones reached and closures asked for during the month
    for (const [i, item] of items.entries()) {
      const row = current.get(item.id)!;
      if (!workingStates.includes(row.state as never)) {
        continue;
      }
      const handler = await handlerFor(sim, item.unit, i);
      if (item.hasMilestones && item.persona !== 'skipper') {
        const due = await ctx.db
          .selectFrom('milestones')
          .select(['id', 'due_date'])
          .where('item_id', '=', item.id)
          .where('done_on', 'is', null)
          .where('due_date', '<=', p.end)
          .execute();
        for (const m of due) {
          const doneOn = addDays(m.due_date, -2) < p.start ? p.start : addDays(m.due_date, -2);
          if (doneOn <= now) {
            at(sim, doneOn > now ? now : doneOn);
            await run(sim, (tx) => completeMilestone(handler, tx, item.id, m.id, { note: '按期完成' }));
          }
        }
      }
      if (row.deadline && addDays(row.deadline, 20) < p.start && i % 3 !== 0 && dayOf(8) <= now) {
        // overdue work finally handed in (办结 late)
        at(sim, dayOf(5));
        await run(sim, (tx) =>
          performAction(handler, tx, item.id, {
            action: 'request_completion',
            results: '逾期完成，已说明原因并报送佐证材料。',
          }),
        );
        const supervisor = await actorFor(sim, item.supervisor);
        at(sim, dayOf(8));
        await run(sim, (tx) => performAction(supervisor, tx, item.id, { action: 'approve' }));
        continue;
      }
      if (
        row.deadline &&
        row.deadline >= p.start &&
        row.deadline <= p.end &&
        row.deadline <= addDays(now, 3)
      ) {
        if (item.persona === 'late' && row.state !== 'extension_requested') {
          at(sim, addDays(row.deadline, -10) < p.start ? p.start : addDays(row.deadline, -10));
          await run(sim, (tx) =>
            performAction(handler, tx, item.id, {
              action: 'request_extension',
              reason: '受季节性施工影响，申请顺延',
              newDeadline: addDays(row.deadline!, 60),
            }),
          );
          const supervisor = await actorFor(sim, item.supervisor);
          at(sim, addDays(row.deadline, -7) < p.start ? p.start : addDays(row.deadline, -7));
          const decision: ActionBody =
            i % 2 === 0
              ? { action: 'approve_extension' }
              : { action: 'reject_extension', reason: '理由不充分，请按原时限完成' };
          await run(sim, (tx) => performAction(supervisor, tx, item.id, decision));
          item.persona = 'diligent';
        } else if (item.persona === 'diligent') {
          const ask = addDays(row.deadline, -6) < p.start ? p.start : addDays(row.deadline, -6);
          at(sim, ask);
          await run(sim, (tx) =>
            performAction(handler, tx, item.id, {
              action: 'request_completion',
              results: '各项目标任务已完成，相关佐证材料已报送。',
            }),
          );
          const supervisor = await actorFor(sim, item.supervisor);
          at(sim, addDays(ask, 2));
          if (i % 5 === 0) {
            await run(sim, (tx) =>
              performAction(supervisor, tx, item.id, {
                action: 'return',
                reason: '佐证材料不完整，请补充验收报告',
              }),
            );
            at(sim, addDays(ask, 3));
            await run(sim, (tx) =>
              performAction(handler, tx, item.id, {
                action: 'request_completion',
                results: '已补充验收报告及影像资料。',
              }),
            );
          }
          if (addDays(ask, 4) <= now) {
            at(sim, addDays(ask, 4));
            await run(sim, (tx) => performAction(supervisor, tx, item.id, { action: 'approve' }));
          }
        }
      }
    }
    // monthly reports: most on time around the 20th, some late, some skipped
    const slots = await ctx.db
      .selectFrom('reports')
      .innerJoin('items', 'items.id', 'reports.item_id')
      .select(['reports.id', 'reports.item_id', 'reports.org_id', 'reports.due_date', 'items.state'])
      .where('reports.period', '=', p.key)
      .where('reports.state', 'in', ['pending', 'draft', 'returned'])
      .execute();
    const submitted: number[] = [];
    for (const slot of slots) {
      const item = items.find((x) => x.id === slot.item_id);
      if (!item || !workingStates.includes(slot.state as never)) {
        continue;
      }
      if (item.persona === 'skipper' && pi === periods.length - 2) {
        continue;
      }
      const day = item.persona === 'late' ? 28 : 15 + Math.floor(rnd() * 9);
      const when = dayOf(day);
      if (when > now) {
        continue;
      }
      at(sim, when, 10);
      const done = Math.min(95, Math.round((100 * (pi + 1)) / Math.max(periods.length, 8)));
      const percent = item.persona === 'slow' ? Math.round(done / 3) : done;
      const org = await ctx.db
        .selectFrom('orgs')
        .select('code')
        .where('id', '=', slot.org_id)
        .executeTakeFirstOrThrow();
      const handler = await handlerFor(sim, org.code, slot.org_id);
      await run(sim, (tx) =>
        submitReport(handler, tx, slot.id, {
          progressText: `${p.key.slice(5)}月完成阶段性工作：召开专题推进会，落实资金和责任人，按节点推进实施。`,
          percent,
          problems: percent < 30 ? '前期手续办理进度偏慢，要素保障不足' : null,
          nextSteps: '下月继续倒排工期，加快推进。',
        }),
      );
      submitted.push(slot.id);
      reports += 1;
    }
    // the office reviews a few days after the due day; one in twelve goes back for rework
    for (const [k, id] of submitted.entries()) {
      const supName = items.find((x) => x.id === slots.find((s) => s.id === id)!.item_id)!.supervisor;
      const supervisor = await actorFor(sim, supName);
      const when = dayOf(27);
      if (when > now) {
        continue;
      }
      at(sim, when, 15);
      if (k % 12 === 5) {
        await run(sim, (tx) =>
          reviewReport(supervisor, tx, id, { decision: 'return', note: '进展描述不具体，请补充量化指标' }),
        );
        const slot = slots.find((s) => s.id === id)!;
        const org = await ctx.db
          .selectFrom('orgs')
          .select('code')
          .where('id', '=', slot.org_id)
          .executeTakeFirstOrThrow();
        const handler = await handlerFor(sim, org.code, slot.org_id);
        if (dayOf(28) <= now) {
          at(sim, dayOf(28), 11);
          await run(sim, (tx) =>
            submitReport(handler, tx, id, {
              progressText: '已补充量化指标：完成投资、开工项目数和受益人口等数据。',
            }),
          );
        }
      } else {
        await run(sim, (tx) => reviewReport(supervisor, tx, id, { decision: 'approve' }));
      }
    }
  }

  // One item suspended, one cancelled.
  at(sim, addDays(now, -20));
  const open = await ctx.db
    .selectFrom('items')
    .select('id')
    .where('plan_id', '=', qhPlan.id)
    .where('state', '=', 'in_progress')
    .orderBy('id', 'desc')
    .limit(2)
    .execute();
  if (open.length === 2) {
    await run(sim, (tx) =>
      performAction(sup, tx, open[0]!.id, { action: 'suspend', reason: '上级政策调整，暂缓实施' }),
    );
    await run(sim, (tx) =>
      performAction(sup, tx, open[1]!.id, { action: 'cancel', reason: '并入其他重点任务统筹推进' }),
    );
  }

  // A few items caught mid-way, so every state shows: waiting for closure review, returned, asking for more time, just signed.
  at(sim, addDays(now, -3));
  const running = await ctx.db
    .selectFrom('items')
    .select(['id', 'lead_unit_id', 'deadline'])
    .where('plan_id', '=', qhPlan.id)
    .where('state', '=', 'in_progress')
    .where('deadline', '>', addDays(now, 10))
    .orderBy('id')
    .limit(3)
    .execute();
  const unitCode = async (orgId: number | null) =>
    (await ctx.db.selectFrom('orgs').select('code').where('id', '=', orgId!).executeTakeFirstOrThrow()).code;
  for (const [k, r] of running.entries()) {
    const handler = await handlerFor(sim, await unitCode(r.lead_unit_id), 60 + k);
    if (k === 2) {
      await run(sim, (tx) =>
        performAction(handler, tx, r.id, {
          action: 'request_extension',
          reason: '配套资金下达较晚，申请延期一个月',
          newDeadline: addDays(r.deadline!, 30),
        }),
      );
      continue;
    }
    await run(sim, (tx) =>
      performAction(handler, tx, r.id, {
        action: 'request_completion',
        results: '已完成年度目标任务，佐证材料见附件。',
      }),
    );
    if (k === 1) {
      await run(sim, (tx) =>
        performAction(sup, tx, r.id, { action: 'return', reason: '未附验收材料，请补充后重新提交' }),
      );
    }
  }
  const waiting = await ctx.db
    .selectFrom('items')
    .select(['id', 'lead_unit_id'])
    .where('plan_id', '=', qhPlan.id)
    .where('state', '=', 'assigned')
    .orderBy('id')
    .limit(1)
    .execute();
  for (const r of waiting) {
    const handler = await handlerFor(sim, await unitCode(r.lead_unit_id), 70);
    await run(sim, (tx) => performAction(handler, tx, r.id, { action: 'sign' }));
  }

  // Up to today.
  sim.clock.set(ctx.clock.now());
  await ensureAllSlots(sim.ctx);
  await markMissed(sim.ctx);
  await refreshStaleHealth(sim.ctx);
  return { plans: 3, items: items.length, reports };
}
