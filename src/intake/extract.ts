/**
 * Reads a normalised (simplified, punctuation-evened) meeting report: the meeting's name, date, place,
 * format, chair, speakers and their parts, named attendees, organisations and key numbers. Directives are
 * in directives.ts. Everything works clause by clause with bounded regular expressions, so the cost is
 * linear in the text and no input can make a pattern backtrack for long.
 */
import {
  compareYmd,
  findDateMentions,
  findFullDates,
  iso,
  parseIso,
  parseNumber,
  resolveRelative,
  yearBefore,
  yearFromMentions,
  type DateMention,
  type Ymd,
} from './dates.js';
import { isBareName, parseGroup, type NamedPerson } from './people.js';
import {
  rolePriority,
  type Attendee,
  type IntakeWarning,
  type KeyNumber,
  type MeetingFormat,
  type Speaker,
  type SpeakerRole,
} from './types.js';

/** A stretch of the text with its offset. */
export interface Piece {
  text: string;
  start: number;
}

const MAX_CLAUSE = 300;

/** Sentences: split after 。！？；and at line breaks, keeping a closing quote with its sentence. */
export function sentences(text: string): Piece[] {
  const out: Piece[] = [];
  const re = /[^。！？；\n]*(?:[。！？；]+[”’」]?|\n|$)/g;
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) {
      if (m.index >= text.length) {
        break;
      }
      continue;
    }
    const trimmed = m[0].replace(/\s+$/, '');
    if (trimmed.trim()) {
      out.push({ text: trimmed, start: m.index });
    }
  }
  return out;
}

/** Clauses of a sentence: split at ，,：and runs of blanks (headlines use blanks as separators). */
export function clauses(sentence: Piece): Piece[] {
  const out: Piece[] = [];
  for (const m of sentence.text.matchAll(/[^，：:。！？；\s●]+/g)) {
    out.push({ text: m[0], start: sentence.start + m.index });
  }
  return out;
}

// ---------------------------------------------------------------- title, place, format

const MEETING_END =
  '(?:会议|大会|全会|(?:推进|部署|座谈|现场|调度|工作|动员|专题|汇报|交流|观摩|培训|发布|报告|总结|协调|联席|常务|办公|务虚|评审|论证|对接|推介|党组|例|视频|电视电话|述职|点评|讲评|约谈|推动|誓师|启动|表彰|研讨|分析)会)';
const CONVENE_A = new RegExp(`^(.{0,20}?)(?:主持)?(?:召开|举行|组织召开)了?(.{2,70}?${MEETING_END})$`);
const CONVENE_B = new RegExp(
  `^(.{2,70}?${MEETING_END})(?:以(.{2,12}?)形式)?(?:在(.{2,30}?))?(?:以(.{2,12}?)形式)?(?:隆重|顺利|正式)?(?:召开|举行|开幕)$`,
);
const LEADING_NOISE =
  /^(?:本网讯|本报讯|讯|据[^，]{1,10}报道|近日|日前|今天|昨天|上午|下午|晚上|当天|[^，]{0,12}(?:讯|客户端))+/;

/** The meeting sentence and what it says. */
interface Convening {
  title: string;
  place: string | null;
  formatWords: string;
  sentence: Piece;
  index: number;
}

function cleanTitle(t: string): string {
  return t
    .replace(/^(?:了|一次|一个)/, '')
    .replace(/^(?:\d{1,2}月\d{1,2}日|[上下]午|\d{4}年\d{1,2}月\d{1,2}日)/, '');
}

function findConvening(sents: Piece[]): Convening | undefined {
  let fallback: Convening | undefined;
  for (const s of sents.slice(0, 60)) {
    for (const c of clauses(s)) {
      if (c.text.length > MAX_CLAUSE || !/会/.test(c.text)) {
        continue;
      }
      const text = c.text.replace(LEADING_NOISE, '');
      const b = CONVENE_B.exec(text);
      if (b?.[1] && !/^(?:会议|本次会议|此次会议)$/.test(b[1])) {
        const found: Convening = {
          title: cleanTitle(b[1]),
          place: b[3] ?? null,
          formatWords: (b[2] ?? '') + (b[4] ?? ''),
          sentence: s,
          index: c.start,
        };
        if (/[。；]$/.test(s.text) || s.text.length > 40) {
          return found; // a body sentence beats a headline
        }
        fallback ??= found;
        continue;
      }
      const a = CONVENE_A.exec(text);
      if (a?.[2]) {
        const place = /在([^，]{2,30}?)(?:召开|举行)/.exec(s.text)?.[1] ?? null;
        const found: Convening = {
          title: cleanTitle(a[2]),
          place,
          formatWords: '',
          sentence: s,
          index: c.start,
        };
        if (/[。；]$/.test(s.text) || s.text.length > 40) {
          return found;
        }
        fallback ??= found;
      }
    }
  }
  return fallback;
}

function findFormat(text: string, conv: Convening | undefined): MeetingFormat | null {
  // Only the meeting's own sentence and explicit "会议以…形式召开" count: reports often relay *other*
  // meetings (传达全省电视电话会议精神), which say nothing about this one.
  const hay = `${conv?.formatWords ?? ''}${conv?.title ?? ''}${conv?.sentence.text ?? ''}`;
  const stated = /(?:会议|本次会议|此次会议|大会)(?:以|采取|采用|通过)(电视电话|视频)/.exec(text)?.[1] ?? '';
  if (
    /电视电话会议形式|以电视电话/.test(hay) ||
    stated === '电视电话' ||
    /电视电话会/.test(conv?.title ?? '')
  ) {
    return '电视电话';
  }
  if (
    /以(?:视频|视像|线上|网络)(?:会议)?(?:形式|方式)|视频连线|连线各|视频(?:调度|工作|推进)?会|线上会议/.test(
      hay,
    ) ||
    stated === '视频' ||
    /设分会场/.test(text)
  ) {
    return '视频';
  }
  if (/现场/.test(conv?.title ?? '') || conv?.place) {
    return '现场';
  }
  return null;
}

// ---------------------------------------------------------------- date

function findMeetingDate(
  text: string,
  conv: Convening | undefined,
  referenceDate: Ymd | undefined,
  warnings: IntakeWarning[],
): { date: string | null; inferred: boolean; ymd: Ymd | undefined } {
  const all = findDateMentions(text);
  const full = findFullDates(text);
  // A date in the meeting sentence; else the nearest just before it (a dateline line); else the first
  // month-day in the opening lines.
  let mention: DateMention | undefined;
  if (conv) {
    const end = conv.sentence.start + conv.sentence.text.length;
    const inSentence = all.filter((m) => m.index >= conv.sentence.start && m.index < end);
    // The date written last before the meeting's clause ("2021年7月2日 本报讯 昨日，…会议召开" → 昨日).
    mention = inSentence.filter((m) => m.index <= conv.index).pop() ?? inSentence[0];
    mention ??= all.filter((m) => m.index < conv.sentence.start && m.index >= conv.sentence.start - 30).pop();
  }
  mention ??= all.find((m) => m.kind !== 'full' && m.index < 800) ?? all.find((m) => m.index < 800);
  if (!mention) {
    warnings.push({ code: 'date_not_found', message: '未找到会议日期。' });
    return { date: null, inferred: false, ymd: undefined };
  }
  if (mention.kind === 'full') {
    return { date: iso(mention.date), inferred: false, ymd: mention.date };
  }
  // The report's own date (dateline) anchors years and relative days; it is a full date other than this one.
  const anchor = full.find((f) => f.index !== mention.index) ?? referenceDate;
  if (mention.kind === 'relative') {
    if (!anchor) {
      warnings.push({
        code: 'date_not_found',
        message: '会议日期是相对日期(如"昨日"),但文中没有可参照的日期。',
      });
      return { date: null, inferred: false, ymd: undefined };
    }
    const d = resolveRelative(anchor, mention.offsetDays, mention.day);
    return { date: iso(d), inferred: true, ymd: d };
  }
  let year: number | undefined;
  let how = '';
  const written = full.find((f) => f.index !== mention.index);
  if (written) {
    year = yearBefore(written, mention.m, mention.d);
    how = `根据文中日期 ${iso(written)}`;
  } else {
    year = yearFromMentions(text);
    if (year !== undefined) {
      how = '根据文中提到的年份';
    } else if (referenceDate) {
      year = yearBefore(referenceDate, mention.m, mention.d);
      how = `根据参考日期 ${iso(referenceDate)}`;
    }
  }
  if (year === undefined) {
    warnings.push({
      code: 'date_not_found',
      message: `会议日期只有月日(${mention.m}月${mention.d}日),无法推断年份。`,
    });
    return { date: null, inferred: false, ymd: undefined };
  }
  const ymd = { y: year, m: mention.m, d: mention.d };
  warnings.push({ code: 'year_inferred', message: `会议日期的年份为推断:${how}。` });
  return { date: iso(ymd), inferred: true, ymd };
}

// ---------------------------------------------------------------- people

const VERB =
  /出席|主持|讲话|致辞|传达|通报|作|就|代表|指出|强调|要求|表示|说明|发言|参加|宣读|介绍|汇报|部署|在|并|等|对|向|分别/g;
const CLAUSE_PREFIX = /^(?:会议|本次会议|此次会议|会上|会议期间)?(?:由|请)?/;

const IN_ROLE: Record<string, SpeakerRole> = {
  主持讲话: '主持',
  主持: '主持',
  讲话: '讲话',
  通报: '通报',
  发言: '发言',
  说明: '说明',
  传达: '传达',
};

/**
 * Parts a person played, from the words after their name. Only the head of each verb phrase counts
 * ("传达习近平总书记的重要讲话精神" is 传达, not 讲话); phrases are split at 并 and commas.
 */
function rolesOf(rest: string): SpeakerRole[] {
  const roles = new Set<SpeakerRole>();
  for (const phrase of rest.split(/并|，/)) {
    const inside = /^在(主持讲话|主持|讲话|通报|发言|说明|传达)中/.exec(phrase);
    if (inside) {
      const r = IN_ROLE[inside[1] ?? ''];
      if (r) {
        roles.add(r);
      }
      continue;
    }
    const head = phrase.replace(/^(?:出席会议|出席|参加会议|参加|代表[^，]{0,12}|分别|还|也|同时|随后)/, '');
    if (/^(?:讲话|致辞|发表[^，]{0,8}讲话|作[^，]{0,10}(?:讲话|动员|部署|报告)|动员部署)/.test(head)) {
      roles.add('讲话');
    } else if (/^主持/.test(head)) {
      roles.add('主持');
    } else if (/^传达/.test(head)) {
      roles.add('传达');
    } else if (/^通报/.test(head)) {
      roles.add('通报');
    } else if (/^(?:就[^，]{0,60}?)?作(?:了)?[^，]{0,8}说明|^说明/.test(head)) {
      roles.add('说明');
    } else if (/^(?:就[^，]{0,60}?)?作(?:了)?[^，]{0,8}发言|^发言/.test(head)) {
      roles.add('发言');
    }
  }
  return [...roles];
}

interface PersonRecord {
  name: string;
  titles: string[];
  roles: Set<SpeakerRole>;
  attended: boolean;
  first: number;
}

/** People, their titles and parts, read from "titles + name + verb" clauses. */
export interface People {
  speakers: Speaker[];
  attendees: Attendee[];
  chair: string | null;
  /** every name found, for attributing later "王晓指出…" sentences */
  names: Set<string>;
}

function record(
  map: Map<string, PersonRecord>,
  p: NamedPerson,
  roles: SpeakerRole[],
  attended: boolean,
  at: number,
) {
  let r = map.get(p.name);
  if (!r) {
    r = { name: p.name, titles: [], roles: new Set(), attended: false, first: at };
    map.set(p.name, r);
  }
  if (p.titles.length > r.titles.length) {
    r.titles = p.titles;
  }
  for (const role of roles) {
    r.roles.add(role);
  }
  r.attended ||= attended;
}

/** Splits a run of known names written together ("刘宁欧青平") into those names. */
function splitKnown(s: string, known: Set<string>): string[] | undefined {
  if (s.length === 0) {
    return [];
  }
  for (let k = Math.min(4, s.length); k >= 2; k--) {
    const head = s.slice(0, k);
    if (known.has(head)) {
      const rest = splitKnown(s.slice(k), known);
      if (rest) {
        return [head, ...rest];
      }
    }
  }
  return undefined;
}

/** Finds the people in the report. Titled mentions first; bare names only when they look like names. */
export function findPeople(sents: Piece[]): People {
  const map = new Map<string, PersonRecord>();
  const bare: { text: string; rest: string; at: number }[] = [];
  for (const s of sents) {
    if (s.text.length > 2000) {
      continue;
    }
    const pending: { people: NamedPerson[]; at: number }[] = [];
    for (const c of clauses(s)) {
      if (c.text.length > MAX_CLAUSE) {
        continue;
      }
      const text = c.text.replace(CLAUSE_PREFIX, '');
      const offset = c.text.length - text.length;
      let matched = false;
      for (const v of text.matchAll(VERB)) {
        const head = text.slice(0, v.index);
        if (head.length < 2) {
          continue;
        }
        const rest = text.slice(v.index);
        const group = parseGroup(head, false);
        if (group) {
          const roles = rolesOf(rest);
          // Named with titles and doing something at the meeting: present, whatever the verb.
          const attended = true;
          for (const p of group) {
            record(map, p, roles, attended, c.start + offset);
          }
          for (const pend of pending) {
            for (const p of pend.people) {
              record(map, p, roles, attended, pend.at);
            }
          }
          pending.length = 0;
          matched = true;
          break;
        }
        if (rolesOf(rest).length > 0 || /^(?:出席|参加)/.test(rest)) {
          bare.push({ text: head, rest, at: c.start + offset });
        }
      }
      if (!matched) {
        const group = parseGroup(text, false);
        if (group) {
          pending.push({ people: group, at: c.start + offset });
        }
      }
    }
  }
  const known = new Set(map.keys());
  for (const b of bare) {
    // "王建军主持并讲话", "刘宁欧青平讲话": names without titles, accepted when known or name-shaped.
    const names = splitKnown(b.text, known) ?? (isBareName(b.text) ? [b.text] : undefined);
    if (!names) {
      continue;
    }
    for (const name of names) {
      record(map, { name, titles: [] }, rolesOf(b.rest), true, b.at);
    }
  }
  const people = [...map.values()].sort((a, b) => a.first - b.first);
  const speakers: Speaker[] = [];
  const attendees: Attendee[] = [];
  let chair: string | null = null;
  for (const p of people) {
    const roles = rolePriority.filter((r) => p.roles.has(r));
    const main = roles[0];
    if (main) {
      speakers.push({ name: p.name, titles: p.titles, role: main, roles });
      if (roles.includes('主持') && chair === null) {
        chair = p.name;
      }
    } else if (p.attended) {
      attendees.push({ name: p.name, titles: p.titles });
    }
  }
  return { speakers, attendees, chair, names: new Set(map.keys()) };
}

// ---------------------------------------------------------------- organisations, numbers

const ORG_SUFFIX =
  '(?:股份有限公司|有限责任公司|有限公司|集团|委员会|人民政府|管委会|管理委员会|工作队|领导小组|办公室|办|委|局|厅|部|署|法院|检察院|院|中心|银行|协会|联合会|总工会|工会|团委|妇联|公司|管理局)';
const ORG_AFTER =
  '(?=$|[和与及]|负责|主要|有关|相关|作|等|牵头|要|分别|驻|领导|党组|班子|同志|人员|副|主任|书记|[局厅部处]长|主任)';
const ORG = new RegExp(
  `(?<=^|[和与及])(?:国务院|国家|中央|全国|中国|[\\u4e00-\\u9fff]{2,4}?(?:省|市|州|县|区|旗|盟)|省|市|州|县|区)[\\u4e00-\\u9fff]{0,12}?${ORG_SUFFIX}${ORG_AFTER}`,
  'g',
);
const ORG_BAD =
  /^(?:符合|按照|根据|贯彻|落实|传达|学习|围绕|对照|经|由|向|在|对|把|将)|常委$|委员$|[的了在是把被将对从向]|对口|召开|会议|工作会|推进|部署|攻坚|各部|各级|有关部|相关部|以来|领导班子|示范区|格局|布局|大局|全局/;
const ORG_GENERIC = /^(?:省|市|州|县|区)(?:委|政府|人大|政协|纪委|委办|政府办)$/;

const LEAD_IN =
  /^(?:他|她|会议|会上|并且?|还|同时|要求|责成|请|由|督促|指导|支持|推动|明确|一是|二是|三是|四是|五是)+/;

/** Organisations named in the text (departments, governments, companies), de-duplicated, in order. */
export function findOrganisations(text: string): string[] {
  const seen = new Set<string>();
  for (const piece of text.split(/[，。；：、“”《》()（）\s,;:]+/)) {
    // 「要求省应急管理厅牵头」, 「他要求州委…」: the words before a name are not part of it.
    const c = piece.replace(LEAD_IN, '');
    if (c.length < 3 || c.length > 200) {
      continue;
    }
    for (const m of c.matchAll(ORG)) {
      const org = m[0];
      if (org.length >= 3 && org.length <= 20 && !ORG_BAD.test(org) && !ORG_GENERIC.test(org)) {
        seen.add(org);
      }
    }
  }
  return [...seen];
}

const HEAD_NOUNS =
  '重点任务|任务|事项|重点工作|工作|项目|清单|战略|短板|基础|大事|关键|目标|措施|举措|机制|行动|工程|问题|领域|指标|意识|自信|维护|中心城市|城市|之城|体系|制度|方面|政策|单位|部门|贫困人口|人口|企业|园区|基地|示范区|产业|县|村|户|人|名|条|个|家|所|批';
const NUMBER = new RegExp(
  `((?<![\\d.])\\d{1,12}(?:\\.\\d{1,6})?|(?<![一二两三四五六七八九十百千万])[一二两三四五六七八九十百千万]{1,5})(项|个|条|件|张|大|批|类|支|家|所|座|名|户)((?:[\\u4e00-\\u9fff]{0,6}?)(?:${HEAD_NOUNS}))(?![日天])`,
  'g',
);
// Numbers are taken whole from where they start: a match tried inside a run of digits would make a long run quadratic.
const AMOUNT = /((?<![\d.])\d{1,12}(?:\.\d{1,6})?)(亿元|万元|元|%|个百分点|万人|公里|万亩|亩)/g;

/** Numbers the report stresses: 32项重点任务, 六大战略, 3.5亿元. First occurrence of each text. */
export function findKeyNumbers(text: string): KeyNumber[] {
  const out: KeyNumber[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(NUMBER)) {
    const value = parseNumber(m[1] ?? '');
    const prev = text[m.index - 1] ?? '';
    // 一项一项往前推, 第三个: not a count; numbers glued to another numeral are part of a larger one.
    if (!Number.isFinite(value) || value <= 1 || /[第一二三四五六七八九十\d]/.test(prev)) {
      continue;
    }
    if (seen.has(m[0]) || out.length >= 100) {
      continue;
    }
    seen.add(m[0]);
    out.push({ text: m[0], value, unit: m[2] ?? '', what: m[3] ?? '', offset: m.index });
  }
  for (const m of text.matchAll(AMOUNT)) {
    if (
      seen.has(m[0]) ||
      out.length >= 100 ||
      /\d{4}年$/.test(text.slice(Math.max(0, m.index - 5), m.index + 5))
    ) {
      continue;
    }
    seen.add(m[0]);
    out.push({ text: m[0], value: Number(m[1]), unit: m[2] ?? '', what: '', offset: m.index });
  }
  return out.sort((a, b) => a.offset - b.offset);
}

// ---------------------------------------------------------------- meeting

/** The meeting part of the result, plus the meeting date as a value for deadline resolution. */
export interface MeetingFacts {
  title: string | null;
  date: string | null;
  dateInferred: boolean;
  ymd: Ymd | undefined;
  place: string | null;
  format: MeetingFormat | null;
  people: People;
  organisations: string[];
  keyNumbers: KeyNumber[];
}

/** Extracts the meeting facts from normalised text. */
export function extractMeeting(
  text: string,
  referenceDate: string | undefined,
  warnings: IntakeWarning[],
): MeetingFacts {
  const sents = sentences(text);
  const conv = findConvening(sents);
  const ref = parseIso(referenceDate);
  const date = findMeetingDate(text, conv, ref, warnings);
  if (date.ymd && ref && compareYmd(date.ymd, ref) > 0 && date.inferred) {
    // An inferred date after the reference date is unlikely; keep it but say so.
    warnings.push({
      code: 'year_inferred',
      message: `推断的会议日期 ${iso(date.ymd)} 晚于参考日期 ${iso(ref)},请核对。`,
    });
  }
  const people = findPeople(sents);
  return {
    title: conv?.title ?? null,
    date: date.date,
    dateInferred: date.inferred,
    ymd: date.ymd,
    place: conv?.place ?? null,
    format: findFormat(text, conv),
    people,
    organisations: findOrganisations(text),
    keyNumbers: findKeyNumbers(text),
  };
}
