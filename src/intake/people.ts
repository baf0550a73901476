/**
 * People in meeting reports are written "titles + name + verb": 省委常委、常务副省长李杰翔主持会议;
 * lists share one title (副省长匡湧、王黎明出席) and several groups share one verb
 * (市人大常委会党组书记、主任曹健松,市政协党组书记、主席段发达出席会议). This module splits such a clause
 * into titles and names; which part they played comes from the verb, in extract.ts.
 */

/** Words a title ends with, longest first so that 副省长 wins over 省长. */
const TITLE_WORDS = [
  '常务副省长',
  '常务副市长',
  '常务副州长',
  '常务副县长',
  '常务副区长',
  '常务副主席',
  '常务副主任',
  '副司令员',
  '副秘书长',
  '副检察长',
  '副董事长',
  '副总经理',
  '督查专员',
  '主任委员',
  '党工委书记',
  '副书记',
  '副省长',
  '副市长',
  '副州长',
  '副县长',
  '副区长',
  '副乡长',
  '副镇长',
  '副主任',
  '副主席',
  '副组长',
  '副部长',
  '副厅长',
  '副局长',
  '副院长',
  '副政委',
  '副校长',
  '副处长',
  '副盟长',
  '副旗长',
  '司令员',
  '秘书长',
  '检察长',
  '董事长',
  '总经理',
  '巡视员',
  '调研员',
  '负责人',
  '书记',
  '省长',
  '市长',
  '州长',
  '县长',
  '区长',
  '乡长',
  '镇长',
  '盟长',
  '旗长',
  '常委',
  '委员',
  '主任',
  '主席',
  '组长',
  '部长',
  '厅长',
  '局长',
  '院长',
  '政委',
  '校长',
  '处长',
  '科长',
  '所长',
  '社长',
  '领导',
  '专员',
  '主任',
  '会长',
  '理事长',
  '行长',
  '台长',
  '馆长',
  '站长',
  '队长',
  '经理',
].sort((a, b) => b.length - a.length);

const TITLE_END = new RegExp(`(?:${TITLE_WORDS.join('|')})$`);

/** Common surnames, to accept a bare name (no title before it) only when it looks like one. */
const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由'.split(
    '',
  ),
);

/** Characters that never occur in a person's name as reports print them; they end or reject a candidate. */
const NOT_IN_NAME = /[的了和与及在是对就从向把被为等各全省市州县区委会议上下中、，。：；“”《》()（）\s\d]/;

/** Words that follow a title as a name would, but are not names (州级领导安排部署…). */
const NOT_NAMES = new Set(
  '安排 部署 研究 同志 干部 代表 成员 班子 人员 负责 分管 联系 主要 有关 相关 等人 一行 亲自 带头 身先士卒 重大 重要 全体 各位 要求 强调 指出 出席 参加 讲话 主持'.split(
    ' ',
  ),
);

/** True when `s` can be a person's name (2–4 characters, or a longer transliterated one with ·). */
export function isName(s: string): boolean {
  if (NOT_NAMES.has(s)) {
    return false;
  }
  const len = [...s].length;
  if (s.includes('·')) {
    return len >= 3 && len <= 12 && !NOT_IN_NAME.test(s);
  }
  return len >= 2 && len <= 4 && /^[\u4e00-\u9fff]+$/.test(s) && !NOT_IN_NAME.test(s) && !TITLE_END.test(s);
}

/** True when `s` looks like a bare Chinese name: a name starting with a common surname, 2–3 characters. */
export function isBareName(s: string): boolean {
  const len = [...s].length;
  return isName(s) && len <= 3 && SURNAMES.has(s[0] ?? '');
}

/** True when `s` is a title (ends with a title word, not too long, no sentence punctuation). */
export function isTitle(s: string): boolean {
  // Verbs and particles never occur in a title; they mean the "title" is the tail of a sentence
  // (要切实把思想和行动统一到习近平总书记 …).
  return (
    s.length >= 2 &&
    s.length <= 30 &&
    TITLE_END.test(s) &&
    /^[\u4e00-\u9fff]+$/.test(s) &&
    !/[的了是把要到为以对在从向将被等]/.test(s)
  );
}

/** Splits "市长张晓容" into title and name (the longest name that leaves a title before it). */
function splitTitleName(part: string): { title: string; name: string } | undefined {
  for (let k = Math.max(2, part.length - 4); k <= part.length - 2; k++) {
    const head = part.slice(0, k);
    const tail = part.slice(k);
    if (isTitle(head) && isName(tail)) {
      return { title: head, name: tail };
    }
  }
  return undefined;
}

/** A person named in a clause, with the titles written before the name. */
export interface NamedPerson {
  name: string;
  titles: string[];
}

/**
 * Splits "title、title + name、name…" into people. Returns undefined when the text is not wholly such a
 * group (so the caller can try another split). `bare` allows a group that is only names, without titles.
 */
export function parseGroup(text: string, bare: boolean): NamedPerson[] | undefined {
  const parts = text.split('、');
  const titles: string[] = [];
  const people: NamedPerson[] = [];
  for (const part of parts) {
    if (!part) {
      return undefined;
    }
    if (people.length === 0 && isTitle(part)) {
      titles.push(part);
      continue;
    }
    const split = splitTitleName(part);
    if (!split && (people.length > 0 || (titles.length > 0 && isName(part)) || (bare && isBareName(part)))) {
      if (isName(part)) {
        people.push({ name: part, titles: [...titles] });
        continue;
      }
      if (people.length > 0) {
        return undefined;
      }
    }
    // "title + name" in one part: the name is the tail after a title word.
    const found = split ? { name: split.name, titles: [...titles, split.title] } : undefined;
    if (!found) {
      return undefined;
    }
    if (people.length > 0) {
      // "副市长陈美玲、秘书长黄建国": a title after a name starts a new title list.
      titles.length = 0;
      found.titles = [split?.title ?? ''];
    }
    titles.push(split?.title ?? '');
    people.push(found);
  }
  return people.length > 0 ? people : undefined;
}
