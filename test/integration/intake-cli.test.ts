import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/intake');

/** Runs `luoshi intake …` from source, optionally feeding stdin. */
function luoshi(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/main.ts'), ...args],
      { cwd: root, env: { ...process.env, LUOSHI_LOG_LEVEL: 'silent' }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

type Run = Awaited<ReturnType<typeof luoshi>>;

describe('luoshi intake', () => {
  // Each run starts Node with tsx (a few seconds); they are independent, so they run side by side.
  let json: Run;
  let summary: Run;
  let failures: [Run, RegExp][];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'luoshi-intake-'));
    const png = path.join(dir, 'x.png');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const bad: [string, RegExp][] = [
      [path.join(dir, 'nope.txt'), /找不到文件/],
      [png, /不是文本文件/],
    ];
    const [a, b, ...rest] = await Promise.all([
      luoshi(['intake', path.join(fixtures, 'county-standing.gbk.txt'), '--json']),
      luoshi(['intake', '-'], '2024年4月18日，县委副书记、县长李明华主持召开县政府第45次常务会议。'),
      ...bad.map(([file]) => luoshi(['intake', file, '--json'])),
    ]);
    json = a!;
    summary = b!;
    failures = rest.map((r, i) => [r, bad[i]![1]]);
  }, 120_000);

  it('prints exactly one JSON object of the documented shape with --json', () => {
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['normalizedText', 'meeting', 'directives', 'warnings']),
    );
    expect(out.meeting).toMatchObject({ title: '县政府第45次常务会议', date: '2024-04-18', chair: '李明华' });
    const meeting = out.meeting as Record<string, unknown>;
    for (const k of [
      'dateInferred',
      'place',
      'format',
      'speakers',
      'attendees',
      'organisations',
      'keyNumbers',
    ]) {
      expect(meeting).toHaveProperty(k);
    }
    expect((out.directives as { speaker: string; text: string; deadline: string }[])[0]).toMatchObject({
      speaker: '李明华',
      deadline: '2024-04-30',
    });
  });

  it('prints a readable zh-CN summary without --json, and reads stdin for -', () => {
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('会议名称:县政府第45次常务会议');
    expect(summary.stdout).toContain('主持人:李明华');
  });

  it('fails with a zh-CN message and exit code 1 on a missing file and on binary input (empty input: see the unit tests)', () => {
    expect(failures).toHaveLength(2);
    for (const [r, message] of failures) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
