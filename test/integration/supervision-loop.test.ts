import { beforeAll, expect, it } from 'vitest';
import type { Client } from '../helpers/harness.js';
import { onEachDatabase } from '../helpers/harness.js';
import { migrateToLatest, migrationTable } from '../../src/db/migrate.js';
import { buildItem, buildPlan, pdfBytes, upload } from '../helpers/supervision.js';

onEachDatabase('the supervision loop', (h) => {
  let sup: Client;
  let datong: Client;
  let xining: Client;
  let itemId: number;
  const org: Record<string, number> = {};

  const item = async () => (await sup.get(`/api/v1/items/${itemId}`)).body;
  const act = (c: Client, body: Record<string, unknown>) => c.post(`/api/v1/items/${itemId}/actions`, body);

  /** Moves the clock (sessions idle past their timeout end, so everyone signs in again). */
  const setDate = async (at: string) => {
    h().clock.set(at);
    sup = await h().as('supervisor');
    datong = await h().as('datong.handler');
    xining = await h().as('xining.handler');
  };

  beforeAll(async () => {
    sup = await h().as('supervisor');
    datong = await h().as('datong.handler');
    xining = await h().as('xining.handler');
    for (const code of ['QH-XN-DT', 'QH-XN-HY', 'QH-XN-HZ', 'QH-XN-DT-QJ', 'QH-XN-DT-CG']) {
      org[code] = await h().orgId(code);
    }
  });

  it('creates a plan, a list and an item with milestones, in draft and without health', async () => {
    const { list } = await buildPlan(h(), sup, { warningDays: 7, tolerancePct: 15 });
    const created = await buildItem(sup, list.id, {
      code: 'QH2026-07',
      title: '大通县城乡供水一体化工程',
      coUnitIds: [org['QH-XN-HY']],
      leadLeaderId: await h().userId('leader'),
      responsiblePerson: '韩春',
      targetIndicator: '农村自来水普及率',
      targetUnit: '%',
      targetBaseline: 86,
      targetValue: 95,
    });
    itemId = created.id;
    expect(created).toMatchObject({
      state: 'draft',
      health: 'none',
      leadUnitId: null,
      coUnits: [{ name: '湟源县' }],
    });
    for (const [title, dueDate] of [
      ['完成项目方案', '2026-04-15'],
      ['完成招标', '2026-05-20'],
      ['完成建设', '2026-06-30'],
    ]) {
      expect((await sup.post(`/api/v1/items/${itemId}/milestones`, { title, dueDate })).status).toBe(201);
    }
    const detail = await item();
    expect(detail.milestones.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
    expect(detail.actions).toEqual(expect.arrayContaining(['assign', 'cancel']));
  });

  it('assigns; the unit re-routes, the new unit refuses with a reason, and the supervisor assigns again', async () => {
    expect((await act(sup, { action: 'assign', unitId: org['QH-XN-HZ'] })).body.state).toBe('assigned');
    const rerouteNoReason = await act(xining, { action: 'reroute', unitId: org['QH-XN-DT'] });
    expect(rerouteNoReason.status).toBe(400);
    expect(rerouteNoReason.body.error.details[0].field).toBe('body.reason');
    const rerouted = await act(xining, {
      action: 'reroute',
      unitId: org['QH-XN-DT'],
      reason: '属大通县事权',
    });
    expect(rerouted.status).toBe(200);
    expect(rerouted.body).toMatchObject({ state: 'assigned', leadUnitName: '大通回族土族自治县' });
    const refused = await act(datong, { action: 'refuse', reason: '需省级统筹资金，请重新研究' });
    expect(refused.status).toBe(200);
    expect(refused.body.state).toBe('draft');
    const todo = await datong.get('/api/v1/me/todo');
    expect(todo.body.toSign.total).toBe(0);
    expect((await act(sup, { action: 'assign', unitId: org['QH-XN-DT'] })).body.state).toBe('assigned');
    const todo2 = await datong.get('/api/v1/me/todo');
    expect(todo2.body.toSign.data.map((i: { id: number }) => i.id)).toContain(itemId);
  });

  it('keeps the deadline out of reach of edits once assigned (extensions only)', async () => {
    const res = await sup.patch(`/api/v1/items/${itemId}`, { ongoing: true });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.ongoing');
    expect((await sup.patch(`/api/v1/items/${itemId}`, { deadline: '2026-12-31' })).status).toBe(400);
  });

  it('refuses every action taken by the wrong role or organisation, and changes nothing', async () => {
    const before = JSON.stringify(await item());
    const tries: [string, Record<string, unknown>, number][] = [
      ['supervisor', { action: 'sign' }, 403],
      ['leader', { action: 'sign' }, 403],
      ['viewer', { action: 'assign', unitId: org['QH-XN-DT'] }, 403],
      ['fgw.handler', { action: 'sign' }, 404],
      ['ganzi.supervisor', { action: 'cancel', reason: 'x' }, 404],
      ['datong.handler', { action: 'approve' }, 403],
      ['datong.handler', { action: 'cancel', reason: '不想做' }, 403],
      ['admin', { action: 'sign' }, 403],
      ['auditor', { action: 'sign' }, 403],
      ['supervisor', { action: 'approve' }, 409],
    ];
    for (const [who, body, status] of tries) {
      const c = await h().as(who);
      const res = await act(c, body);
      expect({ who, body, status: res.status }).toEqual({ who, body, status });
    }
    expect(JSON.stringify(await item())).toBe(before);
  });

  it('lets the lead unit sign for it; a report slot for the month is opened for the lead and the co-unit', async () => {
    const signed = await act(datong, { action: 'sign' });
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('accepted');
    expect(signed.body.health).toBe('green');
    const reports = await sup.get(`/api/v1/items/${itemId}/reports`);
    expect(
      reports.body.data.map((r: { period: string; isLead: boolean; orgName: string }) => [
        r.period,
        r.isLead,
        r.orgName,
      ]),
    ).toEqual([
      ['2026-03', true, '大通回族土族自治县'],
      ['2026-03', false, '湟源县'],
    ]);
    const todo = await datong.get('/api/v1/me/todo');
    expect(todo.body.reportsDue.data.map((r: { itemId: number }) => r.itemId)).toContain(itemId);
  });

  it('takes monthly reports with evidence from the lead unit and the co-unit, and rolls the co-unit part into the lead view', async () => {
    const slots = (await datong.get(`/api/v1/items/${itemId}/reports`)).body.data;
    const lead = slots.find((r: { isLead: boolean }) => r.isLead);
    // the lead county does not see the co-unit's own slot; the co-unit's handler does
    expect(slots.some((r: { isLead: boolean }) => !r.isLead)).toBe(false);
    const co = (await xining.get(`/api/v1/items/${itemId}/reports`)).body.data.find(
      (r: { isLead: boolean }) => !r.isLead,
    );
    const file = await upload(datong, itemId, '三月进展照片说明.pdf', pdfBytes);
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ mime: 'application/pdf', name: '三月进展照片说明.pdf' });
    const bad = await datong.post(`/api/v1/reports/${lead.id}/submit`, { progressText: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['body.progressText', 'body.percent']),
    );
    const submitted = await datong.post(`/api/v1/reports/${lead.id}/submit`, {
      progressText: '完成可研报告编制，启动初步设计',
      percent: 20,
      indicatorValue: 87.5,
      problems: '资金尚未全部到位',
      nextSteps: '4月完成项目方案批复',
      fileIds: [file.body.id],
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', late: false, percent: 20 });
    expect(submitted.body.files.map((f: { id: number }) => f.id)).toEqual([file.body.id]);
    const stolen = await xining.patch(`/api/v1/reports/${co.id}`, { fileIds: [file.body.id] });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.details[0].field).toBe('body.fileIds');
    const coRes = await xining.post(`/api/v1/reports/${co.id}/submit`, {
      progressText: '湟源段管线勘测完成',
      percent: 15,
    });
    expect(coRes.status).toBe(200);
    const view = await datong.get(`/api/v1/reports/${lead.id}`);
    expect(view.body.coUnitReports.map((r: { progressText: string }) => r.progressText)).toEqual([
      '湟源段管线勘测完成',
    ]);
    const it1 = await item();
    expect(it1).toMatchObject({ state: 'in_progress', progress: 20, target: { current: 87.5 } });
    const review = await sup.post(`/api/v1/reports/${lead.id}/review`, { decision: 'approve' });
    expect(review.body.state).toBe('approved');
    const download = await datong.request('GET', `/api/v1/files/${file.body.id}`);
    expect(download.status).toBe(200);
    expect(download.raw.rawPayload.equals(pdfBytes)).toBe(true);
    expect((await (await h().as('fgw.handler')).request('GET', `/api/v1/files/${file.body.id}`)).status).toBe(
      404,
    );
  });

  it('turns yellow inside the warning window of a milestone, then red when it passes', async () => {
    await setDate('2026-04-09T02:00:00Z');
    const yellow = await item();
    expect({ health: yellow.health, reasons: yellow.healthReasons }).toMatchObject({ health: 'yellow' });
    expect(yellow.healthReasons.map((r: { code: string }) => r.code)).toContain('milestone_near');
    await setDate('2026-04-16T02:00:00Z');
    const red = await item();
    expect(red.health).toBe('red');
    expect(red.healthReasons[0].text).toBe('节点1（完成项目方案）应于 2026-04-15 完成，未完成');
    const counts = await sup.get(`/api/v1/items/summary?planId=${red.planId}`);
    expect(counts.body.byHealth.red).toBe(1);
    const filtered = await sup.get(`/api/v1/items?health=red&unitId=${org['QH-XN-DT']}&planId=${red.planId}`);
    expect(filtered.body.data.map((i: { id: number }) => i.id)).toEqual([itemId]);
    const reportsApril = (await sup.get(`/api/v1/items/${itemId}/reports`)).body.data.filter(
      (r: { period: string }) => r.period === '2026-04',
    );
    expect(reportsApril).toHaveLength(2);
    // The leader who leads it finds it among their work; a unit handler has no such list.
    const leader = await h().as('leader');
    const attention = (await leader.get('/api/v1/me/todo')).body.attention;
    expect(attention.data.map((i: { id: number }) => i.id)).toContain(itemId);
    expect(attention.data.every((i: { health: string }) => ['red', 'yellow'].includes(i.health))).toBe(true);
    expect((await datong.get('/api/v1/me/todo')).body.attention.total).toBe(0);
  });

  it('turns green again once an extension is approved, with the deadline history kept', async () => {
    const tooEarly = await act(datong, {
      action: 'request_extension',
      newDeadline: '2026-06-01',
      reason: '资金',
    });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.error.details[0].field).toBe('body.newDeadline');
    const asked = await act(datong, {
      action: 'request_extension',
      newDeadline: '2026-07-31',
      reason: '专项资金 5 月到位，工期顺延',
    });
    expect(asked.body.state).toBe('extension_requested');
    const todo = await sup.get('/api/v1/me/todo');
    expect(todo.body.extensionReviews.data.map((i: { id: number }) => i.id)).toContain(itemId);
    const approved = await act(sup, { action: 'approve_extension' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'in_progress', deadline: '2026-07-31', health: 'green' });
    const events = (await sup.get(`/api/v1/items/${itemId}/events`)).body.data;
    const ext = events.find((e: { kind: string }) => e.kind === 'approve_extension');
    expect(ext.data).toMatchObject({ oldDeadline: '2026-06-30', newDeadline: '2026-07-31' });
    const ms = (await item()).milestones;
    expect(ms[0].dueDate).toBe('2026-05-16');
  });

  it('reuses the last report with "no change", pre-fills from it, and records late filing', async () => {
    const april = (await datong.get(`/api/v1/items/${itemId}/reports`)).body.data.find(
      (r: { period: string; isLead: boolean }) => r.period === '2026-04' && r.isLead,
    );
    const detail = await datong.get(`/api/v1/reports/${april.id}`);
    expect(detail.body.previous).toMatchObject({
      period: '2026-03',
      progressText: '完成可研报告编制，启动初步设计',
      percent: 20,
    });
    await setDate('2026-04-27T02:00:00Z');
    const same = await datong.post(`/api/v1/reports/${april.id}/no-change`);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({
      state: 'submitted',
      noChange: true,
      late: true,
      progressText: '完成可研报告编制，启动初步设计',
    });
    const returned = await sup.post(`/api/v1/reports/${april.id}/review`, { decision: 'return' });
    expect(returned.status).toBe(400);
    expect(
      (await sup.post(`/api/v1/reports/${april.id}/review`, { decision: 'return', note: '请补充招标进展' }))
        .body.state,
    ).toBe('returned');
    const again = await datong.post(`/api/v1/reports/${april.id}/submit`, {
      progressText: '方案已批复，招标文件编制中',
      percent: 40,
    });
    expect(again.body.state).toBe('submitted');
    expect((await item()).progress).toBe(40);
  });

  it('asks for completion with results and evidence; the supervisor returns it, the unit resubmits, the supervisor approves', async () => {
    const ms = (await item()).milestones;
    for (const m of ms) {
      expect(
        (await datong.post(`/api/v1/items/${itemId}/milestones/${m.id}/done`, { note: '已完成' })).status,
      ).toBe(200);
    }
    const noResults = await act(datong, { action: 'request_completion' });
    expect(noResults.status).toBe(400);
    const evidence = await upload(datong, itemId, '竣工验收报告.pdf', pdfBytes);
    const req1 = await act(datong, {
      action: 'request_completion',
      results: '工程完工，通水验收合格',
      fileIds: [evidence.body.id],
    });
    expect(req1.body.state).toBe('completion_requested');
    const ret = await act(sup, { action: 'return', reason: '缺少水质检测报告' });
    expect(ret.body.state).toBe('returned');
    const req2 = await act(datong, {
      action: 'request_completion',
      results: '工程完工，通水验收合格，附水质检测报告',
      fileIds: [evidence.body.id],
    });
    expect(req2.body.state).toBe('completion_requested');
    const done = await act(sup, { action: 'approve' });
    expect(done.body).toMatchObject({
      state: 'completed',
      health: 'done_on_time',
      progress: 100,
      completedOn: '2026-04-27',
    });
    const events = (await sup.get(`/api/v1/items/${itemId}/events`)).body.data.map(
      (e: { kind: string }) => e.kind,
    );
    expect(events).toEqual(
      expect.arrayContaining([
        'create',
        'assign',
        'reroute',
        'refuse',
        'sign',
        'report',
        'request_extension',
        'approve_extension',
        'report_no_change',
        'request_completion',
        'return',
        'approve',
      ]),
    );
    const after = await act(datong, { action: 'request_completion', results: 'x' });
    expect(after.status).toBe(409);
  });

  it('writes comments and leader instructions (批示) to the item', async () => {
    const leader = await h().as('leader');
    expect(
      (
        await leader.post(`/api/v1/items/${itemId}/comments`, {
          kind: 'instruction',
          body: '要总结经验，在全省推广',
        })
      ).status,
    ).toBe(201);
    expect(
      (await datong.post(`/api/v1/items/${itemId}/comments`, { kind: 'instruction', body: '越权批示' }))
        .status,
    ).toBe(403);
    expect((await datong.post(`/api/v1/items/${itemId}/comments`, { body: '收到，抓好落实' })).status).toBe(
      201,
    );
    const comments = (await sup.get(`/api/v1/items/${itemId}/comments`)).body.data;
    expect(comments.map((c: { kind: string }) => c.kind)).toEqual(['instruction', 'comment']);
  });
});

onEachDatabase('child items and claiming', (h) => {
  it('splits an item for townships and rolls their progress up to the parent', async () => {
    const sup = await h().as('supervisor');
    const datong = await h().as('datong.handler');
    const { list } = await buildPlan(h(), sup);
    const parent = await buildItem(sup, list.id, { leadUnitId: await h().orgId('QH-XN-DT') });
    await sup.post(`/api/v1/items/${parent.id}/actions`, { action: 'assign' });
    await datong.post(`/api/v1/items/${parent.id}/actions`, { action: 'sign' });
    const split = await datong.post(`/api/v1/items/${parent.id}/children`, {
      children: [
        { unitId: await h().orgId('QH-XN-DT-QJ'), title: '桥头镇段' },
        { unitId: await h().orgId('QH-XN-DT-CG'), title: '城关镇段' },
      ],
    });
    expect(split.status).toBe(201);
    const outside = await datong.post(`/api/v1/items/${parent.id}/children`, {
      children: [{ unitId: await h().orgId('QH-XN-HY'), title: '越界' }],
    });
    expect(outside.status).toBe(400);
    const [a, b] = split.body.data;
    for (const [child, percent] of [
      [a, 60],
      [b, 20],
    ] as const) {
      await datong.post(`/api/v1/items/${child.id}/actions`, { action: 'sign' });
      const slot = (await datong.get(`/api/v1/items/${child.id}/reports`)).body.data[0];
      expect(
        (await datong.post(`/api/v1/reports/${slot.id}/submit`, { progressText: '推进中', percent })).status,
      ).toBe(200);
    }
    const p = (await sup.get(`/api/v1/items/${parent.id}`)).body;
    expect(p.progress).toBe(40);
    expect(p.childCount).toBe(2);
    const row = (await sup.get(`/api/v1/items?listId=${list.id}&q=${parent.code}`)).body.data;
    expect(row.find((r: { id: number }) => r.id === parent.id).childCount).toBe(2);
    expect(
      (await sup.get(`/api/v1/items?parentId=${parent.id}`)).body.data.map(
        (r: { childCount: number }) => r.childCount,
      ),
    ).toEqual([0, 0]);
    const lead = (await datong.get(`/api/v1/items/${parent.id}/reports`)).body.data[0];
    await datong.post(`/api/v1/reports/${lead.id}/submit`, { progressText: '汇总', percent: 90 });
    expect((await sup.get(`/api/v1/items/${parent.id}`)).body.progress).toBe(40);
  });

  it('counts the children an item is given on creation, and counts them again when upgrading an older database', async () => {
    const sup = await h().as('supervisor');
    const { list } = await buildPlan(h(), sup);
    const parent = await buildItem(sup, list.id);
    for (const title of ['一期', '二期', '三期']) {
      expect((await buildItem(sup, list.id, { title, parentId: parent.id })).parentId).toBe(parent.id);
    }
    expect((await sup.get(`/api/v1/items/${parent.id}`)).body.childCount).toBe(3);

    // A database from before the count was kept: the column is absent until the migration adds and fills it.
    const { db } = h().database;
    await db.schema.alterTable('items').dropColumn('child_count').execute();
    await db
      .deleteFrom(migrationTable as never)
      .where('name' as never, '=', '0004_child_count' as never)
      .execute();
    expect(await migrateToLatest(h().database)).toEqual(['0004_child_count']);
    expect((await sup.get(`/api/v1/items/${parent.id}`)).body.childCount).toBe(3);
    expect((await sup.get(`/api/v1/items?parentId=${parent.id}`)).body.total).toBe(3);
  });

  it('lets a unit correct a returned report while its completion request waits, and lists returned items as its work', async () => {
    const sup = await h().as('supervisor');
    const datong = await h().as('datong.handler');
    const { list } = await buildPlan(h(), sup);
    const item = await buildItem(sup, list.id, { leadUnitId: await h().orgId('QH-XN-DT') });
    await sup.post(`/api/v1/items/${item.id}/actions`, { action: 'assign' });
    await datong.post(`/api/v1/items/${item.id}/actions`, { action: 'sign' });
    const slot = (await datong.get(`/api/v1/items/${item.id}/reports`)).body.data[0];
    await datong.post(`/api/v1/reports/${slot.id}/submit`, { progressText: '完成招标', percent: 100 });
    const asked = await datong.post(`/api/v1/items/${item.id}/actions`, {
      action: 'request_completion',
      results: '全部完成',
    });
    expect(asked.body.state).toBe('completion_requested');
    await sup.post(`/api/v1/reports/${slot.id}/review`, { decision: 'return', note: '请补充验收照片' });
    const report = (await datong.get(`/api/v1/reports/${slot.id}`)).body;
    expect(report.can.write).toBe(true);
    const again = await datong.post(`/api/v1/reports/${slot.id}/submit`, {
      progressText: '完成招标，附验收照片',
      percent: 100,
    });
    expect(again.status).toBe(200);
    expect(again.body.state).toBe('submitted');

    await sup.post(`/api/v1/items/${item.id}/actions`, { action: 'return', reason: '佐证材料不足' });
    const todo = (await datong.get('/api/v1/me/todo')).body;
    expect(todo.returned.data.map((i: { id: number }) => i.id)).toContain(item.id);
    expect((await sup.get('/api/v1/me/todo')).body.returned.total).toBe(0);
  });

  it("refuses a lead leader from outside the supervisor's tree as if the account did not exist", async () => {
    const sup = await h().as('supervisor');
    const { list } = await buildPlan(h(), sup);
    const ganzi = await h().userId('ganzi.supervisor');
    const res = await sup.post('/api/v1/items', {
      listId: list.id,
      code: 'LEADER-OUT',
      title: '越界的牵头领导',
      deadline: '2026-06-30',
      leadLeaderId: ganzi,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'body.leadLeaderId' });
    const missing = await sup.post('/api/v1/items', {
      listId: list.id,
      code: 'LEADER-NONE',
      title: '不存在的牵头领导',
      deadline: '2026-06-30',
      leadLeaderId: 999_999,
    });
    expect(missing.body.error.details[0].message).toBe(
      res.body.error.details[0].message.replace(String(ganzi), '999999'),
    );
    expect((await sup.get(`/api/v1/items?listId=${list.id}`)).body.total).toBe(0);
  });

  it('lets a unit claim (认领) an unassigned item of a claimable list, and only a unit under the plan owner', async () => {
    const sup = await h().as('supervisor');
    const { plan } = await buildPlan(h(), sup);
    const list = await sup.post('/api/v1/lists', {
      planId: plan.id,
      kind: 'challenge',
      title: '揭榜挂帅事项清单',
      claimable: true,
    });
    const open = await buildItem(sup, list.body.id, { title: '高原特色农产品冷链物流难题' });
    const xining = await h().as('xining.handler');
    const claimable = await xining.get('/api/v1/items?claimable=true');
    expect(claimable.body.data.map((i: { id: number }) => i.id)).toContain(open.id);
    const ganzi = await h().as('ganzi.supervisor');
    expect((await ganzi.get(`/api/v1/items/${open.id}`)).status).toBe(404);
    const claimed = await xining.post(`/api/v1/items/${open.id}/actions`, { action: 'claim' });
    expect(claimed.status).toBe(200);
    // Claimed a moment ago: a second claim finds the state moved on.
    expect((await xining.post(`/api/v1/items/${open.id}/actions`, { action: 'claim' })).status).toBe(409);
    expect(claimed.body).toMatchObject({ state: 'accepted', leadUnitName: '西宁市' });
    const again = await (
      await h().as('fgw.handler')
    ).post(`/api/v1/items/${open.id}/actions`, { action: 'claim' });
    expect(again.status).toBe(404);
  });
});
