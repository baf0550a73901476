import { z } from 'zod';
import { MAX_TEXT_CHARS } from './meetings.schema.js';

/** Largest file `POST /intake` reads: a report is tens of kilobytes, a .docx with photos a few megabytes. */
export const INTAKE_MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Largest JSON body `POST /intake` and `POST /meetings` accept (the text at three bytes a character, and more). */
export const INTAKE_MAX_BODY_BYTES = 4 * 1024 * 1024;

export const intakeText = z.strictObject({
  /** The report as pasted: simplified or traditional Chinese, with pinyin, mojibake or full-width noise. */
  text: z
    .string()
    .max(MAX_TEXT_CHARS, `文本不能超过 ${MAX_TEXT_CHARS} 字`)
    .refine((s) => s.trim().length > 0, '请粘贴会议报道文本'),
});

const changeKinds = ['pinyin', 'mojibake', 't2s', 'punctuation', 'whitespace'] as const;

export const intakeOut = z.object({
  /** The text as read (decoded from the file), which `changes` and `unrepaired` point into by `original*` offsets. */
  originalText: z.string(),
  normalizedText: z.string(),
  meeting: z.object({
    title: z.string().nullable(),
    date: z.string().nullable(),
    dateInferred: z.boolean(),
    place: z.string().nullable(),
    /** 现场 · 视频 · 电视电话 */
    format: z.enum(['现场', '视频', '电视电话']).nullable(),
    chair: z.string().nullable(),
    speakers: z.array(
      z.object({
        name: z.string(),
        titles: z.array(z.string()),
        role: z.string(),
        roles: z.array(z.string()),
      }),
    ),
    attendees: z.array(z.object({ name: z.string(), titles: z.array(z.string()) })),
    organisations: z.array(z.string()),
    keyNumbers: z.array(
      z.object({
        text: z.string(),
        value: z.number(),
        unit: z.string(),
        what: z.string(),
        offset: z.number().int(),
      }),
    ),
  }),
  directives: z.array(
    z.object({
      speaker: z.string().nullable(),
      text: z.string(),
      deadline: z.string().nullable(),
      deadlineText: z.string().nullable(),
      sentence: z.string(),
      /** Offset of `text` in normalizedText. */
      sourceOffset: z.number().int(),
      /** Offset of `text` in originalText. */
      originalOffset: z.number().int(),
      suggestedUnit: z.string().nullable(),
      source: z.enum(['speech', 'table']),
    }),
  ),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), offset: z.number().int().optional() })),
  /** Normalisation edits: pinyin removed, mojibake repaired, traditional → simplified, punctuation. */
  changes: z.array(
    z.object({
      kind: z.enum(changeKinds),
      originalStart: z.number().int(),
      originalEnd: z.number().int(),
      normalizedStart: z.number().int(),
      normalizedEnd: z.number().int(),
      original: z.string(),
      normalized: z.string(),
    }),
  ),
  /** Spans that look damaged and were left as they were. */
  unrepaired: z.array(
    z.object({
      originalStart: z.number().int(),
      originalEnd: z.number().int(),
      normalizedStart: z.number().int(),
      normalizedEnd: z.number().int(),
      text: z.string(),
      reason: z.string(),
    }),
  ),
  /** How the bytes were read: text (pasted), utf-8, utf-16le/be, gb18030, big5 or docx. */
  encoding: z.string(),
});
export type IntakeOut = z.infer<typeof intakeOut>;
