import type { OrgKind } from '../../db/schema.js';

/** A demo organisation: code, name, kind and children. Real place and body names; the people are fictional. */
export interface DemoOrg {
  code: string;
  name: string;
  kind: OrgKind;
  children?: DemoOrg[];
}

const dept = (code: string, name: string): DemoOrg => ({ code, name, kind: 'department' });
const county = (code: string, name: string): DemoOrg => ({ code, name, kind: 'county' });

const provincialDepartments: [string, string][] = [
  ['DCS', '省政府督查室'],
  ['FGW', '省发展改革委'],
  ['JYT', '省教育厅'],
  ['KJT', '省科技厅'],
  ['GXT', '省工业和信息化厅'],
  ['MZT', '省民政厅'],
  ['CZT', '省财政厅'],
  ['RST', '省人力资源社会保障厅'],
  ['ZRT', '省自然资源厅'],
  ['STT', '省生态环境厅'],
  ['ZJT', '省住房城乡建设厅'],
  ['JTT', '省交通运输厅'],
  ['SLT', '省水利厅'],
  ['NYT', '省农业农村厅'],
  ['SWT', '省商务厅'],
  ['WLT', '省文化和旅游厅'],
  ['WJW', '省卫生健康委'],
  ['YJT', '省应急管理厅'],
  ['SCJ', '省市场监督管理局'],
  ['LCJ', '省林业和草原局'],
];

/** 青海省: provincial departments, the 8 prefecture-level divisions, and Xining's districts and counties. */
export const qinghai: DemoOrg = {
  code: 'QH',
  name: '青海省',
  kind: 'government',
  children: [
    {
      code: 'QH-SW',
      name: '中共青海省委',
      kind: 'party_committee',
      children: [dept('QH-SW-DCS', '省委督查室')],
    },
    ...provincialDepartments.map(([c, n]) => dept(`QH-${c}`, n)),
    {
      code: 'QH-XN',
      name: '西宁市',
      kind: 'prefecture',
      children: [
        dept('QH-XN-DCS', '西宁市政府督查室'),
        dept('QH-XN-FGW', '西宁市发展改革委'),
        county('QH-XN-CD', '城东区'),
        county('QH-XN-CZ', '城中区'),
        county('QH-XN-CX', '城西区'),
        county('QH-XN-CB', '城北区'),
        county('QH-XN-HZ', '湟中区'),
        {
          code: 'QH-XN-DT',
          name: '大通回族土族自治县',
          kind: 'county',
          children: [
            { code: 'QH-XN-DT-QJ', name: '桥头镇', kind: 'township' },
            { code: 'QH-XN-DT-CG', name: '城关镇', kind: 'township' },
          ],
        },
        county('QH-XN-HY', '湟源县'),
      ],
    },
    {
      code: 'QH-HD',
      name: '海东市',
      kind: 'prefecture',
      children: [
        county('QH-HD-LD', '乐都区'),
        county('QH-HD-PA', '平安区'),
        county('QH-HD-MH', '民和回族土族自治县'),
        county('QH-HD-HZ', '互助土族自治县'),
        county('QH-HD-HL', '化隆回族自治县'),
        county('QH-HD-XH', '循化撒拉族自治县'),
      ],
    },
    {
      code: 'QH-HB',
      name: '海北藏族自治州',
      kind: 'prefecture',
      children: [
        county('QH-HB-MY', '门源回族自治县'),
        county('QH-HB-QL', '祁连县'),
        county('QH-HB-HY', '海晏县'),
        county('QH-HB-GC', '刚察县'),
      ],
    },
    {
      code: 'QH-HN',
      name: '黄南藏族自治州',
      kind: 'prefecture',
      children: [
        county('QH-HN-TR', '同仁市'),
        county('QH-HN-JZ', '尖扎县'),
        county('QH-HN-ZK', '泽库县'),
        county('QH-HN-HN', '河南蒙古族自治县'),
      ],
    },
    {
      code: 'QH-HNZ',
      name: '海南藏族自治州',
      kind: 'prefecture',
      children: [
        county('QH-HNZ-GH', '共和县'),
        county('QH-HNZ-TD', '同德县'),
        county('QH-HNZ-GD', '贵德县'),
        county('QH-HNZ-XH', '兴海县'),
        county('QH-HNZ-GN', '贵南县'),
      ],
    },
    {
      code: 'QH-GL',
      name: '果洛藏族自治州',
      kind: 'prefecture',
      children: [
        county('QH-GL-MQ', '玛沁县'),
        county('QH-GL-BM', '班玛县'),
        county('QH-GL-GD', '甘德县'),
        county('QH-GL-DR', '达日县'),
        county('QH-GL-JZ', '久治县'),
        county('QH-GL-MD', '玛多县'),
      ],
    },
    {
      code: 'QH-YS',
      name: '玉树藏族自治州',
      kind: 'prefecture',
      children: [
        county('QH-YS-YS', '玉树市'),
        county('QH-YS-ZD', '杂多县'),
        county('QH-YS-CD', '称多县'),
        county('QH-YS-ZDO', '治多县'),
        county('QH-YS-NQ', '囊谦县'),
        county('QH-YS-QML', '曲麻莱县'),
      ],
    },
    {
      code: 'QH-HX',
      name: '海西蒙古族藏族自治州',
      kind: 'prefecture',
      children: [
        county('QH-HX-GEM', '格尔木市'),
        county('QH-HX-DLH', '德令哈市'),
        county('QH-HX-MY', '茫崖市'),
        county('QH-HX-WL', '乌兰县'),
        county('QH-HX-DL', '都兰县'),
        county('QH-HX-TJ', '天峻县'),
      ],
    },
  ],
};

/** 甘孜藏族自治州 (Sichuan): a separate tree that shares nothing with Qinghai's; its 18 counties and cities. */
export const ganzi: DemoOrg = {
  code: 'GZ',
  name: '甘孜藏族自治州',
  kind: 'prefecture',
  children: [
    dept('GZ-MBDCB', '甘孜州目标督查办'),
    dept('GZ-FGW', '甘孜州发展改革委'),
    ...(
      [
        ['KD', '康定市'],
        ['LD', '泸定县'],
        ['DB', '丹巴县'],
        ['JL', '九龙县'],
        ['YJ', '雅江县'],
        ['DF', '道孚县'],
        ['LH', '炉霍县'],
        ['GZ', '甘孜县'],
        ['XL', '新龙县'],
        ['DG', '德格县'],
        ['BY', '白玉县'],
        ['SQ', '石渠县'],
        ['SD', '色达县'],
        ['LT', '理塘县'],
        ['BT', '巴塘县'],
        ['XC', '乡城县'],
        ['DC', '稻城县'],
        ['DR', '得荣县'],
      ] as const
    ).map(([c, n]) => county(`GZ-${c}`, n)),
  ],
};

export const demoTrees: DemoOrg[] = [qinghai, ganzi];
