import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/csv.js';

describe('parseCsv', () => {
  it('splits plain rows and cells on commas and newlines', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('reads the last row without a trailing newline', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps commas inside quoted cells', () => {
    expect(parseCsv('name,note\n"城关镇某村委会, 一组",x')).toEqual([
      ['name', 'note'],
      ['城关镇某村委会, 一组', 'x'],
    ]);
  });

  it('turns a doubled quote inside a quoted cell into one quote', () => {
    expect(parseCsv('a,b\n"say ""hi""",2')).toEqual([
      ['a', 'b'],
      ['say "hi"', '2'],
    ]);
  });

  it('reads a quoted cell holding only a doubled quote as a single quote', () => {
    expect(parseCsv('a,b\n"""",2')).toEqual([
      ['a', 'b'],
      ['"', '2'],
    ]);
  });

  it('keeps line breaks, including CRLF, inside quoted cells', () => {
    expect(parseCsv('a,b\r\n"line 1\nline 2",x\r\n"p\r\nq",y\r\n')).toEqual([
      ['a', 'b'],
      ['line 1\nline 2', 'x'],
      ['p\r\nq', 'y'],
    ]);
  });

  it('treats CRLF and a lone CR as line ends, not as cell content', () => {
    expect(parseCsv('a,b\r\n1,2\r3,4\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('strips a leading byte-order mark from the first cell', () => {
    const rows = parseCsv('\uFEFF编码,名称\r\nA,甲\r\n');
    expect(rows).toEqual([
      ['编码', '名称'],
      ['A', '甲'],
    ]);
    expect(rows[0]![0]!.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('keeps empty cells, including a trailing empty cell and an empty quoted cell', () => {
    expect(parseCsv('a,b,c\n1,,3\n4,"",\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['4', '', ''],
    ]);
  });

  it('uses a tab as separator when the first line has tabs, keeping commas in cells', () => {
    expect(parseCsv('code\tname\nA\tx, y\n')).toEqual([
      ['code', 'name'],
      ['A', 'x, y'],
    ]);
  });

  it('uses a semicolon as separator when the first line has semicolons, keeping commas in cells', () => {
    expect(parseCsv('code;name;note\nA;"x;y";1,5\n')).toEqual([
      ['code', 'name', 'note'],
      ['A', 'x;y', '1,5'],
    ]);
  });

  it('uses a full-width comma as separator when the first line has them', () => {
    expect(parseCsv('编码，名称\nA，甲\n')).toEqual([
      ['编码', '名称'],
      ['A', '甲'],
    ]);
  });

  it('chooses the separator that splits the first line into the most cells', () => {
    expect(parseCsv('a;b;c,d\n1;2;3,4')).toEqual([
      ['a', 'b', 'c,d'],
      ['1', '2', '3,4'],
    ]);
  });

  it('drops blank lines and lines of only whitespace, wherever they are', () => {
    expect(parseCsv('\na,b\n\n\r\n1,2\n   \n , \n3,4\n\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('returns no rows for empty or blank input', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF')).toEqual([]);
    expect(parseCsv('\n\r\n  \n')).toEqual([]);
  });

  it('treats a quote inside an unquoted cell as an ordinary character', () => {
    expect(parseCsv('a,b\n5" pipe,x\n')).toEqual([
      ['a', 'b'],
      ['5" pipe', 'x'],
    ]);
  });

  it('reads back any comma-separated table written with RFC 4180 quoting', () => {
    // Cells hold any text except the other candidate separators, which would sway the separator guess.
    const cellArb = fc.string({ maxLength: 12 }).map((s) => s.replace(/[\uFEFF\t;，]/g, ''));
    const tableArb = fc
      .integer({ min: 1, max: 5 })
      .chain((width) =>
        fc.array(fc.array(cellArb, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
      );
    fc.assert(
      fc.property(tableArb, fc.constantFrom('\n', '\r\n'), (table, eol) => {
        const text =
          table.map((row) => row.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join(eol) + eol;
        const expected = table.filter((row) => row.some((c) => c.trim().length > 0));
        expect(parseCsv(text)).toEqual(expected);
      }),
    );
  });
});

describe('separator guessing and quotes', () => {
  it('ignores separators inside quoted header cells', () => {
    expect(parseCsv('"a;b;c",d\n1,2\n')).toEqual([
      ['a;b;c', 'd'],
      ['1', '2'],
    ]);
    expect(parseCsv('"名称（部门;科室;处室）",编码\n甲,A\n')).toEqual([
      ['名称（部门;科室;处室）', '编码'],
      ['甲', 'A'],
    ]);
  });
});
