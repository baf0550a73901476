/**
 * Meeting-report intake: bytes or text in, a draft meeting record and draft instructions out. Usable on its
 * own — no database, no network. See `intake` for the entry point and types.ts for the result's shape.
 */
import { decodeInput } from './decode.js';
import { findDirectives, findTableDirectives } from './directives.js';
import { IntakeError } from './errors.js';
import { extractMeeting } from './extract.js';
import { normalize } from './normalize.js';
import type { IntakeResult, IntakeWarning } from './types.js';

export { IntakeError, intakeErrorMessages, type IntakeErrorCode } from './errors.js';
export { decodeInput, type Decoded, type InputEncoding } from './decode.js';
export { normalize, type Change, type Normalized, type UnrepairedSpan } from './normalize.js';
export { findDeadline, parseNumber } from './dates.js';
export { formatSummary } from './summary.js';
export * from './types.js';

/** Options of `intake`. */
export interface IntakeOptions {
  /** the file's name, when known; accepted for callers' convenience — the format is detected from the content */
  filename?: string;
  /** YYYY-MM-DD; resolves 昨日 and month-day dates when the report itself gives no year */
  referenceDate?: string;
}

/**
 * Reads a meeting report — pasted text, a .txt in UTF-8/GBK/GB18030/Big5, or a .docx — and returns its
 * normalised text, the meeting (title, date, place, format, chair, speakers, attendees, organisations, key
 * numbers), the instructions given with deadlines, and warnings. Throws IntakeError (zh-CN message, stable
 * code) for input that is not a readable text at all; text without a meeting gives a warning instead.
 */
export function intake(input: Buffer | Uint8Array | string, opts: IntakeOptions = {}): IntakeResult {
  const decoded = decodeInput(input);
  if (decoded.text.trim().length === 0) {
    throw new IntakeError('empty_input');
  }
  const norm = normalize(decoded.text);
  const warnings: IntakeWarning[] = [];
  const repaired = norm.changes.filter((c) => c.kind === 'mojibake').length;
  if (repaired > 0) {
    warnings.push({ code: 'mojibake_repaired', message: `已修复 ${repaired} 处乱码,请核对。` });
  }
  for (const u of norm.unrepaired.slice(0, 20)) {
    warnings.push({
      code: 'unrepaired_mojibake',
      message: `第 ${u.normalizedStart} 字处疑似乱码未能修复:"${u.text}"`,
      offset: u.normalizedStart,
    });
  }
  if (norm.unrepaired.length > 20) {
    warnings.push({
      code: 'unrepaired_mojibake',
      message: `另有 ${norm.unrepaired.length - 20} 处疑似乱码未能修复。`,
    });
  }
  const facts = extractMeeting(norm.text, opts.referenceDate, warnings);
  const directives = [
    ...findDirectives(norm.text, facts.people.names, facts.organisations, facts.ymd, norm.toOriginal),
    ...findTableDirectives(norm.text, facts.ymd, norm.toOriginal),
  ].sort((a, b) => a.sourceOffset - b.sourceOffset);
  const noMeeting = facts.title === null && facts.people.speakers.length === 0 && facts.people.chair === null;
  if (noMeeting) {
    warnings.unshift({
      code: 'no_meeting_found',
      message: '未在文本中找到会议:没有会议名称、主持人或讲话人。',
    });
    // Without a meeting a missing date says nothing new.
    for (let i = warnings.length - 1; i >= 0; i--) {
      if (warnings[i]?.code === 'date_not_found') {
        warnings.splice(i, 1);
      }
    }
  }
  if (directives.length === 0) {
    warnings.push({ code: 'no_directives', message: '未识别到具体工作要求。' });
  }
  return {
    normalizedText: norm.text,
    meeting: {
      title: facts.title,
      date: facts.date,
      dateInferred: facts.dateInferred,
      place: facts.place,
      format: facts.format,
      chair: facts.people.chair,
      speakers: facts.people.speakers,
      attendees: facts.people.attendees,
      organisations: facts.organisations,
      keyNumbers: facts.keyNumbers,
    },
    directives,
    warnings,
    changes: norm.changes,
    unrepaired: norm.unrepaired,
    encoding: decoded.encoding,
  };
}
