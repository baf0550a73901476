import chineseDays from 'chinese-days';
import { addDays, type DateText } from './dates.js';

/**
 * China's official calendar of public holidays and make-up working days (调休), as published each
 * year by the State Council and shipped in the chinese-days package.
 */
export function isWorkday(d: DateText): boolean {
  return chineseDays.isWorkday(d);
}

/** The date itself if it is a working day, otherwise the working day before it. */
export function lastWorkdayOnOrBefore(d: DateText): DateText {
  let day = d;
  for (let i = 0; i < 30 && !isWorkday(day); i++) {
    day = addDays(day, -1);
  }
  return day;
}

/** The date `n` working days after `d` (n ≥ 0). */
export function addWorkdays(d: DateText, n: number): DateText {
  let day = d;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkday(day)) {
      left -= 1;
    }
  }
  return day;
}
