/** Meeting-report shapes the reference reports do not have; expectations written from the fixtures' text. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDeadline, intake } from '../../../src/intake/index.js';
import { buildDocx } from './docx-builder.js';

const fixture = (name: string) =>
  readFileSync(path.resolve(import.meta.dirname, '../../fixtures/intake', name));

describe('a county standing-committee (常务会议) report', () => {
  for (const file of ['county-standing.txt', 'county-standing.gbk.txt']) {
    it(`reads the meeting, people and instructions (${file})`, () => {
      const r = intake(fixture(file));
      expect(r.meeting).toMatchObject({
        title: '县政府第45次常务会议',
        date: '2024-04-18',
        dateInferred: false,
        chair: '李明华',
      });
      expect(r.meeting.speakers).toEqual([
        { name: '李明华', titles: ['县委副书记', '县长'], role: '主持', roles: ['主持'] },
        { name: '周文斌', titles: ['县应急管理局局长'], role: '通报', roles: ['通报'] },
      ]);
      expect(r.meeting.attendees).toEqual([
        { name: '赵志刚', titles: ['副县长'] },
        { name: '孙丽', titles: ['副县长'] },
        { name: '马有福', titles: ['副县长'] },
        { name: '陈建国', titles: ['县政府办公室主任'] },
      ]);
      expect(r.meeting.organisations).toEqual(
        expect.arrayContaining(['县农业农村局', '县住房和城乡建设局', '县应急管理局']),
      );
      const d = (s: string) => r.directives.find((x) => x.text.includes(s));
      expect(d('扛起安全生产政治责任')).toMatchObject({ speaker: '李明华', deadline: '2024-04-30' });
      expect(d('加强农资供应保障')).toMatchObject({ deadline: '2024-05-31', suggestedUnit: '县农业农村局' });
      expect(d('农村危房改造验收')).toMatchObject({
        deadline: '2024-06-30',
        suggestedUnit: '县住房和城乡建设局',
      });
      expect(d('值班值守制度')).toMatchObject({ speaker: null, deadline: '2024-12-31' });
    });
  }
});

describe('a 推进会 report with a task-division table', () => {
  it('turns table rows into instructions with lead unit and deadline', () => {
    const r = intake(fixture('task-table.txt'));
    expect(r.meeting).toMatchObject({
      title: '全市营商环境优化提升推进会',
      date: '2024-09-12',
      dateInferred: true,
      place: '市政务服务中心',
      format: '现场',
      chair: '刘海燕',
    });
    expect(r.meeting.speakers.map((s) => [s.name, s.role])).toEqual([
      ['周建平', '讲话'],
      ['刘海燕', '主持'],
    ]);
    expect(r.meeting.keyNumbers).toContainEqual(
      expect.objectContaining({ text: '18项重点任务', value: 18, unit: '项', what: '重点任务' }),
    );
    const rows = r.directives.filter((x) => x.source === 'table');
    expect(rows.map((x) => [x.suggestedUnit, x.deadline])).toEqual([
      ['市市场监管局', '2024-10-31'],
      ['市住房和城乡建设局', '2024-12-31'],
      ['市政务服务局', '2024-09-30'],
    ]);
    expect(rows[0]?.text).toBe('企业开办全程网办，开办时间压缩至1个工作日');
    expect(r.directives.find((x) => x.source === 'speech')?.speaker).toBe('周建平');
  });

  it('reads the same report from a .docx with a real table', () => {
    const docx = buildDocx([
      '全市营商环境优化提升推进会召开',
      '9月12日下午，全市营商环境优化提升推进会在市政务服务中心召开。副市长刘海燕主持会议。',
      [
        ['序号', '任务', '牵头单位', '完成时限'],
        ['1', '企业开办全程网办', '市市场监管局', '2024年10月31日'],
        ['2', '审批时限压缩至60个工作日以内', '市住房和城乡建设局', '年底前'],
      ],
    ]);
    const r = intake(docx, { filename: 'report.docx', referenceDate: '2024-09-20' });
    expect(r.encoding).toBe('docx');
    expect(r.meeting.chair).toBe('刘海燕');
    expect(r.meeting.date).toBe('2024-09-12');
    expect(r.directives.filter((x) => x.source === 'table').map((x) => x.deadline)).toEqual([
      '2024-10-31',
      '2024-12-31',
    ]);
  });
});

describe('an announcement with no speakers', () => {
  it('gives the meeting, date and place, and says no instructions were found', () => {
    const r = intake(fixture('announcement.txt'));
    expect(r.meeting).toMatchObject({
      title: '全县安全生产工作会议',
      date: '2025-03-15',
      dateInferred: false,
      place: '县政府三楼会议室',
      format: '现场',
      chair: null,
      speakers: [],
    });
    expect(r.warnings.map((w) => w.code)).toContain('no_directives');
    expect(r.warnings.map((w) => w.code)).not.toContain('no_meeting_found');
  });
});

describe('a Big5 report in traditional characters', () => {
  it('gives simplified names and resolves the year from the reference date', () => {
    const r = intake(fixture('taipei-meeting.big5.txt'), { referenceDate: '2024-10-05' });
    expect(r.encoding).toBe('big5');
    expect(r.meeting).toMatchObject({
      title: '防灾应变会议',
      date: '2024-10-03',
      dateInferred: true,
      chair: '林志远',
    });
    expect(r.meeting.attendees).toEqual([
      { name: '陈美玲', titles: ['副市长'] },
      { name: '黄建国', titles: ['秘书长'] },
    ]);
    expect(r.directives[0]).toMatchObject({ speaker: '林志远', deadline: '2024-10-15' });
  });
});

describe('general patterns', () => {
  it('reads "会议由…主持" and a list of names sharing one title', () => {
    const r = intake(
      '5月6日，全区河长制工作会议召开。会议由区委副书记、区长王一鸣主持。区领导张红、李强、赵云出席会议。王一鸣要求，各镇街要在5月底前完成河道清障。',
      { referenceDate: '2023-05-08' },
    );
    expect(r.meeting.chair).toBe('王一鸣');
    expect(r.meeting.date).toBe('2023-05-06');
    expect(r.meeting.attendees.map((a) => [a.name, a.titles])).toEqual([
      ['张红', ['区领导']],
      ['李强', ['区领导']],
      ['赵云', ['区领导']],
    ]);
    expect(r.directives[0]).toMatchObject({ speaker: '王一鸣', deadline: '2023-05-31' });
  });

  it('resolves 昨日 against the date the report gives', () => {
    const r = intake('2021年7月2日 本报讯 昨日，全省防汛工作会议在省应急厅召开。');
    expect(r.meeting.date).toBe('2021-07-01');
    expect(r.meeting.dateInferred).toBe(true);
  });

  it('reads the deadlines offices write', () => {
    const ref = { y: 2025, m: 3, d: 6 };
    expect(findDeadline('6月底前完成', ref)?.date).toBe('2025-06-30');
    expect(findDeadline('年底前全部完成', ref)?.date).toBe('2025-12-31');
    expect(findDeadline('2025年12月31日前', ref)?.date).toBe('2025-12-31');
    expect(findDeadline('三季度末前完成', ref)?.date).toBe('2025-09-30');
    expect(findDeadline('10月15日前报送', ref)?.date).toBe('2025-10-15');
    expect(findDeadline('2月底前', ref)?.date).toBe('2026-02-28');
    expect(findDeadline('彻底解决', ref)).toBeUndefined();
  });
});

describe('intake of hostile text', () => {
  it('reads a long run of digits in linear time (it used to take seconds and hold the server)', () => {
    const t = performance.now();
    expect(intake('1'.repeat(200_000)).directives).toEqual([]);
    // Quadratic matching took over a minute on this input; a linear pass takes well under a second.
    expect(performance.now() - t).toBeLessThan(10_000);
  });
});

describe('instructions written outside a speaker’s words', () => {
  const list = [
    '全省优化营商环境专题推进会召开',
    '5月12日，全省优化营商环境专题推进会在西宁召开。会议明确了下半年五项重点任务：',
    '一是压减审批时限。省发展改革委牵头，在9月底前将企业投资项目审批时限压减至40个工作日以内。',
    '二是推进“一网通办”。省政务服务监督管理局要在年底前实现90%以上政务服务事项“全程网办”。',
    '三是清理拖欠账款。省财政厅要于7月底前完成拖欠中小企业账款排查，省工业和信息化厅要在8月底前建立清偿台账。',
  ].join('\n');

  it('reads a numbered task list (一是…二是…), one instruction per unit, with its deadline', () => {
    const r = intake(list, { referenceDate: '2026-05-12' });
    expect(r.directives.map((d) => [d.suggestedUnit, d.deadline])).toEqual([
      ['省发展改革委', '2026-09-30'],
      ['省政务服务监督管理局', '2026-12-31'],
      ['省财政厅', '2026-07-31'],
      ['省工业和信息化厅', '2026-08-31'],
    ]);
    expect(r.directives[0]!.text).toMatch(/^省发展改革委牵头/);
  });

  it('reads a supervision bulletin’s requirements, and not its account of who lags', () => {
    const bulletin = [
      '关于2026年一季度全省重点工作推进情况的通报',
      '一、总体情况。截至3月31日，全省32项重点任务中，按进度推进的27项。省水利厅牵头的引黄济宁工程前期工作进度滞后。',
      '二、下一步要求。（一）对进展滞后的任务，责任单位要认真分析原因，于4月15日前向省政府督查室报送整改报告。',
      '（二）省水利厅要加快引黄济宁工程前期工作，力争年内完成可研批复。',
    ].join('\n');
    const r = intake(bulletin, { referenceDate: '2026-04-03' });
    expect(r.directives.map((d) => d.text)).toEqual([
      '对进展滞后的任务，责任单位要认真分析原因，于4月15日前向省政府督查室报送整改报告',
      '省水利厅要加快引黄济宁工程前期工作，力争年内完成可研批复',
    ]);
    expect(r.directives[0]!.deadline).toBe('2026-04-15');
  });

  it('does not take the words before a unit as part of its name, and says when it found no instruction', () => {
    const r = intake(
      '11月20日，省长主持召开视频调度会，要求省应急管理厅牵头，12月10日前完成燃气安全隐患排查。',
      {
        referenceDate: '2026-11-21',
      },
    );
    expect(r.meeting.organisations).toContain('省应急管理厅');
    expect(r.meeting.organisations.some((o) => o.startsWith('要求'))).toBe(false);
    expect(r.directives[0]).toMatchObject({ suggestedUnit: '省应急管理厅', deadline: '2026-12-10' });
    const none = intake('今天天气晴朗，气温适宜，市民纷纷外出踏青赏花。');
    expect(none.directives).toEqual([]);
    expect(none.warnings.map((w) => w.code)).toContain('no_directives');
  });
});

describe('the form a meeting took', () => {
  it('reads a video meeting however it is written', () => {
    for (const text of [
      '11月20日，副省长李明主持召开全省冬春安全生产视频调度会。李明强调，各地要压实责任。',
      '3月5日，省政府召开全省春耕生产工作会议，会议以视像形式连线各州县。王强指出，要抓好春耕。',
    ]) {
      expect(intake(text, { referenceDate: '2026-12-01' }).meeting.format).toBe('视频');
    }
  });
});

describe('deadlines in the next year', () => {
  it('reads 明年 before a quarter, a month or the year end as the year after the meeting', () => {
    const ref = { y: 2026, m: 11, d: 28 };
    expect(findDeadline('明年一季度末前建成县级冷链集配中心', ref)).toEqual({
      date: '2027-03-31',
      text: '明年一季度末前',
    });
    expect(findDeadline('明年6月底前完成', ref)?.date).toBe('2027-06-30');
    expect(findDeadline('明年底前全面完成', ref)?.date).toBe('2027-12-31');
    expect(findDeadline('年底前完成', ref)?.date).toBe('2026-12-31');
    expect(findDeadline('2028年6月底前完成', ref)?.date).toBe('2028-06-30');
  });
});

describe('news of work done, outside a speaker’s words', () => {
  it('is not taken as an instruction', () => {
    const news = [
      '4月10日，全省安全生产工作推进会召开。',
      '省应急管理厅牵头开展了危化品专项检查，排查隐患320处。',
      '省财政厅负责下达的救灾资金已于3月底前拨付到位。',
      '截至3月底，省文化和旅游厅已完成A级景区复核。',
    ].join('\n');
    expect(intake(news, { referenceDate: '2026-04-10' }).directives).toEqual([]);
  });
});
