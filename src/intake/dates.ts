/**
 * Dates as Chinese reports write them: full (2019年5月23日, 2019-03-01), month-day (6月4日, year from
 * context), relative (昨日, 昨(22)日), and deadlines (6月底前, 年底前, 三季度末, 10月15日前, 30日内).
 * Pure functions over plain values; no clock.
 */

/** A calendar day. */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** Value of an Arabic or Chinese numeral (三十二 → 32, 两 → 2); NaN when it is neither. */
export function parseNumber(s: string): number {
  if (/^\d+(?:\.\d+)?$/.test(s)) {
    return Number(s);
  }
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of s) {
    const d = CN_DIGITS[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const u = CN_UNITS[ch];
    if (u === undefined) {
      return Number.NaN;
    }
    if (u === 10000) {
      total = (total + section + Math.max(digit, 0)) * u;
      section = 0;
    } else {
      section += (digit < 0 ? 1 : digit) * u;
    }
    digit = -1;
  }
  return total + section + Math.max(digit, 0);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD. */
export function iso(d: Ymd): string {
  return `${d.y}-${pad(d.m)}-${pad(d.d)}`;
}

/** Days in month `m` of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** True when y-m-d is a real calendar day. */
export function isValidYmd(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** `d` shifted by `days` calendar days. */
export function addDays(d: Ymd, days: number): Ymd {
  const t = new Date(Date.UTC(d.y, d.m - 1, d.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Compares two days: negative when a is earlier. */
export function compareYmd(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/** Parses YYYY-MM-DD; undefined when malformed. */
export function parseIso(s: string | undefined): Ymd | undefined {
  const m = s ? /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s) : null;
  if (!m) {
    return undefined;
  }
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isValidYmd(y, mo, d) ? { y, m: mo, d } : undefined;
}

const FULL_DATE = /(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))/g;

/** Full dates written in `text`, in order, with their offsets. */
export function findFullDates(text: string): (Ymd & { index: number; length: number })[] {
  const out: (Ymd & { index: number; length: number })[] = [];
  for (const m of text.matchAll(FULL_DATE)) {
    const y = Number(m[1]);
    const mo = Number(m[2] ?? m[4]);
    const d = Number(m[3] ?? m[5]);
    if (isValidYmd(y, mo, d)) {
      out.push({ y, m: mo, d, index: m.index, length: m[0].length });
    }
  }
  return out;
}

/**
 * The year a report without one most likely refers to, from the years it mentions: a report that sums up
 * a year (总结2018年…) is written in the next; otherwise the year mentioned most (latest on ties). Target
 * years (到2035年) and ranges are ignored.
 */
export function yearFromMentions(text: string): number | undefined {
  const summary = /(?:总结|盘点|回顾)(?:盘点|总结)?(\d{4})年/.exec(text);
  if (summary) {
    return Number(summary[1]) + 1;
  }
  const counts = new Map<number, number>();
  for (const m of text.matchAll(/(到|至|-|—|~)?(\d{4})年(?!\d)/g)) {
    const y = Number(m[2]);
    if (m[1] || y < 1949 || y > 2100) {
      continue;
    }
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [y, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== undefined && y > best)) {
      best = y;
      bestCount = c;
    }
  }
  return best;
}

/** The year of month-day `m`/`d` reported at or before `anchor` (a report describes what has happened). */
export function yearBefore(anchor: Ymd, m: number, d: number): number {
  return m > anchor.m || (m === anchor.m && d > anchor.d) ? anchor.y - 1 : anchor.y;
}

/** A date expression found in text: either full, month-day or relative to the report's date. */
export type DateMention =
  | { kind: 'full'; date: Ymd; index: number; length: number }
  | { kind: 'monthDay'; m: number; d: number; index: number; length: number }
  | { kind: 'relative'; offsetDays: number; day?: number; index: number; length: number };

const MENTION =
  /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)|(昨|今|前)(?:[(（](\d{1,2})[)）])?日|(昨天|今天|前天)/g;

/** Date mentions in `text`, in order. */
export function findDateMentions(text: string): DateMention[] {
  const out: DateMention[] = [];
  for (const m of text.matchAll(MENTION)) {
    const index = m.index;
    const length = m[0].length;
    if (m[2] !== undefined) {
      const mo = Number(m[2]);
      const d = Number(m[3]);
      if (m[1] !== undefined) {
        const y = Number(m[1]);
        if (isValidYmd(y, mo, d)) {
          out.push({ kind: 'full', date: { y, m: mo, d }, index, length });
        }
      } else if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
        out.push({ kind: 'monthDay', m: mo, d, index, length });
      }
    } else if (m[4] !== undefined) {
      const y = Number(m[4]);
      const mo = Number(m[5]);
      const d = Number(m[6]);
      if (isValidYmd(y, mo, d)) {
        out.push({ kind: 'full', date: { y, m: mo, d }, index, length });
      }
    } else {
      const word = m[7] ?? (m[9] ?? '').slice(0, 1);
      const offsetDays = word === '昨' ? -1 : word === '前' ? -2 : 0;
      out.push({ kind: 'relative', offsetDays, day: m[8] ? Number(m[8]) : undefined, index, length });
    }
  }
  return out;
}

/** Resolves a relative mention (昨(22)日) against the report's own date. */
export function resolveRelative(anchor: Ymd, offsetDays: number, day?: number): Ymd {
  if (day === undefined) {
    return addDays(anchor, offsetDays);
  }
  // 昨(22)日 names the day; the month is the anchor's, or the one before when the day is later than it.
  let y = anchor.y;
  let m = anchor.m;
  if (day > anchor.d) {
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return { y, m, d: Math.min(day, daysInMonth(y, m)) };
}

const NUM = '\\d{1,2}|[一二三四五六七八九十]{1,3}';
const DEADLINE = new RegExp(
  [
    `(?:(\\d{4})年)?(${NUM})月(\\d{1,2}|[一二三四五六七八九十]{1,3})日(?:前|之前|以前|止|为止)`,
    `(?:(\\d{4})年)?(${NUM})月(底|末|中旬|上旬|下旬|份)?(?:前|之前|以前|底前)`,
    `(?:(\\d{4})年(?:底|末)|年底|年末)前?|(今年|本年度?)(?:内|底)`,
    `(?:(\\d{4})年)?(?:第)?([一二三四1-4])季度(?:末|底)?(?:前)?`,
    `(?:(\\d{4})年)?(上半年|下半年)`,
    `(?:本月|月)底前?`,
    `(\\d{1,3}|[一二三四五六七八九十]{1,3})(?:个)?(工作日|日|天|个月|周)内`,
    `(\\d{4})年(\\d{1,2})月(\\d{1,2})日`,
  ]
    .map((s) => `(?:${s})`)
    .join('|'),
  'g',
);

/** A deadline found in a directive: ISO date and the words it came from. */
export interface Deadline {
  date: string;
  text: string;
}

function rollForward(ref: Ymd | undefined, y: number | undefined, m: number, d: number): Ymd | undefined {
  // A deadline without a year is in the meeting's year, or the next one when that day has already passed.
  if (y !== undefined) {
    return isValidYmd(y, m, d) ? { y, m, d } : undefined;
  }
  if (!ref) {
    return undefined;
  }
  let year = ref.y;
  if (m < ref.m || (m === ref.m && d < ref.d)) {
    year += 1;
  }
  return isValidYmd(year, m, Math.min(d, daysInMonth(year, m)))
    ? { y: year, m, d: Math.min(d, daysInMonth(year, m)) }
    : undefined;
}

/** The first deadline stated in `text`, resolved against the meeting's date `ref`. */
export function findDeadline(text: string, ref: Ymd | undefined): Deadline | undefined {
  for (const m of text.matchAll(DEADLINE)) {
    const t = m[0];
    const yearOf = (g: string | undefined) => (g === undefined ? undefined : Number(g));
    let date: Ymd | undefined;
    if (m[2] !== undefined) {
      date = rollForward(ref, yearOf(m[1]), parseNumber(m[2]), parseNumber(m[3] ?? ''));
    } else if (m[5] !== undefined) {
      const mo = parseNumber(m[5]);
      const part = m[6];
      if (mo >= 1 && mo <= 12) {
        // A month deadline in the meeting's own month ("5月底前" said on 5月6日) is this year's.
        const y0 = yearOf(m[4]) ?? (ref ? (mo < ref.m ? ref.y + 1 : ref.y) : undefined);
        if (y0 !== undefined) {
          const last = daysInMonth(y0, mo);
          if (part === '上旬') {
            date = { y: y0, m: mo, d: 10 };
          } else if (part === '中旬') {
            date = { y: y0, m: mo, d: 20 };
          } else if (part === undefined || part === '份') {
            // "6月前": before June begins.
            date = t.endsWith('底前') ? { y: y0, m: mo, d: last } : addDays({ y: y0, m: mo, d: 1 }, -1);
          } else {
            date = { y: y0, m: mo, d: last };
          }
        }
      }
    } else if (/年底|年末|底前?$|今年|本年/.test(t) && !/月底|本月/.test(t) && !/季度/.test(t)) {
      const y = yearOf(m[7]) ?? ref?.y;
      date = y === undefined ? undefined : { y, m: 12, d: 31 };
    } else if (m[10] !== undefined) {
      const q = parseNumber(m[10]);
      const y = yearOf(m[9]) ?? ref?.y;
      if (y !== undefined && q >= 1 && q <= 4) {
        date = { y, m: q * 3, d: daysInMonth(y, q * 3) };
      }
    } else if (m[12] !== undefined) {
      const y = yearOf(m[11]) ?? ref?.y;
      date = y === undefined ? undefined : m[12] === '上半年' ? { y, m: 6, d: 30 } : { y, m: 12, d: 31 };
    } else if (/月底/.test(t)) {
      date = ref ? { y: ref.y, m: ref.m, d: daysInMonth(ref.y, ref.m) } : undefined;
    } else if (m[13] !== undefined && ref) {
      const n = parseNumber(m[13]);
      const unit = m[14];
      if (unit === '个月') {
        const mm = ref.m - 1 + n;
        const y = ref.y + Math.floor(mm / 12);
        const mo = (mm % 12) + 1;
        date = { y, m: mo, d: Math.min(ref.d, daysInMonth(y, mo)) };
      } else if (unit === '周') {
        date = addDays(ref, 7 * n);
      } else if (unit === '工作日') {
        // Weekends only: official holidays need the working-day calendar, which this pure module lacks.
        let left = n;
        let cur = ref;
        while (left > 0) {
          cur = addDays(cur, 1);
          const dow = new Date(Date.UTC(cur.y, cur.m - 1, cur.d)).getUTCDay();
          if (dow !== 0 && dow !== 6) {
            left--;
          }
        }
        date = cur;
      } else {
        date = addDays(ref, n);
      }
    } else if (m[15] !== undefined) {
      const y = Number(m[15]);
      const mo = Number(m[16]);
      const d = Number(m[17]);
      date = isValidYmd(y, mo, d) ? { y, m: mo, d } : undefined;
    }
    if (date) {
      // 明年一季度末前, 明年6月底前, 明年底前: the year after the meeting's, unless a year was written.
      const before = text.slice(Math.max(0, m.index - 2), m.index);
      const explicitYear = [m[1], m[4], m[7], m[9], m[11], m[15]].some((g) => g !== undefined);
      const nextYear = /(?:明年|次年|来年)$/.test(before) || (t.startsWith('年') && /[明次来]$/.test(before));
      if (nextYear && !explicitYear && ref) {
        const y = ref.y + 1;
        date = { y, m: date.m, d: Math.min(date.d, daysInMonth(y, date.m)) };
      }
      return { date: iso(date), text: nextYear && !explicitYear ? `${before.slice(-2)}${t}` : t };
    }
  }
  return undefined;
}
