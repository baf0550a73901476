import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeInput, intake, IntakeError } from '../../../src/intake/index.js';
import { buildDocx, buildZip } from './docx-builder.js';

const fixture = (name: string) =>
  readFileSync(path.resolve(import.meta.dirname, '../../fixtures/intake', name));

function intakeError(fn: () => unknown): IntakeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof IntakeError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected an IntakeError');
}

describe('decoding', () => {
  it('reads UTF-8 with and without a BOM, and UTF-16 with a BOM', () => {
    const text = '市委召开脱贫攻坚工作会议';
    expect(decodeInput(Buffer.from(text)).text).toBe(text);
    expect(decodeInput(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).text).toBe(text);
    expect(decodeInput(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])).text).toBe(
      text,
    );
  });

  it('detects GBK and reads it', () => {
    const d = decodeInput(fixture('county-standing.gbk.txt'));
    expect(d.encoding).toBe('gb18030');
    expect(d.text).toBe(fixture('county-standing.txt').toString('utf8'));
  });

  it('detects Big5 and reads it', () => {
    const d = decodeInput(fixture('taipei-meeting.big5.txt'));
    expect(d.encoding).toBe('big5');
    expect(d.text).toContain('臺北市政府召開防災應變會議');
  });

  it('reads a .docx: paragraphs become lines, table rows become tab-separated lines', () => {
    const docx = buildDocx([
      '推进会召开',
      [
        ['序号', '任务'],
        ['1', '完成A&B'],
      ],
      '会议要求：',
    ]);
    const d = decodeInput(docx);
    expect(d.encoding).toBe('docx');
    expect(d.text.split('\n')).toEqual(['推进会召开', '序号\t任务', '1\t完成A&B', '会议要求：']);
  });
});

describe('bad input', () => {
  it('refuses empty input with a zh-CN message', () => {
    const e = intakeError(() => intake(Buffer.alloc(0)));
    expect(e.code).toBe('empty_input');
    expect(e.message).toMatch(/输入为空/);
    expect(intakeError(() => intake('   \n\t ')).code).toBe('empty_input');
  });

  it('refuses a PNG image', () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(200),
    ]);
    const e = intakeError(() => intake(png));
    expect(e.code).toBe('binary_input');
    expect(e.message).toMatch(/PNG/);
  });

  it('refuses a ZIP that is not a Word document', () => {
    const e = intakeError(() => intake(buildZip({ 'readme.txt': 'hello' })));
    expect(e.code).toBe('not_docx');
    expect(e.message).toMatch(/不是 Word/);
  });

  it('refuses a damaged .docx without crashing', () => {
    const docx = buildDocx(['会议']);
    const e = intakeError(() => intake(docx.subarray(0, docx.length - 30)));
    expect(e.code).toBe('corrupt_docx');
  });

  it('refuses 10 MB of random noise within seconds', () => {
    const noise = randomBytes(10 * 1024 * 1024);
    const t0 = Date.now();
    const e = intakeError(() => intake(noise));
    expect(['binary_input', 'undecodable']).toContain(e.code);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('gets through 1 MB of random Chinese-looking text in seconds, with no meeting found', () => {
    const chars =
      '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产?(),。“”';
    let s = '';
    for (let i = 0; i < 400_000; i++) {
      s += chars[Math.floor(Math.random() * chars.length)];
    }
    const t0 = Date.now();
    const r = intake(s);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.warnings.map((w) => w.code)).toContain('no_meeting_found');
  });

  it('returns a warning, not an error, for text without a meeting', () => {
    const r = intake(fixture('no-meeting.txt'));
    expect(r.warnings[0]?.code).toBe('no_meeting_found');
    expect(r.warnings[0]?.message).toMatch(/未在文本中找到会议/);
    expect(r.meeting.speakers).toEqual([]);
    expect(r.directives).toEqual([]);
  });
});
