import { describe, expect, it } from 'vitest';
import { orgKinds } from '../../src/db/schema.js';
import { parseKind, rowsFromCsv, rowsFromJson } from '../../src/modules/orgs/orgs.import.js';

describe('parseKind', () => {
  it('accepts every English kind code, in any case and with surrounding spaces', () => {
    for (const kind of orgKinds) {
      expect(parseKind(kind)).toBe(kind);
      expect(parseKind(` ${kind.toUpperCase()} `)).toBe(kind);
    }
  });

  it('maps the Chinese names offices use to kind codes', () => {
    const cases: Record<string, string> = {
      党委: 'party_committee',
      党委机关: 'party_committee',
      政府: 'government',
      人民政府: 'government',
      部门: 'department',
      单位: 'department',
      市州: 'prefecture',
      地市: 'prefecture',
      州: 'prefecture',
      市: 'prefecture',
      县区: 'county',
      县: 'county',
      区: 'county',
      县市区: 'county',
      乡镇: 'township',
      乡: 'township',
      镇: 'township',
      街道: 'township',
      企业: 'enterprise',
      国企: 'enterprise',
    };
    for (const [alias, kind] of Object.entries(cases)) {
      expect(parseKind(alias), alias).toBe(kind);
    }
  });

  it('trims spaces around a Chinese name', () => {
    expect(parseKind('  乡镇 ')).toBe('township');
  });

  it('returns undefined for unknown kinds', () => {
    for (const value of ['', ' ', 'village', '村', '县区x', 'party committee', 'party-committee']) {
      expect(parseKind(value), value).toBeUndefined();
    }
  });
});

describe('rowsFromCsv', () => {
  it('reads English headers in any case and numbers data rows from 1', () => {
    expect(
      rowsFromCsv('Code,Name,Kind,Parent_Code\nQH,青海省,government,\nQH-XN,西宁市,prefecture,QH\n'),
    ).toEqual({
      rows: [
        { row: 1, code: 'QH', name: '青海省', kind: 'government', parentCode: '' },
        { row: 2, code: 'QH-XN', name: '西宁市', kind: 'prefecture', parentCode: 'QH' },
      ],
      issues: [],
    });
  });

  it('reads Chinese headers 编码, 名称, 类型 and 上级编码 after a byte-order mark, with CRLF lines', () => {
    const csv =
      '\uFEFF编码,名称,类型,上级编码\r\nHY-CG,城关镇,乡镇,QH-XN-HY\r\nHY-CG-1,"城关镇某村委会, 一组",企业,HY-CG\r\n';
    expect(rowsFromCsv(csv)).toEqual({
      rows: [
        { row: 1, code: 'HY-CG', name: '城关镇', kind: '乡镇', parentCode: 'QH-XN-HY' },
        { row: 2, code: 'HY-CG-1', name: '城关镇某村委会, 一组', kind: '企业', parentCode: 'HY-CG' },
      ],
      issues: [],
    });
  });

  it('finds columns by name whatever their order, and accepts the other aliases', () => {
    const { rows, issues } = rowsFromCsv('上级,单位类型,单位名称,单位编码\nP,县区,某县,C\n');
    expect(issues).toEqual([]);
    expect(rows).toEqual([{ row: 1, code: 'C', name: '某县', kind: '县区', parentCode: 'P' }]);
  });

  it('accepts "type" for the kind column and "parent" for the parent column', () => {
    const { rows } = rowsFromCsv('code,name,type,parent\nA,甲,部门,B\n');
    expect(rows).toEqual([{ row: 1, code: 'A', name: '甲', kind: '部门', parentCode: 'B' }]);
  });

  it('trims spaces from headers and cells', () => {
    const { rows, issues } = rowsFromCsv(' 编码 , 名称 ,类型\n  A  ,  甲单位 , 部门 \n');
    expect(issues).toEqual([]);
    expect(rows).toEqual([{ row: 1, code: 'A', name: '甲单位', kind: '部门', parentCode: '' }]);
  });

  it('leaves parentCode empty when there is no parent column', () => {
    const { rows } = rowsFromCsv('code,name,kind\nA,甲,department\n');
    expect(rows[0]!.parentCode).toBe('');
  });

  it('fills missing trailing cells with empty strings', () => {
    const { rows } = rowsFromCsv('code,name,kind,parent_code\nA,甲\n');
    expect(rows).toEqual([{ row: 1, code: 'A', name: '甲', kind: '', parentCode: '' }]);
  });

  it('reads semicolon- and tab-separated files', () => {
    expect(rowsFromCsv('编码;名称;类型\nA;甲;县\n').rows).toEqual([
      { row: 1, code: 'A', name: '甲', kind: '县', parentCode: '' },
    ]);
    expect(rowsFromCsv('编码\t名称\t类型\nA\t甲\t县\n').rows).toEqual([
      { row: 1, code: 'A', name: '甲', kind: '县', parentCode: '' },
    ]);
  });

  it('reports each missing required column and returns no rows', () => {
    const { rows, issues } = rowsFromCsv('编码,上级编码\nA,B\n');
    expect(rows).toEqual([]);
    expect(issues).toHaveLength(2);
    expect(issues.every((i) => i.field === 'header')).toBe(true);
    expect(issues[0]!.message).toContain('name');
    expect(issues[0]!.message).toContain('名称');
    expect(issues[1]!.message).toContain('kind');
    expect(issues[1]!.message).toContain('类型');
  });

  it('reports an empty file instead of returning no rows silently', () => {
    for (const text of ['', '\uFEFF', '\n\n  \n']) {
      const { rows, issues } = rowsFromCsv(text);
      expect(rows).toEqual([]);
      expect(issues).toEqual([{ field: 'content', message: expect.any(String) }]);
    }
  });

  it('returns a header-only file as no rows and no issues', () => {
    expect(rowsFromCsv('code,name,kind\n')).toEqual({ rows: [], issues: [] });
  });
});

describe('rowsFromJson', () => {
  it('flattens a tree in pre-order and sets each child’s parentCode to its parent’s code', () => {
    const tree = {
      code: 'QH',
      name: '青海省',
      kind: 'government',
      children: [
        {
          code: 'QH-XN',
          name: '西宁市',
          kind: '市州',
          children: [{ code: 'QH-XN-HY', name: '湟源县', kind: '县' }],
        },
        { code: 'QH-HD', name: '海东市', kind: '市州' },
      ],
    };
    expect(rowsFromJson(JSON.stringify(tree))).toEqual({
      rows: [
        { row: 1, code: 'QH', name: '青海省', kind: 'government', parentCode: '' },
        { row: 2, code: 'QH-XN', name: '西宁市', kind: '市州', parentCode: 'QH' },
        { row: 3, code: 'QH-XN-HY', name: '湟源县', kind: '县', parentCode: 'QH-XN' },
        { row: 4, code: 'QH-HD', name: '海东市', kind: '市州', parentCode: 'QH' },
      ],
      issues: [],
    });
  });

  it('lets the tree position override a parentCode written on a child', () => {
    const { rows } = rowsFromJson(
      JSON.stringify({ code: 'A', name: 'a', kind: '部门', children: [{ code: 'B', parentCode: 'Z' }] }),
    );
    expect(rows[1]!.parentCode).toBe('A');
  });

  it('reads a flat list with parentCode or parent_code on the top-level nodes', () => {
    const { rows, issues } = rowsFromJson(
      JSON.stringify([
        { code: 'A', name: 'a', kind: '县', parentCode: 'P' },
        { code: 'B', name: 'b', kind: '县', parent_code: 'A' },
        { code: 'C', name: 'c', kind: '县' },
      ]),
    );
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.row, r.code, r.parentCode])).toEqual([
      [1, 'A', 'P'],
      [2, 'B', 'A'],
      [3, 'C', ''],
    ]);
  });

  it('reads a list of trees', () => {
    const { rows } = rowsFromJson(
      JSON.stringify([
        { code: 'A', name: 'a', kind: '县', children: [{ code: 'A1', name: 'a1', kind: '乡镇' }] },
        { code: 'B', name: 'b', kind: '县', children: [{ code: 'B1', name: 'b1', kind: '乡镇' }] },
      ]),
    );
    expect(rows.map((r) => `${r.code}<${r.parentCode}`)).toEqual(['A<', 'A1<A', 'B<', 'B1<B']);
  });

  it('trims strings, turns numeric codes into strings and leaves other types empty', () => {
    const { rows } = rowsFromJson(JSON.stringify({ code: 101, name: '  甲  ', kind: true }));
    expect(rows).toEqual([{ row: 1, code: '101', name: '甲', kind: '', parentCode: '' }]);
  });

  it('ignores a leading byte-order mark', () => {
    expect(rowsFromJson('\uFEFF{"code":"A","name":"a","kind":"县"}').rows).toHaveLength(1);
  });

  it('returns an issue instead of throwing on invalid JSON', () => {
    for (const text of ['', '{', '{"code": "A",}', 'code,name,kind']) {
      let result: ReturnType<typeof rowsFromJson> | undefined;
      expect(() => {
        result = rowsFromJson(text);
      }).not.toThrow();
      expect(result!.rows).toEqual([]);
      expect(result!.issues).toHaveLength(1);
      expect(result!.issues[0]!.field).toBe('content');
      expect(result!.issues[0]!.message).toContain('JSON');
    }
  });

  it('reports nodes that are not objects, numbered by the row they would have taken', () => {
    const { rows, issues } = rowsFromJson(
      JSON.stringify([{ code: 'A', name: 'a', kind: '县' }, 'B', null, [1]]),
    );
    expect(rows).toHaveLength(1);
    expect(issues).toHaveLength(3);
    expect(issues.every((i) => i.field === 'row 2')).toBe(true);
  });

  it('reports a top-level JSON value that is not a node', () => {
    for (const text of ['null', '"A"', '42']) {
      const { rows, issues } = rowsFromJson(text);
      expect(rows).toEqual([]);
      expect(issues).toHaveLength(1);
      expect(issues[0]!.field).toBe('row 1');
    }
  });

  it('reports children that are not an array but keeps the node itself', () => {
    const { rows, issues } = rowsFromJson(JSON.stringify({ code: 'A', name: 'a', kind: '县', children: {} }));
    expect(rows).toHaveLength(1);
    expect(issues).toEqual([{ field: 'row 1.children', message: expect.any(String) }]);
  });

  it('reads trees 33 levels deep but reports a node nested deeper', () => {
    const nest = (levels: number) => {
      let node: Record<string, unknown> = { code: `N${levels - 1}`, name: 'n', kind: '部门' };
      for (let d = levels - 2; d >= 0; d--) {
        node = { code: `N${d}`, name: 'n', kind: '部门', children: [node] };
      }
      return JSON.stringify(node);
    };
    const ok = rowsFromJson(nest(33));
    expect(ok.issues).toEqual([]);
    expect(ok.rows).toHaveLength(33);
    expect(ok.rows[32]!.parentCode).toBe('N31');

    const deep = rowsFromJson(nest(34));
    expect(deep.rows).toHaveLength(33);
    expect(deep.issues).toEqual([{ field: 'row 34', message: expect.any(String) }]);
  });
});

describe('parseKind and inherited object keys', () => {
  it('does not take Object.prototype members for kinds', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(parseKind(name)).toBeUndefined();
    }
  });
});
