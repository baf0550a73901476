import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../src/domain/dates.js';
import { addWorkdays, isWorkday, lastWorkdayOnOrBefore } from '../../src/domain/workdays.js';

/** The package's published data: holiday dates and make-up working days (调休), 2004-2026. */
const calendar = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay(); // Sunday 0
const isWeekend = (d: string) => weekday(d) === 0 || weekday(d) === 6;

/** Dates from 2004-01-01 to 2026-12-31, the years the package has official data for. */
const dateArb = fc
  .integer({ min: 0, max: daysBetween('2004-01-01', '2026-12-31') })
  .map((n) => addDays('2004-01-01', n));

function workdaysIn(afterExclusive: string, toInclusive: string): number {
  let count = 0;
  for (let d = addDays(afterExclusive, 1); d <= toInclusive; d = addDays(d, 1)) {
    if (isWorkday(d)) {
      count += 1;
    }
  }
  return count;
}

describe('isWorkday', () => {
  it('treats the National Day holiday (2026-10-01 to 10-07) as days off, weekdays included', () => {
    for (let i = 0; i < 7; i++) {
      expect(isWorkday(addDays('2026-10-01', i))).toBe(false);
    }
    expect(weekday('2026-10-01')).toBe(4);
  });

  it('treats New Year and Spring Festival holidays on weekdays as days off', () => {
    expect(isWorkday('2026-01-01')).toBe(false); // Thursday
    expect(isWorkday('2026-01-02')).toBe(false); // Friday
    expect(isWorkday('2026-02-16')).toBe(false); // Monday, Spring Festival
  });

  it('counts weekend make-up working days (调休) as workdays', () => {
    expect(weekday('2025-09-28')).toBe(0);
    expect(isWorkday('2025-09-28')).toBe(true); // Sunday
    expect(weekday('2025-10-11')).toBe(6);
    expect(isWorkday('2025-10-11')).toBe(true); // Saturday
    expect(isWorkday('2026-01-04')).toBe(true); // Sunday
    expect(isWorkday('2026-02-14')).toBe(true); // Saturday
    expect(isWorkday('2026-10-10')).toBe(true); // Saturday
  });

  it('counts ordinary weekdays as workdays and ordinary weekends as days off', () => {
    expect(isWorkday('2026-03-02')).toBe(true); // Monday
    expect(isWorkday('2026-03-06')).toBe(true); // Friday
    expect(isWorkday('2026-03-07')).toBe(false); // Saturday
    expect(isWorkday('2026-03-08')).toBe(false); // Sunday
  });

  it('agrees with the official data: make-up days work, holidays rest, otherwise Monday to Friday', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        const expected = d in calendar.workdays ? true : d in calendar.holidays ? false : !isWeekend(d);
        expect(isWorkday(d)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('has data for every year from 2004 to 2026 (each year has holidays on weekdays)', () => {
    for (let y = 2004; y <= 2026; y++) {
      const weekdayHolidays = Object.keys(calendar.holidays).filter(
        (d) => d.startsWith(`${y}-`) && !isWeekend(d),
      );
      expect(weekdayHolidays.length).toBeGreaterThan(0);
      expect(isWorkday(weekdayHolidays[0]!)).toBe(false);
    }
  });
});

describe('lastWorkdayOnOrBefore', () => {
  it('returns a workday, never later than the date, with no workday in between', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        const r = lastWorkdayOnOrBefore(d);
        expect(isWorkday(r)).toBe(true);
        expect(r <= d).toBe(true);
        expect(workdaysIn(r, d)).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns the date itself when it is a workday', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        fc.pre(isWorkday(d));
        expect(lastWorkdayOnOrBefore(d)).toBe(d);
      }),
    );
  });

  it('steps back over the National Day holiday and over weekends', () => {
    expect(lastWorkdayOnOrBefore('2026-10-05')).toBe('2026-09-30');
    expect(lastWorkdayOnOrBefore('2026-10-08')).toBe('2026-10-08');
    expect(lastWorkdayOnOrBefore('2026-03-08')).toBe('2026-03-06');
    expect(lastWorkdayOnOrBefore('2026-02-22')).toBe('2026-02-14'); // back over Spring Festival to a make-up Saturday
  });
});

describe('addWorkdays', () => {
  it('returns a workday after d with exactly n workdays in (d, result]', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 40 }), (d, n) => {
        fc.pre(d <= '2026-11-01'); // keep the result within the years with official data
        const r = addWorkdays(d, n);
        expect(r > d).toBe(true);
        expect(isWorkday(r)).toBe(true);
        expect(workdaysIn(d, r)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('returns d itself for n = 0', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(addWorkdays(d, 0)).toBe(d);
      }),
    );
  });

  it('is additive: adding m then n workdays is adding m + n', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (d, m, n) => {
        fc.pre(d <= '2026-11-01');
        expect(addWorkdays(addWorkdays(d, m), n)).toBe(addWorkdays(d, m + n));
      }),
    );
  });

  it('skips holidays and counts make-up days', () => {
    expect(addWorkdays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkdays('2026-10-09', 1)).toBe('2026-10-10'); // make-up Saturday
    expect(addWorkdays('2026-03-06', 1)).toBe('2026-03-09'); // Friday to Monday
    expect(addWorkdays('2026-03-02', 5)).toBe('2026-03-09');
  });
});
