import { describe, expect, it } from 'vitest';
import { isAbbreviationOf, UnitMatcher, unitNameForms } from '../../src/domain/unit-names.js';

const names: [string, string][] = [
  ['青海省', 'government'],
  ['省发展改革委', 'department'],
  ['省工业和信息化厅', 'department'],
  ['省人力资源社会保障厅', 'department'],
  ['省市场监督管理局', 'department'],
  ['省林业和草原局', 'department'],
  ['省卫生健康委', 'department'],
  ['省文化和旅游厅', 'department'],
  ['省财政厅', 'department'],
  ['省教育厅', 'department'],
  ['省政府国有资产监督管理委员会', 'department'],
  ['西宁市', 'prefecture'],
  ['西宁市发展改革委', 'department'],
  ['湟中区', 'county'],
  ['大通回族土族自治县', 'county'],
  ['海西蒙古族藏族自治州', 'prefecture'],
  ['海南藏族自治州', 'prefecture'],
  ['海东市', 'prefecture'],
  ['甘孜藏族自治州', 'prefecture'],
];
const units = names.map(([name, kind], i) => ({ id: i + 1, name, kind }));
const matcher = new UnitMatcher(units);
const found = (written: string) => {
  const m = matcher.find(written);
  return 'unit' in m ? [m.unit.name, m.by] : [m.error];
};

describe('finding a unit by the name a document gives it', () => {
  const cases: [string, string, string][] = [
    ['省财政厅', '省财政厅', 'name'],
    ['省财政厅（牵头）', '省财政厅', 'name'],
    ['西宁市人民政府', '西宁市', 'short'],
    ['西宁', '西宁市', 'short'],
    ['湟中', '湟中区', 'short'],
    ['大通县', '大通回族土族自治县', 'short'],
    ['海西州', '海西蒙古族藏族自治州', 'short'],
    ['海西', '海西蒙古族藏族自治州', 'short'],
    ['甘孜州', '甘孜藏族自治州', 'short'],
    ['海南州', '海南藏族自治州', 'short'],
    ['青海省财政厅', '省财政厅', 'short'],
    ['省国资委', '省政府国有资产监督管理委员会', 'abbreviation'],
    ['省发改委', '省发展改革委', 'abbreviation'],
    ['省工信厅', '省工业和信息化厅', 'abbreviation'],
    ['省人社厅', '省人力资源社会保障厅', 'abbreviation'],
    ['省市场监管局', '省市场监督管理局', 'abbreviation'],
    ['省林草局', '省林业和草原局', 'abbreviation'],
    ['省卫健委', '省卫生健康委', 'abbreviation'],
    ['省文旅厅', '省文化和旅游厅', 'abbreviation'],
    ['西宁市发改委', '西宁市发展改革委', 'abbreviation'],
  ];
  for (const [written, name, by] of cases) {
    it(`reads 「${written}」 as ${name} (${by})`, () => {
      expect(found(written)).toEqual([name, by]);
    });
  }

  it('refuses a name that fits several units, naming them', () => {
    const m = matcher.find('发展改革委');
    expect(m).toMatchObject({ error: 'ambiguous' });
    expect('candidates' in m && m.candidates.map((u) => u.name)).toEqual([
      '省发展改革委',
      '西宁市发展改革委',
    ]);
  });

  it('does not take a unit for one whose name merely holds its characters or starts with it', () => {
    const m = new UnitMatcher([
      { id: 1, name: '省人民政府国有资产监督管理委员会', kind: 'department' },
      { id: 2, name: '大通县委组织部', kind: 'department' },
      { id: 3, name: '省公安厅交通警察总队', kind: 'department' },
    ]);
    for (const written of ['省民委', '大通县委', '省公安厅']) {
      expect(m.find(written), written).toEqual({ error: 'none' });
    }
    expect(m.find('交通警察总队')).toMatchObject({ unit: { id: 3 } });
  });

  it('finds nothing for a unit that is not there, or a different kind of office', () => {
    expect(found('省公安厅')).toEqual(['none']);
    expect(found('省教育局')).toEqual(['none']);
    expect(found('省委')).toEqual(['none']);
  });

  it('keeps the usual forms of a name', () => {
    expect(unitNameForms('中共大通回族土族自治县委员会')).toContain('大通县委');
    expect(unitNameForms('西宁市人民政府')).toContain('西宁市');
  });

  it('takes an abbreviation only with the same first and last character, the rest in order', () => {
    expect(isAbbreviationOf('省发改委', '省发展改革委')).toBe(true);
    expect(isAbbreviationOf('省改发委', '省发展改革委')).toBe(false);
    expect(isAbbreviationOf('发改委', '省发展改革委')).toBe(false);
    expect(isAbbreviationOf('省发', '省发展改革委')).toBe(false);
  });
});
