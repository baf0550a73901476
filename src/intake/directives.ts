/**
 * Concrete instructions: what a speaker (or the meeting) said must be done — 要…, 必须…, 确保…, 一要…二要…,
 * 要求… — each with its speaker, a deadline when one is stated, an organisation when one is named, and
 * the sentence it came from. Task-division tables (序号/任务/牵头单位/完成时限) become instructions too.
 */
import { findDeadline, type Ymd } from './dates.js';
import { clauses, sentences, type Piece } from './extract.js';
import type { Directive } from './types.js';

const SPEECH_VERB = '(?:指出|强调|要求|表示|认为|提出|希望|明确|说|讲道|谈到|寄语|提醒)';
const ATTRIBUTION = new RegExp(
  `^(?:会上，|会议上，)?([\\u4e00-\\u9fff·]{1,12}?)(?:同志)?(?:在[^，。]{0,16}?中|代表[^，。]{0,16}?，)?(?:还|进一步|再次|特别|最后)?${SPEECH_VERB}`,
);
/** Markers of an instruction. 要 but not 重要/主要/需要/纲要/只要…, nor 要求/要素/要点 as nouns. */
const MARKER =
  /(?<![重主需纲只扼概提摘不紧想简必首])要(?![求素点件害闻领务])|必须|务必|确保|严禁|不得|(?:^|，)要求|(?<![必无])须(?=[于在按尽])/;
/** A unit given the work: 省商务厅牵头，…; 省住建厅负责…; 会同…. Not 负责同志 (officials) or 负责人. */
const DUTY = /牵头(?!的)|(?<!主要|分管)负责(?!同志|人|的)|会同/;
/** An account of what was done (已完成, 开展了, 截至3月底): news, not an instruction. */
const PAST = /已经?|(?<![为除])了(?!解)|截[至止]/;
const ENUMERATOR =
  /(?:[一二三四五六七八九十]要|[一二三四五六七八九十]是|第[一二三四五六七八九十]，|首先，|其次，|最后，)/g;
const MAX_DIRECTIVE = 400;

/** Splits a sentence at 一要/二要/一是/第一，… so each numbered instruction stands alone. */
function splitEnumerated(s: Piece): Piece[] {
  const cuts = [0];
  for (const m of s.text.matchAll(ENUMERATOR)) {
    if (m.index > 0) {
      cuts.push(m.index);
    }
  }
  cuts.push(s.text.length);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i] ?? 0;
    const b = cuts[i + 1] ?? 0;
    if (b > a) {
      out.push({ text: s.text.slice(a, b), start: s.start + a });
    }
  }
  return out;
}

function stripQuoted(s: string): string {
  // Quoted slogans ("要在"、"两个维护") carry 要 without being instructions.
  return s.replace(/“[^”]{0,8}”/g, '“”');
}

/** Finds the speaker a sentence opens with, when it names one known person, 他/她, or the meeting. */
function speakerOf(
  text: string,
  known: Set<string>,
  current: string | null,
): { speaker: string | null; matched: boolean; cut: number } {
  const m = ATTRIBUTION.exec(text);
  if (!m) {
    return startsWithKnown(text, known, current);
  }
  const who = m[1] ?? '';
  const cut = m[0].length + (text[m[0].length] === '，' || text[m[0].length] === '：' ? 1 : 0);
  if (who === '他' || who === '她') {
    return { speaker: current, matched: true, cut };
  }
  if (/^(?:会议|本次会议|此次会议|大会)$/.test(who)) {
    return { speaker: null, matched: true, cut };
  }
  for (const name of known) {
    if (who === name || who.endsWith(name)) {
      return { speaker: name, matched: true, cut };
    }
  }
  return startsWithKnown(text, known, current);
}

/** "欧青平代表国务院扶贫办,对…": a sentence opening with a known name makes them the speaker. */
function startsWithKnown(text: string, known: Set<string>, current: string | null) {
  let best = '';
  for (const name of known) {
    if (name.length > best.length && text.startsWith(name)) {
      best = name;
    }
  }
  return best ? { speaker: best, matched: true, cut: 0 } : { speaker: current, matched: false, cut: 0 };
}

/**
 * Instructions in the prose. A paragraph opening "王晓指出/强调/要求" gives its speaker to the sentences that
 * follow until the paragraph ends or another speaker is named; "会议要求…" gives the meeting.
 */
export function findDirectives(
  text: string,
  known: Set<string>,
  organisations: string[],
  meetingDate: Ymd | undefined,
  toOriginal: Int32Array,
): Directive[] {
  const out: Directive[] = [];
  let current: string | null = null;
  let active = false;
  let lastLineStart = -1;
  // A short numbered instruction ("二要聚焦目标不懈怠。") is a heading: the marker-less sentences after it
  // in the same paragraph spell it out and are added to it.
  let heading: { d: Directive; added: number } | undefined;
  const orgs = [...organisations].sort((a, b) => b.length - a.length);
  for (const s of sentences(text)) {
    const lineStart = text.lastIndexOf('\n', s.start) + 1;
    if (lineStart !== lastLineStart) {
      // A new paragraph: the speaker carries on only if the paragraph names them again.
      lastLineStart = lineStart;
      current = null;
      active = false;
      heading = undefined;
    }
    if (s.text.length > 3000) {
      continue;
    }
    const who = speakerOf(s.text, known, current);
    if (who.matched) {
      current = who.speaker;
      active = true;
    }
    const body: Piece = { text: s.text.slice(who.cut), start: s.start + who.cut };
    for (const part of body.text.includes('；') ? splitOn(body, '；') : [body]) {
      for (const seg of splitEnumerated(part).flatMap((p) => splitAtUnits(p, orgs))) {
        const t = seg.text
          .replace(/[。；！，]+[”’]?$/, '')
          .replace(/^[，、：\s]+/, '')
          .replace(
            /^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)[，：\s]*/,
            '',
          );
        const deadline = findDeadline(t, meetingDate);
        const unitFirst = orgs.some(
          (o) => t.startsWith(o) || t.startsWith(`由${o}`) || t.startsWith(`请${o}`),
        );
        const marked = MARKER.test(stripQuoted(t));
        // Outside a speaker's words (a notice, a bulletin, a numbered task list) only an instruction that
        // names a unit or a date counts; a unit given the work (牵头, 负责) counts with either.
        const instruction = active
          ? marked || (DUTY.test(t) && (deadline !== undefined || unitFirst))
          : (marked || DUTY.test(t)) && (deadline !== undefined || unitFirst) && !PAST.test(t);
        if (t.length < 6 || t.length > MAX_DIRECTIVE || !instruction) {
          if (
            heading &&
            heading.added < 2 &&
            t.length >= 6 &&
            heading.d.text.length + t.length < MAX_DIRECTIVE
          ) {
            heading.d.text += `。${t}`;
            heading.added++;
            heading.d.deadline ??= findDeadline(t, meetingDate)?.date ?? null;
          } else {
            heading = undefined;
          }
          continue;
        }
        const startInSeg = seg.text.indexOf(t);
        const sourceOffset = seg.start + Math.max(0, startInSeg);
        const d: Directive = {
          speaker: active ? current : null,
          text: t,
          deadline: deadline?.date ?? null,
          deadlineText: deadline?.text ?? null,
          sentence: s.text,
          sourceOffset,
          originalOffset: toOriginal[sourceOffset] ?? 0,
          suggestedUnit: orgs.find((o) => t.includes(o)) ?? null,
          source: 'speech',
        };
        out.push(d);
        heading = t.length <= 16 ? { d, added: 0 } : undefined;
      }
    }
  }
  return out;
}

/**
 * Splits 「县财政局要在一个月内拨付…，县乡村振兴局要于6月底前完成…」 where a clause names another unit and
 * gives it work, so that each unit keeps its own task and deadline.
 */
function splitAtUnits(p: Piece, orgs: string[]): Piece[] {
  const cuts = [0];
  let at = p.text.indexOf('，');
  while (at >= 0) {
    const rest = p.text.slice(at + 1);
    const org = orgs.find((o) => rest.startsWith(o));
    if (org && /^(?:要|须|必须|务必|牵头|负责|于|在|抓紧|尽快)/.test(rest.slice(org.length))) {
      cuts.push(at + 1);
    }
    at = p.text.indexOf('，', at + 1);
  }
  cuts.push(p.text.length);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    out.push({ text: p.text.slice(cuts[i], cuts[i + 1]), start: p.start + cuts[i]! });
  }
  return out;
}

function splitOn(p: Piece, sep: string): Piece[] {
  const out: Piece[] = [];
  let pos = 0;
  for (const part of p.text.split(sep)) {
    out.push({ text: part, start: p.start + pos });
    pos += part.length + sep.length;
  }
  return out;
}

// ---------------------------------------------------------------- task tables

const COLUMN_SPLIT = /\t+|\s{2,}|\s*[|｜]\s*/;

/**
 * Rows of a task-division table written as text (tab-, wide-space- or bar-separated), e.g. from a .docx:
 * a header naming 序号, 任务/事项, 牵头单位/责任单位 and 完成时限, then numbered rows.
 */
export function findTableDirectives(
  text: string,
  meetingDate: Ymd | undefined,
  toOriginal: Int32Array,
): Directive[] {
  const out: Directive[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let header: { task: number; lead: number; deadline: number; width: number } | undefined;
  for (const line of lines) {
    const lineStart = offset;
    offset += line.length + 1;
    if (line.length > 2000) {
      header = undefined;
      continue;
    }
    const cells = line.trim().split(COLUMN_SPLIT);
    const find = (re: RegExp) => cells.findIndex((c) => re.test(c));
    if (/序号/.test(line) && cells.length >= 3) {
      const task = find(/任务|事项|工作内容|内容/);
      const lead = find(/牵头单位|责任单位|牵头部门|责任部门|承办单位/);
      const deadline = find(/时限|完成时间|截止|时间节点/);
      header = task >= 0 ? { task, lead, deadline, width: cells.length } : undefined;
      continue;
    }
    if (!header) {
      continue;
    }
    if (!/^\s*\d+[.、．]?\s*$/.test(cells[0] ?? '') || cells.length < Math.min(3, header.width)) {
      if (line.trim()) {
        header = undefined;
      }
      continue;
    }
    const task = cells[header.task]?.trim() ?? '';
    if (!task) {
      continue;
    }
    const lead = header.lead >= 0 ? (cells[header.lead]?.trim() ?? '') : '';
    const when = header.deadline >= 0 ? (cells[header.deadline]?.trim() ?? '') : '';
    const deadline = findDeadline(when, meetingDate) ?? findDeadline(task, meetingDate);
    const sourceOffset = lineStart + Math.max(0, line.indexOf(task));
    out.push({
      speaker: null,
      text: task,
      deadline: deadline?.date ?? null,
      deadlineText: deadline?.text ?? (when || null),
      sentence: line.trim(),
      sourceOffset,
      originalOffset: toOriginal[sourceOffset] ?? 0,
      suggestedUnit: lead ? (lead.split(/[、，,]/)[0] ?? lead) : null,
      source: 'table',
    });
  }
  return out;
}

export { clauses };
