import type { InputEncoding } from './decode.js';
import type { Change, UnrepairedSpan } from './normalize.js';

/**
 * What a person did at the meeting, as the reports word it: 讲话 (gave the speech), 主持 (chaired), 传达
 * (relayed a higher body's instructions), 通报 (reported the situation), 说明 (explained a document), 发言
 * (spoke from the floor). The values are these Chinese words themselves.
 */
export type SpeakerRole = '讲话' | '主持' | '传达' | '通报' | '说明' | '发言';

/** Order used to pick a person's main `role` when they did several things (first wins). */
export const rolePriority: readonly SpeakerRole[] = ['讲话', '主持', '传达', '通报', '说明', '发言'];

/** Someone who spoke; `role` is the main one, `roles` all of them in `rolePriority` order. */
export interface Speaker {
  name: string;
  titles: string[];
  role: SpeakerRole;
  roles: SpeakerRole[];
}

/** A named person present without a speaking part. */
export interface Attendee {
  name: string;
  titles: string[];
}

/** A number the report gives weight to, e.g. 32项重点任务. */
export interface KeyNumber {
  text: string;
  value: number;
  unit: string;
  what: string;
  /** offset in normalizedText */
  offset: number;
}

/** How the meeting was held. */
export type MeetingFormat = '现场' | '视频' | '电视电话';

/** The meeting described by the report. */
export interface Meeting {
  title: string | null;
  date: string | null;
  /** true when the year or the day was worked out (from context or the reference date) rather than written */
  dateInferred: boolean;
  place: string | null;
  format: MeetingFormat | null;
  chair: string | null;
  speakers: Speaker[];
  attendees: Attendee[];
  organisations: string[];
  keyNumbers: KeyNumber[];
}

/** One concrete instruction, linked back to the sentence it came from. */
export interface Directive {
  /** who gave it; null when the meeting as a whole did (会议要求…) or it came from a task table */
  speaker: string | null;
  text: string;
  /** ISO date, or null when none is stated */
  deadline: string | null;
  /** the words the deadline was read from (6月底前) */
  deadlineText: string | null;
  /** the full sentence it came from */
  sentence: string;
  /** offset of `text` in normalizedText */
  sourceOffset: number;
  /** offset of `text` in the original input text */
  originalOffset: number;
  /** an organisation named in it (or the table's 牵头单位), a likely lead unit */
  suggestedUnit: string | null;
  /** 'speech' for instructions in the report's prose, 'table' for rows of a task-division table */
  source: 'speech' | 'table';
}

/** Something the caller should know: no meeting found, damage left in the text, a guessed year… */
export interface IntakeWarning {
  code:
    | 'no_meeting_found'
    | 'unrepaired_mojibake'
    | 'mojibake_repaired'
    | 'date_not_found'
    | 'year_inferred'
    | 'no_directives';
  message: string;
  /** offset in normalizedText, when the warning is about one place */
  offset?: number;
}

/** Everything `intake` returns. */
export interface IntakeResult {
  normalizedText: string;
  meeting: Meeting;
  directives: Directive[];
  warnings: IntakeWarning[];
  /** normalisation edits, in original order */
  changes: Change[];
  /** spans that look damaged and were left as they were */
  unrepaired: UnrepairedSpan[];
  /** how the input's bytes were read */
  encoding: InputEncoding;
}
