/**
 * Finding an organisation by the name a document gives it. Offices rarely write a unit's full name:
 * 省发改委 for 省发展改革委员会, 省工信厅 for 省工业和信息化厅, 海西州 for 海西蒙古族藏族自治州, 西宁 or
 * 西宁市人民政府 for 西宁市. The matcher tries, in order: the name itself; the name's other usual forms
 * (without 人民政府, 中共 or the peoples of an autonomous area, 委员会 as 委); a place name without its
 * level (西宁, 湟中); the name after a place (青海省财政厅 for 省财政厅); the end of one unit's name; and
 * last an abbreviation — the name's characters in order within one unit's name, with the same first and
 * last character (省发改委 in 省发展改革委). What is found by abbreviation says
 * so, for the user to confirm; a name that fits several units is refused with the candidates.
 */

/** The 55 peoples whose names stand in the names of autonomous prefectures and counties. */
const peoples =
  '蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺';
const autonomy = new RegExp(`(?:(?:${peoples})族)+自治(?=[州县旗区])`, 'g');

/** Levels a place name carries, longest first; the rest of the name must keep two characters. */
const placeLevel = /(?:特别行政区|自治区|地区|新区|市|州|盟|县|区|旗|镇|乡|街道)$/;

export interface NamedUnit {
  id: number;
  name: string;
  kind: string;
}

export type UnitMatch<T> =
  | { unit: T; by: 'name' | 'short' | 'abbreviation' }
  | { error: 'none' }
  | { error: 'ambiguous'; candidates: T[] };

/** The name as compared: no spaces, one shape of brackets, no 「（牵头）」 after it. */
export function normaliseUnitName(name: string): string {
  return name
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\((?:牵头|配合|负责)\)$/, '');
}

/** The forms a unit's name usually takes besides itself. */
export function unitNameForms(name: string): string[] {
  const n = normaliseUnitName(name);
  const forms = new Set([n]);
  const core = n
    .replace(/^中共/, '')
    .replace(/人民政府$/, '')
    .replace(/委员会$/, '委')
    .replace(autonomy, '');
  forms.add(core);
  forms.add(n.replace(/人民政府$/, ''));
  forms.add(n.replace(/^中共/, ''));
  forms.add(n.replace(autonomy, ''));
  return [...forms].filter((s) => s.length >= 2);
}

/** A place's name without its level (西宁市 → 西宁), when two characters or more remain. */
function placeName(name: string): string | undefined {
  const bare = name.replace(placeLevel, '');
  return bare !== name && bare.length >= 2 ? bare : undefined;
}

/** Whether `short` is `long` with characters left out: same first and last character, the rest in order. */
export function isAbbreviationOf(short: string, long: string): boolean {
  // An abbreviation keeps about a character of each word: 省发改委 (4) of 省发展改革委 (6), 省国资委 (4) of
  // 省政府国有资产监督管理委 (12); three characters standing for thirteen (省民委) is a coincidence.
  if (
    short.length < 3 ||
    short.length >= long.length ||
    long.length > short.length * 3 + 1 ||
    short[0] !== long[0] ||
    short.at(-1) !== long.at(-1)
  ) {
    return false;
  }
  let at = 1;
  for (let i = 1; i < short.length - 1; i++) {
    at = long.indexOf(short[i]!, at);
    if (at < 0 || at >= long.length - 1) {
      return false;
    }
    at += 1;
  }
  return true;
}

const placeKinds = new Set(['government', 'prefecture', 'county', 'township']);

export class UnitMatcher<T extends NamedUnit> {
  readonly #byForm = new Map<string, T[]>();
  readonly #byPlace = new Map<string, T[]>();
  readonly #forms: [T, string[]][];

  constructor(readonly units: readonly T[]) {
    this.#forms = units.map((u) => [u, unitNameForms(u.name)]);
    for (const [u, forms] of this.#forms) {
      for (const f of forms) {
        add(this.#byForm, f, u);
        const place = placeKinds.has(u.kind) ? placeName(f) : undefined;
        if (place) {
          add(this.#byPlace, place, u);
        }
      }
    }
  }

  /** The unit a written name stands for. */
  find(written: string): UnitMatch<T> {
    const n = normaliseUnitName(written);
    const exact = this.units.filter((u) => normaliseUnitName(u.name) === n);
    if (exact.length > 0) {
      return one(exact, 'name');
    }
    const forms = unitNameForms(n);
    const short = unique(forms.flatMap((f) => this.#byForm.get(f) ?? []));
    if (short.length > 0) {
      return one(short, 'short');
    }
    const places = unique(forms.flatMap((f) => this.#byPlace.get(f) ?? []));
    if (places.length > 0) {
      return one(places, 'short');
    }
    // 青海省财政厅 for 省财政厅: the unit's name after a place written before it.
    const prefixed = this.#forms
      .filter(([, unitForms]) =>
        forms.some((f) =>
          unitForms.some((uf) => uf.length >= 3 && f.length - uf.length <= 6 && f.endsWith(uf)),
        ),
      )
      .map(([u]) => u);
    if (prefixed.length > 0) {
      return one(prefixed, 'short');
    }
    // 发展改革委 for 省发展改革委: the end of one unit's name, long enough to mean something (not its start:
    // 大通县委 is not 大通县委组织部, 省公安厅 not 省公安厅交通警察总队).
    const within =
      n.length >= 4 ? this.#forms.filter(([, unitForms]) => unitForms.some((uf) => uf.endsWith(n))) : [];
    if (within.length > 0) {
      return one(
        within.map(([u]) => u),
        'abbreviation',
      );
    }
    const abbreviated = this.#forms
      .filter(([, unitForms]) => forms.some((f) => unitForms.some((uf) => isAbbreviationOf(f, uf))))
      .map(([u]) => u);
    if (abbreviated.length > 0) {
      return one(abbreviated, 'abbreviation');
    }
    return { error: 'none' };
  }
}

function add<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (!list) {
    map.set(key, [value]);
  } else if (!list.includes(value)) {
    list.push(value);
  }
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

function one<T>(candidates: T[], by: 'name' | 'short' | 'abbreviation'): UnitMatch<T> {
  return candidates.length === 1 ? { unit: candidates[0]!, by } : { error: 'ambiguous', candidates };
}
