import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../src/domain/dates.js';
import {
  defaultDueDay,
  type Period,
  periodOf,
  periodsBetween,
  reportCycles,
} from '../../src/domain/periods.js';

const cycleArb = fc.constantFrom(...reportCycles);
/** Dates from 2000-01-01 to about 2109, which includes many ISO years with 53 weeks. */
const dateArb = fc.integer({ min: 0, max: 40_000 }).map((n) => addDays('2000-01-01', n));
const dueDayArb = fc.oneof(
  fc.integer({ min: -3, max: 100 }),
  cycleArb.map((c) => defaultDueDay[c]),
);

const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay(); // Sunday 0
const within = (d: string, p: Period) => p.start <= d && d <= p.end;
const length = (p: Period) => daysBetween(p.start, p.end) + 1;

/** ISO 8601 week of a date, computed independently: the week belongs to the year of its Thursday. */
function isoWeekKey(d: string): string {
  const thursday = addDays(d, 3 - ((weekday(d) + 6) % 7));
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

describe('periodOf', () => {
  it('returns a period that contains the date, with its due date inside the period', () => {
    fc.assert(
      fc.property(cycleArb, dateArb, dueDayArb, (cycle, d, dueDay) => {
        const p = periodOf(cycle, d, dueDay);
        expect(within(d, p)).toBe(true);
        expect(within(p.due, p)).toBe(true);
        expect(p.start <= p.end).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('puts the due date on day dueDay of the period (at least day 1), clamped to its last day', () => {
    fc.assert(
      fc.property(cycleArb, dateArb, dueDayArb, (cycle, d, dueDay) => {
        const p = periodOf(cycle, d, dueDay);
        const day = Math.min(Math.max(1, dueDay), length(p));
        expect(p.due).toBe(addDays(p.start, day - 1));
      }),
      { numRuns: 500 },
    );
  });

  it('gives periods of the right shape and length for each cycle', () => {
    fc.assert(
      fc.property(cycleArb, dateArb, dueDayArb, (cycle, d, dueDay) => {
        const p = periodOf(cycle, d, dueDay);
        switch (cycle) {
          case 'weekly':
            expect(weekday(p.start)).toBe(1);
            expect(length(p)).toBe(7);
            break;
          case 'biweekly':
            expect(weekday(p.start)).toBe(1);
            expect(length(p)).toBe(14);
            break;
          case 'monthly':
            expect(p.start).toBe(`${d.slice(0, 7)}-01`);
            expect(p.end.slice(0, 7)).toBe(d.slice(0, 7));
            expect(addDays(p.end, 1).slice(8)).toBe('01');
            expect(length(p)).toBeGreaterThanOrEqual(28);
            expect(length(p)).toBeLessThanOrEqual(31);
            break;
          case 'quarterly':
            expect(['01', '04', '07', '10']).toContain(p.start.slice(5, 7));
            expect(p.start.slice(8)).toBe('01');
            expect(['03-31', '06-30', '09-30', '12-31']).toContain(p.end.slice(5));
            expect(length(p)).toBeGreaterThanOrEqual(90);
            expect(length(p)).toBeLessThanOrEqual(92);
            break;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('formats keys as 2026-03 (monthly), 2026-Q1 (quarterly), 2026-W10 (weekly) and 2026-B05 (biweekly)', () => {
    fc.assert(
      fc.property(cycleArb, dateArb, (cycle, d) => {
        const { key } = periodOf(cycle, d, 1);
        switch (cycle) {
          case 'monthly':
            expect(key).toBe(d.slice(0, 7));
            break;
          case 'quarterly':
            expect(key).toBe(`${d.slice(0, 4)}-Q${Math.ceil(Number(d.slice(5, 7)) / 3)}`);
            break;
          case 'weekly':
            expect(key).toMatch(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/);
            expect(key).toBe(isoWeekKey(d));
            break;
          case 'biweekly':
            expect(key).toMatch(/^\d{4}-B(0[1-9]|1\d|2[0-7])$/);
            break;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same period for every date in it', () => {
    fc.assert(
      fc.property(cycleArb, dateArb, fc.nat(), (cycle, d, pick) => {
        const p = periodOf(cycle, d, 5);
        const other = addDays(p.start, pick % length(p));
        expect(periodOf(cycle, other, 5)).toEqual(p);
      }),
      { numRuns: 500 },
    );
  });

  it('follows ISO 8601 week numbering at year boundaries', () => {
    expect(periodOf('weekly', '2026-01-01', 5)).toEqual({
      key: '2026-W01',
      start: '2025-12-29',
      end: '2026-01-04',
      due: '2026-01-02',
    });
    expect(periodOf('weekly', '2024-12-30', 5).key).toBe('2025-W01');
    expect(periodOf('weekly', '2024-12-29', 5).key).toBe('2024-W52');
    expect(periodOf('weekly', '2021-01-03', 5).key).toBe('2020-W53');
    expect(periodOf('weekly', '2027-01-03', 5).key).toBe('2026-W53');
    expect(periodOf('weekly', '2026-03-02', 5)).toEqual({
      key: '2026-W10',
      start: '2026-03-02',
      end: '2026-03-08',
      due: '2026-03-06',
    });
  });

  it('puts the default weekly due day on Friday and the default monthly one on the 25th', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(weekday(periodOf('weekly', d, defaultDueDay.weekly).due)).toBe(5);
        expect(periodOf('monthly', d, defaultDueDay.monthly).due).toBe(`${d.slice(0, 7)}-25`);
      }),
    );
  });

  it('works out monthly, quarterly and biweekly examples', () => {
    expect(periodOf('monthly', '2026-03-15', 25)).toEqual({
      key: '2026-03',
      start: '2026-03-01',
      end: '2026-03-31',
      due: '2026-03-25',
    });
    expect(periodOf('monthly', '2024-02-10', 31)).toEqual({
      key: '2024-02',
      start: '2024-02-01',
      end: '2024-02-29',
      due: '2024-02-29',
    });
    expect(periodOf('quarterly', '2026-02-10', defaultDueDay.quarterly)).toEqual({
      key: '2026-Q1',
      start: '2026-01-01',
      end: '2026-03-31',
      due: '2026-03-26',
    });
    expect(periodOf('quarterly', '2026-12-31', 200)).toEqual({
      key: '2026-Q4',
      start: '2026-10-01',
      end: '2026-12-31',
      due: '2026-12-31',
    });
    expect(periodOf('biweekly', '2026-01-08', 12)).toEqual({
      key: '2025-B26',
      start: '2025-12-29',
      end: '2026-01-11',
      due: '2026-01-09',
    });
    expect(periodOf('biweekly', '2026-03-02', 12).key).toBe('2026-B04');
  });
});

describe('periodsBetween', () => {
  const rangeArb = fc.tuple(cycleArb, dateArb, fc.integer({ min: 0, max: 500 }), dueDayArb);

  it('gives contiguous, non-overlapping periods in order that cover from..to', () => {
    fc.assert(
      fc.property(rangeArb, ([cycle, from, span, dueDay]) => {
        const to = addDays(from, span);
        const ps = periodsBetween(cycle, from, to, dueDay);
        expect(ps.length).toBeGreaterThan(0);
        expect(ps[0]).toEqual(periodOf(cycle, from, dueDay));
        expect(within(from, ps[0]!)).toBe(true);
        expect(within(to, ps[ps.length - 1]!)).toBe(true);
        for (let i = 1; i < ps.length; i++) {
          const prev = ps[i - 1]!;
          const next = ps[i]!;
          expect(next.start).toBe(addDays(prev.end, 1));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('gives unique keys in ascending order', () => {
    fc.assert(
      fc.property(rangeArb, ([cycle, from, span, dueDay]) => {
        const keys = periodsBetween(cycle, from, addDays(from, span), dueDay).map((p) => p.key);
        for (let i = 1; i < keys.length; i++) {
          expect(keys[i - 1]! < keys[i]!).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('gives exactly one period when from and to are in the same period', () => {
    fc.assert(
      fc.property(cycleArb, dateArb, (cycle, d) => {
        const p = periodOf(cycle, d, 1);
        expect(periodsBetween(cycle, p.start, p.end, 1)).toEqual([p]);
        expect(periodsBetween(cycle, d, d, 1)).toEqual([p]);
      }),
    );
  });

  it('gives no periods when to is before the period containing from', () => {
    expect(periodsBetween('monthly', '2026-03-10', '2026-02-27', 25)).toEqual([]);
  });

  it('lists the months of a half year with their due dates', () => {
    expect(periodsBetween('monthly', '2026-01-15', '2026-06-02', 25).map((p) => [p.key, p.due])).toEqual([
      ['2026-01', '2026-01-25'],
      ['2026-02', '2026-02-25'],
      ['2026-03', '2026-03-25'],
      ['2026-04', '2026-04-25'],
      ['2026-05', '2026-05-25'],
      ['2026-06', '2026-06-25'],
    ]);
  });

  it('lists 14-day biweekly periods across an ordinary (52-week) year boundary', () => {
    const ps = periodsBetween('biweekly', '2025-12-01', '2026-01-31', 12);
    expect(ps.map((p) => [p.key, p.start, p.end])).toEqual([
      ['2025-B24', '2025-12-01', '2025-12-14'],
      ['2025-B25', '2025-12-15', '2025-12-28'],
      ['2025-B26', '2025-12-29', '2026-01-11'],
      ['2026-B01', '2026-01-12', '2026-01-25'],
      ['2026-B02', '2026-01-26', '2026-02-08'],
    ]);
  });

  it('keeps fortnights from overlapping after a 53-week ISO year (2026)', () => {
    const ps = periodsBetween('biweekly', '2026-12-20', '2027-01-31', 12);
    for (let i = 1; i < ps.length; i++) {
      expect(ps[i]!.start).toBe(addDays(ps[i - 1]!.end, 1));
    }
    expect(periodOf('biweekly', '2027-01-10', 12).start).toBe('2026-12-28');
    expect(periodsBetween('biweekly', '2026-12-28', '2027-01-10', 12)).toHaveLength(1);
  });
});
