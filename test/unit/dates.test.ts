import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  isDateText,
  localDate,
  maxDate,
  minDate,
} from '../../src/domain/dates.js';

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m is 1-based

/**
 * Valid dates from 2000-01-01 to 2900-12-31, built from their parts, so that offsets stay in range. (Years below 100 are left out: see
 * the note on addDays below.)
 */
const dateArb = fc
  .record({
    y: fc.integer({ min: 2000, max: 2900 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(Math.min(d, daysInMonth(y, m)))}`);
const offsetArb = fc.integer({ min: -30_000, max: 30_000 });

describe('isDateText', () => {
  it('accepts real calendar dates, including 29 February in leap years', () => {
    for (const d of ['2024-02-29', '2000-02-29', '2026-01-01', '2026-12-31', '2026-04-30']) {
      expect(isDateText(d)).toBe(true);
    }
  });

  it('rejects dates that do not exist', () => {
    for (const d of [
      '2026-02-30',
      '2025-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-32',
    ]) {
      expect(isDateText(d)).toBe(false);
    }
  });

  it('rejects text not in YYYY-MM-DD form', () => {
    for (const d of [
      '',
      '2026-1-01',
      '2026-01-1',
      '20260101',
      '2026/01/01',
      ' 2026-01-01',
      '2026-01-01 ',
      '2026-01-01T00:00:00Z',
      'abcd-ef-gh',
      '+02026-01-01',
    ]) {
      expect(isDateText(d)).toBe(false);
    }
  });

  it('accepts every date built from a valid year, month and day', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(isDateText(d)).toBe(true);
      }),
    );
  });

  it('rejects day numbers past the end of the month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (y, m, extra) => {
          const d = daysInMonth(y, m) + extra;
          fc.pre(d <= 99);
          expect(isDateText(`${y}-${pad(m)}-${pad(d)}`)).toBe(false);
        },
      ),
    );
  });

  it('accepts only text that round-trips through a UTC date', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/)), (s) => {
        if (isDateText(s)) {
          expect(s).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10)).toBe(s);
        }
      }),
    );
  });
});

/*
 * isDateText accepts years 1900 to 2999 only (Date.UTC would read years 0-99 as 1900-1999), so the
 * properties stay in that range.
 */
describe('addDays and daysBetween', () => {
  it('are inverses: daysBetween(d, addDays(d, n)) = n and addDays(a, daysBetween(a, b)) = b', () => {
    fc.assert(
      fc.property(dateArb, offsetArb, dateArb, (d, n, b) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
        expect(addDays(d, daysBetween(d, b))).toBe(b);
        expect(addDays(addDays(d, n), -n)).toBe(d);
      }),
      { numRuns: 500 },
    );
  });

  it('always give a valid date, moving in the direction of n', () => {
    fc.assert(
      fc.property(dateArb, offsetArb, (d, n) => {
        const r = addDays(d, n);
        expect(isDateText(r)).toBe(true);
        expect(r > d).toBe(n > 0);
        expect(r < d).toBe(n < 0);
      }),
    );
  });

  it('agree with the millisecond difference of UTC midnights, and are antisymmetric', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        const ms = Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`);
        expect(daysBetween(a, b)).toBe(ms / DAY);
        expect(daysBetween(b, a)).toBe(-daysBetween(a, b));
      }),
    );
  });

  it('are additive: addDays(addDays(d, a), b) = addDays(d, a + b)', () => {
    fc.assert(
      fc.property(dateArb, offsetArb, offsetArb, (d, a, b) => {
        expect(addDays(addDays(d, a), b)).toBe(addDays(d, a + b));
      }),
    );
  });

  it('cross month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
  });

  it('ignore the process time zone (daylight saving never shifts a day)', () => {
    // 2026-03-08 and 2026-11-01 are DST changes in the US; the arithmetic is on UTC midnights.
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(2);
  });
});

describe('addMonths', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
  });

  it('carries across year boundaries both ways', () => {
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
    expect(addMonths('2026-05-20', 0)).toBe('2026-05-20');
    expect(addMonths('2026-05-20', 24)).toBe('2028-05-20');
  });

  it('moves by exactly n calendar months, keeping the day or clamping it to the last day of the month', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -600, max: 600 }), (d, n) => {
        const r = addMonths(d, n);
        expect(isDateText(r)).toBe(true);
        const y = Number(d.slice(0, 4));
        const m = Number(d.slice(5, 7));
        const ry = Number(r.slice(0, 4));
        const rm = Number(r.slice(5, 7));
        expect(ry * 12 + rm - (y * 12 + m)).toBe(n);
        expect(Number(r.slice(8, 10))).toBe(Math.min(Number(d.slice(8, 10)), daysInMonth(ry, rm)));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the first of a month on the first', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -600, max: 600 }), (d, n) => {
        const first = `${d.slice(0, 7)}-01`;
        expect(addMonths(first, n).slice(8)).toBe('01');
        expect(addDays(addMonths(first, n), -1) < addMonths(first, n)).toBe(true);
      }),
    );
  });
});

describe('localDate', () => {
  it('takes the date in Asia/Shanghai by default: 2026-03-01T16:30:00Z is already 2 March there', () => {
    const at = new Date('2026-03-01T16:30:00Z');
    expect(localDate(at, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDate(at)).toBe('2026-03-02');
    expect(localDate(at, 'UTC')).toBe('2026-03-01');
    expect(localDate(at, 'America/New_York')).toBe('2026-03-01');
  });

  it('turns the day at midnight Shanghai time (16:00 UTC)', () => {
    expect(localDate(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(localDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });

  it('in UTC is the date part of the ISO instant, and in Shanghai the date 8 hours later', () => {
    const instantArb = fc
      .integer({ min: Date.UTC(1992, 0, 1), max: Date.UTC(2100, 0, 1) })
      .map((ms) => new Date(ms));
    fc.assert(
      fc.property(instantArb, (at) => {
        expect(localDate(at, 'UTC')).toBe(at.toISOString().slice(0, 10));
        expect(localDate(at, 'Asia/Shanghai')).toBe(
          new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
        );
        expect(isDateText(localDate(at, 'America/New_York'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('minDate and maxDate', () => {
  it('pick the earlier and the later of two dates', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        const lo = minDate(a, b);
        const hi = maxDate(a, b);
        expect([a, b]).toContain(lo);
        expect([a, b]).toContain(hi);
        expect(daysBetween(lo, hi)).toBeGreaterThanOrEqual(0);
      }),
    );
    expect(minDate('2026-01-31', '2026-02-01')).toBe('2026-01-31');
    expect(maxDate('2026-01-31', '2026-02-01')).toBe('2026-02-01');
  });
});
