/**
 * The five reference reports (copied into test/fixtures/intake/seeds; LUOSHI_SEEDS points elsewhere).
 * Every expectation below was written by reading the reports, not from the code's output.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { intake, type IntakeResult } from '../../../src/intake/index.js';

const seedsDir = process.env.LUOSHI_SEEDS ?? path.resolve(import.meta.dirname, '../../fixtures/intake/seeds');
if (!existsSync(seedsDir)) {
  throw new Error(`The reference reports are missing: ${seedsDir}`);
}

interface Expected {
  file: string;
  title: RegExp;
  date: string;
  dateInferred: boolean;
  place?: RegExp;
  format: string | null;
  chair: string;
  speakers: { name: string; titles: string[]; role: string; roles?: string[] }[];
  attendees: { name: string; titles: string[] }[];
  keyNumbers?: string[];
  organisations?: string[];
  /** speaker → fragments of instructions that speaker gave */
  directives: Record<string, string[]>;
  /** phrases that only a correct mojibake repair yields */
  repaired?: string[];
}

const expectations: Expected[] = [
  {
    file: '000',
    title: /与全国同步全面建成小康社会青海行动动员部署会/,
    date: '2020-06-04',
    dateInferred: true,
    format: '视频',
    chair: '李杰翔',
    speakers: [
      { name: '王建军', titles: ['省委书记', '省决胜全面小康领导小组组长'], role: '讲话' },
      { name: '刘宁', titles: ['省长', '省决胜全面小康领导小组组长'], role: '讲话' },
      { name: '李杰翔', titles: ['省委常委', '常务副省长'], role: '主持' },
      { name: '严金海', titles: ['省委常委', '副省长'], role: '传达', roles: ['传达'] },
    ],
    // 匡湧: the name's 湧 is simplified to 涌, as OpenCC (and most simplified text) writes it.
    attendees: ['匡涌', '王黎明', '杨逢春', '张黎', '杨志文'].map((name) => ({ name, titles: ['副省长'] })),
    keyNumbers: ['32项重点任务'],
    organisations: ['省发展改革委'],
    directives: {
      王建军: [
        '要补经济发展的短板',
        '要补公共服务的短板',
        '要补生态环保的短板',
        '要补社会进步的短板',
        '确保重点任务的落实和完成',
        '确保工作到位、力量到位、责任到位',
      ],
      刘宁: [
        '各地各部门要自觉对号入座',
        '要统筹做好重点突破',
        '要精准施策补齐区域全面小康短板',
        '要着力推动常态化疫情防控下的各项工作',
      ],
    },
  },
  {
    file: '001',
    title: /脱贫攻坚工作会议/,
    date: '2019-02-27',
    dateInferred: true,
    format: null,
    chair: '张晓容',
    speakers: [
      { name: '王晓', titles: ['市委书记'], role: '讲话' },
      { name: '张晓容', titles: ['市委副书记', '市长'], role: '主持', roles: ['主持', '传达'] },
      { name: '马坚', titles: ['市委副书记'], role: '通报' },
    ],
    attendees: [
      { name: '曹健松', titles: ['市人大常委会党组书记', '主任'] },
      { name: '段发达', titles: ['市政协党组书记', '主席'] },
      ...['宋晨曦', '周戈', '王霞', '王剑锋', '刘兴民', '管新民', '蔺国彪'].map((name) => ({
        name,
        titles: ['市委常委'],
      })),
    ],
    organisations: ['市卫健委', '市建设局', '市人社局'],
    directives: {
      王晓: [
        '一要坚持靠前指挥',
        '二要做到尽锐出战',
        '二要狠抓巡视整改',
        '一要建强“主心骨”',
        '要进一步强化党建引领',
      ],
      张晓容: ['要在学习领会上再发力', '要在完成问题整改再用劲', '要在巩固成效上再发力'],
      马坚: ['必须咬定目标、一鼓作气'],
    },
  },
  {
    file: '002',
    title: /^青海省2020年深度贫困地区脱贫攻坚现场推进会$/,
    date: '2020-06-08',
    dateInferred: true,
    place: /海南藏族自治州共和县/,
    format: '现场',
    chair: '王建军',
    speakers: [
      {
        name: '王建军',
        titles: ['青海省委书记', '省扶贫开发工作领导小组组长'],
        role: '讲话',
        roles: ['讲话', '主持'],
      },
      { name: '刘宁', titles: ['青海省长', '省扶贫开发工作领导小组组长'], role: '讲话' },
      { name: '欧青平', titles: ['国务院扶贫办副主任'], role: '讲话' },
      { name: '严金海', titles: ['青海省委常委', '副省长', '省扶贫开发工作领导小组副组长'], role: '通报' },
    ],
    attendees: [
      ...['鸟成云', '吴海昆', '张文魁'].map((name) => ({ name, titles: ['青海省领导'] })),
      { name: '朗杰', titles: ['青海省军区副司令员'] },
    ],
    organisations: ['国务院扶贫办', '国家能源局'],
    directives: {
      王建军: [
        '要不折不扣答好应答题、必答题',
        '要持续抓实常态化疫情防控措施',
        '要处理好脱贫攻坚、乡村振兴向现代化迈进的关系',
      ],
      刘宁: ['要坚决克服松劲懈怠思想', '要衔接乡村振兴插上腾飞翅膀'],
      欧青平: ['要保持战略定力'],
    },
  },
  {
    file: '003',
    title: /全州“六大战略”暨“三创联动”推进会议/,
    date: '2019-05-22',
    dateInferred: true,
    place: /^康定$/,
    format: '电视电话',
    chair: '肖友才',
    speakers: [
      { name: '刘成鸣', titles: ['州委书记'], role: '讲话' },
      { name: '肖友才', titles: ['州委副书记', '州长'], role: '主持' },
    ],
    attendees: [],
    keyNumbers: ['六大战略', '四大短板'],
    directives: {
      刘成鸣: [
        '一要保持定力不动摇',
        '要用项目带动',
        '四要落实责任不断链',
        '要实行“月报季会”制',
        '要将考核与年度目标绩效奖挂钩',
      ],
      肖友才: ['倒排工期、挂图作战', '必须严格督查问责'],
    },
    repaired: [
      '甘孜日报 2019年05月23日',
      '做美村寨的蓝图变为了现实',
      '五要强化考核不打折。“六大战略”和“三创联动”工作',
    ],
  },
  {
    file: '004',
    title: /全市“挑大梁勇争先”展现省会担当动员部署大会/,
    date: '2025-03-06',
    dateInferred: true,
    format: null,
    chair: '石建平',
    speakers: [
      { name: '王卫东', titles: ['省委常委', '西宁市委书记'], role: '讲话' },
      { name: '石建平', titles: ['市委副书记', '市长'], role: '主持' },
      { name: '王刚', titles: ['市委常委', '副市长'], role: '说明' },
    ],
    attendees: [
      { name: '李家成', titles: ['市委副书记'] },
      { name: '黄城', titles: ['市人大常委会党组书记', '主任'] },
      { name: '洛珠南杰', titles: ['市政协党组书记', '主席'] },
    ],
    keyNumbers: ['三张清单'],
    organisations: ['市工信局'],
    directives: {
      王卫东: [
        '要坚持从效果上看思想',
        '要坚持从效果上看作风',
        '要完善日常调度机制、跟踪问效机制、任务交账机制',
      ],
      石建平: ['要廓清迷雾提认识', '各县区各部门要认真学习贯彻此次会议精神', '要攻坚克难求突破'],
    },
    repaired: ['扛起省会责任担当的根本要求，是机制化推动思想破冰'],
  },
];

/** Characters that exist only in traditional writing; none may survive normalisation. */
const TRADITIONAL_ONLY = [...'這們來時說國會對發動與當進過現實經體點業開還從關問題區議導長書記強調縣傳達領組織責務標黨員聯據項總結劃應隊歷農義將報層參營設計變幾張戰創勢級鳴濟學習熱湧']; // prettier-ignore

const results = new Map<string, IntakeResult>();
let t2cn: (s: string) => string;

describe('the five reference reports', () => {
  beforeAll(() => {
    t2cn = (
      OpenCC as unknown as { Converter: (o: { from: string; to: string }) => (s: string) => string }
    ).Converter({
      from: 't',
      to: 'cn',
    });
    for (const f of readdirSync(seedsDir).filter((n) => n.endsWith('.txt'))) {
      results.set(f.slice(0, 3), intake(readFileSync(path.join(seedsDir, f))));
    }
  });

  for (const e of expectations) {
    describe(`report ${e.file}`, () => {
      const r = () => {
        const found = results.get(e.file);
        if (!found) {
          throw new Error(`seed ${e.file} missing`);
        }
        return found;
      };

      it('normalises to simplified text without pinyin annotations or mojibake', () => {
        const text = r().normalizedText;
        expect(text).not.toMatch(/[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]/);
        expect(text).not.toMatch(/[a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)/);
        expect(t2cn(text)).toBe(text);
        for (const ch of TRADITIONAL_ONLY) {
          expect(text, `traditional ${ch}`).not.toContain(ch);
        }
        expect(text).not.toMatch(/[?\ufffd]/);
        expect(r().unrepaired).toEqual([]);
        for (const phrase of e.repaired ?? []) {
          expect(text).toContain(phrase);
        }
      });

      it('finds the meeting, its date, place, format and chair', () => {
        const m = r().meeting;
        expect(m.title).toMatch(e.title);
        expect(m.date).toBe(e.date);
        expect(m.dateInferred).toBe(e.dateInferred);
        if (e.place) {
          expect(m.place).toMatch(e.place);
        }
        expect(m.format).toBe(e.format);
        expect(m.chair).toBe(e.chair);
      });

      it('finds every named speaker and attendee with their titles, in simplified form', () => {
        const m = r().meeting;
        for (const s of e.speakers) {
          const got = m.speakers.find((x) => x.name === s.name);
          expect(got, s.name).toBeDefined();
          expect(got?.titles).toEqual(s.titles);
          expect(got?.role).toBe(s.role);
          if (s.roles) {
            expect(got?.roles).toEqual(s.roles);
          }
        }
        expect(m.speakers.map((s) => s.name).sort()).toEqual(e.speakers.map((s) => s.name).sort());
        expect(m.attendees).toEqual(e.attendees);
        for (const k of e.keyNumbers ?? []) {
          expect(m.keyNumbers.map((x) => x.text)).toContain(k);
        }
        for (const o of e.organisations ?? []) {
          expect(m.organisations).toContain(o);
        }
      });

      it('recovers the concrete instructions, attributed to their speakers', () => {
        const ds = r().directives;
        for (const [speaker, fragments] of Object.entries(e.directives)) {
          for (const f of fragments) {
            const d = ds.find((x) => x.text.includes(f));
            expect(d, `${speaker}: ${f}`).toBeDefined();
            expect(d?.speaker).toBe(speaker);
            expect(d?.sentence).toContain(f);
            expect(
              r().normalizedText.slice(d?.sourceOffset, (d?.sourceOffset ?? 0) + (d?.text.length ?? 0)),
            ).toBe(d?.text);
          }
        }
      });
    });
  }

  it('reads 32项重点任务 as a key number with value, unit and what', () => {
    expect(results.get('000')?.meeting.keyNumbers).toContainEqual(
      expect.objectContaining({ text: '32项重点任务', value: 32, unit: '项', what: '重点任务' }),
    );
  });

  it('links each repaired span back to the garbled original', () => {
    const moj = results.get('003')?.changes.filter((c) => c.kind === 'mojibake') ?? [];
    expect(moj.map((c) => c.original)).toContain('?!傲髴?zhàn)');
    expect(moj.find((c) => c.original === '?!傲髴?zhàn)')?.normalized).toBe('。“六大战');
  });
});
