import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { encodeGbk } from '../../src/intake/gbk.js';
import type { Client, Harness } from '../helpers/harness.js';
import { onEachDatabase, snapshot } from '../helpers/harness.js';
import { buildPlan, pdfBytes } from '../helpers/supervision.js';

const seed = readFileSync(
  path.resolve(import.meta.dirname, '../fixtures/intake/seeds/000_e30a09fa5607e6d3.txt'),
  'utf8',
);

/** Posts a file to /intake as multipart/form-data, as a browser would. */
function uploadIntake(c: Client, name: string, data: Buffer, mime = 'text/plain') {
  const boundary = '----luoshi' + randomBytes(8).toString('hex');
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return c.request('POST', '/api/v1/intake', body, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
}

/** Everything the snapshot holds (the meetings included). */
const everything = (h: Harness) => snapshot(h);

interface Directive {
  speaker: string | null;
  text: string;
  deadline: string | null;
  sentence: string;
  sourceOffset: number;
  suggestedUnit: string | null;
}

onEachDatabase('meetings: from a meeting report to tracked work', (h) => {
  let sup: Client;
  let datong: Client;
  let ganzi: Client;
  let planCode: string;
  let directiveList: number;
  let ganziList: number;
  let meetingId: number;
  let decisions: { id: number; seq: number; sentence: string; sourceStart: number; sourceEnd: number }[];
  let intakeText: { normalizedText: string; directives: Directive[] };
  const org: Record<string, number> = {};

  beforeAll(async () => {
    sup = await h().as('supervisor');
    datong = await h().as('datong.handler');
    ganzi = await h().as('ganzi.supervisor');
    for (const code of ['QH', 'QH-XN-DT', 'GZ']) {
      org[code] = await h().orgId(code);
    }
    const { plan } = await buildPlan(h(), sup);
    planCode = plan.code;
    const list = await sup.post('/api/v1/lists', {
      planId: plan.id,
      kind: 'directive',
      title: '会议议定事项',
    });
    expect(list.status).toBe(201);
    directiveList = list.body.id;
    const gzPlan = await ganzi.post('/api/v1/plans', {
      code: `GZ-MT-${h().kind}`,
      title: '甘孜方案',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
    });
    expect(gzPlan.status).toBe(201);
    ganziList = (
      await ganzi.post('/api/v1/lists', { planId: gzPlan.body.id, kind: 'directive', title: '议定' })
    ).body.id;
  });

  it('reads a seed report pasted as text into a meeting and its directives, storing nothing', async () => {
    const before = await everything(h());
    const res = await sup.post('/api/v1/intake', { text: seed });
    expect(res.status).toBe(200);
    expect(res.body.encoding).toBe('text');
    expect(res.body.originalText).toBe(seed.charCodeAt(0) === 0xfeff ? seed.slice(1) : seed);
    expect(res.body.meeting).toMatchObject({
      title: '与全国同步全面建成小康社会青海行动动员部署会',
      date: '2020-06-04',
      chair: '李杰翔',
    });
    expect(res.body.directives.length).toBeGreaterThan(5);
    expect(res.body.changes.map((c: { kind: string }) => c.kind)).toEqual(expect.arrayContaining(['t2s']));
    for (const c of res.body.changes.slice(0, 50)) {
      expect(res.body.originalText.slice(c.originalStart, c.originalEnd)).toBe(c.original);
      expect(res.body.normalizedText.slice(c.normalizedStart, c.normalizedEnd)).toBe(c.normalized);
    }
    intakeText = res.body;
    expect(await everything(h())).toBe(before);
  });

  it('reads the same report uploaded as a GBK file alike', async () => {
    const gbk = Buffer.from(encodeGbk(seed, false)!);
    const res = await uploadIntake(sup, '动员部署会.txt', gbk);
    expect(res.status).toBe(200);
    expect(res.body.encoding).toBe('gb18030');
    expect(res.body.normalizedText).toBe(intakeText.normalizedText);
    expect(res.body.directives).toEqual(intakeText.directives);
    const county = await uploadIntake(
      sup,
      'county.txt',
      readFileSync(path.resolve(import.meta.dirname, '../fixtures/intake/county-standing.gbk.txt')),
    );
    expect(county.status).toBe(200);
    expect(county.body.meeting.title).toBe('县政府第45次常务会议');
    expect(county.body.directives.map((d: Directive) => d.deadline)).toContain('2024-06-30');
  });

  it('records the meeting from the intake result, its directives as draft decisions pointing at their sentences', async () => {
    const r = intakeText as typeof intakeText & { meeting: Record<string, unknown>; originalText: string };
    const meeting = (
      r as unknown as { meeting: { speakers: { name: string; titles: string[]; role: string }[] } }
    ).meeting;
    const res = await sup.post('/api/v1/meetings', {
      kind: 'mobilization',
      title: r.meeting.title,
      date: r.meeting.date,
      dateInferred: r.meeting.dateInferred,
      format: 'video',
      chair: r.meeting.chair,
      participants: meeting.speakers.map((s) => ({ name: s.name, titles: s.titles, role: s.role })),
      sourceText: r.normalizedText,
      originalText: r.originalText,
      decisions: r.directives.map((d) => ({
        text: d.text,
        speaker: d.speaker,
        deadline: d.deadline,
        suggestedUnit: d.suggestedUnit,
        sentence: d.sentence,
        sourceOffset: d.sourceOffset,
      })),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      state: 'draft',
      ownerOrgId: org.QH,
      decisionCount: r.directives.length,
      publishedCount: 0,
    });
    meetingId = res.body.id;
    decisions = res.body.decisions;
    for (const d of decisions) {
      expect(r.normalizedText.slice(d.sourceStart, d.sourceEnd)).toBe(d.sentence);
    }
    expect(decisions.map((d) => d.seq)).toEqual(decisions.map((_d, i) => i + 1));
    const list = await sup.get('/api/v1/meetings?q=动员部署');
    expect(list.body.data.map((m: { id: number }) => m.id)).toContain(meetingId);
  });

  it('edits a draft decision: deadline and lead unit', async () => {
    const res = await sup.patch(`/api/v1/meetings/${meetingId}/decisions/${decisions[0]!.id}`, {
      deadline: '2026-06-30',
      unitId: org['QH-XN-DT'],
      text: '对行动方案确定的任务清单一项一项往前推',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deadline: '2026-06-30', unitId: org['QH-XN-DT'], state: 'draft' });
    const out = await sup.patch(`/api/v1/meetings/${meetingId}/decisions/${decisions[0]!.id}`, {
      unitId: org.GZ,
    });
    expect(out.status).toBe(400);
    expect(out.body.error.details[0].field).toBe('body.unitId');
  });

  it('refuses to publish a decision without a deadline, naming it, and stores nothing', async () => {
    const before = await everything(h());
    const res = await sup.post(`/api/v1/meetings/${meetingId}/publish`, {
      listId: directiveList,
      decisionIds: [decisions[0]!.id, decisions[1]!.id],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'body.decisionIds.1' })]);
    expect(await everything(h())).toBe(before);
  });

  it('publishes chosen decisions into a directive list: items with the right deadlines that link back', async () => {
    const res = await sup.post(`/api/v1/meetings/${meetingId}/publish`, {
      listId: directiveList,
      decisionIds: [decisions[0]!.id, decisions[1]!.id],
      defaults: { deadline: '2026-12-31' },
    });
    expect(res.status).toBe(200);
    expect(res.body.published).toHaveLength(2);
    expect(res.body.meeting).toMatchObject({ state: 'published', publishedCount: 2 });
    const [first, second] = res.body.published;
    expect(first.itemCode).toBe(`${planCode}-M${meetingId}-1`);
    const a = (await sup.get(`/api/v1/items/${first.itemId}`)).body;
    expect(a).toMatchObject({
      listId: directiveList,
      source: 'meeting',
      deadline: '2026-06-30',
      leadUnitId: org['QH-XN-DT'],
      title: '对行动方案确定的任务清单一项一项往前推',
      state: 'draft',
    });
    const b = (await sup.get(`/api/v1/items/${second.itemId}`)).body;
    expect(b).toMatchObject({ deadline: '2026-12-31', leadUnitId: null, source: 'meeting' });
    const events = (await sup.get(`/api/v1/items/${first.itemId}/events`)).body.data;
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'from_meeting',
          data: { meetingId, decisionId: decisions[0]!.id },
        }),
      ]),
    );
    const detail = (await sup.get(`/api/v1/meetings/${meetingId}`)).body;
    const d0 = detail.decisions.find((d: { id: number }) => d.id === decisions[0]!.id);
    expect(d0).toMatchObject({ state: 'published', itemId: first.itemId, itemCode: first.itemCode });
    const audit = await h()
      .database.db.selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'meeting')
      .where('entity_id', '=', String(meetingId))
      .execute();
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['meeting.create', 'meeting.decision_update', 'meeting.publish']),
    );
  });

  it('refuses to publish or edit a decision twice, and stores nothing', async () => {
    const before = await everything(h());
    const again = await sup.post(`/api/v1/meetings/${meetingId}/publish`, {
      listId: directiveList,
      decisionIds: [decisions[2]!.id, decisions[0]!.id],
      defaults: { deadline: '2026-12-31' },
    });
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].field).toBe('body.decisionIds.1');
    const edit = await sup.patch(`/api/v1/meetings/${meetingId}/decisions/${decisions[0]!.id}`, {
      deadline: '2026-07-31',
    });
    expect(edit.status).toBe(409);
    expect(await everything(h())).toBe(before);
  });

  it('publishes the rest once: two requests at the same moment give one publication and one 409', async () => {
    const publish = () =>
      sup.post(`/api/v1/meetings/${meetingId}/publish`, {
        listId: directiveList,
        defaults: { deadline: '2026-12-31' },
      });
    const replies = await Promise.all([publish(), publish()]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await publish()).status).toBe(409);
  });

  it('lets a handler read nothing it is not scoped to and change nothing (403/404)', async () => {
    const before = await everything(h());
    expect((await datong.post('/api/v1/intake', { text: seed })).status).toBe(403);
    expect((await datong.post('/api/v1/meetings', { title: '县里的会' })).status).toBe(403);
    const publish = await datong.post(`/api/v1/meetings/${meetingId}/publish`, {
      listId: directiveList,
      defaults: { deadline: '2026-12-31' },
    });
    expect(publish.status).toBe(403);
    expect((await datong.get(`/api/v1/meetings/${meetingId}`)).status).toBe(404);
    expect((await datong.get('/api/v1/meetings')).body.total).toBe(0);
    expect(await everything(h())).toBe(before);
  });

  it("keeps Qinghai's meetings from Ganzi (404), and Ganzi's lists out of Qinghai's reach", async () => {
    const before = await everything(h());
    expect((await ganzi.get(`/api/v1/meetings/${meetingId}`)).status).toBe(404);
    expect((await ganzi.get(`/api/v1/meetings/${meetingId}/decisions`)).status).toBe(404);
    expect((await ganzi.patch(`/api/v1/meetings/${meetingId}`, { title: '改' })).status).toBe(404);
    const pub = await ganzi.post(`/api/v1/meetings/${meetingId}/publish`, {
      listId: ganziList,
      defaults: { deadline: '2026-12-31' },
    });
    expect(pub.status).toBe(404);
    expect((await ganzi.get('/api/v1/meetings')).body.data.map((m: { id: number }) => m.id)).not.toContain(
      meetingId,
    );
    const other = await sup.post(`/api/v1/meetings/${meetingId}/publish`, {
      listId: ganziList,
      defaults: { deadline: '2026-12-31' },
    });
    expect(other.status).toBe(400);
    expect(other.body.error.details[0].field).toBe('body.listId');
    const unknown = await sup.post(`/api/v1/meetings/${meetingId}/publish`, {
      listId: 999_999,
      defaults: { deadline: '2026-12-31' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('body.listId');
    expect(await everything(h())).toBe(before);
  });

  it('refuses bad input with a clear 4xx naming the field, storing nothing', async () => {
    const before = await everything(h());
    const cases: [string, () => Promise<{ status: number; body: any }>, number, string, string][] = [
      [
        'a PDF',
        () => uploadIntake(sup, 'x.pdf', pdfBytes, 'application/pdf'),
        415,
        'file_rejected',
        'body.file',
      ],
      [
        'a PNG',
        () => uploadIntake(sup, 'x.txt', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png'),
        415,
        'file_rejected',
        'body.file',
      ],
      [
        'an empty file',
        () => uploadIntake(sup, 'x.txt', Buffer.alloc(0)),
        400,
        'validation_failed',
        'body.file',
      ],
      ['empty text', () => sup.post('/api/v1/intake', { text: '' }), 400, 'validation_failed', 'body.text'],
      [
        'blank text',
        () => sup.post('/api/v1/intake', { text: ' \n\t ' }),
        400,
        'validation_failed',
        'body.text',
      ],
      ['no body', () => sup.post('/api/v1/intake'), 400, 'validation_failed', 'body.text'],
      [
        '10 MB of noise uploaded',
        () => uploadIntake(sup, 'noise.txt', randomBytes(10 * 1024 * 1024)),
        413,
        'payload_too_large',
        'body.file',
      ],
      [
        '10 MB of noise pasted',
        () => sup.post('/api/v1/intake', { text: randomBytes(5 * 1024 * 1024).toString('hex') }),
        413,
        'payload_too_large',
        'body.text',
      ],
      [
        'a meeting without a title',
        () => sup.post('/api/v1/meetings', { kind: 'special' }),
        400,
        'validation_failed',
        'body.title',
      ],
      [
        'a meeting owned by Ganzi',
        () => sup.post('/api/v1/meetings', { title: '专题会', ownerOrgId: org.GZ }),
        400,
        'validation_failed',
        'body.ownerOrgId',
      ],
      [
        'a decision whose sentence is not in the text',
        () =>
          sup.post('/api/v1/meetings', {
            title: '专题会',
            sourceText: '会议要求各地抓好落实。',
            decisions: [{ text: '抓好落实', sentence: '不在原文中的一句话。', sourceOffset: 4 }],
          }),
        400,
        'validation_failed',
        'body.decisions.0.sentence',
      ],
    ];
    for (const [what, call, status, code, field] of cases) {
      const res = await call();
      expect({
        what,
        status: res.status,
        code: res.body?.error?.code,
        field: res.body?.error?.details?.[0]?.field,
      }).toEqual({ what, status, code, field });
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await everything(h())).toBe(before);
  });
});
