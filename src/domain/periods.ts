import { addDays, addMonths, daysBetween, minDate, type DateText } from './dates.js';

/** A Monday from which fortnightly periods are counted. */
const BIWEEKLY_EPOCH = '2001-01-01';

/** How often units report on an item (月报 by default). */
export const reportCycles = ['weekly', 'biweekly', 'monthly', 'quarterly'] as const;
export type ReportCycle = (typeof reportCycles)[number];

export interface Period {
  /** Stable key: '2026-03' (monthly), '2026-Q1' (quarterly), '2026-W10' (weekly), '2026-B05' (biweekly). */
  key: string;
  start: DateText;
  end: DateText;
  /** The report is due on day `dueDay` of the period (clamped to its last day). */
  due: DateText;
}

/** ISO week number and its year for a date. */
function isoWeek(d: DateText): { year: number; week: number; monday: DateText } {
  const date = new Date(`${d}T00:00:00Z`);
  const dow = (date.getUTCDay() + 6) % 7; // Monday 0
  const monday = addDays(d, -dow);
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const jan4Dow = (new Date(`${jan4}T00:00:00Z`).getUTCDay() + 6) % 7;
  const week1Monday = addDays(jan4, -jan4Dow);
  const week =
    Math.round(
      (new Date(`${monday}T00:00:00Z`).getTime() - new Date(`${week1Monday}T00:00:00Z`).getTime()) /
        (7 * 86_400_000),
    ) + 1;
  return { year, week, monday };
}

/** The reporting period that contains date `d`. */
export function periodOf(cycle: ReportCycle, d: DateText, dueDay: number): Period {
  let start: DateText;
  let end: DateText;
  let key: string;
  switch (cycle) {
    case 'monthly': {
      start = `${d.slice(0, 7)}-01`;
      end = addDays(addMonths(start, 1), -1);
      key = d.slice(0, 7);
      break;
    }
    case 'quarterly': {
      const q = Math.floor((Number(d.slice(5, 7)) - 1) / 3);
      start = `${d.slice(0, 4)}-${String(q * 3 + 1).padStart(2, '0')}-01`;
      end = addDays(addMonths(start, 3), -1);
      key = `${d.slice(0, 4)}-Q${q + 1}`;
      break;
    }
    case 'weekly': {
      const w = isoWeek(d);
      start = w.monday;
      end = addDays(start, 6);
      key = `${w.year}-W${String(w.week).padStart(2, '0')}`;
      break;
    }
    case 'biweekly': {
      // Fortnights counted from a fixed Monday, so they never overlap across 53-week years.
      const block = Math.floor(daysBetween(BIWEEKLY_EPOCH, d) / 14);
      start = addDays(BIWEEKLY_EPOCH, block * 14);
      end = addDays(start, 13);
      const dayOfYear = daysBetween(`${start.slice(0, 4)}-01-01`, start);
      key = `${start.slice(0, 4)}-B${String(Math.floor(dayOfYear / 14) + 1).padStart(2, '0')}`;
      break;
    }
  }
  return { key, start, end, due: minDate(addDays(start, Math.max(1, dueDay) - 1), end) };
}

/** The periods from the one containing `from` to the one containing `to`, in order. */
export function periodsBetween(cycle: ReportCycle, from: DateText, to: DateText, dueDay: number): Period[] {
  const out: Period[] = [];
  let p = periodOf(cycle, from, dueDay);
  while (p.start <= to) {
    out.push(p);
    p = periodOf(cycle, addDays(p.end, 1), dueDay);
  }
  return out;
}

/** The default due day for each cycle: the 25th of a month, Friday of a week. */
export const defaultDueDay: Record<ReportCycle, number> = {
  weekly: 5,
  biweekly: 12,
  monthly: 25,
  quarterly: 85,
};
