/**
 * Calendar dates as 'YYYY-MM-DD' text, the way they are stored. All arithmetic is on UTC midnights, so a
 * date never shifts with the server's time zone; "today" is taken in the office's time zone.
 */
export type DateText = string;

const dateRe = /^\d{4}-\d{2}-\d{2}$/;

export function isDateText(value: string): boolean {
  // Years before 1900 are typing mistakes here, and Date.UTC reads years 0–99 as 1900–1999.
  if (!dateRe.test(value) || value < '1900' || value > '3000') {
    return false;
  }
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const formatters = new Map<string, { format: Intl.DateTimeFormat; minute: number; date: DateText }>();

/**
 * The calendar date at instant `at` in time zone `tz` (default Asia/Shanghai). Every request asks for
 * "today", and formatting through Intl costs microseconds; the answer is kept for the minute (time
 * zone offsets are whole minutes).
 */
export function localDate(at: Date, tz = 'Asia/Shanghai'): DateText {
  let f = formatters.get(tz);
  if (!f) {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    f = { format, minute: Number.NaN, date: '' };
    formatters.set(tz, f);
  }
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== f.minute) {
    f.date = f.format.format(at);
    f.minute = minute;
  }
  return f.date;
}

function toMs(d: DateText): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
}

function fromMs(ms: number): DateText {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(d: DateText, days: number): DateText {
  return fromMs(toMs(d) + days * 86_400_000);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: DateText, b: DateText): number {
  return Math.round((toMs(b) - toMs(a)) / 86_400_000);
}

export function addMonths(d: DateText, months: number): DateText {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7)) - 1 + months;
  const day = Number(d.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromMs(Date.UTC(year, month, Math.min(day, last)));
}

export function minDate(a: DateText, b: DateText): DateText {
  return a < b ? a : b;
}

export function maxDate(a: DateText, b: DateText): DateText {
  return a > b ? a : b;
}
